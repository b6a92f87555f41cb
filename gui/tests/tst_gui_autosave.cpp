// Crash-safe autosave: a session that ends without the clean exit (the window destroyed without
// closing, as in a crash) leaves its input, mask and run history; the next window offers to
// restore them and puts them back exactly, or discards them. Corrupt autosaves are refused
// with a log line, a clean exit leaves nothing to offer, and a second window does not share the
// folder.
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "autosave.h"
#include "main_window.h"
#include "mask_layer.h"
#include "run_history.h"
#include "support/gui_test_support.h"

using namespace ccdf::gui;
using namespace ccdf::gui::test;

namespace {

RunHistory* historyOf(const MainWindow& window) {
  return window.findChild<RunHistory*>("runHistory");
}

QString logOf(const MainWindow& window) {
  auto* dock = window.findChild<QDockWidget*>("logDock");
  auto* text = dock ? dock->findChild<QPlainTextEdit*>() : nullptr;
  return text ? text->toPlainText() : QString();
}

bool sameQuality(double a, double b) { return (a != a && b != b) || a == b; }

QStringList payloadFiles(const QString& dir) {
  return QDir(dir).entryList({"mask-*", "image-*"}, QDir::Files);
}

// What a crashed session left behind.
struct Crashed {
  QString input;
  QImage mask;
  QList<RunOutcome> history;
};

}  // namespace

