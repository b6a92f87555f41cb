// ccdf-studio: the CCDF Studio desktop application. Opens the given image, or the bundled
// sample with the default model selected, ready to press Run.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <QTimer>
#include <cstdio>

#include "app_setup.h"
#include "main_window.h"
#include "mask_layer.h"
#include "run_controller.h"
#include "task_panel.h"

#ifndef CCDF_VERSION
#define CCDF_VERSION "dev"
#endif

namespace {

const char* kNoDisplay =
    "ccdf-studio: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "Run it under a desktop session, with xvfb-run, or with QT_QPA_PLATFORM=offscreen.\n"
    "Without a display, the command-line demo does the same restoration:\n"
    "  scripts/demo.sh\n"
    "or, step by step:\n"
    "  ccdf simulate --task inpaint --input resources/samples/camera.png --out-dir /tmp/ccdf-demo\n"
    "  ccdf restore --task inpaint --input /tmp/ccdf-demo/masked.png --mask "
    "/tmp/ccdf-demo/mask.png \\\n"
    "      --model gaussian-grey --output /tmp/ccdf-demo/restored.png\n";

}  // namespace

int main(int argc, char** argv) {
  if (!ccdf::gui::displayAvailable()) {
    std::fputs(kNoDisplay, stderr);
    return 2;
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName("CCDF Studio");
  QApplication::setApplicationName("ccdf-studio");
  QApplication::setApplicationDisplayName("CCDF Studio");
  QApplication::setApplicationVersion(CCDF_VERSION);
  QApplication::setWindowIcon(QIcon(":/icons/ccdf-studio.png"));
  ccdf::gui::installTranslations(app, QSettings().value("language", "system").toString());

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate(
      "main", "Interactive image restoration with diffusion models (CCDF)."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("image", QApplication::translate("main", "Image to open."));
  QCommandLineOption model("model", QApplication::translate("main", "Model to select."), "name");
  QCommandLineOption reference(
      "reference", QApplication::translate("main", "Ground truth for PSNR / SSIM."), "file");
  QCommandLineOption mask("mask", QApplication::translate("main", "Inpainting mask (PNG)."),
                          "file");
  QCommandLineOption task("task", QApplication::translate("main", "Task: sr, inpaint or mri."),
                          "task");
  QCommandLineOption t0("t0", QApplication::translate("main", "Start time t0 in (0, 1]."), "t0");
  QCommandLineOption steps("steps", QApplication::translate("main", "Reverse steps."), "K");
  QCommandLineOption run("run", QApplication::translate("main", "Start the run at once."));
  QCommandLineOption screenshot(
      "screenshot",
      QApplication::translate("main", "Save the window to this PNG mid-run, then quit."), "png");
  QCommandLineOption screenshotAfter(
      "screenshot-after",
      QApplication::translate("main", "Streamed frames to wait for before the screenshot."), "n",
      "20");
  parser.addOptions({model, reference, mask, task, t0, steps, run, screenshot, screenshotAfter});
  parser.process(app);

  ccdf::gui::MainWindow window;
  window.show();
  // Offers to restore the autosave of a session that crashed (scripted screenshots skip it).
  const bool restored = !parser.isSet(screenshot) && window.startAutosave();
  const QStringList files = parser.positionalArguments();
  const bool sample = files.isEmpty();
  const QString image =
      sample ? (restored ? QString() : ccdf::gui::bundledSamplePath()) : files.first();
  if (!image.isEmpty() && window.openImage(image) && sample && !parser.isSet(mask)) {
    // Ready to press Run: a centred hole to inpaint in the bundled sample.
    const QSize size = window.maskLayer()->mask().size();
    window.maskLayer()->fillRectangle(
        QRect(size.width() * 3 / 8, size.height() * 3 / 8, size.width() / 4, size.height() / 4),
        false);
  }
  ccdf::gui::RunSettings settings = window.taskPanel()->settings();
  if (parser.isSet(model)) settings.model = parser.value(model);
  if (parser.isSet(task)) settings.task = ccdf::gui::taskFromKey(parser.value(task));
  if (parser.isSet(t0)) settings.t0 = parser.value(t0).toDouble();
  if (parser.isSet(steps)) settings.steps = parser.value(steps).toInt();
  window.taskPanel()->setSettings(settings);
  if (parser.isSet(mask)) window.loadMaskFile(parser.value(mask));
  if (parser.isSet(reference)) window.setReference(parser.value(reference));

  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    const int after = qMax(1, parser.value(screenshotAfter).toInt());
    int frames = 0;
    bool taken = false;
    const auto capture = [&] {
      if (taken) return;
      taken = true;
      QTimer::singleShot(150, &window, [&window, &app, path] {
        const bool saved = window.grab().save(path);
        std::fprintf(stderr, "%s %s\n", saved ? "wrote" : "could not write", qPrintable(path));
        window.cancelRun();
        QTimer::singleShot(300, &app, [&app, saved] { app.exit(saved ? 0 : 1); });
      });
    };
    QObject::connect(window.controller(), &ccdf::gui::RunController::frameArrived, &window,
                     [&](const ccdf::gui::StreamFrame&) {
                       if (++frames >= after) capture();
                     });
    QObject::connect(&window, &ccdf::gui::MainWindow::runCompleted, &window, capture);
  }
  if (parser.isSet(run) || parser.isSet(screenshot))
    QTimer::singleShot(300, &window, &ccdf::gui::MainWindow::startRun);
  return app.exec();
}
