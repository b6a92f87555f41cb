#pragma once
// Ground truth for tests on Gaussian data distributions: closed-form posteriors under noise-free
// linear measurements, exact linear-Gaussian predictions of what a discretised VP sampler
// returns, sample statistics with tolerances derived from the number of samples, and the small
// test problems (prior + operator) shared by tst_posterior and tst_contraction.
//
// Everything here is computed in double precision from first principles (dense matrices built
// with independent code), never from the engine's own samplers or data-consistency maps.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ccdf/run.h"
#include "ops/operator.h"
#include "prior/gaussian_prior.h"
#include "schedule/noise_schedule.h"

namespace ccdf::test {

torch::Generator makeGenerator(uint64_t seed);

// A Gaussian law on flattened images: mean [D], covariance [D, D] (float64).
struct GaussianLaw {
  torch::Tensor mean;
  torch::Tensor cov;
};

// f(S) = U diag(f(lambda)) U^T for a symmetric matrix S.
torch::Tensor spectralFunction(const torch::Tensor& S, const std::function<double(double)>& f);

// Orthogonal projections P = A^H A onto the measured subspace, built directly (not through the
// engine's operators). Images are single-channel [H, W], D = H*W.
torch::Tensor inpaintingProjection(const torch::Tensor& mask);  // diag(mask)
torch::Tensor superResolutionProjection(int64_t height, int64_t width, int64_t factor);
torch::Tensor cartesianMriProjection(const torch::Tensor& mask);  // Re F^H diag(M) F

// Posterior of N(mu, Sigma) given the noise-free measurement P x = P xTrue:
//   mean = mu + Sigma U (U^T Sigma U)^-1 U^T (xTrue - mu),
//   cov  = Sigma - Sigma U (U^T Sigma U)^-1 U^T Sigma,   U = orthonormal basis of range(P).
GaussianLaw exactPosterior(const GaussianLaw& prior, const torch::Tensor& P,
                           const torch::Tensor& xTrue);

// exactPosterior(prior, P, x).mean for a batch of truths x [B, ...] at once: [B, 1, 8, 8].
torch::Tensor posteriorMeans(const GaussianLaw& prior, const torch::Tensor& P,
                             const torch::Tensor& xTrue);

// n draws [n, 1, H, W] (float64) from a possibly singular law.
torch::Tensor sampleLaw(const GaussianLaw& law, int64_t n, int64_t height, int64_t width,
                        torch::Generator& gen);

// One reverse step, written out for a single Gaussian eigen-direction with prior variance
// lambda and the exact denoiser: the deviation from the true mean, d = x - a_from mu, maps to
// d' = gain * d + sqrt(noiseVar) z. DdpmSmall/DdpmLarge: DDPM with beta-tilde / beta variance;
// Ddim: the DDIM step with the given eta (eta = 1 is the same kernel as DdpmSmall);
// VePredictor: the VE reverse-diffusion predictor x + (s_f^2 - s_t^2) score + sqrt(.) z
// (no corrector: the Langevin step size is data dependent).
struct LinearStep {
  double gain = 1, noiseVar = 0;
};
enum class LinearKind { DdpmSmall, DdpmLarge, Ddim, VePredictor };
LinearStep linearStep(const NoiseSchedule& s, int64_t from, int64_t to, double lambda,
                      LinearKind kind, double eta);
// A whole run over `levels` (levels[0] = start ... 0): total gain and accumulated noise variance.
LinearStep linearRun(const NoiseSchedule& s, const std::vector<int64_t>& levels, double lambda,
                     LinearKind kind, double eta);

// Prediction of the law a discretised run returns on a prior that does not couple the
// measured subspace range(P) with its complement (Sigma P = P Sigma): the measured part is the
// measurement, the rest is g(Sigma) applied to the start state. startMean is E[x_start] on the
// unmeasured part minus a_start * mu; startVar(lambda) the start variance per eigen-direction.
GaussianLaw predictDecoupledRun(const GaussianLaw& prior, const GaussianLaw& exact,
                                const torch::Tensor& P, const NoiseSchedule& s,
                                const std::vector<int64_t>& levels, LinearKind kind, double eta,
                                const std::function<double(double)>& startVar,
                                const torch::Tensor& startMeanDeviation);

// Sample statistics of n draws against a target law, in the target's whitened coordinates
// w = Lambda^-1/2 U^T (x - m) over the target's range (rank r). Under H0 (draws from the
// target): B |mean w|^2 ~ chi^2_r, tr(cov w)/r - 1 has sd sqrt(2 / (r (B - 1))), and
// |cov w - I|_F^2 has expectation r (r + 1) / (B - 1).
struct LawComparison {
  int64_t n = 0, rank = 0;
  double meanChi2Z = 0;      // (B |mean w|^2 - r) / sqrt(2 r), ~ N(0, 1) under H0
  double maxMeanZ = 0;       // max_j sqrt(B) |mean w_j|
  double varBias = 0;        // tr(cov w) / r - 1: mean relative variance error
  double varBiasSd = 0;      // its standard deviation under H0
  double covFroRatio = 0;    // |cov w - I|_F / sqrt(r (r + 1) / (B - 1)), ~1 under H0
  double meanChi2 = 0;       // B |mean w|^2
  double covFro = 0;         // |cov w - I|_F
  double trC = 0, trC2 = 0;  // tr(cov w), tr(cov w ^2): plug-in estimates of the draws' law
  double maxOutside = 0;     // max |x - m| along the target's null space (measured directions)
  double meanErrRms = 0;     // pixel RMS of (sample mean - target mean)
  double meanErrRel = 0;     // |sample mean - m| / sqrt(tr C)
  double varErrRel = 0;      // |diag(sample cov) - diag C| / |diag C| (pixel variances)
};
LawComparison compareToLaw(const torch::Tensor& samples, const GaussianLaw& target);
std::string describe(const LawComparison& c);

// The deterministic difference between a law (e.g. a predicted discretised-sampler output) and
// a target, in the target's whitened coordinates: what compareToLaw would report without
// sampling error. Used as the discretisation allowance when samples are checked against the
// exact posterior.
struct LawDiscrepancy {
  bool none = true;        // the draws' law is the target itself (M = I)
  double varBias = 0;      // tr(M) / r - 1, M = W C W^T the law's whitened covariance
  double whitenedFro = 0;  // |M - I|_F
  double meanShift = 0;    // |W (m - m_target)|
  double trM = 0, trM2 = 0, maxEigM = 0;
};
// Only the mean is checked; the variance is taken from the draws themselves (plug-in).
LawDiscrepancy meanOnly(const LawComparison& c);
LawDiscrepancy discrepancy(const GaussianLaw& law, const GaussianLaw& target);

// Statistical acceptance of `c` (n draws) against its target, allowing a known deterministic
// discrepancy `allowed` (zero when the target is the exact law of the draws). Each check is
// kZ standard deviations of its sampling distribution wide. Returns "" when all pass, else a
// description of the failed checks.
constexpr double kZ = 5.0;
std::string statisticalMismatch(const LawComparison& c, const LawDiscrepancy& allowed = {});

// Relative Frobenius distance |A - B|_F / |B|_F.
double relativeDistance(const torch::Tensor& a, const torch::Tensor& b);

// Test problems on 8x8 single-channel images (D = 64). Every prior is float64.
struct Scenario {
  std::string name;
  GaussianPrior prior;
  std::shared_ptr<const Operator> op;  // shape [1, 1, 8, 8]; accepts any batch
  torch::Tensor P;                     // independent projection matrix [64, 64]
  GaussianLaw priorLaw;
  bool decoupled = true;  // Sigma commutes with P
};
constexpr int64_t kSide = 8;
// Independent pixels, random 0/1 inpainting mask (Pixel basis).
Scenario inpaintingPixelScenario(uint64_t seed);
// Stationary power-law prior (Fourier basis), conjugate-symmetric 1D Cartesian mask.
Scenario mriFourierScenario(uint64_t seed);
// Dense prior split along range(A^H) (normalised 2x2 block indicators) and its orthonormal
// complement; x2 super-resolution.
Scenario srDenseScenario(uint64_t seed);
// Correlated prior with a random eigenbasis (Dense), centred 4x4 inpainting hole: the prior
// couples measured and unmeasured pixels, so replacement DC is an approximation.
Scenario inpaintingCorrelatedScenario(uint64_t seed);

// Repeats one image [1, 1, H, W] (or flattened [D]) n times along the batch.
torch::Tensor repeatImage(const torch::Tensor& image, int64_t n);
torch::Tensor flattenImages(const torch::Tensor& images);  // [B, ...] -> [B, D] float64

// Mean over chains of the per-pixel squared error |a - b|^2 / D.
double meanSquaredError(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace ccdf::test
