#include "app_setup.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#ifndef CCDF_SOURCE_DIR
#define CCDF_SOURCE_DIR ""
#endif

namespace ccdf::gui {

bool displayAvailable() {
  return !qEnvironmentVariableIsEmpty("DISPLAY") ||
         !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
         !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

QString installTranslations(QCoreApplication& app, const QString& language) {
  const QLocale locale =
      language.isEmpty() || language == "system" ? QLocale::system() : QLocale(language);
  auto* qt = new QTranslator(&app);
  if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    app.installTranslator(qt);
  auto* own = new QTranslator(&app);
  if (own->load(locale, "ccdf", "_", ":/i18n")) {
    app.installTranslator(own);
    return QFileInfo(own->filePath()).completeBaseName().section('_', 1);
  }
  return "en";
}

QString bundledSamplePath(const QString& name) {
  QStringList folders;
  if (!qEnvironmentVariableIsEmpty("CCDF_SAMPLES_DIR"))
    folders << qEnvironmentVariable("CCDF_SAMPLES_DIR");
  folders << QCoreApplication::applicationDirPath() + "/../share/ccdf-studio/samples";
  if (QString(CCDF_SOURCE_DIR).size()) folders << QString(CCDF_SOURCE_DIR) + "/resources/samples";
  for (const QString& folder : folders) {
    const QString path = QDir(folder).filePath(name);
    if (QFileInfo::exists(path)) return QDir::cleanPath(path);
  }
  return {};
}

}  // namespace ccdf::gui
