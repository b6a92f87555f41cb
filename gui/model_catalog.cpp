#include "model_catalog.h"

#include <QDir>
#include <QStandardPaths>

#include "model/model_store.h"

namespace ccdf::gui {

QString userModelDirectory() {
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/models";
  QDir().mkpath(dir);
  return dir;
}

QStringList modelDirectories() {
  QStringList out;
  for (const std::string& d : defaultModelDirectories({userModelDirectory().toStdString()}))
    out << QString::fromStdString(d);
  return out;
}

QList<ModelEntry> listAvailableModels(const QStringList& directories) {
  std::vector<std::string> dirs;
  for (const QString& d : directories) dirs.push_back(d.toStdString());
  QList<ModelEntry> out;
  for (const ModelInfo& info : listModels(dirs)) {
    ModelEntry e;
    e.name = QString::fromStdString(info.name);
    e.directory = QString::fromStdString(info.directory);
    e.kind = QString::fromStdString(info.kind);
    e.description = QString::fromStdString(info.description);
    e.licence = QString::fromStdString(info.licence);
    e.schedule = QString::fromStdString(info.schedule);
    e.channels = int(info.channels);
    e.resolution = int(info.resolution);
    e.variancePreserving = !e.schedule.startsWith("ve-");
    out << e;
  }
  return out;
}

QString defaultModelName(const QList<ModelEntry>& models) {
  for (const ModelEntry& m : models)
    if (m.name == "gaussian-grey") return m.name;
  return models.isEmpty() ? QString() : models.first().name;
}

}  // namespace ccdf::gui
