#include "support/gui_test_support.h"

#include <QCoreApplication>
#include <QImage>
#include <QMessageBox>
#include <QSignalSpy>
#include <cmath>

#include "main_window.h"
#include "task_panel.h"

namespace ccdf::gui::test {
namespace {

template <typename Level>
QString writeGreyImage(const QString& path, int w, int h, Level level) {
  QImage image(w, h, QImage::Format_Grayscale8);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int v = level(x, y);
      image.setPixelColor(x, y, QColor(v, v, v));
    }
  image.save(path);
  return path;
}

}  // namespace

QString writeImage(const QString& path, int w, int h) {
  return writeGreyImage(path, w, h, [](int x, int y) {
    return 120 + int(70 * std::sin(x * 0.35 + y * 0.1) * std::cos(y * 0.27));
  });
}

QString writeEggCrateImage(const QString& path, int w, int h) {
  return writeGreyImage(path, w, h, [](int x, int y) {
    return 128 + int(60 * std::sin(x * 0.4) * std::cos(y * 0.3));
  });
}

RunSettings fastRun(RunSettings s, Task task, int steps, quint64 seed) {
  s.task = task;
  s.model = "gaussian-grey";
  s.sampler = "ddpm";
  s.initialiser = "adjoint";
  s.t0 = 0.25;
  s.steps = steps;
  s.seed = seed;
  s.scale = 2;
  s.simulateFromImage = false;
  return s;
}

void configure(MainWindow& window, Task task, int steps, quint64 seed) {
  window.taskPanel()->setSettings(fastRun(window.taskPanel()->settings(), task, steps, seed));
}

RunOutcome runWindow(MainWindow& window) {
  QSignalSpy completed(&window, &MainWindow::runCompleted);
  window.startRun();
  if (!completed.wait(300000)) qFatal("the run did not finish");
  return completed.at(0).at(0).value<RunOutcome>();
}

QString takeError(QWidget& parent) {
  QString text;
  for (QMessageBox* box : parent.findChildren<QMessageBox*>("errorBox")) {
    if (box->isVisible()) text = box->text();
    box->close();
  }
  QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  return text;
}

}  // namespace ccdf::gui::test
