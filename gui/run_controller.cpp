#include "run_controller.h"

#include "ccdf/run.h"
#include "model/model_store.h"
#include "restore_worker.h"

namespace ccdf::gui {

RunController::RunController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<StreamFrame>();
  qRegisterMetaType<RunOutcome>();
  thread_.setObjectName("ccdf-worker");
  worker_ = new RestoreWorker(&mailbox_);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &RestoreWorker::frameReady, this, &RunController::forwardLatestFrame,
          Qt::QueuedConnection);
  connect(worker_, &RestoreWorker::runFinished, this, &RunController::onWorkerFinished,
          Qt::QueuedConnection);
  thread_.start();
}

RunController::~RunController() {
  if (cancel_) cancel_->cancel();
  thread_.quit();
  thread_.wait();
}

quint64 RunController::start(const RunRequest& request) {
  if (isRunning()) return 0;
  activeRun_ = nextRun_++;
  cancelRequested_ = false;
  cancel_ = std::make_shared<CancelToken>();
  mailbox_.clear();
  const quint64 id = activeRun_;
  const std::shared_ptr<CancelToken> token = cancel_;
  RestoreWorker* worker = worker_;
  QMetaObject::invokeMethod(
      worker_, [worker, request, id, token] { worker->run(request, id, token); },
      Qt::QueuedConnection);
  Q_EMIT runStarted(id);
  return id;
}

void RunController::cancel() {
  if (!isRunning()) return;
  cancelRequested_ = true;
  if (cancel_) cancel_->cancel();
  mailbox_.clear();
}

void RunController::injectModel(std::shared_ptr<LoadedModel> model) {
  worker_->injectModel(std::move(model));
}

void RunController::forwardLatestFrame() {
  std::optional<StreamFrame> frame = mailbox_.take();
  if (!frame || cancelRequested_ || frame->runId != activeRun_) return;
  Q_EMIT frameArrived(*frame);
}

void RunController::onWorkerFinished(const RunOutcome& outcome) {
  if (outcome.runId != activeRun_) return;
  activeRun_ = 0;
  cancel_.reset();
  mailbox_.clear();
  RunOutcome out = outcome;
  // A cancel that arrived after the last step still counts as a cancel for the user.
  if (cancelRequested_ && out.status == RunStatus::Finished) out.status = RunStatus::Cancelled;
  cancelRequested_ = false;
  Q_EMIT runFinished(out);
}

}  // namespace ccdf::gui
