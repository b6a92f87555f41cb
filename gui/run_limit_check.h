#pragma once
// The GUI's check of a run against the memory limits (ccdf/run_limits.h) before anything is
// loaded, shared by the Run button and the t0 sweep.
#include <QSize>
#include <QString>

#include "run_types.h"

namespace ccdf::gui {

// The refusal as one sentence, or "" when the run fits. Also "" when the model or the input size
// is unknown here: the worker then reports that problem itself. `inputSize` is the opened
// image's (or frame's, or k-space slice's) size; super-resolution runs at `scale` times it.
QString runLimitProblem(const RunRequest& request, QSize inputSize);

}  // namespace ccdf::gui
