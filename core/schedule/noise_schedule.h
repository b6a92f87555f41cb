#pragma once
// Discrete noise schedules for variance-preserving (DDPM) and variance-exploding (SMLD) diffusion.
//
// Index convention: i = 0 is clean data, i = 1..N are the noise levels of the forward process.
// Every level is described by x_i = a_i * x_0 + b_i * z (z ~ N(0, I)):
//   VP: a_i = sqrt(alphaBar_i), b_i = sqrt(1 - alphaBar_i), alphaBar_0 = 1.
//   VE: a_i = 1, b_i = sigma_i, sigma_0 = 0.
#include <cstdint>
#include <string>
#include <vector>

namespace ccdf {

enum class ScheduleKind { VpLinear, VpCosine, VeGeometric };

std::string toString(ScheduleKind kind);
ScheduleKind scheduleKindFromString(const std::string& name);  // throws std::invalid_argument

class NoiseSchedule {
 public:
  static NoiseSchedule vpLinear(int64_t N = 1000, double betaStart = 1e-4, double betaEnd = 0.02);
  static NoiseSchedule vpCosine(int64_t N = 1000, double offset = 0.008);
  static NoiseSchedule veGeometric(double sigmaMin, double sigmaMax, int64_t N);

  ScheduleKind kind() const { return kind_; }
  bool isVariancePreserving() const { return kind_ != ScheduleKind::VeGeometric; }
  int64_t size() const { return static_cast<int64_t>(alphaBar_.size()) - 1; }  // N

  double alphaBar(int64_t i) const;  // VP only (VE returns 1)
  double sigma(int64_t i) const;     // VE: sigma_i; VP: b_i / a_i (the equivalent VE noise level)
  double signalScale(int64_t i) const;  // a_i
  double noiseScale(int64_t i) const;   // b_i
  // Continuous noise-conditioning value in [0, 1000] fed to the project's own networks.
  double conditioning(int64_t i) const;

  // Parameters, for manifests and logs.
  double betaStart() const { return p0_; }
  double betaEnd() const { return p1_; }
  double sigmaMin() const { return p0_; }
  double sigmaMax() const { return p1_; }

  // The index reached from a time t0 in (0, 1]: round(t0 * N), at least 1.
  int64_t indexForTime(double t0) const;

 private:
  NoiseSchedule(ScheduleKind kind, double p0, double p1, std::vector<double> alphaBar,
                std::vector<double> sigma);
  void checkIndex(int64_t i) const;

  ScheduleKind kind_;
  double p0_, p1_;
  std::vector<double> alphaBar_;  // size N + 1
  std::vector<double> sigma_;     // size N + 1 (VE only; empty for VP)
};

// The decreasing subsequence of levels a respaced reverse run visits: levels[0] = start > ... >
// levels[K] = 0. K = min(steps, start); levels are spread evenly (IDDPM respacing), with the
// first reverse step leaving exactly from `start` (the CCDF forward-jump level).
std::vector<int64_t> respacedLevels(int64_t start, int64_t steps);

// Effective beta of a respaced VP step from level `from` down to level `to`:
// beta' = 1 - alphaBar_from / alphaBar_to.
double respacedBeta(const NoiseSchedule& s, int64_t from, int64_t to);

}  // namespace ccdf
