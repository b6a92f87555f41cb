#include "run_limit_check.h"

#include <QDir>
#include <QFileInfo>

#include "ccdf/run_limits.h"
#include "model_catalog.h"

namespace ccdf::gui {

namespace {

// A model folder given directly, else the catalogue entry with that name or folder.
QString modelDirectoryOf(const RunRequest& request) {
  const QString name = request.settings.model;
  if (QFileInfo(QDir(name).filePath("manifest.json")).isFile()) return name;
  for (const ModelEntry& entry : listAvailableModels(request.modelDirectories))
    if (entry.name == name || entry.directory == name) return entry.directory;
  return {};
}

}  // namespace

QString runLimitProblem(const RunRequest& request, QSize inputSize) {
  const QString directory = modelDirectoryOf(request);
  if (directory.isEmpty() || inputSize.isEmpty()) return {};
  const ModelMemoryProfile profile = readMemoryProfile(directory.toStdString());
  RunShape shape;
  shape.channels = profile.channels;
  shape.height = inputSize.height();
  shape.width = inputSize.width();
  if (request.settings.task == Task::SuperResolution && !request.settings.simulateFromImage) {
    shape.height *= request.settings.scale;
    shape.width *= request.settings.scale;
  }
  RunLimits limits;
  limits.advice = "use a smaller image or raise the limit with CCDF_MAX_MEMORY_GIB";
  try {
    checkRunLimits(profile, shape, limits);
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace ccdf::gui
