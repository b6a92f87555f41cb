// The run controller and its worker thread: full SR, inpainting and MRI runs with the exact
// Gaussian model, ordered frames, a final result, no frames after cancel, 50 cancels at random
// steps, and failing models that end in a visible error instead of a crash.
#include <QChartView>
#include <QLineSeries>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>

#include "main_window.h"
#include "model/model_store.h"
#include "run_controller.h"
#include "schedule/noise_schedule.h"
#include "support/gui_test_support.h"
#include "sweep_dialog.h"

using namespace ccdf::gui;
using namespace ccdf::gui::test;

namespace {

// A denoiser that fails on its `failAt`-th evaluation, as a broken checkpoint would.
class FailingDenoiser : public ccdf::Denoiser {
 public:
  explicit FailingDenoiser(int failAt)
      : schedule_(ccdf::NoiseSchedule::vpLinear()), failAt_(failAt) {}
  const ccdf::NoiseSchedule& schedule() const override { return schedule_; }
  std::string name() const override { return "failing"; }

 protected:
  ccdf::DenoiserOutput evaluate(const torch::Tensor& x, int64_t) override {
    if (++calls_ >= failAt_) throw std::runtime_error("synthetic failure in the network");
    return {torch::zeros_like(x), torch::zeros_like(x), {}};
  }

 private:
  ccdf::NoiseSchedule schedule_;
  int failAt_;
  int calls_ = 0;
};

std::shared_ptr<ccdf::LoadedModel> failingModel(const std::string& name, int failAt) {
  auto model = std::make_shared<ccdf::LoadedModel>();
  model->info.name = name;
  model->info.kind = "test";
  model->info.channels = 1;
  model->denoiser = std::make_shared<FailingDenoiser>(failAt);
  return model;
}

RunRequest baseRequest(const QString& input) {
  RunRequest r;
  r.inputPath = input;
  r.settings.model = "gaussian-grey";
  r.settings.t0 = 0.3;
  r.settings.steps = 10;
  r.settings.seed = 3;
  r.modelDirectories = {QStringLiteral(CCDF_SOURCE_DIR) + "/models"};
  return r;
}

// Runs to the end; checks the frame stream is ordered and returns the outcome.
RunOutcome runToEnd(RunController& controller, const RunRequest& request,
                    QList<StreamFrame>* frames = nullptr) {
  QSignalSpy frameSpy(&controller, &RunController::frameArrived);
  QSignalSpy done(&controller, &RunController::runFinished);
  const quint64 id = controller.start(request);
  if (id == 0) qFatal("the controller refused to start");
  if (!done.wait(300000)) qFatal("the run did not finish");
  int last = 0;
  for (const QList<QVariant>& args : frameSpy) {
    const auto f = args.at(0).value<StreamFrame>();
    if (f.runId != id || f.step <= last || f.step > f.totalSteps || f.estimate.isNull() ||
        f.state.isNull())
      qFatal("frames out of order or malformed");
    last = f.step;
    if (frames) frames->append(f);
  }
  return done.at(0).at(0).value<RunOutcome>();
}

}  // namespace

