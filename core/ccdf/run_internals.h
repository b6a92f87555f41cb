#pragma once
// Pieces shared by runCcdf and runCcdfSweep (not part of the public API).
#include <torch/torch.h>

#include "ccdf/run.h"

namespace ccdf::detail {

// Throws std::invalid_argument with a clear message on inconsistent inputs.
void checkRunInputs(const Problem& problem, const Denoiser& denoiser, const Sampler& sampler,
                    const RunOptions& options);

// The measurement on x's device, repeated to `batch` chains when it has batch 1 (so that every
// chain gets its own measurement noise in Diffused mode).
torch::Tensor measurementForBatch(const Problem& problem, torch::Device device, int64_t batch);

// Data consistency against `y` brought to the state's noise level; `y` and `gen` are held by
// reference and must outlive the function. Empty when the problem has no operator.
ConsistencyFn makeConsistency(const Problem& problem, const NoiseSchedule& schedule,
                              const RunOptions& options, const torch::Tensor& y,
                              torch::Generator& gen);

// The event after step k of K (to `level`), with the state and clean estimate detached.
StepEvent makeStepEvent(const NoiseSchedule& schedule, int64_t k, int64_t K, int64_t level,
                        int64_t nfe, const torch::Tensor& x, const torch::Tensor& x0);

// Throws when x has NaN or Inf, naming the step.
void checkFiniteState(const torch::Tensor& x, int64_t step, int64_t steps, int64_t fromLevel);

}  // namespace ccdf::detail
