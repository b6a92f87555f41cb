// Saving and exporting: results are written atomically and never over the input without an
// explicit confirmation; masks round-trip through PNG; the exported `ccdf restore` command
// reproduces the GUI's result pixel for pixel (same seed).
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "image_data.h"
#include "main_window.h"
#include "mask_layer.h"
#include "support/gui_test_support.h"
#include "task_panel.h"

using namespace ccdf::gui;
using namespace ccdf::gui::test;

namespace {

QByteArray bytesOf(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestSaveAndExport : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("ccdf-studio-tests");
    QCoreApplication::setApplicationName("tst_gui_save");
  }

  void settingsPersistAcrossSessions() {
    QSettings().clear();
    const QString input = writeImage(dir_.filePath("persist.png"), 16, 16);
    {
      MainWindow first;
      QVERIFY(first.openImage(input));
      RunSettings s = first.taskPanel()->settings();
      s.t0 = 0.42;
      s.steps = 33;
      s.seed = 77;
      first.taskPanel()->setSettings(s);
      first.close();  // saves on close
    }
    MainWindow second;
    const RunSettings restored = second.taskPanel()->settings();
    QCOMPARE(restored.t0, 0.42);
    QCOMPARE(restored.steps, 33);
    QCOMPARE(restored.seed, quint64(77));
    QCOMPARE(QSettings().value("recentFiles").toStringList().value(0), input);
  }

  void refusesToOverwriteTheInput() {
    MainWindow window;
    const QString input = writeImage(dir_.filePath("input.png"), 32, 32);
    QVERIFY(window.openImage(input));
    configure(window, Task::Inpainting, 8, 11);
    window.maskLayer()->fillRectangle(QRect(8, 8, 12, 10), false);
    const RunOutcome o = runWindow(window);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    const QByteArray before = bytesOf(input);
    QVERIFY(!window.saveResult(input));  // no confirmation: refused
    QCOMPARE(bytesOf(input), before);
    // Explicitly confirmed: allowed.
    const QString copy = dir_.filePath("copy.png");
    QFile::copy(input, copy);
    QVERIFY(window.openImage(copy));
    QVERIFY(runWindow(window).status == RunStatus::Finished);
    QVERIFY(window.saveResult(copy, true));
    QVERIFY(bytesOf(copy) != before);
  }

