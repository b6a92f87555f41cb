#include "sampling/sampler.h"

#include <cmath>
#include <stdexcept>

namespace ccdf {

torch::Tensor gaussianLike(const torch::Tensor& x, torch::Generator& gen) {
  auto z = torch::randn(x.sizes(), gen, torch::TensorOptions().dtype(x.scalar_type()));
  return z.to(x.device());
}

std::string toString(DdpmVariance v) {
  switch (v) {
    case DdpmVariance::FixedSmall:
      return "small";
    case DdpmVariance::FixedLarge:
      return "large";
    case DdpmVariance::Learned:
      return "learned";
  }
  return "?";
}

DdpmVariance ddpmVarianceFromString(const std::string& name) {
  if (name == "small") return DdpmVariance::FixedSmall;
  if (name == "large") return DdpmVariance::FixedLarge;
  if (name == "learned") return DdpmVariance::Learned;
  throw std::invalid_argument("unknown DDPM variance '" + name +
                              "' (expected small, large or learned)");
}

std::unique_ptr<Sampler> makeSampler(const SamplerSettings& s) {
  if (s.name == "ddpm") return std::make_unique<DdpmSampler>(s.variance);
  if (s.name == "ddim") {
    if (!(s.eta >= 0.0)) throw std::invalid_argument("DDIM eta must be >= 0");
    return std::make_unique<DdimSampler>(s.eta);
  }
  if (s.name == "vepc") {
    if (s.correctorSteps < 0) throw std::invalid_argument("corrector steps must be >= 0");
    if (!(s.snr > 0.0)) throw std::invalid_argument("corrector snr must be > 0");
    return std::make_unique<VePcSampler>(s.correctorSteps, s.snr);
  }
  throw std::invalid_argument("unknown sampler '" + s.name + "' (expected ddpm, ddim or vepc)");
}

static void checkLevels(int64_t from, int64_t to) {
  if (!(from > to && to >= 0)) throw std::invalid_argument("a reverse step needs from > to >= 0");
}

std::string DdpmSampler::name() const { return "ddpm(" + toString(variance_) + ")"; }

StepOutput DdpmSampler::step(Denoiser& d, const torch::Tensor& x, int64_t from, int64_t to,
                             torch::Generator& gen, const ConsistencyFn& consistency) {
  checkLevels(from, to);
  const NoiseSchedule& s = d.schedule();
  const DenoiserOutput out = d(x, from);
  const double abarFrom = s.alphaBar(from), abarTo = s.alphaBar(to);
  const double beta = 1.0 - abarFrom / abarTo;  // respaced beta'
  // Mean of q(x_to | x_from, x0) written with the denoiser's x0.
  const double coefX0 = std::sqrt(abarTo) * beta / (1.0 - abarFrom);
  const double coefX = std::sqrt(1.0 - beta) * (1.0 - abarTo) / (1.0 - abarFrom);
  torch::Tensor next = coefX0 * out.x0 + coefX * x;
  if (to > 0) {
    const double posteriorVar = beta * (1.0 - abarTo) / (1.0 - abarFrom);
    torch::Tensor stddev;
    switch (variance_) {
      case DdpmVariance::FixedSmall:
        stddev = torch::full({}, std::sqrt(posteriorVar), x.options());
        break;
      case DdpmVariance::FixedLarge:
        stddev = torch::full({}, std::sqrt(beta), x.options());
        break;
      case DdpmVariance::Learned: {
        if (!out.varianceV.defined())
          throw std::runtime_error(
              "sampler 'ddpm' with learned variance needs a model with "
              "learned variance (2C output channels)");
        const auto frac = (out.varianceV + 1.0) / 2.0;
        const auto logVar = frac * std::log(beta) + (1.0 - frac) * std::log(posteriorVar);
        stddev = torch::exp(0.5 * logVar);
        break;
      }
    }
    next = next + stddev * gaussianLike(x, gen);
  }
  if (consistency) next = consistency(next, to);
  return {next, out.x0};
}

std::string DdimSampler::name() const { return "ddim(eta=" + std::to_string(eta_) + ")"; }

StepOutput DdimSampler::step(Denoiser& d, const torch::Tensor& x, int64_t from, int64_t to,
                             torch::Generator& gen, const ConsistencyFn& consistency) {
  checkLevels(from, to);
  const NoiseSchedule& s = d.schedule();
  const DenoiserOutput out = d(x, from);
  const double abarFrom = s.alphaBar(from), abarTo = s.alphaBar(to);
  const double sigma =
      eta_ * std::sqrt((1.0 - abarTo) / (1.0 - abarFrom)) * std::sqrt(1.0 - abarFrom / abarTo);
  const double direction = std::sqrt(std::max(0.0, 1.0 - abarTo - sigma * sigma));
  torch::Tensor next = std::sqrt(abarTo) * out.x0 + direction * out.eps;
  if (sigma > 0) next = next + sigma * gaussianLike(x, gen);
  if (consistency) next = consistency(next, to);
  return {next, out.x0};
}

std::string VePcSampler::name() const {
  return "vepc(correctors=" + std::to_string(correctorSteps_) + ", snr=" + std::to_string(snr_) +
         ")";
}

// Per-sample Euclidean norm over all but the batch dimension, shaped to broadcast against x.
static torch::Tensor perSampleNorm(const torch::Tensor& t) {
  auto n = t.flatten(1).norm(2, {1});
  std::vector<int64_t> shape(t.dim(), 1);
  shape[0] = t.size(0);
  return n.view(shape);
}

StepOutput VePcSampler::step(Denoiser& d, const torch::Tensor& x, int64_t from, int64_t to,
                             torch::Generator& gen, const ConsistencyFn& consistency) {
  checkLevels(from, to);
  const NoiseSchedule& s = d.schedule();
  const double sigmaFrom = s.noiseScale(from), sigmaTo = s.noiseScale(to);
  torch::Tensor state = x;
  // Langevin corrector at the current level (score-SDE order: corrector, then predictor).
  for (int64_t m = 0; m < correctorSteps_; ++m) {
    const auto score = -d(state, from).eps / sigmaFrom;
    const auto z = gaussianLike(state, gen);
    const auto ratio = snr_ * perSampleNorm(z) / perSampleNorm(score).clamp_min(1e-12);
    const auto stepSize = 2.0 * ratio * ratio;
    state = state + stepSize * score + torch::sqrt(2.0 * stepSize) * z;
    if (consistency) state = consistency(state, from);
  }
  // Reverse-diffusion predictor.
  const DenoiserOutput out = d(state, from);
  const auto score = -out.eps / sigmaFrom;
  const double dv = sigmaFrom * sigmaFrom - sigmaTo * sigmaTo;
  torch::Tensor next = state + dv * score;
  if (to > 0) next = next + std::sqrt(dv) * gaussianLike(state, gen);
  if (consistency) next = consistency(next, to);
  return {next, out.x0};
}

}  // namespace ccdf
