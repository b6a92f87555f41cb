#pragma once
// The GUI thread's handle on restoration runs: owns the worker thread, starts runs, cancels
// them, forwards the newest streamed frame and the outcome. The GUI thread never blocks.
#include <QObject>
#include <QThread>
#include <memory>

#include "frame_mailbox.h"
#include "run_types.h"

namespace ccdf {
class CancelToken;
struct LoadedModel;
}  // namespace ccdf

namespace ccdf::gui {

class RestoreWorker;

class RunController : public QObject {
  Q_OBJECT

 public:
  explicit RunController(QObject* parent = nullptr);
  ~RunController() override;  // cancels a running job and waits for the thread

  bool isRunning() const { return activeRun_ != 0; }
  quint64 activeRun() const { return activeRun_; }
  // Queues the request on the worker thread; returns its id, or 0 while a run is active.
  quint64 start(const RunRequest& request);
  // Asks the active run to stop; it stops within one reverse step. No frames are forwarded
  // after this call.
  void cancel();
  bool cancelRequested() const { return cancelRequested_; }
  // Later runs get ids above `lastUsed` (runs restored from an autosave keep theirs).
  void reserveRunIds(quint64 lastUsed) { nextRun_ = qMax(nextRun_, lastUsed + 1); }
  void injectModel(std::shared_ptr<ccdf::LoadedModel> model);
  qint64 droppedFrames() const { return mailbox_.droppedFrames(); }

 Q_SIGNALS:
  void runStarted(quint64 runId);
  void frameArrived(const ccdf::gui::StreamFrame& frame);
  void runFinished(const ccdf::gui::RunOutcome& outcome);

 private:
  void forwardLatestFrame();
  void onWorkerFinished(const RunOutcome& outcome);

  FrameMailbox mailbox_;
  QThread thread_;
  RestoreWorker* worker_ = nullptr;  // lives on thread_, deleted when it finishes
  std::shared_ptr<ccdf::CancelToken> cancel_;
  quint64 activeRun_ = 0;
  quint64 nextRun_ = 1;
  bool cancelRequested_ = false;
};

}  // namespace ccdf::gui