class TestRunController : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

 private Q_SLOTS:
  void superResolutionRun() {
    RunController controller;
    RunRequest r = baseRequest(writeEggCrateImage(dir_.filePath("lr.png"), 16, 16));
    r.settings.task = Task::SuperResolution;
    r.settings.scale = 2;
    QList<StreamFrame> frames;
    const RunOutcome o = runToEnd(controller, r, &frames);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    QVERIFY(!frames.isEmpty());
    QCOMPARE(frames.last().totalSteps, 10);
    QCOMPARE(o.result.width(), 32);
    QCOMPARE(o.result.height(), 32);
    QCOMPARE(o.nfe, qint64(10));
    QCOMPARE(o.stepsDone, 10);
    QVERIFY(!controller.isRunning());
  }

  void inpaintingRunKeepsKnownPixels() {
    RunController controller;
    const QString input = writeEggCrateImage(dir_.filePath("photo.png"), 32, 32);
    RunRequest r = baseRequest(input);
    r.settings.task = Task::Inpainting;
    r.settings.simulateFromImage = true;  // the input is also the reference
    QImage mask(32, 32, QImage::Format_Grayscale8);
    mask.fill(255);
    for (int y = 10; y < 20; ++y)
      for (int x = 8; x < 24; ++x) mask.setPixelColor(x, y, QColor(0, 0, 0));
    r.mask = mask;
    const RunOutcome o = runToEnd(controller, r);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    const QImage in(input), out = o.result.toQImage();
    int maxDiff = 0;
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x)
        if (mask.pixelColor(x, y).red() == 255)
          maxDiff = qMax(maxDiff, qAbs(in.pixelColor(x, y).red() - out.pixelColor(x, y).red()));
    QVERIFY2(maxDiff <= 1, qPrintable(QString::number(maxDiff)));
    QVERIFY(o.quality.valid());
    QVERIFY(o.initialQuality.valid());
  }

  void mriRun() {
    RunController controller;
    RunRequest r = baseRequest(writeEggCrateImage(dir_.filePath("slice.png"), 32, 32));
    r.settings.task = Task::Mri;
    r.settings.maskPattern = "gaussian";
    r.settings.acceleration = 2.0;
    r.settings.acsLines = 4;
    r.settings.simulateFromImage = true;
    const RunOutcome o = runToEnd(controller, r);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    QCOMPARE(o.result.width(), 32);
    QVERIFY(o.quality.valid());
    QVERIFY(o.quality.psnr > 10.0);
  }

  void noFramesAfterCancel() {
    RunController controller;
    RunRequest r = baseRequest(writeEggCrateImage(dir_.filePath("long.png"), 32, 32));
    r.settings.task = Task::Inpainting;
    r.mask = QImage(32, 32, QImage::Format_Grayscale8);
    r.mask.fill(0);
    r.settings.t0 = 1.0;
    r.settings.steps = 1000;
    QSignalSpy frames(&controller, &RunController::frameArrived);
    QSignalSpy done(&controller, &RunController::runFinished);
    controller.start(r);
    QVERIFY(frames.wait(60000));
    controller.cancel();
    const int seen = frames.count();
    QVERIFY(done.wait(60000));
    QTest::qWait(50);
    QCOMPARE(frames.count(), seen);
    const auto o = done.at(0).at(0).value<RunOutcome>();
    QVERIFY(o.status == RunStatus::Cancelled);
    QVERIFY(o.stepsDone < 1000);
    QVERIFY(!controller.isRunning());
  }

  void cancelAtRandomSteps50Times() {
    RunController controller;
    RunRequest r = baseRequest(writeEggCrateImage(dir_.filePath("random.png"), 24, 24));
    r.settings.task = Task::Inpainting;
    r.mask = QImage(24, 24, QImage::Format_Grayscale8);
    r.mask.fill(0);
    r.settings.t0 = 1.0;
    r.settings.steps = 400;
    QRandomGenerator random(12345);
    int cancelled = 0;
    for (int i = 0; i < 50; ++i) {
      QSignalSpy frames(&controller, &RunController::frameArrived);
      QSignalSpy done(&controller, &RunController::runFinished);
      r.settings.seed = quint64(i);
      QVERIFY(controller.start(r) != 0);
      QCOMPARE(controller.start(r), quint64(0));  // one run at a time
      const int waitFrames = random.bounded(12);
      while (frames.count() < waitFrames && done.isEmpty()) QTest::qWait(1);
      controller.cancel();
      const int seen = frames.count();
      if (done.isEmpty()) QVERIFY(done.wait(60000));
      QCOMPARE(frames.count(), seen);
      const auto o = done.at(0).at(0).value<RunOutcome>();
      QVERIFY(o.status == RunStatus::Cancelled || o.status == RunStatus::Finished);
      cancelled += o.status == RunStatus::Cancelled;
    }
    QVERIFY2(cancelled >= 25, qPrintable(QString::number(cancelled)));
    // Destroying a controller mid-run cancels and joins its thread.
    auto* transient = new RunController;
    transient->start(r);
    QTest::qWait(5);
    delete transient;
  }

  void missingModelIsAnError() {
    RunController controller;
    RunRequest r = baseRequest(writeEggCrateImage(dir_.filePath("m.png"), 16, 16));
    r.settings.task = Task::SuperResolution;
    r.settings.model = "no-such-model";
    const RunOutcome o = runToEnd(controller, r);
    QVERIFY(o.status == RunStatus::Failed);
    QVERIFY2(o.error.contains("not found"), qPrintable(o.error));
    QVERIFY(!o.error.contains('\n'));
  }

  void failingNetworkIsAnError() {
    RunController controller;
    controller.injectModel(failingModel("failing", 3));
    RunRequest r = baseRequest(writeEggCrateImage(dir_.filePath("f.png"), 16, 16));
    r.settings.task = Task::SuperResolution;
    r.settings.model = "failing";
    QList<StreamFrame> frames;
    const RunOutcome o = runToEnd(controller, r, &frames);
    QVERIFY(o.status == RunStatus::Failed);
    QVERIFY2(o.error.contains("synthetic failure"), qPrintable(o.error));
    QVERIFY(frames.size() <= 2);
    // The controller stays usable.
    r.settings.model = "gaussian-grey";
    QVERIFY(runToEnd(controller, r).status == RunStatus::Finished);
  }

  void sweepRunsEveryT0AndPlotsTheMetric() {
    QCOMPARE(SweepDialog::t0Values(0.1, 0.5, 5), QList<double>({0.1, 0.2, 0.3, 0.4, 0.5}));
    RunRequest r = baseRequest(writeEggCrateImage(dir_.filePath("sweep.png"), 16, 16));
    r.settings.task = Task::SuperResolution;
    r.settings.scale = 2;
    r.settings.simulateFromImage = true;  // the input is the reference: PSNR per t0
    r.settings.steps = 4;
    SweepDialog dialog(r);
    dialog.show();
    QPushButton* start = nullptr;
    for (QPushButton* b : dialog.findChildren<QPushButton*>())
      if (b->text() == "Run sweep") start = b;
    QVERIFY(start);
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 120000);
    auto* grid = dialog.findChild<QListWidget*>();
    QVERIFY(grid);
    QCOMPARE(grid->count(), 6);
    auto* view = dialog.findChild<QChartView*>();
    QVERIFY(view);
    auto* psnr = qobject_cast<QLineSeries*>(view->chart()->series().at(0));
    QVERIFY(psnr);
    QCOMPARE(psnr->count(), 6);
    QCOMPARE(psnr->name(), QString("PSNR (dB)"));
    QVERIFY(psnr->at(0).y() > 5.0);
  }

  void mainWindowShowsTheError() {
    MainWindow window;
    window.show();
    QVERIFY(window.openImage(writeEggCrateImage(dir_.filePath("w.png"), 16, 16)));
    window.selectModel("gaussian-grey");
    window.controller()->injectModel(failingModel("gaussian-grey", 1));
    QSignalSpy completed(&window, &MainWindow::runCompleted);
    window.startRun();
    QVERIFY(completed.wait(60000));
    QVERIFY(completed.at(0).at(0).value<RunOutcome>().status == RunStatus::Failed);
    auto* box = window.findChild<QMessageBox*>("errorBox");
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains("synthetic failure"));
  }
};

QTEST_MAIN(TestRunController)
#include "tst_gui_worker.moc"
