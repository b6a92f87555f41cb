#include "ccdf/sweep.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "ccdf/run_internals.h"

namespace ccdf {

namespace {

int64_t gridLevel(int64_t N, int64_t S, int64_t j) {
  return std::llround(double(N) * double(j) / double(S));
}

}  // namespace

SweepChain sweepChainFor(const NoiseSchedule& schedule, double t0, int64_t steps) {
  if (!(t0 > 0.0 && t0 <= 1.0))
    throw std::invalid_argument("t0 must lie in (0, 1], got " + std::to_string(t0));
  if (steps < 1) throw std::invalid_argument("steps must be at least 1");
  const int64_t N = schedule.size(), S = std::min(steps, N);
  SweepChain c;
  c.requestedT0 = t0;
  c.steps = std::clamp<int64_t>(std::llround(t0 * double(S)), 1, S);
  c.startLevel = gridLevel(N, S, c.steps);
  c.t0 = double(c.startLevel) / double(N);
  return c;
}

SweepResult runCcdfSweep(const Problem& problem, Denoiser& denoiser, Sampler& sampler,
                         const std::vector<double>& t0s, const RunOptions& options,
                         const StepCallback& onStep, const CancelToken* cancel) {
  if (t0s.empty()) throw std::invalid_argument("a t0 sweep needs at least one t0");
  detail::checkRunInputs(problem, denoiser, sampler, options);
  if (problem.x0Init.size(0) != 1 || (problem.op && problem.y.size(0) != 1))
    throw std::invalid_argument("a t0 sweep restores one image: batch 1 expected");
  torch::NoGradGuard noGrad;
  const auto started = std::chrono::steady_clock::now();
  const NoiseSchedule& schedule = denoiser.schedule();
  const int64_t N = schedule.size(), S = std::min(options.steps, N);

  SweepResult result;
  for (double t0 : t0s) result.chains.push_back(sweepChainFor(schedule, t0, options.steps));
  // Chains in order of joining (decreasing start level).
  std::vector<size_t> order(t0s.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return result.chains[a].steps > result.chains[b].steps;
  });
  for (const auto& c : result.chains) result.sequentialCalls += c.steps * sampler.nfePerStep();

  torch::Generator gen = at::detail::createCPUGenerator(options.seed);
  const torch::Device device = problem.x0Init.device();
  torch::Tensor y;  // grows with the batch; the consistency function reads it by reference
  const ConsistencyFn consistency = detail::makeConsistency(problem, schedule, options, y, gen);

  const int64_t nfeBefore = denoiser.nfe();
  const int64_t firstJ = result.chains[order.front()].steps;
  torch::Tensor x;
  size_t joined = 0;
  for (int64_t j = firstJ; j >= 1; --j) {
    if (cancel && cancel->cancelled()) {
      result.cancelled = true;
      break;
    }
    const int64_t from = gridLevel(N, S, j), to = gridLevel(N, S, j - 1);
    while (joined < order.size() && result.chains[order[joined]].steps == j) {
      torch::Generator chainGen = at::detail::createCPUGenerator(options.seed);
      torch::Tensor start = options.pureNoiseStart
                                ? schedule.noiseScale(from) * gaussianLike(problem.x0Init, chainGen)
                                : forwardDiffuse(schedule, problem.x0Init, from, chainGen);
      x = x.defined() ? torch::cat({x, start}) : start;
      ++joined;
      y = detail::measurementForBatch(problem, device, x.size(0));
    }
    StepOutput out = sampler.step(denoiser, x, from, to, gen, consistency);
    const int64_t k = firstJ - j + 1;
    if (options.checkFinite) detail::checkFiniteState(out.x, k, firstJ, from);
    x = std::move(out.x);
    result.stepsDone = k;
    if (onStep && (k % options.eventInterval == 0 || j == 1))
      onStep(detail::makeStepEvent(schedule, k, firstJ, to, denoiser.nfe() - nfeBefore, x, out.x0));
  }
  result.networkCalls = denoiser.nfe() - nfeBefore;
  if (!result.cancelled) {
    // Back to the caller's order.
    std::vector<torch::Tensor> byRequest(order.size());
    for (size_t r = 0; r < order.size(); ++r) byRequest[order[r]] = x[int64_t(r)];
    result.x = torch::stack(byRequest);
  } else {
    result.x = x;
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace ccdf