  void savesAtomicallyAsPngAndTiff() {
    MainWindow window;
    QVERIFY(window.openImage(writeImage(dir_.filePath("atomic.png"), 16, 16)));
    configure(window, Task::SuperResolution, 8, 11);
    QVERIFY(runWindow(window).status == RunStatus::Finished);
    QTemporaryDir out;
    QVERIFY(window.saveResult(out.filePath("result.png")));
    QVERIFY(window.saveResult(out.filePath("result.tif")));
    QVERIFY(!window.saveResult(out.filePath("missing-folder/result.png")));
    // Only the two results are there: no temporary files left behind.
    QCOMPARE(QDir(out.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList({"result.png", "result.tif"}));
    // Read back through the IO layer (Qt may lack a TIFF plugin).
    const QImage expected = window.shownOutcome()->result.toQImage();
    QCOMPARE(expected.size(), QSize(32, 32));
    QCOMPARE(loadImageFile(out.filePath("result.png")).toQImage(), expected);
    QCOMPARE(loadImageFile(out.filePath("result.tif")).toQImage(), expected);
  }

  void maskRoundTripsThroughPng() {
    MainWindow window;
    QVERIFY(window.openImage(writeImage(dir_.filePath("m.png"), 24, 24)));
    window.maskLayer()->fillRectangle(QRect(2, 3, 5, 7), false);
    const QImage painted = window.maskLayer()->mask();
    const QString path = dir_.filePath("mask.png");
    QVERIFY(painted.save(path));
    window.maskLayer()->clear();
    QVERIFY(window.loadMaskFile(path));
    QCOMPARE(window.maskLayer()->mask(), painted);
    window.maskLayer()->undoStack()->undo();  // loading is undoable
    QVERIFY(window.maskLayer()->mask() != painted);
    QVERIFY(!window.loadMaskFile(writeImage(dir_.filePath("small.png"), 8, 8)));
  }

  void exportsSettingsAsJson() {
    MainWindow window;
    QVERIFY(window.openImage(writeImage(dir_.filePath("j.png"), 16, 16)));
    configure(window, Task::SuperResolution, 8, 11);
    const QString path = dir_.filePath("settings.json");
    QVERIFY(window.exportSettings(path));
    const QJsonObject root = QJsonDocument::fromJson(bytesOf(path)).object();
    const RunSettings s = RunSettings::fromJson(root["settings"].toObject());
    QCOMPARE(s, window.taskPanel()->settings());
    QVERIFY(root["command"].toString().startsWith("ccdf restore --task sr"));
    QCOMPARE(root["input"].toString(), dir_.filePath("j.png"));
  }

  void commandLineReproducesTheResult_data() {
    QTest::addColumn<int>("task");
    QTest::newRow("sr") << int(Task::SuperResolution);
    QTest::newRow("inpaint") << int(Task::Inpainting);
  }

  void commandLineReproducesTheResult() {
#ifndef CCDF_CLI
    QSKIP("the ccdf command-line tool is not part of this build");
#else
    QFETCH(int, task);
    if (!QFile::exists(CCDF_CLI)) QSKIP("ccdf is not built");
    MainWindow window;
    const QString input = writeImage(dir_.filePath(QString("cli-%1.png").arg(task)), 24, 24);
    QVERIFY(window.openImage(input));
    configure(window, Task(task), 8, 11);
    QString maskPath;
    if (Task(task) == Task::Inpainting) {
      window.maskLayer()->fillRectangle(QRect(6, 5, 10, 9), false);
      maskPath = dir_.filePath(QString("cli-mask-%1.png").arg(task));
      QVERIFY(window.maskLayer()->mask().save(maskPath));
      QVERIFY(window.loadMaskFile(maskPath));
    }
    QVERIFY(runWindow(window).status == RunStatus::Finished);
    const QString guiOut = dir_.filePath(QString("gui-%1.png").arg(task));
    const QString cliOut = dir_.filePath(QString("cli-out-%1.png").arg(task));
    QVERIFY(window.saveResult(guiOut));

    const QString command = window.restoreCommand(cliOut);
    QVERIFY(command.startsWith("ccdf restore"));
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start("/bin/sh", {"-c", QString(CCDF_CLI) + command.mid(4)});
    QVERIFY(cli.waitForFinished(300000));
    QVERIFY2(cli.exitCode() == 0, cli.readAll().constData());
    const QImage a(guiOut), b(cliOut);
    QVERIFY(!a.isNull());
    QCOMPARE(a.convertToFormat(QImage::Format_Grayscale8),
             b.convertToFormat(QImage::Format_Grayscale8));
#endif
  }

  void kspaceReconstructionMatchesTheCli() {
#ifndef CCDF_CLI
    QSKIP("the ccdf command-line tool is not part of this build");
#else
    if (!QFile::exists(CCDF_CLI)) QSKIP("ccdf is not built");
    const QString truth = writeImage(dir_.filePath("slice.png"), 32, 32);
    const QString measured = dir_.filePath("measured");
    QProcess simulate;
    simulate.setProcessChannelMode(QProcess::MergedChannels);
    simulate.start(CCDF_CLI, {"simulate", "--task", "mri", "--input", truth, "--out-dir", measured,
                              "--accel", "3", "--acs", "4", "--seed", "2"});
    QVERIFY(simulate.waitForFinished(120000));
    QVERIFY2(simulate.exitCode() == 0, simulate.readAll().constData());

    MainWindow window;
    QVERIFY(window.openImage(measured + "/kspace.npy"));  // finds mask.png beside it
    QVERIFY(window.taskPanel()->kspaceFromFile());
    QVERIFY(window.taskPanel()->settings().task == Task::Mri);
    QVERIFY(!window.taskPanel()->settings().simulateFromImage);
    RunSettings s = window.taskPanel()->settings();
    s.model = "gaussian-grey";
    s.t0 = 0.3;
    s.steps = 6;
    s.seed = 4;
    window.taskPanel()->setSettings(s);
    QVERIFY(window.setReference(truth));
    const RunOutcome o = runWindow(window);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    QVERIFY(o.quality.valid());
    const QString guiOut = dir_.filePath("mri-gui.png");
    QVERIFY(window.saveResult(guiOut));
    const QString command = window.restoreCommand(dir_.filePath("mri-cli.png"));
    QVERIFY2(command.startsWith("ccdf restore --task mri"), qPrintable(command));
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start("/bin/sh", {"-c", QString(CCDF_CLI) + command.mid(4)});
    QVERIFY(cli.waitForFinished(300000));
    QVERIFY2(cli.exitCode() == 0, cli.readAll().constData());
    QCOMPARE(QImage(guiOut).convertToFormat(QImage::Format_Grayscale8),
             QImage(dir_.filePath("mri-cli.png")).convertToFormat(QImage::Format_Grayscale8));
#endif
  }
};

QTEST_MAIN(TestSaveAndExport)
#include "tst_gui_save.moc"
