#include "prior/gaussian_prior.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ccdf {

namespace {

constexpr auto kDouble = torch::kFloat64;

std::string shapeString(torch::IntArrayRef s) { return c10::str(s); }

int64_t numelOf(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

torch::Tensor fft2Ortho(const torch::Tensor& x) {
  return torch::fft::fft2(x, c10::nullopt, {-2, -1}, "ortho");
}

torch::Tensor ifft2Ortho(const torch::Tensor& k) {
  return torch::fft::ifft2(k, c10::nullopt, {-2, -1}, "ortho");
}

// P(-f) on the non-centred FFT grid: index (-k mod H, -l mod W).
torch::Tensor reflectFrequencies(const torch::Tensor& p) {
  return torch::roll(torch::flip(p, {-2, -1}), {1, 1}, {-2, -1});
}

// Throws std::invalid_argument unless the prior is well formed.
void validate(const GaussianPrior& p) {
  if (!p.mean.defined() || p.mean.dim() != 3)
    throw std::invalid_argument("Gaussian prior: the mean must be a [C, H, W] tensor, got " +
                                (p.mean.defined() ? shapeString(p.mean.sizes()) : "(undefined)"));
  if (p.mean.is_complex()) throw std::invalid_argument("Gaussian prior: the mean must be real");
  if (!p.eigenvalues.defined())
    throw std::invalid_argument("Gaussian prior: the eigenvalues are undefined");
  const auto shape = p.mean.sizes().vec();
  const int64_t D = numelOf(shape);
  if (p.basis == GaussianBasis::Dense) {
    if (p.eigenvalues.dim() != 1 || p.eigenvalues.size(0) != D)
      throw std::invalid_argument("Gaussian prior (dense): eigenvalues must be [" +
                                  std::to_string(D) + "], got " +
                                  shapeString(p.eigenvalues.sizes()));
    if (!p.eigenvectors.defined() || p.eigenvectors.dim() != 2 || p.eigenvectors.size(0) != D ||
        p.eigenvectors.size(1) != D)
      throw std::invalid_argument("Gaussian prior (dense): eigenvectors must be [" +
                                  std::to_string(D) + ", " + std::to_string(D) + "]");
  } else if (p.eigenvalues.sizes().vec() != shape) {
    throw std::invalid_argument("Gaussian prior: eigenvalues " +
                                shapeString(p.eigenvalues.sizes()) +
                                " must have the mean's shape " + shapeString(p.mean.sizes()));
  }
  const auto lambda = p.eigenvalues.to(kDouble);
  if (!torch::isfinite(lambda).all().item<bool>() || (lambda < 0).any().item<bool>())
    throw std::invalid_argument("Gaussian prior: eigenvalues must be finite and non-negative");
  if (p.basis == GaussianBasis::Fourier) {
    // A real stationary field has a symmetric power spectrum; otherwise F^H diag(P) F is not
    // real and sampling by filtering real white noise would not give that covariance.
    const double scale = lambda.abs().max().item<double>();
    const double asym = (lambda - reflectFrequencies(lambda)).abs().max().item<double>();
    if (asym > 1e-6 * std::max(scale, 1e-300))
      throw std::invalid_argument(
          "Gaussian prior (fourier): the power spectrum must satisfy P(f) = P(-f) for a real "
          "image");
  }
}

void checkImages(const GaussianPrior& p, const torch::Tensor& x, const char* what) {
  const auto shape = p.imageShape();
  if (!x.defined() || x.dim() != 4 || x.size(1) != shape[0] || x.size(2) != shape[1] ||
      x.size(3) != shape[2])
    throw std::invalid_argument(std::string("Gaussian prior: ") + what + " " +
                                (x.defined() ? shapeString(x.sizes()) : "(undefined)") +
                                " does not match [B, " + std::to_string(shape[0]) + ", " +
                                std::to_string(shape[1]) + ", " + std::to_string(shape[2]) + "]");
}

// The prior in double precision on a given device (cheap: priors are small or used on small
// images; the conversion is a no-op when already there).
GaussianPrior inDouble(const GaussianPrior& p, const torch::Device& device) {
  GaussianPrior q = p;
  q.mean = p.mean.to(device, kDouble);
  q.eigenvalues = p.eigenvalues.to(device, kDouble);
  if (p.eigenvectors.defined()) q.eigenvectors = p.eigenvectors.to(device, kDouble);
  return q;
}

// x -> B^T diag(g) B x for a real [B, C, H, W] double tensor x and g shaped like the eigenvalues.
torch::Tensor applySpectral(const GaussianPrior& p, const torch::Tensor& x,
                            const torch::Tensor& g) {
  switch (p.basis) {
    case GaussianBasis::Pixel:
      return x * g;
    case GaussianBasis::Fourier:
      return torch::real(ifft2Ortho(fft2Ortho(x) * g)).contiguous();
    case GaussianBasis::Dense:
      return synthesise(p, analyse(p, x) * g);
  }
  throw std::logic_error("unknown Gaussian basis");
}

}  // namespace

std::vector<int64_t> GaussianPrior::imageShape() const {
  if (!mean.defined() || mean.dim() != 3)
    throw std::invalid_argument("Gaussian prior: the mean must be a [C, H, W] tensor");
  return mean.sizes().vec();
}

torch::Tensor GaussianPrior::covariance() const {
  validate(*this);
  const GaussianPrior p = inDouble(*this, torch::kCPU);
  const auto shape = imageShape();
  const int64_t D = numelOf(shape);
  if (basis == GaussianBasis::Dense) {
    const auto& V = p.eigenvectors;
    return V.t().matmul(p.eigenvalues.unsqueeze(1) * V);
  }
  // Columns Sigma e_j; Sigma is symmetric, so rows equal columns.
  const auto identity = torch::eye(D, torch::TensorOptions().dtype(kDouble))
                            .reshape({D, shape[0], shape[1], shape[2]});
  const auto cols = applySpectral(p, identity, p.eigenvalues).reshape({D, D});
  return 0.5 * (cols + cols.t());
}

torch::Tensor GaussianPrior::sample(int64_t n, torch::Generator& gen) const {
  validate(*this);
  if (n < 1) throw std::invalid_argument("Gaussian prior: the number of samples must be >= 1");
  const GaussianPrior p = inDouble(*this, torch::kCPU);
  const auto shape = imageShape();
  const auto opts = torch::TensorOptions().dtype(kDouble);
  torch::Tensor centred;
  switch (basis) {
    case GaussianBasis::Pixel:
    case GaussianBasis::Fourier: {
      // Fourier: x - mu = F^H diag(sqrt P) F z for real white z. With P symmetric the filter
      // F^H diag(sqrt P) F is real and symmetric, so Cov = F^H diag(P) F.
      const auto z = torch::randn({n, shape[0], shape[1], shape[2]}, gen, opts);
      centred = applySpectral(p, z, p.eigenvalues.sqrt());
      break;
    }
    case GaussianBasis::Dense: {
      const auto z = torch::randn({n, numelOf(shape)}, gen, opts);
      centred = synthesise(p, z * p.eigenvalues.sqrt());
      break;
    }
  }
  return (p.mean + centred).to(mean.scalar_type());
}

torch::Tensor analyse(const GaussianPrior& p, const torch::Tensor& x) {
  checkImages(p, x, "image");
  switch (p.basis) {
    case GaussianBasis::Pixel:
      return x;
    case GaussianBasis::Fourier:
      return fft2Ortho(x);
    case GaussianBasis::Dense: {
      const auto V = p.eigenvectors.to(x.device(), x.scalar_type());
      return x.reshape({x.size(0), -1}).matmul(V.t());
    }
  }
  throw std::logic_error("unknown Gaussian basis");
}

torch::Tensor synthesise(const GaussianPrior& p, const torch::Tensor& coeffs) {
  const auto shape = p.imageShape();
  switch (p.basis) {
    case GaussianBasis::Pixel:
      return coeffs;
    case GaussianBasis::Fourier:
      return torch::real(ifft2Ortho(coeffs)).contiguous();
    case GaussianBasis::Dense: {
      if (coeffs.dim() != 2 || coeffs.size(1) != numelOf(shape))
        throw std::invalid_argument("Gaussian prior (dense): coefficients must be [B, " +
                                    std::to_string(numelOf(shape)) + "], got " +
                                    shapeString(coeffs.sizes()));
      const auto V = p.eigenvectors.to(coeffs.device(), coeffs.scalar_type());
      return coeffs.matmul(V).reshape({coeffs.size(0), shape[0], shape[1], shape[2]});
    }
  }
  throw std::logic_error("unknown Gaussian basis");
}

// ---------------------------------------------------------------------------------------------
// Power-law spectrum

GaussianPrior PowerLawSpectrum::priorFor(int64_t height, int64_t width) const {
  if (height < 1 || width < 1)
    throw std::invalid_argument("power-law prior: the image size must be positive");
  const int64_t C = channels();
  if (C < 1 || scale.size() != size_t(C) || cornerFrequency.size() != size_t(C) ||
      exponent.size() != size_t(C))
    throw std::invalid_argument("power-law prior: inconsistent per-channel parameters");
  const auto opts = torch::TensorOptions().dtype(kDouble);
  // Signed frequencies in cycles/pixel on the non-centred FFT grid.
  const auto fy = torch::fft::fftfreq(height, 1.0, opts).unsqueeze(1);
  const auto fx = torch::fft::fftfreq(width, 1.0, opts).unsqueeze(0);
  const auto f2 = fy * fy + fx * fx;
  auto mean = torch::empty({C, height, width}, opts);
  auto power = torch::empty({C, height, width}, opts);
  for (int64_t c = 0; c < C; ++c) {
    if (!(scale[c] > 0) || !(cornerFrequency[c] > 0) || !std::isfinite(exponent[c]))
      throw std::invalid_argument("power-law prior: channel " + std::to_string(c) +
                                  " needs scale > 0, corner frequency > 0 and a finite exponent");
    mean[c].fill_(channelMean[c]);
    const double f0 = cornerFrequency[c];
    power[c] = scale[c] * torch::pow(f2 + f0 * f0, -0.5 * exponent[c]);
  }
  // fftfreq's Nyquist bin is -1/2 on both sides, so P is exactly symmetric.
  GaussianPrior prior;
  prior.basis = GaussianBasis::Fourier;
  prior.mean = mean.to(torch::kFloat32);
  prior.eigenvalues = power.to(torch::kFloat32);
  return prior;
}

PowerLawSpectrum fitPowerLawSpectrum(const torch::Tensor& images) {
  if (!images.defined() || images.dim() != 4 || images.size(0) < 1)
    throw std::invalid_argument("power-law fit: images must be a non-empty [N, C, H, W] tensor");
  if (images.is_complex()) throw std::invalid_argument("power-law fit: images must be real");
  const auto x = images.to(torch::kCPU, kDouble);
  if (!torch::isfinite(x).all().item<bool>())
    throw std::invalid_argument("power-law fit: images contain NaN or Inf");
  const int64_t C = x.size(1), H = x.size(2), W = x.size(3);
  if (H < 4 || W < 4) throw std::invalid_argument("power-law fit: images must be at least 4x4");

  const auto opts = torch::TensorOptions().dtype(kDouble);
  const auto fy = torch::fft::fftfreq(H, 1.0, opts).unsqueeze(1);
  const auto fx = torch::fft::fftfreq(W, 1.0, opts).unsqueeze(0);
  const auto fr = torch::sqrt(fy * fy + fx * fx).flatten();
  // Radial bins one grid step wide; the DC term (f = 0) is excluded (it measures the spread of
  // image means, not the spectrum's shape).
  const double df = 1.0 / double(std::max(H, W));
  const auto bin = torch::floor(fr / df + 0.5).to(torch::kLong);
  const int64_t nBins = bin.max().item<int64_t>() + 1;
  const auto counts = torch::zeros({nBins}, opts).index_add_(0, bin, torch::ones_like(fr));
  const auto fSum = torch::zeros({nBins}, opts).index_add_(0, bin, fr);

  PowerLawSpectrum fit;
  for (int64_t c = 0; c < C; ++c) {
    const auto xc = x.select(1, c);
    const double mu = xc.mean().item<double>();
    const auto periodogram = fft2Ortho(xc - mu).abs().square().mean(0).flatten();
    const auto pSum = torch::zeros({nBins}, opts).index_add_(0, bin, periodogram);
    std::vector<double> logF, logP;
    for (int64_t b = 1; b < nBins; ++b) {
      const double n = counts[b].item<double>();
      if (n <= 0) continue;
      const double f = fSum[b].item<double>() / n, power = pSum[b].item<double>() / n;
      if (!(power > 0)) continue;
      logF.push_back(f);
      logP.push_back(std::log(power));
    }
    if (logF.size() < 3)
      throw std::invalid_argument("power-law fit: channel " + std::to_string(c) +
                                  " has too few non-zero frequency bins (constant images?)");
    // log P = log c - (alpha / 2) log(f^2 + f0^2): linear least squares in (log c, alpha) for
    // each f0 on a logarithmic grid, keeping the best residual.
    double bestSse = std::numeric_limits<double>::infinity(), bestLogC = 0, bestAlpha = 0,
           bestF0 = 0;
    const double f0Min = 0.25 * df, f0Max = 1.0;
    const int grid = 96;
    for (int g = 0; g < grid; ++g) {
      const double f0 = f0Min * std::pow(f0Max / f0Min, double(g) / double(grid - 1));
      double su = 0, sv = 0, suu = 0, suv = 0;
      const double n = double(logF.size());
      for (size_t j = 0; j < logF.size(); ++j) {
        const double u = -0.5 * std::log(logF[j] * logF[j] + f0 * f0);
        su += u;
        sv += logP[j];
        suu += u * u;
        suv += u * logP[j];
      }
      const double det = n * suu - su * su;
      if (!(std::abs(det) > 1e-12 * std::max(1.0, n * suu))) continue;
      const double alpha = (n * suv - su * sv) / det;
      const double logC = (sv - alpha * su) / n;
      double sse = 0;
      for (size_t j = 0; j < logF.size(); ++j) {
        const double r = logP[j] - logC + 0.5 * alpha * std::log(logF[j] * logF[j] + f0 * f0);
        sse += r * r;
      }
      if (sse < bestSse) {
        bestSse = sse;
        bestLogC = logC;
        bestAlpha = alpha;
        bestF0 = f0;
      }
    }
    if (!std::isfinite(bestSse))
      throw std::runtime_error("power-law fit: the least-squares problem is degenerate");
    fit.channelMean.push_back(mu);
    fit.scale.push_back(std::exp(bestLogC));
    fit.cornerFrequency.push_back(bestF0);
    fit.exponent.push_back(bestAlpha);
  }
  return fit;
}

// ---------------------------------------------------------------------------------------------
// GaussianDenoiser

GaussianDenoiser::GaussianDenoiser(GaussianPrior prior, NoiseSchedule schedule, std::string name)
    : prior_(std::move(prior)), schedule_(std::move(schedule)), name_(std::move(name)) {
  validate(prior_);
}

torch::Tensor GaussianDenoiser::posteriorMean(const torch::Tensor& x, double a, double b) const {
  checkImages(prior_, x, "input");
  if (x.is_complex()) throw std::invalid_argument("Gaussian denoiser: input must be real");
  if (!(a > 0) || !(b >= 0) || !std::isfinite(a) || !std::isfinite(b))
    throw std::invalid_argument("Gaussian denoiser: needs a > 0 and b >= 0");
  const GaussianPrior p = inDouble(prior_, x.device());
  const auto xd = x.to(kDouble);
  // E[x0 | x] = mu + B^T [a lambda / (a^2 lambda + b^2)] B (x - a mu); for b = 0 the gain is
  // 1/a on every direction with lambda > 0 and 0 on degenerate ones.
  const auto& lambda = p.eigenvalues;
  const auto denom = a * a * lambda + b * b;
  const auto gain =
      torch::where(denom > 0, a * lambda / denom.clamp_min(1e-300), torch::zeros_like(lambda));
  const auto x0 = p.mean + applySpectral(p, xd - a * p.mean, gain);
  return x0.to(x.scalar_type());
}

DenoiserOutput GaussianDenoiser::evaluate(const torch::Tensor& x, int64_t i) {
  const double a = schedule_.signalScale(i), b = schedule_.noiseScale(i);
  if (!(b > 0))
    throw std::invalid_argument("Gaussian denoiser: level " + std::to_string(i) +
                                " has no noise (levels start at 1)");
  const auto xd = x.to(kDouble);
  const auto x0 = posteriorMean(xd, a, b);
  DenoiserOutput out;
  out.x0 = x0.to(x.scalar_type());
  out.eps = ((xd - a * x0) / b).to(x.scalar_type());
  return out;
}

}  // namespace ccdf
