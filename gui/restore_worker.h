#pragma once
// Runs one restoration at a time on its own thread (the object lives in the controller's
// QThread): loads the model (cached), builds the problem exactly as `ccdf restore` does, runs
// ccdf::runCcdf and streams frames through a FrameMailbox. Errors travel inside the outcome.
#include <QMutex>
#include <QObject>
#include <memory>

#include "frame_mailbox.h"
#include "run_types.h"

namespace ccdf {
class CancelToken;
struct LoadedModel;
}  // namespace ccdf

namespace ccdf::gui {

class RestoreWorker : public QObject {
  Q_OBJECT

 public:
  explicit RestoreWorker(FrameMailbox* mailbox, QObject* parent = nullptr);
  ~RestoreWorker() override;

  // Runs on the worker's thread; emits frameReady() while running and runFinished() at the end.
  void run(const RunRequest& request, quint64 runId,
           const std::shared_ptr<ccdf::CancelToken>& cancel);
  // Uses `model` whenever a request names model->info.name (tests, user-supplied denoisers).
  void injectModel(std::shared_ptr<ccdf::LoadedModel> model);

 Q_SIGNALS:
  void frameReady();
  void runFinished(const ccdf::gui::RunOutcome& outcome);

 private:
  std::shared_ptr<ccdf::LoadedModel> modelFor(const RunRequest& request);
  RunOutcome execute(const RunRequest& request, quint64 runId, const ccdf::CancelToken& cancel);

  FrameMailbox* mailbox_;
  QMutex injectedMutex_;
  std::shared_ptr<ccdf::LoadedModel> injected_;
  std::shared_ptr<ccdf::LoadedModel> cached_;  // worker thread only
};

}  // namespace ccdf::gui
