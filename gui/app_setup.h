#pragma once
// Start-up pieces of ccdf-studio that are worth testing: translations and the bundled sample.
#include <QString>

class QCoreApplication;

namespace ccdf::gui {

// True when a window can be shown (an X11 / Wayland display or an explicit Qt platform).
bool displayAvailable();
// Installs the Qt and CCDF Studio translators for `language` ("system", "en", "de", "ko");
// returns the language actually loaded ("en" when none matched).
QString installTranslations(QCoreApplication& app, const QString& language);
// The bundled sample image: $CCDF_SAMPLES_DIR, <exe>/../share/ccdf-studio/samples, then the
// source tree's resources/samples. Empty when none is found.
QString bundledSamplePath(const QString& name = QStringLiteral("camera.png"));

}  // namespace ccdf::gui
