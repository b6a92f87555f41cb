#pragma once
// RunSettings -> the core's option structs. Internal to torch translation units and tests.
#include "ccdf/run.h"
#include "io/mri_input.h"
#include "ops/masks.h"
#include "run_settings.h"
#include "run_types.h"
#include "sampling/sampler.h"

namespace ccdf::gui {

RunOptions toRunOptions(const RunSettings& settings);
SamplerSettings toSamplerSettings(const RunSettings& settings);
KspaceMaskSpec toMaskSpec(const RunSettings& settings);
// What `ccdf restore --task mri` reads for the same request: the mask file, else the panel's
// design for images and fully sampled k-space, else the data's own mask; the scale of
// `--kspace-scale auto`; `channels` image channels of the model.
MriInputOptions toMriInputOptions(const RunRequest& request, int64_t channels);

}  // namespace ccdf::gui
