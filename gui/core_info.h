#pragma once
// Small questions the widgets ask the core, answered without exposing torch types.
#include <QImage>
#include <QString>

#include "input_file.h"
#include "run_settings.h"

namespace ccdf::gui {

// "libtorch X, device cpu, threads N" (as `ccdf info` prints it).
QString runtimeDescription();
QString libtorchVersion();

struct KspaceMaskPreview {
  double realAcceleration = 0.0;  // numel / sampled points of the mask actually drawn
  QImage mask;                    // white = sampled, in the k-space layout (DC at [0, 0])
  QImage centred;                 // the same, DC in the centre
  QString error;                  // non-empty when the request is impossible
};
// The undersampling mask the MRI task will use for an image of width x height.
KspaceMaskPreview previewKspaceMask(const RunSettings& settings, int width, int height);
// A mask file (PNG, white = sampled, k-space layout) read as `ccdf restore --mask` reads it,
// for k-space of width x height.
KspaceMaskPreview previewKspaceMaskFile(const QString& path, int width, int height);
// A mask already in hand (white = sampled, k-space layout).
KspaceMaskPreview describeKspaceMask(const QImage& mask);

// The input's k-space for display: log-magnitude scaled to [0, 1], DC in the centre, coils (or
// colour channels) combined by root-sum-of-squares. Null when there is no input.
QImage kspaceLogMagnitude(const OpenedInput& input);

}  // namespace ccdf::gui
