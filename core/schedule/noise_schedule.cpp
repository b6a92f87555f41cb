#include "schedule/noise_schedule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ccdf {

std::string toString(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::VpLinear:
      return "vp-linear";
    case ScheduleKind::VpCosine:
      return "vp-cosine";
    case ScheduleKind::VeGeometric:
      return "ve-geometric";
  }
  return "?";
}

ScheduleKind scheduleKindFromString(const std::string& name) {
  if (name == "vp-linear") return ScheduleKind::VpLinear;
  if (name == "vp-cosine") return ScheduleKind::VpCosine;
  if (name == "ve-geometric") return ScheduleKind::VeGeometric;
  throw std::invalid_argument("unknown schedule '" + name +
                              "' (expected vp-linear, vp-cosine or ve-geometric)");
}

NoiseSchedule::NoiseSchedule(ScheduleKind kind, double p0, double p1, std::vector<double> alphaBar,
                             std::vector<double> sigma)
    : kind_(kind), p0_(p0), p1_(p1), alphaBar_(std::move(alphaBar)), sigma_(std::move(sigma)) {}

NoiseSchedule NoiseSchedule::vpLinear(int64_t N, double betaStart, double betaEnd) {
  if (N < 1 || !(betaStart > 0) || !(betaEnd < 1) || betaStart > betaEnd)
    throw std::invalid_argument(
        "vp-linear schedule needs N >= 1 and 0 < beta_start <= beta_end < 1");
  std::vector<double> abar(N + 1, 1.0);
  for (int64_t i = 1; i <= N; ++i) {
    const double beta = N == 1 ? betaStart : betaStart + (betaEnd - betaStart) * (i - 1) / (N - 1);
    abar[i] = abar[i - 1] * (1.0 - beta);
  }
  return NoiseSchedule(ScheduleKind::VpLinear, betaStart, betaEnd, std::move(abar), {});
}

NoiseSchedule NoiseSchedule::vpCosine(int64_t N, double offset) {
  if (N < 1 || !(offset >= 0))
    throw std::invalid_argument("vp-cosine schedule needs N >= 1 and offset >= 0");
  // Nichol & Dhariwal (2021): abar(t) = f(t)/f(0), f(t) = cos^2(((t/N + s)/(1 + s)) pi/2),
  // with each beta clipped at 0.999.
  const auto f = [&](double t) {
    const double c = std::cos((t / N + offset) / (1 + offset) * M_PI / 2);
    return c * c;
  };
  std::vector<double> abar(N + 1, 1.0);
  for (int64_t i = 1; i <= N; ++i) {
    const double beta = std::min(1.0 - f(i) / f(i - 1), 0.999);
    abar[i] = abar[i - 1] * (1.0 - beta);
  }
  return NoiseSchedule(ScheduleKind::VpCosine, offset, 0.999, std::move(abar), {});
}

NoiseSchedule NoiseSchedule::veGeometric(double sigmaMin, double sigmaMax, int64_t N) {
  if (N < 2 || !(sigmaMin > 0) || !(sigmaMax > sigmaMin))
    throw std::invalid_argument("ve-geometric schedule needs N >= 2 and 0 < sigma_min < sigma_max");
  std::vector<double> sigma(N + 1, 0.0);
  for (int64_t i = 1; i <= N; ++i)
    sigma[i] = sigmaMin * std::pow(sigmaMax / sigmaMin, double(i - 1) / double(N - 1));
  return NoiseSchedule(ScheduleKind::VeGeometric, sigmaMin, sigmaMax,
                       std::vector<double>(N + 1, 1.0), std::move(sigma));
}

void NoiseSchedule::checkIndex(int64_t i) const {
  if (i < 0 || i > size())
    throw std::out_of_range("noise level " + std::to_string(i) + " outside [0, " +
                            std::to_string(size()) + "]");
}

double NoiseSchedule::alphaBar(int64_t i) const {
  checkIndex(i);
  return alphaBar_[i];
}

double NoiseSchedule::sigma(int64_t i) const {
  checkIndex(i);
  if (!isVariancePreserving()) return sigma_[i];
  return std::sqrt((1.0 - alphaBar_[i]) / alphaBar_[i]);
}

double NoiseSchedule::signalScale(int64_t i) const {
  checkIndex(i);
  return isVariancePreserving() ? std::sqrt(alphaBar_[i]) : 1.0;
}

double NoiseSchedule::noiseScale(int64_t i) const {
  checkIndex(i);
  return isVariancePreserving() ? std::sqrt(1.0 - alphaBar_[i]) : sigma_[i];
}

double NoiseSchedule::conditioning(int64_t i) const {
  checkIndex(i);
  return 1000.0 * double(i) / double(size());
}

int64_t NoiseSchedule::indexForTime(double t0) const {
  if (!(t0 > 0.0 && t0 <= 1.0))
    throw std::invalid_argument("t0 must lie in (0, 1], got " + std::to_string(t0));
  return std::clamp<int64_t>(std::llround(t0 * double(size())), 1, size());
}

std::vector<int64_t> respacedLevels(int64_t start, int64_t steps) {
  if (start < 1) throw std::invalid_argument("respacing needs a start level >= 1");
  if (steps < 1) throw std::invalid_argument("the number of steps must be at least 1");
  const int64_t K = std::min(steps, start);
  std::vector<int64_t> levels(K + 1);
  for (int64_t k = 0; k <= K; ++k)
    levels[k] = std::llround(double(start) * double(K - k) / double(K));
  return levels;  // strictly decreasing because K <= start
}

double respacedBeta(const NoiseSchedule& s, int64_t from, int64_t to) {
  return 1.0 - s.alphaBar(from) / s.alphaBar(to);
}

}  // namespace ccdf
