#pragma once
// Saving a result as `ccdf restore --output` does: PNG / TIFF / JPEG / BMP through the IO layer,
// DICOM (.dcm) as a derived series of the input (its patient and study when the input was
// DICOM, its value units) whose description names the run's settings.
#include <QString>
#include <QStringList>

#include "run_types.h"

namespace ccdf::gui {

bool isSupportedResultFile(const QString& path);
// Atomic; refuses to write over any of `inputPaths`. Throws std::exception with one line.
void saveResultFile(const RunOutcome& outcome, const QString& path, int bitDepth,
                    const QStringList& inputPaths);

}  // namespace ccdf::gui
