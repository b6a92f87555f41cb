#include "ccdf/run.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "ccdf/run_internals.h"

namespace ccdf {

torch::Tensor forwardDiffuse(const NoiseSchedule& s, const torch::Tensor& x0, int64_t level,
                             torch::Generator& gen) {
  return s.signalScale(level) * x0 + s.noiseScale(level) * gaussianLike(x0, gen);
}

namespace detail {

namespace {
std::string shapeString(torch::IntArrayRef shape) { return c10::str(shape); }
}  // namespace

void checkRunInputs(const Problem& problem, const Denoiser& denoiser, const Sampler& sampler,
                    const RunOptions& o) {
  if (!(o.t0 > 0.0 && o.t0 <= 1.0))
    throw std::invalid_argument("t0 must lie in (0, 1], got " + std::to_string(o.t0));
  if (o.steps < 1) throw std::invalid_argument("steps must be at least 1");
  if (!(o.dcLambda > 0.0 && o.dcLambda <= 1.0))
    throw std::invalid_argument("DC lambda must lie in (0, 1], got " + std::to_string(o.dcLambda));
  if (o.eventInterval < 1) throw std::invalid_argument("event interval must be at least 1");
  if (!sampler.supports(denoiser.schedule()))
    throw std::invalid_argument("sampler " + sampler.name() + " cannot run on a " +
                                toString(denoiser.schedule().kind()) + " model");
  const auto& x = problem.x0Init;
  if (!x.defined() || x.dim() != 4)
    throw std::invalid_argument("the initial estimate must be a [B, C, H, W] tensor");
  if (!torch::isfinite(x).all().item<bool>())
    throw std::invalid_argument("the initial estimate contains NaN or Inf");
  if (problem.op) {
    const auto want = problem.op->imageShape();
    if (want.size() != 4 || want[1] != x.size(1) || want[2] != x.size(2) || want[3] != x.size(3))
      throw std::invalid_argument("image " + shapeString(x.sizes()) + " does not match operator " +
                                  problem.op->name() + " " + shapeString(want));
    if (!problem.y.defined()) throw std::invalid_argument("the problem has no measurement");
    if (problem.y.dim() < 1 || (problem.y.size(0) != 1 && problem.y.size(0) != x.size(0)))
      throw std::invalid_argument("the measurement batch must be 1 or match the image batch");
  }
}

torch::Tensor measurementForBatch(const Problem& problem, torch::Device device, int64_t batch) {
  if (!problem.op) return {};
  torch::Tensor y = problem.y.to(device);
  if (y.size(0) == 1 && batch > 1) {
    auto sizes = y.sizes().vec();
    sizes[0] = batch;
    y = y.expand(sizes).contiguous();
  }
  return y;
}

ConsistencyFn makeConsistency(const Problem& problem, const NoiseSchedule& schedule,
                              const RunOptions& options, const torch::Tensor& y,
                              torch::Generator& gen) {
  if (!problem.op) return {};
  return [&problem, &schedule, options, &y, &gen](const torch::Tensor& x, int64_t level) {
    torch::Tensor target = y;
    if (level > 0) {
      target = schedule.signalScale(level) * y;
      if (options.measurementNoise == MeasurementNoiseMode::Diffused)
        target = target + schedule.noiseScale(level) * problem.op->measurementNoise(y, gen);
    }
    return options.dcLambda == 1.0 ? problem.op->project(x, target)
                                   : problem.op->softProject(x, target, options.dcLambda);
  };
}

StepEvent makeStepEvent(const NoiseSchedule& schedule, int64_t k, int64_t K, int64_t level,
                        int64_t nfe, const torch::Tensor& x, const torch::Tensor& x0) {
  StepEvent event;
  event.k = k;
  event.K = K;
  event.level = level;
  event.noiseLevel = schedule.noiseScale(level) / schedule.signalScale(level);
  event.nfe = nfe;
  event.x = x.detach();
  event.x0 = x0.detach();
  return event;
}

void checkFiniteState(const torch::Tensor& x, int64_t step, int64_t steps, int64_t fromLevel) {
  if (!torch::isfinite(x).all().item<bool>())
    throw std::runtime_error("the model produced NaN or Inf at step " + std::to_string(step) +
                             " of " + std::to_string(steps) + " (noise level " +
                             std::to_string(fromLevel) + ")");
}

}  // namespace detail

RunResult runCcdf(const Problem& problem, Denoiser& denoiser, Sampler& sampler,
                  const RunOptions& options, const StepCallback& onStep,
                  const CancelToken* cancel) {
  detail::checkRunInputs(problem, denoiser, sampler, options);
  torch::NoGradGuard noGrad;
  const auto started = std::chrono::steady_clock::now();
  const NoiseSchedule& schedule = denoiser.schedule();
  const int64_t startLevel = schedule.indexForTime(options.t0);
  RunResult result;
  result.levels = respacedLevels(startLevel, options.steps);
  const int64_t K = static_cast<int64_t>(result.levels.size()) - 1;

  torch::Generator gen = at::detail::createCPUGenerator(options.seed);
  const torch::Device device = problem.x0Init.device();
  const torch::Tensor y = detail::measurementForBatch(problem, device, problem.x0Init.size(0));
  const ConsistencyFn consistency = detail::makeConsistency(problem, schedule, options, y, gen);

  const int64_t nfeBefore = denoiser.nfe();
  torch::Tensor x = options.pureNoiseStart
                        ? schedule.noiseScale(startLevel) * gaussianLike(problem.x0Init, gen)
                        : forwardDiffuse(schedule, problem.x0Init, startLevel, gen);
  spdlog::debug("ccdf: t0={} start level {} of {}, {} steps, sampler {}", options.t0, startLevel,
                schedule.size(), K, sampler.name());

  for (int64_t k = 1; k <= K; ++k) {
    if (cancel && cancel->cancelled()) {
      result.cancelled = true;
      break;
    }
    const int64_t from = result.levels[k - 1], to = result.levels[k];
    StepOutput out = sampler.step(denoiser, x, from, to, gen, consistency);
    if (options.checkFinite) detail::checkFiniteState(out.x, k, K, from);
    x = std::move(out.x);
    result.stepsDone = k;
    if (onStep && (k % options.eventInterval == 0 || k == K))
      onStep(detail::makeStepEvent(schedule, k, K, to, denoiser.nfe() - nfeBefore, x, out.x0));
  }
  result.x = x;
  result.nfe = denoiser.nfe() - nfeBefore;
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace ccdf
