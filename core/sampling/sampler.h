#pragma once
// Reverse-diffusion samplers as pure maths: one step from level `from` to level `to` (< from).
// Data consistency is injected by the caller, so that predictor-corrector samplers can apply it
// after the predictor and after every corrector step.
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>

#include "model/denoiser.h"

namespace ccdf {

struct StepOutput {
  torch::Tensor x;   // the state at level `to`
  torch::Tensor x0;  // the denoiser's clean estimate at level `from`
};

// Maps a state at a level to its data-consistent version at that level.
using ConsistencyFn = std::function<torch::Tensor(const torch::Tensor& x, int64_t level)>;

// Gaussian noise drawn on the CPU from `gen` (so runs are identical on every device) and moved
// to x's device.
torch::Tensor gaussianLike(const torch::Tensor& x, torch::Generator& gen);

class Sampler {
 public:
  virtual ~Sampler() = default;
  virtual std::string name() const = 0;
  virtual bool supports(const NoiseSchedule& s) const = 0;
  // Network evaluations one step costs.
  virtual int64_t nfePerStep() const { return 1; }
  virtual StepOutput step(Denoiser& denoiser, const torch::Tensor& x, int64_t from, int64_t to,
                          torch::Generator& gen, const ConsistencyFn& consistency) = 0;
};

enum class DdpmVariance { FixedSmall, FixedLarge, Learned };
std::string toString(DdpmVariance v);
DdpmVariance ddpmVarianceFromString(const std::string& name);

// Ancestral DDPM step on a respaced VP schedule (IDDPM): beta' = 1 - abar_from / abar_to.
class DdpmSampler : public Sampler {
 public:
  explicit DdpmSampler(DdpmVariance variance = DdpmVariance::FixedSmall) : variance_(variance) {}
  std::string name() const override;
  bool supports(const NoiseSchedule& s) const override { return s.isVariancePreserving(); }
  StepOutput step(Denoiser& d, const torch::Tensor& x, int64_t from, int64_t to,
                  torch::Generator& gen, const ConsistencyFn& consistency) override;

 private:
  DdpmVariance variance_;
};

// DDIM step with stochasticity eta (eta = 0: deterministic; eta = 1: DDPM-like).
class DdimSampler : public Sampler {
 public:
  explicit DdimSampler(double eta = 0.0) : eta_(eta) {}
  std::string name() const override;
  bool supports(const NoiseSchedule& s) const override { return s.isVariancePreserving(); }
  StepOutput step(Denoiser& d, const torch::Tensor& x, int64_t from, int64_t to,
                  torch::Generator& gen, const ConsistencyFn& consistency) override;

 private:
  double eta_;
};

// VE predictor-corrector: reverse-diffusion predictor, then `correctorSteps` Langevin steps
// at the new level with the given signal-to-noise ratio. DC after the predictor and after each
// corrector step. No noise is added on the final step to level 0.
class VePcSampler : public Sampler {
 public:
  explicit VePcSampler(int64_t correctorSteps = 1, double snr = 0.16)
      : correctorSteps_(correctorSteps), snr_(snr) {}
  std::string name() const override;
  bool supports(const NoiseSchedule& s) const override { return !s.isVariancePreserving(); }
  int64_t nfePerStep() const override { return 1 + correctorSteps_; }
  StepOutput step(Denoiser& d, const torch::Tensor& x, int64_t from, int64_t to,
                  torch::Generator& gen, const ConsistencyFn& consistency) override;

 private:
  int64_t correctorSteps_;
  double snr_;
};

// Builds a sampler from its name: "ddpm" (variance: small|large|learned), "ddim" (eta), "vepc".
struct SamplerSettings {
  std::string name = "ddpm";
  DdpmVariance variance = DdpmVariance::FixedSmall;
  double eta = 0.0;
  int64_t correctorSteps = 1;
  double snr = 0.16;
};
std::unique_ptr<Sampler> makeSampler(const SamplerSettings& settings);  // throws on unknown name

}  // namespace ccdf
