#pragma once
// Helpers shared by the GUI tests (library ccdf_gui_test_support): test images on disk, a small
// and fast run set up on a MainWindow, running it to the end, and reading the error box.
#include <QString>

#include "run_settings.h"
#include "run_types.h"

class QWidget;

namespace ccdf::gui {
class MainWindow;
}

namespace ccdf::gui::test {

// A w×h grey PNG of smooth waves, 120 + 70·sin(0.35x + 0.1y)·cos(0.27y), written to `path`.
// Returns `path`.
QString writeImage(const QString& path, int w, int h);

// As writeImage with the egg-crate pattern 128 + 60·sin(0.4x)·cos(0.3y) (the run-controller
// tests' input).
QString writeEggCrateImage(const QString& path, int w, int h);

// `s` set up for a small, fast run of `task` with the exact Gaussian model: DDPM from the
// adjoint at t0 = 0.25, `steps` steps with `seed`, ×2 super-resolution, and the opened image
// taken as the measurement (not simulated from it).
RunSettings fastRun(RunSettings s, Task task, int steps, quint64 seed);

// The window's task panel set to fastRun(its settings, task, steps, seed).
void configure(MainWindow& window, Task task, int steps, quint64 seed);

// Starts a run of the window and waits (up to 5 minutes, else fatal) for its outcome.
RunOutcome runWindow(MainWindow& window);

// The visible error box's text among `parent`'s children ("" when none), closing every box.
QString takeError(QWidget& parent);

}  // namespace ccdf::gui::test
