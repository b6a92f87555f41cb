#pragma once
// RunSettings -> the core's option structs. Internal to torch translation units and tests.
#include "ccdf/run.h"
#include "ops/masks.h"
#include "run_settings.h"
#include "sampling/sampler.h"

namespace ccdf::gui {

RunOptions toRunOptions(const RunSettings& settings);
SamplerSettings toSamplerSettings(const RunSettings& settings);
KspaceMaskSpec toMaskSpec(const RunSettings& settings);

}  // namespace ccdf::gui
