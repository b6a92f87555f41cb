// MainWindow: starting, streaming, cancelling and showing runs.
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QSpinBox>
#include <QStatusBar>

#include "image_canvas.h"
#include "main_window.h"
#include "mask_layer.h"
#include "model_catalog.h"
#include "run_controller.h"
#include "run_history.h"
#include "run_limit_check.h"
#include "sweep_dialog.h"
#include "task_panel.h"
#include "trajectory_strip.h"

namespace ccdf::gui {

namespace {

QString seconds(double s) { return QObject::tr("%1 s").arg(s, 0, 'f', 1); }

}  // namespace

RunRequest MainWindow::currentRequest() const {
  RunRequest request;
  request.settings = panel_->settings();
  request.inputPath = inputPath_;
  request.frame = opened_.frames > 1 ? opened_.frame : -1;
  request.kspaceInput = opened_.isKspace;
  request.kspaceFullySampled = opened_.fullySampled;
  request.kspaceMaskPath = kspaceMaskPath_;
  if (request.settings.task == Task::Inpainting) request.mask = mask_->mask();
  request.referencePath = referencePath_;
  request.modelDirectories = modelDirectories();
  return request;
}

void MainWindow::startRun() {
  if (inputPath_.isEmpty()) {
    showError(tr("Nothing to restore"), tr("Open an image first (File ▸ Open Image)."));
    return;
  }
  const RunRequest request = currentRequest();
  const QString problem = request.settings.problem();
  if (!problem.isEmpty()) {
    showError(tr("Cannot run"), problem);
    return;
  }
  const QString limit = runLimitProblem(request, {opened_.image.width(), opened_.image.height()});
  if (!limit.isEmpty()) {
    showError(tr("Cannot run"), limit);
    return;
  }
  if (controller_->isRunning()) {
    const auto answer =
        QMessageBox::question(this, tr("Run in progress"),
                              tr("A restoration is running. Cancel it and start the new one?"));
    if (answer != QMessageBox::Yes) return;
    pendingRequest_ = request;
    controller_->cancel();
    return;
  }
  if (request.settings.task == Task::Inpainting && !mask_->hasHoles())
    statusBar()->showMessage(
        tr("The mask has no hole yet: paint the region to fill with the brush."), 6000);
  controller_->start(request);
}

void MainWindow::cancelRun() {
  pendingRequest_.reset();
  if (!controller_->isRunning()) return;
  controller_->cancel();
  progressText_->setText(tr("cancelling…"));
}

void MainWindow::onRunStarted(quint64 runId) {
  lastFrame_.reset();
  strip_->clearFrames();
  progress_->setRange(0, panel_->settings().steps);
  progress_->setValue(0);
  progressText_->setText(tr("run #%1: loading the model…").arg(runId));
  compareAction_->setChecked(false);
  if (viewMode_ != ViewMode::State) setViewMode(ViewMode::Estimate);
  updateRunActions();
}

void MainWindow::onFrame(const StreamFrame& frame) {
  lastFrame_ = frame;
  progress_->setRange(0, frame.totalSteps);
  progress_->setValue(frame.step);
  progressText_->setText(tr("step %1/%2 · NFE %3 · %4 · ETA %5")
                             .arg(frame.step)
                             .arg(frame.totalSteps)
                             .arg(frame.nfe)
                             .arg(seconds(frame.elapsedSeconds), seconds(frame.etaSeconds())));
  strip_->addFrame(viewMode_ == ViewMode::State ? frame.state : frame.estimate, frame.step,
                   frame.totalSteps);
  if (viewMode_ == ViewMode::State || viewMode_ == ViewMode::Estimate) refreshCanvas();
}

void MainWindow::onRunFinished(const RunOutcome& outcome) {
  switch (outcome.status) {
    case RunStatus::Finished: {
      outcome_ = outcome;
      history_->addOutcome(outcome);
      if (outcome.nfe > 0) {
        secondsPerNfe_ = outcome.seconds / double(outcome.nfe);
        panel_->setSecondsPerNfe(secondsPerNfe_);
      }
      progress_->setValue(progress_->maximum());
      QString text = tr("done: %1 steps, NFE %2, %3")
                         .arg(outcome.stepsDone)
                         .arg(outcome.nfe)
                         .arg(seconds(outcome.seconds));
      if (outcome.quality.valid())
        text += tr(" · PSNR %1 dB (initial %2) · SSIM %3")
                    .arg(outcome.quality.psnr, 0, 'f', 2)
                    .arg(outcome.initialQuality.psnr, 0, 'f', 2)
                    .arg(outcome.quality.ssim, 0, 'f', 4);
      progressText_->setText(text);
      setViewMode(ViewMode::Result);
      break;
    }
    case RunStatus::Cancelled:
      progressText_->setText(tr("cancelled after %1 steps").arg(outcome.stepsDone));
      progress_->setValue(0);
      break;
    case RunStatus::Failed:
      progressText_->setText(tr("failed"));
      progress_->setValue(0);
      showError(tr("The run failed"), outcome.error);
      break;
  }
  updateRunActions();
  Q_EMIT runCompleted(outcome);
  if (pendingRequest_) {
    const RunRequest next = *pendingRequest_;
    pendingRequest_.reset();
    controller_->start(next);
  }
}

void MainWindow::showOutcome(const RunOutcome& outcome) {
  outcome_ = outcome;
  setViewMode(ViewMode::Result);
  refreshCompare();
}

void MainWindow::setViewMode(ViewMode mode) {
  viewMode_ = mode;
  viewActions_[int(mode)]->setChecked(true);
  refreshCanvas();
}

void MainWindow::refreshCanvas(bool fit) {
  QImage image = inputImage_;
  switch (viewMode_) {
    case ViewMode::Input:
      break;
    case ViewMode::State:
      if (lastFrame_) image = lastFrame_->state;
      break;
    case ViewMode::Estimate:
      if (lastFrame_) image = lastFrame_->estimate;
      break;
    case ViewMode::Result:
      if (outcome_) image = outcome_->result.toQImage();
      break;
  }
  canvas_->setImage(image, fit);
  const bool inpainting = panel_->settings().task == Task::Inpainting;
  // The mask is painted on the input; other views show the pixels unobstructed.
  canvas_->setMaskEditing(inpainting && !mask_->isEmpty() && viewMode_ == ViewMode::Input &&
                          !compareAction_->isChecked());
  refreshCompare();
}

void MainWindow::refreshCompare() {
  const bool on = compareAction_->isChecked() && outcome_.has_value();
  compareBar_->setVisible(on);
  if (!on) {
    canvas_->setCompareImage(QImage());
    return;
  }
  if (viewMode_ != ViewMode::Result) {
    setViewMode(ViewMode::Result);  // calls back here
    return;
  }
  canvas_->setMaskEditing(false);
  const QImage before =
      compareSource_->currentData().toInt() == 1 ? outcome_->initial.toQImage() : inputImage_;
  canvas_->setCompareImage(before);
}

void MainWindow::updateRunActions() {
  const bool running = controller_->isRunning();
  cancelAction_->setEnabled(running);
  panel_->setRunning(running);
  sliceSpin_->setEnabled(!running);  // a run keeps to the slice it started on
  saveAction_->setEnabled(outcome_.has_value());
  exportJsonAction_->setEnabled(!inputPath_.isEmpty());
  exportCommandAction_->setEnabled(!inputPath_.isEmpty());
}

void MainWindow::openSweep() {
  if (inputPath_.isEmpty()) {
    showError(tr("Nothing to sweep"), tr("Open an image first."));
    return;
  }
  auto* dialog = new SweepDialog(currentRequest(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
}

}  // namespace ccdf::gui
