#pragma once
// The CCDF run: initial estimate -> one closed-form forward jump to level i0 = round(t0 N) ->
// K respaced reverse steps, each followed by data consistency. t0 = 1 with a pure-noise start
// is the full-diffusion baseline (ILVR / score-SDE inpainting / score-POCS) in the same loop.
#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "model/denoiser.h"
#include "ops/operator.h"
#include "sampling/sampler.h"

namespace ccdf {

class CancelToken {
 public:
  void cancel() { cancelled_.store(true); }
  void reset() { cancelled_.store(false); }
  bool cancelled() const { return cancelled_.load(); }

 private:
  std::atomic<bool> cancelled_{false};
};

struct Problem {
  std::shared_ptr<const Operator> op;  // may be null: unconditional sampling
  torch::Tensor y;                     // measurement (ignored when op is null)
  torch::Tensor x0Init;                // initial estimate [B, C, H, W]; with pureNoiseStart
                                       // only its shape and device are used
};

enum class MeasurementNoiseMode {
  Diffused,  // DC against y forward-diffused to the current level (ILVR, score-SDE)
  Clean      // DC against y itself (score-POCS style)
};

struct RunOptions {
  double t0 = 0.2;     // in (0, 1]
  int64_t steps = 20;  // K reverse steps (capped at i0)
  uint64_t seed = 0;
  bool pureNoiseStart = false;  // start from N(0, b^2 I) at i0 (t0 = 1 baselines)
  double dcLambda = 1.0;        // 1 = hard projection; (0, 1) = soft DC for noisy measurements
  MeasurementNoiseMode measurementNoise = MeasurementNoiseMode::Diffused;
  bool checkFinite = true;    // fail with the step number when the state has NaN/Inf
  int64_t eventInterval = 1;  // emit a StepEvent every this many steps (and on the last)
};

struct StepEvent {
  int64_t k = 0;  // steps done, 1..K
  int64_t K = 0;
  int64_t level = 0;      // level of x after this step
  double noiseLevel = 0;  // sigma-equivalent noise of x (b/a)
  int64_t nfe = 0;        // network calls so far
  torch::Tensor x;        // state after the step (detached)
  torch::Tensor x0;       // clean estimate at this step (detached)
};

struct RunResult {
  torch::Tensor x;  // restored image (level 0), or the last state when cancelled
  int64_t nfe = 0;
  int64_t stepsDone = 0;
  bool cancelled = false;
  double seconds = 0;
  std::vector<int64_t> levels;  // the respaced levels visited, from i0 down to 0
};

using StepCallback = std::function<void(const StepEvent&)>;

// Validates the inputs (throws std::invalid_argument with a clear message), then runs.
RunResult runCcdf(const Problem& problem, Denoiser& denoiser, Sampler& sampler,
                  const RunOptions& options, const StepCallback& onStep = {},
                  const CancelToken* cancel = nullptr);

// The closed-form forward jump: x_i = a_i x0 + b_i z.
torch::Tensor forwardDiffuse(const NoiseSchedule& s, const torch::Tensor& x0, int64_t level,
                             torch::Generator& gen);

}  // namespace ccdf
