#pragma once
// One denoiser interface for every parameterisation (eps, x0, v, score) and both VP and VE
// schedules. Samplers only ever see {eps, x0} (+ the learned-variance channel when present).
#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "schedule/noise_schedule.h"

namespace ccdf {

enum class Prediction { Eps, X0, V, Score };
std::string toString(Prediction p);
Prediction predictionFromString(const std::string& name);  // throws std::invalid_argument

struct DenoiserOutput {
  torch::Tensor eps;        // noise estimate, same shape as x
  torch::Tensor x0;         // clean-image estimate E[x_0 | x_i]
  torch::Tensor varianceV;  // learned-range interpolation value v in [-1, 1]; undefined if absent
};

class Denoiser {
 public:
  virtual ~Denoiser() = default;
  virtual const NoiseSchedule& schedule() const = 0;
  // Denoise x at level i (1..N). Counts one network evaluation.
  DenoiserOutput operator()(const torch::Tensor& x, int64_t i);
  virtual bool hasLearnedVariance() const { return false; }
  virtual std::string name() const = 0;

  int64_t nfe() const { return nfe_; }
  void resetNfe() { nfe_ = 0; }

 protected:
  virtual DenoiserOutput evaluate(const torch::Tensor& x, int64_t i) = 0;

 private:
  int64_t nfe_ = 0;
};

// Converts any raw prediction into {eps, x0} given x = a x0 + b z.
DenoiserOutput convertPrediction(Prediction kind, const torch::Tensor& x,
                                 const torch::Tensor& prediction, double a, double b);

// A denoiser around a network f(x, c) -> prediction, where c is a [B] float tensor of
// noise-conditioning values (schedule.conditioning(i), or sigma_i / timestep for imported
// models; see ConditioningKind). With learnedVariance the network returns 2C channels.
enum class ConditioningKind { Index1000, TimestepZeroBased, Sigma };
std::string toString(ConditioningKind c);
ConditioningKind conditioningFromString(const std::string& name);

class NetworkDenoiser : public Denoiser {
 public:
  using Network = std::function<torch::Tensor(const torch::Tensor& x, const torch::Tensor& c)>;
  NetworkDenoiser(std::string name, NoiseSchedule schedule, Network network, Prediction prediction,
                  ConditioningKind conditioning, bool learnedVariance, double clipX0 = 0.0);

  const NoiseSchedule& schedule() const override { return schedule_; }
  bool hasLearnedVariance() const override { return learnedVariance_; }
  std::string name() const override { return name_; }

 protected:
  DenoiserOutput evaluate(const torch::Tensor& x, int64_t i) override;

 private:
  std::string name_;
  NoiseSchedule schedule_;
  Network network_;
  Prediction prediction_;
  ConditioningKind conditioning_;
  bool learnedVariance_;
  double
      clipX0_;  // > 0: clamp x0 to [-clip, clip] and recompute eps (guided-diffusion clip_denoised)
};

}  // namespace ccdf
