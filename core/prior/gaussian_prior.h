#pragma once
// Exact denoisers for Gaussian data distributions N(mu, Sigma) with Sigma = B^T diag(lambda) B
// in an orthonormal basis B. For x = a x0 + b z the posterior mean is exact:
//   E[x0 | x] = mu + B^T [ a lambda / (a^2 lambda + b^2) ] B (x - a mu),
// so samplers and data consistency can be checked against closed forms, and the CLI can run
// before any network is trained ("gaussian-*" models, honestly labelled).
#include <torch/torch.h>

#include <string>

#include "model/denoiser.h"

namespace ccdf {

enum class GaussianBasis {
  Pixel,    // independent pixels: lambda has the image shape [C, H, W]
  Fourier,  // stationary: lambda is a power spectrum [C, H, W] in the orthonormal 2D FFT basis
  Dense     // full eigenbasis: rows of `basis` [D, D] are eigenvectors, D = C*H*W
};

struct GaussianPrior {
  GaussianBasis basis = GaussianBasis::Pixel;
  torch::Tensor mean;          // [C, H, W]
  torch::Tensor eigenvalues;   // [C, H, W] (Pixel, Fourier) or [D] (Dense)
  torch::Tensor eigenvectors;  // [D, D] (Dense only), orthonormal rows

  // Covariance as a dense float64 [D, D] matrix, D = C*H*W (small images only; for tests).
  torch::Tensor covariance() const;
  // Draws n samples [n, C, H, W] (mean's dtype) from the CPU generator `gen`. Fourier priors
  // filter real white noise: x = mu + Re F^-1 [sqrt(P) F z], which has covariance F^H diag(P) F
  // because P(f) = P(-f) is enforced (std::invalid_argument otherwise).
  torch::Tensor sample(int64_t n, torch::Generator& gen) const;
  std::vector<int64_t> imageShape() const;  // [C, H, W]
};

// A stationary prior for images of any size: power spectrum P(f) = c / (f^2 + f0^2)^(alpha/2)
// per channel (f in cycles/pixel), fitted by least squares in log space to the periodograms of
// the given images [N, C, H, W] (values in the model's range). The mean is the per-channel mean.
struct PowerLawSpectrum {
  std::vector<double> channelMean, scale, cornerFrequency, exponent;
  int64_t channels() const { return static_cast<int64_t>(channelMean.size()); }
  GaussianPrior priorFor(int64_t height, int64_t width) const;
};
PowerLawSpectrum fitPowerLawSpectrum(const torch::Tensor& images);

class GaussianDenoiser : public Denoiser {
 public:
  GaussianDenoiser(GaussianPrior prior, NoiseSchedule schedule, std::string name = "gaussian");
  const NoiseSchedule& schedule() const override { return schedule_; }
  std::string name() const override { return name_; }
  const GaussianPrior& prior() const { return prior_; }

  // Exact E[x0 | x_i] (also what evaluate() returns as x0).
  torch::Tensor posteriorMean(const torch::Tensor& x, double a, double b) const;

 protected:
  DenoiserOutput evaluate(const torch::Tensor& x, int64_t i) override;

 private:
  GaussianPrior prior_;
  NoiseSchedule schedule_;
  std::string name_;
};

// Analyses x in the prior's basis (coefficients have the shape of `eigenvalues` per batch item)
// and synthesises back. Exposed for tests computing closed-form posteriors. The maps are linear
// (the mean is not subtracted): Pixel = identity, Fourier = orthonormal fft2 over (H, W) giving
// complex coefficients (synthesise returns the real part of the inverse), Dense = x_flat V^T.
torch::Tensor analyse(const GaussianPrior& p, const torch::Tensor& x);
torch::Tensor synthesise(const GaussianPrior& p, const torch::Tensor& coeffs);

}  // namespace ccdf