class TestAutosave : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

  static QString folder() { return Autosave::defaultDirectory(); }
  static QString manifest() { return folder() + "/autosave.json"; }
  static QString marker() { return folder() + "/session.marker"; }

  // A session with autosave: opens a 32×32 image, paints a mask (rectangle + soft stroke),
  // runs `runs` times, waits for the autosave, then is destroyed without its clean exit.
  void crashSession(const QString& name, int runs, Crashed& out) {
    out.input = writeImage(dir_.filePath(name), 32, 32);
    auto window = std::make_unique<MainWindow>();
    int asked = 0;
    window->setRestoreDecision([&asked](const AutosaveState&) { return ++asked, true; });
    QVERIFY(!window->startAutosave());
    QCOMPARE(asked, 0);  // nothing to offer at a fresh start
    QVERIFY(window->autosave()->isActive());
    QVERIFY(QFile::exists(marker()));
    QVERIFY(window->openImage(out.input));
    configure(*window, Task::Inpainting, 6, 5);
    QSignalSpy saved(window->autosave(), &Autosave::saved);
    QVERIFY(saved.wait(5000));

    // Painting is saved within about a second (debounced, not postponed by further edits).
    saved.clear();
    QElapsedTimer clock;
    clock.start();
    MaskLayer* mask = window->maskLayer();
    mask->fillRectangle(QRect(6, 7, 11, 9), false);
    mask->setBrushRadius(3.5);
    mask->setBrushHardness(0.3);  // soft rim: grey levels, not just 0 / 255
    mask->beginStroke(QPointF(20.2, 5.7), false);
    mask->extendStroke(QPointF(27.9, 24.3));
    mask->endStroke();
    QVERIFY(saved.wait(5000));
    QVERIFY2(clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(saved.size(), 1);

    for (int i = 0; i < runs; ++i) {
      configure(*window, Task::Inpainting, 6, 5 + i);
      QSignalSpy completed(window.get(), &MainWindow::runCompleted);
      window->startRun();
      QVERIFY(completed.wait(300000));
      const auto outcome = completed.at(0).at(0).value<RunOutcome>();
      QVERIFY2(outcome.status == RunStatus::Finished, qPrintable(outcome.error));
      QVERIFY(window->autosave()->isPending());  // each finished run is saved
      saved.clear();
      QVERIFY(saved.wait(5000));
    }
    out.mask = mask->mask().copy();
    bool grey = false;  // the soft rim: values between hole and known
    for (int y = 0; y < out.mask.height(); ++y)
      for (int x = 0; x < out.mask.width(); ++x)
        grey = grey || (out.mask.pixelColor(x, y).red() % 255 != 0);
    QVERIFY(grey);
    out.history = historyOf(*window)->outcomes();
    QCOMPARE(out.history.size(), runs);
    window.reset();  // no closeEvent: the "crash"
    QVERIFY(QFile::exists(marker()));
    QVERIFY(QFile::exists(manifest()));
  }

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("ccdf-studio-tests");
    QCoreApplication::setApplicationName("tst_gui_autosave");
    QVERIFY2(folder().contains("qttest"), qPrintable(folder()));
    QVERIFY(dir_.isValid());
  }

  void init() { QDir(folder()).removeRecursively(); }

  void cleanupTestCase() {
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    QFile::remove(QSettings().fileName());
  }

  void restoresTheMaskAndHistoryAfterACrash() {
    Crashed crashed;
    crashSession("crash.png", 2, crashed);
    if (QTest::currentTestFailed()) return;

    MainWindow window;
    int asked = 0;
    QString summary;
    window.setRestoreDecision([&](const AutosaveState& state) {
      ++asked;
      summary = Autosave::summary(state);
      return true;
    });
    QVERIFY(window.startAutosave());
    QCOMPARE(asked, 1);
    QVERIFY2(summary.contains("crash.png") && summary.contains("Runs in the history: 2"),
             qPrintable(summary));

    QCOMPARE(window.inputPath(), crashed.history.first().request.inputPath);
    QCOMPARE(window.maskLayer()->mask().format(), QImage::Format_Grayscale8);
    QCOMPARE(window.maskLayer()->mask(), crashed.mask);  // pixel for pixel
    const QList<RunOutcome> history = historyOf(window)->outcomes();
    QCOMPARE(history.size(), crashed.history.size());
    for (int i = 0; i < history.size(); ++i) {
      const RunOutcome &a = history[i], &b = crashed.history[i];
      QCOMPARE(a.runId, b.runId);
      QVERIFY(a.status == RunStatus::Finished);
      QVERIFY(a.request.settings == b.request.settings);
      QCOMPARE(a.request.inputPath, b.request.inputPath);
      QCOMPARE(a.request.mask, b.request.mask);
      QCOMPARE(a.nfe, b.nfe);
      QCOMPARE(a.stepsDone, b.stepsDone);
      QCOMPARE(a.t0, b.t0);
      QCOMPARE(a.seconds, b.seconds);
      QVERIFY(sameQuality(a.quality.psnr, b.quality.psnr));
      QCOMPARE(a.result.width(), b.result.width());
      QCOMPARE(a.result.channels(), b.result.channels());
      QCOMPARE(a.result.bitDepth(), b.result.bitDepth());
      QCOMPARE(a.result.toQImage(), b.result.toQImage());
      QCOMPARE(a.initial.toQImage(), b.initial.toQImage());
      QCOMPARE(historyOf(window)->item(i)->text(), RunHistory::describe(b));
    }
    QVERIFY(window.shownOutcome().has_value());  // the newest result can be saved at once

    // New runs do not reuse the restored ids; the restored session autosaves in turn.
    QSignalSpy completed(&window, &MainWindow::runCompleted);
    window.startRun();
    QVERIFY(completed.wait(300000));
    QCOMPARE(completed.at(0).at(0).value<RunOutcome>().runId, crashed.history.first().runId + 1);
    QSignalSpy saved(window.autosave(), &Autosave::saved);
    QVERIFY(saved.wait(5000));

    // The clean exit removes the autosave and the marker: nothing is offered next time.
    window.close();
    QVERIFY(!QFile::exists(manifest()));
    QVERIFY(!QFile::exists(marker()));
    QVERIFY(payloadFiles(folder()).isEmpty());
    MainWindow next;
    int askedNext = 0;
    next.setRestoreDecision([&askedNext](const AutosaveState&) { return ++askedNext, true; });
    QVERIFY(!next.startAutosave());
    QCOMPARE(askedNext, 0);
    QVERIFY(next.inputPath().isEmpty());
    QCOMPARE(historyOf(next)->entries(), 0);
  }

  void declineDiscardsTheAutosave() {
    Crashed crashed;
    crashSession("decline.png", 1, crashed);
    if (QTest::currentTestFailed()) return;
    MainWindow window;
    int asked = 0;
    window.setRestoreDecision([&asked](const AutosaveState&) { return ++asked, false; });
    QVERIFY(!window.startAutosave());
    QCOMPARE(asked, 1);
    QVERIFY(window.inputPath().isEmpty());
    QVERIFY(window.maskLayer()->isEmpty());
    QCOMPARE(historyOf(window)->entries(), 0);
    QVERIFY(!QFile::exists(manifest()));
    QVERIFY(payloadFiles(folder()).isEmpty());
    QVERIFY(QFile::exists(marker()));  // this session's own marker
  }

  void refusesACorruptAutosave_data() {
    QTest::addColumn<QString>("damage");
    QTest::newRow("truncated manifest") << "truncate-manifest";
    QTest::newRow("garbage manifest") << "garbage-manifest";
    QTest::newRow("corrupt mask") << "corrupt-mask";
    QTest::newRow("truncated result image") << "truncate-image";
    QTest::newRow("missing image") << "remove-image";
    QTest::newRow("foreign file name") << "rename-payload";
  }

  void refusesACorruptAutosave() {
    QFETCH(QString, damage);
    Crashed crashed;
    crashSession("corrupt.png", 1, crashed);
    if (QTest::currentTestFailed()) return;
    const QStringList masks = QDir(folder()).entryList({"mask-*.png"}, QDir::Files);
    const QStringList images = QDir(folder()).entryList({"image-*.f32"}, QDir::Files);
    QVERIFY(!masks.isEmpty() && !images.isEmpty());
    const auto rewrite = [](const QString& path, const std::function<void(QByteArray&)>& edit) {
      QFile file(path);
      QVERIFY(file.open(QIODevice::ReadOnly));
      QByteArray bytes = file.readAll();
      file.close();
      edit(bytes);
      QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
      file.write(bytes);
    };
    if (damage == "truncate-manifest")
      rewrite(manifest(), [](QByteArray& b) { b.truncate(b.size() / 2); });
    else if (damage == "garbage-manifest")
      rewrite(manifest(), [](QByteArray& b) { b = QByteArray(200, '\xff'); });
    else if (damage == "corrupt-mask")
      rewrite(folder() + '/' + masks.first(), [](QByteArray& b) { b[b.size() / 2] ^= 0x5a; });
    else if (damage == "truncate-image")
      rewrite(folder() + '/' + images.first(), [](QByteArray& b) { b.chop(7); });
    else if (damage == "remove-image")
      QVERIFY(QFile::remove(folder() + '/' + images.first()));
    else if (damage == "rename-payload")
      rewrite(manifest(), [&](QByteArray& b) {
        b.replace(images.first().toUtf8(), QByteArray("../../outside.f32"));
      });

    MainWindow window;
    int asked = 0;
    window.setRestoreDecision([&asked](const AutosaveState&) { return ++asked, true; });
    QVERIFY(!window.startAutosave());  // no crash, nothing offered or restored
    QCOMPARE(asked, 0);
    QVERIFY(window.inputPath().isEmpty());
    QVERIFY(window.maskLayer()->isEmpty());
    QCOMPARE(historyOf(window)->entries(), 0);
    QVERIFY(!QFile::exists(manifest()));  // refused and removed
    QTRY_VERIFY2(logOf(window).contains("autosave in") && logOf(window).contains("refused"),
                 qPrintable(logOf(window)));
  }

  void restoresWhatItCanWhenTheInputIsGone() {
    Crashed crashed;
    crashSession("gone.png", 1, crashed);
    if (QTest::currentTestFailed()) return;
    QVERIFY(QFile::remove(crashed.input));
    MainWindow window;
    window.setRestoreDecision([](const AutosaveState&) { return true; });
    QVERIFY(window.startAutosave());
    QVERIFY(window.inputPath().isEmpty());
    QCOMPARE(historyOf(window)->entries(), 1);  // the results are still there
    QCOMPARE(historyOf(window)->outcomes().first().result.toQImage(),
             crashed.history.first().result.toQImage());
    auto* box = window.findChild<QMessageBox*>("errorBox");  // non-modal: says what is missing
    QVERIFY(box);
    QVERIFY2(box->text().contains("gone.png"), qPrintable(box->text()));
    QTRY_VERIFY2(logOf(window).contains("not restored"), qPrintable(logOf(window)));
  }

  void aSecondWindowDoesNotShareTheFolder() {
    MainWindow first;
    first.setRestoreDecision([](const AutosaveState&) { return true; });
    QVERIFY(!first.startAutosave());
    MainWindow second;
    int asked = 0;
    second.setRestoreDecision([&asked](const AutosaveState&) { return ++asked, true; });
    QVERIFY(!second.startAutosave());
    QCOMPARE(asked, 0);
    QVERIFY(!second.autosave()->isActive());
    QTRY_VERIFY2(logOf(second).contains("autosave: off"), qPrintable(logOf(second)));
    second.close();  // its exit leaves the first session's marker alone
    QVERIFY(QFile::exists(marker()));
    first.close();
    QVERIFY(!QFile::exists(marker()));
  }
};

QTEST_MAIN(TestAutosave)
#include "tst_gui_autosave.moc"
