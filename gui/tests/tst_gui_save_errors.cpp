// Saving a result where it cannot go, and runs over the memory limit. A save that fails (a
// file-size limit, as a full disk; a folder that takes no file; a path under a regular file)
// shows one error naming the file and the cause, leaves nothing behind and keeps the result:
// a second save to a good place then writes exactly the result. A run whose estimated memory
// exceeds the limit is refused with the estimate and the limit named, and never starts.
#include <signal.h>
#include <sys/resource.h>

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "image_data.h"
#include "main_window.h"
#include "run_controller.h"
#include "support/gui_test_support.h"

using namespace ccdf::gui;
using namespace ccdf::gui::test;

namespace {

QStringList filesIn(const QString& dir) {
  return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System);
}

// Writes larger than `bytes` fail with EFBIG (SIGXFSZ ignored) while it lives.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    ok_ = setrlimit(RLIMIT_FSIZE, &limit) == 0;
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    signal(SIGXFSZ, previous_);
  }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  sighandler_t previous_ = SIG_DFL;
  bool ok_ = false;
};

}  // namespace

class TestSaveErrors : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("ccdf-studio-tests");
    QCoreApplication::setApplicationName("tst_gui_save_errors");
    ::unsetenv("CCDF_MAX_MEMORY_GIB");
  }

  void failedSavesKeepTheResult() {
    MainWindow window;
    QVERIFY(window.openImage(writeImage(dir_.filePath("input.png"), 24, 24)));
    configure(window, Task::SuperResolution, 6, 5);
    QSignalSpy completed(&window, &MainWindow::runCompleted);
    window.startRun();
    QVERIFY(completed.wait(300000));
    const RunOutcome o = completed.at(0).at(0).value<RunOutcome>();
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    QVERIFY(window.shownOutcome().has_value());
    const QImage result = window.shownOutcome()->result.toQImage();
    QCOMPARE(result.size(), QSize(48, 48));
    takeError(window);

    // A file-size limit of one byte: every format fails part-way, as on a full disk.
    QTemporaryDir full;
    for (const QString ext : {"png", "tif", "dcm"}) {
      const QString path = full.filePath("result." + ext);
      bool saved = true;
      {
        FileSizeLimit limit(1);
        QVERIFY(limit.ok());
        saved = window.saveResult(path);
      }
      QVERIFY2(!saved, qPrintable(ext));
      const QString error = takeError(window);
      QVERIFY2(error.contains(path) && error.contains("File too large"), qPrintable(error));
      QCOMPARE(filesIn(full.path()), QStringList());  // no partial file, no temporary file
    }

    // Places that take no file.
    const QString inProc =
        QString("/proc/ccdf-gui-test-%1.png").arg(QCoreApplication::applicationPid());
    QVERIFY(!window.saveResult(inProc));
    QString error = takeError(window);
    QVERIFY2(error.contains(inProc), qPrintable(error));
    QVERIFY(!QFileInfo::exists(inProc));
    QFile regular(dir_.filePath("regular.txt"));
    QVERIFY(regular.open(QIODevice::WriteOnly));
    regular.write("not a folder");
    regular.close();
    const QString underFile = dir_.filePath("regular.txt/result.png");
    QVERIFY(!window.saveResult(underFile));
    error = takeError(window);
    QVERIFY2(error.contains(underFile), qPrintable(error));

    // The result is still there, unchanged, and saves where it can.
    QVERIFY(window.shownOutcome().has_value());
    QCOMPARE(window.shownOutcome()->result.toQImage(), result);
    QTemporaryDir good;
    for (const QString ext : {"png", "tif"}) {
      const QString path = good.filePath("result." + ext);
      QVERIFY2(window.saveResult(path), qPrintable(takeError(window)));
      QCOMPARE(loadImageFile(path).toQImage(), result);
    }
    QVERIFY(window.saveResult(good.filePath("result.dcm")));
    {
      // A derived DICOM stores the range it holds and shows it full-scale (its window is the
      // data's range): the result, stretched from [min, max] to [0, 255].
      const QImage dcm = loadImageFile(good.filePath("result.dcm")).toQImage();
      QCOMPARE(dcm.size(), result.size());
      int lo = 255, hi = 0;
      for (int y = 0; y < result.height(); ++y)
        for (int x = 0; x < result.width(); ++x) {
          lo = std::min(lo, qGray(result.pixel(x, y)));
          hi = std::max(hi, qGray(result.pixel(x, y)));
        }
      QVERIFY(hi > lo);
      double worst = 0;
      for (int y = 0; y < result.height(); ++y)
        for (int x = 0; x < result.width(); ++x) {
          const double expected = 255.0 * (qGray(result.pixel(x, y)) - lo) / (hi - lo);
          worst = std::max(worst, std::abs(qGray(dcm.pixel(x, y)) - expected));
        }
      // (The file holds the float result; `result` is its 8-bit rounding, stretched with it.)
      QVERIFY2(worst <= 1.0 + 255.0 / (hi - lo), qPrintable(QString::number(worst)));
    }
    QCOMPARE(filesIn(good.path()), QStringList({"result.dcm", "result.png", "result.tif"}));
    QCOMPARE(takeError(window), QString());
  }

  void runOverTheMemoryLimitDoesNotStart() {
    MainWindow window;
    QVERIFY(window.openImage(writeImage(dir_.filePath("limit.png"), 32, 32)));
    configure(window, Task::SuperResolution, 6, 5);
    takeError(window);
    ::setenv("CCDF_MAX_MEMORY_GIB", "0.01", 1);
    QSignalSpy completed(&window, &MainWindow::runCompleted);
    window.startRun();
    ::unsetenv("CCDF_MAX_MEMORY_GIB");
    QVERIFY(!window.controller()->isRunning());
    const QString error = takeError(window);
    QVERIFY2(error.startsWith("this run needs about") && error.contains("64x64 image") &&
                 error.contains("gaussian-grey") && error.contains("the limit is 10 MiB") &&
                 error.contains("CCDF_MAX_MEMORY_GIB"),
             qPrintable(error));
    QVERIFY(!completed.wait(500));  // nothing was started
    QVERIFY(!window.shownOutcome().has_value());

    // Within the limit (the default: 75 % of the memory) the same run goes ahead.
    window.startRun();
    QVERIFY(completed.wait(300000));
    QVERIFY(completed.at(0).at(0).value<RunOutcome>().status == RunStatus::Finished);
    QCOMPARE(takeError(window), QString());
  }
};

QTEST_MAIN(TestSaveErrors)
#include "tst_gui_save_errors.moc"
