#pragma once
// The models the user can pick: the default search path (models/, $CCDF_MODELS_DIR, the
// installed share folder) plus the user's own folder under QStandardPaths::AppDataLocation.
#include <QList>
#include <QString>
#include <QStringList>

namespace ccdf::gui {

struct ModelEntry {
  QString name;
  QString directory;
  QString kind;  // unet | torchscript | gaussian-powerlaw
  QString description;
  QString licence;
  QString schedule;
  int channels = 1;
  int resolution = 0;              // 0 = any size
  bool variancePreserving = true;  // false: a VE (SMLD) schedule, sampled with VE-PC
};

// <AppDataLocation>/models (created on first use).
QString userModelDirectory();
// Every folder that is searched, user folder last.
QStringList modelDirectories();
QList<ModelEntry> listAvailableModels(const QStringList& directories);
// The model a fresh window selects: "gaussian-grey" when present, else the first one.
QString defaultModelName(const QList<ModelEntry>& models);

}  // namespace ccdf::gui
