#include "model/denoiser.h"

#include <stdexcept>

namespace ccdf {

std::string toString(Prediction p) {
  switch (p) {
    case Prediction::Eps:
      return "eps";
    case Prediction::X0:
      return "x0";
    case Prediction::V:
      return "v";
    case Prediction::Score:
      return "score";
  }
  return "?";
}

Prediction predictionFromString(const std::string& name) {
  if (name == "eps") return Prediction::Eps;
  if (name == "x0") return Prediction::X0;
  if (name == "v") return Prediction::V;
  if (name == "score") return Prediction::Score;
  throw std::invalid_argument("unknown prediction type '" + name +
                              "' (expected eps, x0, v or score)");
}

std::string toString(ConditioningKind c) {
  switch (c) {
    case ConditioningKind::Index1000:
      return "index1000";
    case ConditioningKind::TimestepZeroBased:
      return "timestep";
    case ConditioningKind::Sigma:
      return "sigma";
  }
  return "?";
}

ConditioningKind conditioningFromString(const std::string& name) {
  if (name == "index1000") return ConditioningKind::Index1000;
  if (name == "timestep") return ConditioningKind::TimestepZeroBased;
  if (name == "sigma") return ConditioningKind::Sigma;
  throw std::invalid_argument("unknown conditioning '" + name +
                              "' (expected index1000, timestep or sigma)");
}

DenoiserOutput Denoiser::operator()(const torch::Tensor& x, int64_t i) {
  ++nfe_;
  return evaluate(x, i);
}

DenoiserOutput convertPrediction(Prediction kind, const torch::Tensor& x,
                                 const torch::Tensor& prediction, double a, double b) {
  DenoiserOutput out;
  switch (kind) {
    case Prediction::Eps:
      out.eps = prediction;
      out.x0 = (x - b * prediction) / a;
      break;
    case Prediction::X0:
      out.x0 = prediction;
      out.eps = (x - a * prediction) / b;
      break;
    case Prediction::V:  // v = a eps - b x0 (VP: a^2 + b^2 = 1)
      out.x0 = a * x - b * prediction;
      out.eps = b * x + a * prediction;
      break;
    case Prediction::Score:  // score = -eps / b
      out.eps = -b * prediction;
      out.x0 = (x + (b * b) * prediction) / a;
      break;
  }
  return out;
}

NetworkDenoiser::NetworkDenoiser(std::string name, NoiseSchedule schedule, Network network,
                                 Prediction prediction, ConditioningKind conditioning,
                                 bool learnedVariance, double clipX0)
    : name_(std::move(name)),
      schedule_(std::move(schedule)),
      network_(std::move(network)),
      prediction_(prediction),
      conditioning_(conditioning),
      learnedVariance_(learnedVariance),
      clipX0_(clipX0) {
  if (prediction_ == Prediction::V && !schedule_.isVariancePreserving())
    throw std::invalid_argument("v-prediction needs a variance-preserving schedule");
}

DenoiserOutput NetworkDenoiser::evaluate(const torch::Tensor& x, int64_t i) {
  double c = 0;
  switch (conditioning_) {
    case ConditioningKind::Index1000:
      c = schedule_.conditioning(i);
      break;
    case ConditioningKind::TimestepZeroBased:
      c = double(i - 1);
      break;
    case ConditioningKind::Sigma:
      c = schedule_.sigma(i);
      break;
  }
  const auto cond = torch::full({x.size(0)}, c, x.options());
  torch::Tensor raw = network_(x, cond);
  const int64_t C = x.size(1);
  const int64_t expected = learnedVariance_ ? 2 * C : C;
  if (raw.dim() != 4 || raw.size(0) != x.size(0) || raw.size(1) != expected ||
      raw.size(2) != x.size(2) || raw.size(3) != x.size(3))
    throw std::runtime_error("model '" + name_ + "' returned shape " + c10::str(raw.sizes()) +
                             " for input " + c10::str(x.sizes()) + " (expected " +
                             std::to_string(expected) + " channels)");
  torch::Tensor v;
  if (learnedVariance_) {
    v = raw.narrow(1, C, C);
    raw = raw.narrow(1, 0, C);
  }
  const double a = schedule_.signalScale(i), b = schedule_.noiseScale(i);
  DenoiserOutput out = convertPrediction(prediction_, x, raw, a, b);
  if (clipX0_ > 0) {
    out.x0 = out.x0.clamp(-clipX0_, clipX0_);
    out.eps = (x - a * out.x0) / b;
  }
  out.varianceV = v;
  return out;
}

}  // namespace ccdf
