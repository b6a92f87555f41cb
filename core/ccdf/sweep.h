#pragma once
// A t0 sweep in one batched run. CCDF's reverse chains for different t0 walk the same grid of
// levels g_j = round(j N / S), j = S..0, when each runs N' = t0 N steps at the same stride
// (S = options.steps is the step count of a full t0 = 1 chain). The sweep walks that grid
// once from the largest start level; a chain joins the batch, freshly forward-diffused from
// x0_init, when the walk reaches its start level, so every network call serves all chains
// that are running.
//
// Each chain's forward jump draws from a generator seeded with options.seed, as runCcdf does,
// so with a deterministic sampler (DDIM, eta = 0) and clean DC the sweep reproduces
// runCcdf(t0 = chain.t0, steps = chain.steps) for every chain. Later noise (ancestral steps,
// diffused measurements) comes from one shared stream: statistically the same, not draw for
// draw.
#include <torch/torch.h>

#include <vector>

#include "ccdf/run.h"

namespace ccdf {

struct SweepChain {
  double requestedT0 = 0;
  double t0 = 0;           // the grid level actually used, startLevel / N
  int64_t startLevel = 0;  // g_j0
  int64_t steps = 0;       // j0
};

struct SweepResult {
  std::vector<SweepChain> chains;  // in the order of the requested t0 values
  torch::Tensor x;                 // [T, C, H, W], chain t at index t
  int64_t networkCalls = 0;        // batched denoiser calls made by the sweep
  int64_t sequentialCalls = 0;     // the calls one runCcdf per chain would make
  int64_t stepsDone = 0;           // grid steps walked
  bool cancelled = false;
  double seconds = 0;
};

// The grid start level and step count a t0 maps to (for S = steps of a t0 = 1 chain).
SweepChain sweepChainFor(const NoiseSchedule& schedule, double t0, int64_t steps);

// problem.x0Init and problem.y must have batch 1. onStep sees the batch of running chains
// (the chains that joined so far, in order of decreasing t0).
SweepResult runCcdfSweep(const Problem& problem, Denoiser& denoiser, Sampler& sampler,
                         const std::vector<double>& t0s, const RunOptions& options,
                         const StepCallback& onStep = {}, const CancelToken* cancel = nullptr);

}  // namespace ccdf
