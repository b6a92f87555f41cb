// MainWindow: the crash-safe autosave (gui/autosave.h) and restoring it after a crash.
#include <spdlog/spdlog.h>

#include <QFileInfo>
#include <QStatusBar>
#include <algorithm>

#include "autosave.h"
#include "image_canvas.h"
#include "main_window.h"
#include "mask_layer.h"
#include "model_catalog.h"
#include "run_controller.h"
#include "run_history.h"
#include "task_panel.h"

namespace ccdf::gui {

void MainWindow::setRestoreDecision(std::function<bool(const AutosaveState&)> decide) {
  restoreDecision_ = std::move(decide);
}

bool MainWindow::startAutosave(const QString& directory) {
  if (autosave_) return false;
  autosave_ = new Autosave(directory.isEmpty() ? Autosave::defaultDirectory() : directory, this);
  const Autosave::Start start = autosave_->begin();
  if (start == Autosave::Start::Unavailable) {
    spdlog::warn("autosave: off for this window: {}", autosave_->errorString().toStdString());
    return false;
  }
  bool restored = false;
  if (start == Autosave::Start::PreviousSessionCrashed && autosave_->hasSavedState()) {
    const std::optional<AutosaveState> state = autosave_->load();
    if (!state) {
      spdlog::warn("autosave: the previous session's autosave in {} is refused: {}",
                   autosave_->directory().toStdString(), autosave_->errorString().toStdString());
      autosave_->discard();
    } else {
      const bool accept =
          restoreDecision_ ? restoreDecision_(*state) : Autosave::askToRestore(this, *state);
      if (accept) {
        restoreAutosave(*state);
        restored = true;
      } else {
        spdlog::info("autosave: the previous session's autosave was discarded");
        autosave_->discard();
      }
    }
  } else if (autosave_->hasSavedState()) {
    autosave_->discard();  // left by a clean exit that could not remove it: never offered
  }
  autosave_->setCollector([this] { return autosaveState(); });
  connect(mask_, &MaskLayer::changed, autosave_, &Autosave::schedule);
  connect(panel_, &TaskPanel::settingsChanged, autosave_, &Autosave::schedule);
  connect(this, &MainWindow::runCompleted, autosave_, [this](const RunOutcome& outcome) {
    if (outcome.status == RunStatus::Finished) autosave_->schedule();
  });
  autosave_->schedule();
  return restored;
}

AutosaveState MainWindow::autosaveState() const {
  AutosaveState s;
  s.inputPath = inputPath_;
  s.frame = opened_.frames > 1 ? opened_.frame : -1;
  s.settings = panel_->settings();
  s.mask = mask_->mask();
  s.maskPath = maskPath_;
  s.maskDirty = maskDirty_;
  s.mriMaskPath = kspaceMaskPath_;
  s.referencePath = referencePath_;
  s.history = history_->outcomes();
  return s;
}

void MainWindow::restoreAutosave(const AutosaveState& state) {
  QStringList missing;  // what could not be restored, one phrase each
  const auto blank = [](QImage mask) {
    mask.fill(255);
    return mask;
  };
  const auto exists = [](const QString& path) {
    return !path.isEmpty() && QFileInfo::exists(path);
  };
  bool opened = false;
  if (exists(state.inputPath)) {
    ++openGeneration_;
    try {
      applyOpened(openInputFile(state.inputPath, state.frame));
      opened = true;
    } catch (const std::exception& e) {
      missing << Autosave::tr("the input %1 (%2)")
                     .arg(state.inputPath, QString::fromStdString(e.what()).section('\n', 0, 0));
    }
  } else if (!state.inputPath.isEmpty()) {
    missing << Autosave::tr("the input %1 (the file is gone)").arg(state.inputPath);
  }
  if (opened && !state.mriMaskPath.isEmpty()) {
    if (exists(state.mriMaskPath))
      setMriMaskFile(state.mriMaskPath);
    else
      missing << Autosave::tr("the MRI mask %1 (the file is gone)").arg(state.mriMaskPath);
  }
  RunSettings settings = state.settings;
  bool known = false;
  for (const ModelEntry& m : panel_->models()) known = known || m.name == settings.model;
  if (!known && !settings.model.isEmpty()) {
    missing << Autosave::tr("the model %1 (not installed)").arg(settings.model);
  }
  if (!known) settings.model = defaultModelName(panel_->models());
  panel_->setSettings(settings);
  if (!state.mask.isNull()) {
    if (opened && state.mask.size() == mask_->mask().size()) {
      mask_->reset(state.mask.size());
      mask_->restorePixels(QPoint(0, 0), state.mask);
      maskPath_ = state.maskPath;
      maskDirty_ = state.maskDirty;
    } else if (!state.inputPath.isEmpty() && state.mask != blank(state.mask)) {
      missing << Autosave::tr("the painted mask (its input is not open)");
    }
  }
  if (exists(state.referencePath))
    referencePath_ = state.referencePath;
  else if (!state.referencePath.isEmpty())
    missing << Autosave::tr("the reference %1 (the file is gone)").arg(state.referencePath);
  quint64 lastRun = 0;
  for (auto it = state.history.crbegin(); it != state.history.crend(); ++it) {  // oldest first
    history_->addOutcome(*it);
    lastRun = std::max(lastRun, it->runId);
  }
  controller_->reserveRunIds(lastRun);
  if (opened && !state.history.isEmpty() && state.history.first().request.inputPath == inputPath_)
    outcome_ = state.history.first();  // Save and Compare work on the newest result
  setViewMode(ViewMode::Input);
  updateRunActions();

  spdlog::info("autosave: restored the session of {}: input {}, {} run(s)",
               state.savedAt.toLocalTime().toString(Qt::ISODate).toStdString(),
               opened ? inputPath_.toStdString() : std::string("none"), state.history.size());
  if (missing.isEmpty()) {
    statusBar()->showMessage(
        Autosave::tr("Restored the previous session (run history: %1)").arg(state.history.size()),
        8000);
  } else {
    for (const QString& m : missing) spdlog::warn("autosave: not restored: {}", m.toStdString());
    showError(Autosave::tr("Session partly restored"),
              Autosave::tr("Could not restore: %1").arg(missing.join("; ")));
  }
}

}  // namespace ccdf::gui
