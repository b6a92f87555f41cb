// The t0 sweep and the memory limit: with CCDF_MAX_MEMORY_GIB below the run's estimate the sweep
// does not start and its error names the estimate and the limit; without it a tiny sweep runs.
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>

#include "run_controller.h"
#include "support/gui_test_support.h"
#include "sweep_dialog.h"

using namespace ccdf::gui;
using namespace ccdf::gui::test;

namespace {

QPushButton* button(QDialog& dialog, const QString& text) {
  for (QPushButton* b : dialog.findChildren<QPushButton*>())
    if (b->text() == text) return b;
  return nullptr;
}

}  // namespace

class TestSweepLimits : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() { ::unsetenv("CCDF_MAX_MEMORY_GIB"); }
  void cleanup() { ::unsetenv("CCDF_MAX_MEMORY_GIB"); }

  void sweepOverTheMemoryLimitDoesNotStart() {
    RunRequest r;
    r.inputPath = writeEggCrateImage(dir_.filePath("sweep.png"), 16, 16);
    r.settings.task = Task::SuperResolution;
    r.settings.scale = 2;
    r.settings.simulateFromImage = false;  // the input is the low-res image: 32x32 result
    r.settings.model = "gaussian-grey";
    r.settings.steps = 4;
    r.settings.seed = 3;
    r.modelDirectories = {QStringLiteral(CCDF_SOURCE_DIR) + "/models"};
    SweepDialog dialog(r);
    dialog.show();
    QPushButton* start = button(dialog, "Run sweep");
    QVERIFY(start);
    auto* grid = dialog.findChild<QListWidget*>();
    QVERIFY(grid);
    auto* controller = dialog.findChild<RunController*>();
    QVERIFY(controller);
    QSignalSpy finished(controller, &RunController::runFinished);

    ::setenv("CCDF_MAX_MEMORY_GIB", "0.01", 1);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(!controller->isRunning());
    QVERIFY(start->isEnabled());
    const QString error = takeError(dialog);
    QVERIFY2(error.startsWith("this run needs about") && error.contains("32x32 image") &&
                 error.contains("gaussian-grey") && error.contains("the limit is 10 MiB") &&
                 error.contains("CCDF_MAX_MEMORY_GIB"),
             qPrintable(error));
    QVERIFY(!finished.wait(500));  // nothing was started
    QCOMPARE(grid->count(), 0);

    // Within the limit (the default: 75 % of the memory) the same sweep runs every t0.
    ::unsetenv("CCDF_MAX_MEMORY_GIB");
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(!start->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 300000);
    QCOMPARE(finished.size(), 6);
    QCOMPARE(grid->count(), 6);
    QCOMPARE(takeError(dialog), QString());
  }
};

QTEST_MAIN(TestSweepLimits)
#include "tst_gui_sweep_limits.moc"
