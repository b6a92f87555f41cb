#include "support/gaussian_truth.h"

#include <cmath>
#include <complex>
#include <sstream>
#include <stdexcept>

namespace ccdf::test {

namespace {

const auto kF64 = torch::TensorOptions().dtype(torch::kFloat64);

torch::Tensor symmetrise(const torch::Tensor& S) { return 0.5 * (S + S.t()); }

// Orthonormal DFT matrix F[k, n] = exp(-2 pi i k n / N) / sqrt(N), built element by element.
torch::Tensor dftMatrix(int64_t n) {
  auto F = torch::empty({n, n}, torch::TensorOptions().dtype(torch::kComplexDouble));
  auto acc = F.accessor<c10::complex<double>, 2>();
  for (int64_t k = 0; k < n; ++k)
    for (int64_t j = 0; j < n; ++j) {
      const double phase = -2.0 * M_PI * double((k * j) % n) / double(n);
      acc[k][j] = c10::complex<double>(std::cos(phase), std::sin(phase)) / std::sqrt(double(n));
    }
  return F;
}

// The 2D orthonormal DFT on row-major flattened [H, W] images: kron(F_H, F_W).
torch::Tensor dft2Matrix(int64_t height, int64_t width) {
  return torch::kron(dftMatrix(height), dftMatrix(width));
}

// Re(F^H diag(d) F) for a real d on the (H, W) frequency grid.
torch::Tensor fourierDiagonal(const torch::Tensor& d) {
  const auto F = dft2Matrix(d.size(0), d.size(1));
  const auto dc = d.flatten().to(torch::kComplexDouble);
  return symmetrise(torch::real(F.conj().t().matmul(dc.unsqueeze(1) * F)).contiguous());
}

torch::Tensor randomOrthogonal(int64_t n, torch::Generator& gen) {
  const auto Z = torch::randn({n, n}, gen, kF64);
  auto qr = torch::linalg_qr(Z);
  auto Q = std::get<0>(qr);
  const auto R = std::get<1>(qr);
  return Q * torch::sign(torch::diagonal(R)).unsqueeze(0);  // Haar-distributed
}

}  // namespace

torch::Generator makeGenerator(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

torch::Tensor spectralFunction(const torch::Tensor& S, const std::function<double(double)>& f) {
  auto eig = torch::linalg_eigh(symmetrise(S.to(torch::kFloat64)));
  const auto evals = std::get<0>(eig).contiguous();
  const auto U = std::get<1>(eig);
  auto fv = torch::empty_like(evals);
  for (int64_t j = 0; j < evals.size(0); ++j) fv[j] = f(evals[j].item<double>());
  return symmetrise(U.matmul(fv.unsqueeze(1) * U.t()));
}

torch::Tensor inpaintingProjection(const torch::Tensor& mask) {
  return torch::diag(mask.to(torch::kFloat64).flatten());
}

torch::Tensor superResolutionProjection(int64_t height, int64_t width, int64_t factor) {
  const int64_t D = height * width;
  auto P = torch::zeros({D, D}, kF64);
  auto acc = P.accessor<double, 2>();
  const double w = 1.0 / double(factor * factor);
  for (int64_t i = 0; i < D; ++i)
    for (int64_t j = 0; j < D; ++j) {
      const int64_t hi = i / width, wi = i % width, hj = j / width, wj = j % width;
      if (hi / factor == hj / factor && wi / factor == wj / factor) acc[i][j] = w;
    }
  return P;
}

torch::Tensor cartesianMriProjection(const torch::Tensor& mask) {
  return fourierDiagonal(mask.to(torch::kFloat64));
}

GaussianLaw exactPosterior(const GaussianLaw& prior, const torch::Tensor& P,
                           const torch::Tensor& xTrue) {
  auto eig = torch::linalg_eigh(symmetrise(P));
  const auto evals = std::get<0>(eig);
  const auto evecs = std::get<1>(eig);
  const auto keep = torch::nonzero(evals > 0.5).flatten();
  const auto U = evecs.index_select(1, keep);  // [D, m]
  const auto& S = prior.cov;
  const auto SU = S.matmul(U);
  const auto gram = symmetrise(U.t().matmul(SU));
  const auto x = xTrue.to(torch::kFloat64).flatten();
  const auto innov = U.t().matmul(x - prior.mean);
  GaussianLaw post;
  post.mean = prior.mean + SU.matmul(torch::linalg_solve(gram, innov.unsqueeze(1)).squeeze(1));
  post.cov = symmetrise(S - SU.matmul(torch::linalg_solve(gram, SU.t())));
  return post;
}

torch::Tensor posteriorMeans(const GaussianLaw& prior, const torch::Tensor& P,
                             const torch::Tensor& xTrue) {
  auto eig = torch::linalg_eigh(symmetrise(P));
  const auto keep = torch::nonzero(std::get<0>(eig) > 0.5).flatten();
  const auto U = std::get<1>(eig).index_select(1, keep);
  const auto SU = prior.cov.matmul(U);
  const auto gram = symmetrise(U.t().matmul(SU));
  const auto X = flattenImages(xTrue);
  const auto innov = (X - prior.mean.unsqueeze(0)).matmul(U);  // [B, m]
  const auto m = prior.mean.unsqueeze(0) + torch::linalg_solve(gram, innov.t()).t().matmul(SU.t());
  return m.reshape({X.size(0), 1, kSide, kSide});
}

torch::Tensor sampleLaw(const GaussianLaw& law, int64_t n, int64_t height, int64_t width,
                        torch::Generator& gen) {
  auto eig = torch::linalg_eigh(symmetrise(law.cov));
  const auto root = std::get<1>(eig) * std::get<0>(eig).clamp_min(0).sqrt().unsqueeze(0);
  const auto z = torch::randn({n, law.mean.size(0)}, gen, kF64);
  return (law.mean.unsqueeze(0) + z.matmul(root.t())).reshape({n, 1, height, width});
}

LinearStep linearStep(const NoiseSchedule& s, int64_t from, int64_t to, double lambda,
                      LinearKind kind, double eta) {
  LinearStep st;
  if (kind == LinearKind::VePredictor) {
    const double sF = s.noiseScale(from), sT = s.noiseScale(to);
    const double k = lambda / (lambda + sF * sF);  // x0hat = mu + k d
    const double dv = sF * sF - sT * sT;
    // score = -(x - x0hat) / sF^2 = -(1 - k) d / sF^2
    st.gain = 1.0 - dv * (1.0 - k) / (sF * sF);
    st.noiseVar = to > 0 ? dv : 0.0;
    return st;
  }
  const double abF = s.alphaBar(from), abT = s.alphaBar(to);
  const double aF = std::sqrt(abF), bF = std::sqrt(1.0 - abF), aT = std::sqrt(abT);
  const double k = aF * lambda / (abF * lambda + (1.0 - abF));  // x0hat = mu + k d
  if (kind == LinearKind::Ddim) {
    const double sigma = eta * std::sqrt((1.0 - abT) / (1.0 - abF)) * std::sqrt(1.0 - abF / abT);
    const double dir = std::sqrt(std::max(0.0, 1.0 - abT - sigma * sigma));
    st.gain = aT * k + dir * (1.0 - aF * k) / bF;
    st.noiseVar = sigma * sigma;
    return st;
  }
  // DDPM: x' = c0 x0hat + cx x (+ noise): the q(x_to | x_from, x0) posterior mean.
  const double beta = 1.0 - abF / abT;
  const double c0 = aT * beta / (1.0 - abF);
  const double cx = std::sqrt(1.0 - beta) * (1.0 - abT) / (1.0 - abF);
  st.gain = c0 * k + cx;
  if (to > 0) st.noiseVar = kind == LinearKind::DdpmSmall ? beta * (1.0 - abT) / (1.0 - abF) : beta;
  return st;
}

LinearStep linearRun(const NoiseSchedule& s, const std::vector<int64_t>& levels, double lambda,
                     LinearKind kind, double eta) {
  LinearStep total;  // gain 1, no noise
  for (size_t k = 1; k < levels.size(); ++k) {
    const LinearStep st = linearStep(s, levels[k - 1], levels[k], lambda, kind, eta);
    total.gain *= st.gain;
    total.noiseVar = st.gain * st.gain * total.noiseVar + st.noiseVar;
  }
  return total;
}

GaussianLaw predictDecoupledRun(const GaussianLaw& prior, const GaussianLaw& exact,
                                const torch::Tensor& P, const NoiseSchedule& s,
                                const std::vector<int64_t>& levels, LinearKind kind, double eta,
                                const std::function<double(double)>& startVar,
                                const torch::Tensor& startMeanDeviation) {
  const int64_t D = P.size(0);
  const auto Q = torch::eye(D, kF64) - P;
  const auto gain = spectralFunction(
      prior.cov, [&](double l) { return linearRun(s, levels, std::max(l, 0.0), kind, eta).gain; });
  const auto var = spectralFunction(prior.cov, [&](double l) {
    const LinearStep r = linearRun(s, levels, std::max(l, 0.0), kind, eta);
    return r.gain * r.gain * startVar(std::max(l, 0.0)) + r.noiseVar;
  });
  GaussianLaw out;
  out.mean = exact.mean + Q.matmul(gain.matmul(startMeanDeviation.to(torch::kFloat64).flatten()));
  out.cov = symmetrise(Q.matmul(var).matmul(Q));
  return out;
}

LawComparison compareToLaw(const torch::Tensor& samples, const GaussianLaw& target) {
  const auto X = flattenImages(samples);
  const int64_t B = X.size(0);
  auto eig = torch::linalg_eigh(symmetrise(target.cov));
  const auto evals = std::get<0>(eig), evecs = std::get<1>(eig);
  const double tol = 1e-9 * std::max(evals.max().item<double>(), 1e-300);
  const auto inRange = torch::nonzero(evals > tol).flatten();
  const auto inNull = torch::nonzero(evals <= tol).flatten();
  const auto Ur = evecs.index_select(1, inRange);
  const auto lr = evals.index_select(0, inRange);
  const auto centred = X - target.mean.unsqueeze(0);

  LawComparison c;
  c.n = B;
  c.rank = inRange.size(0);
  const double r = double(c.rank);
  if (c.rank > 0) {
    const auto W = centred.matmul(Ur) / lr.sqrt().unsqueeze(0);
    const auto wbar = W.mean(0);
    c.meanChi2Z = (double(B) * wbar.square().sum().item<double>() - r) / std::sqrt(2.0 * r);
    c.maxMeanZ = std::sqrt(double(B)) * wbar.abs().max().item<double>();
    const auto Wc = W - wbar.unsqueeze(0);
    const auto Cw = Wc.t().matmul(Wc) / double(B - 1);
    c.varBias = Cw.trace().item<double>() / r - 1.0;
    c.varBiasSd = std::sqrt(2.0 / (r * double(B - 1)));
    c.covFro = (Cw - torch::eye(c.rank, kF64)).norm().item<double>();
    c.covFroRatio = c.covFro / std::sqrt(r * (r + 1.0) / double(B - 1));
    c.meanChi2 = double(B) * wbar.square().sum().item<double>();
    c.trC = Cw.trace().item<double>();
    c.trC2 = Cw.matmul(Cw).trace().item<double>();
  }
  if (inNull.size(0) > 0)
    c.maxOutside = centred.matmul(evecs.index_select(1, inNull)).abs().max().item<double>();
  const auto mhat = X.mean(0);
  const auto dm = mhat - target.mean;
  c.meanErrRms = dm.square().mean().sqrt().item<double>();
  c.meanErrRel =
      dm.norm().item<double>() / std::sqrt(std::max(target.cov.trace().item<double>(), 1e-300));
  const auto vhat = X.var(0, /*unbiased=*/true);
  const auto v = torch::diagonal(target.cov);
  c.varErrRel = (vhat - v).norm().item<double>() / std::max(v.norm().item<double>(), 1e-300);
  return c;
}

std::string describe(const LawComparison& c) {
  std::ostringstream o;
  o.precision(4);
  o << "n=" << c.n << " r=" << c.rank << " meanChi2Z=" << c.meanChi2Z << " maxMeanZ=" << c.maxMeanZ
    << " varBias=" << c.varBias << " (sd " << c.varBiasSd << ") covFro/exp=" << c.covFroRatio
    << " meanErrRel=" << c.meanErrRel << " varErrRel=" << c.varErrRel
    << " maxOutside=" << c.maxOutside;
  return o.str();
}

LawDiscrepancy discrepancy(const GaussianLaw& law, const GaussianLaw& target) {
  auto eig = torch::linalg_eigh(symmetrise(target.cov));
  const auto evals = std::get<0>(eig), evecs = std::get<1>(eig);
  const double tol = 1e-9 * std::max(evals.max().item<double>(), 1e-300);
  const auto inRange = torch::nonzero(evals > tol).flatten();
  const auto W = evecs.index_select(1, inRange).t() /
                 evals.index_select(0, inRange).sqrt().unsqueeze(1);  // [r, D]
  const auto M = symmetrise(W.matmul(law.cov).matmul(W.t()));
  const int64_t r = inRange.size(0);
  LawDiscrepancy d;
  d.none = false;
  d.trM = M.trace().item<double>();
  d.trM2 = M.matmul(M).trace().item<double>();
  d.maxEigM = torch::linalg_eigvalsh(M).max().item<double>();
  d.varBias = d.trM / double(r) - 1.0;
  d.whitenedFro = (M - torch::eye(r, kF64)).norm().item<double>();
  d.meanShift = W.matmul(law.mean - target.mean).norm().item<double>();
  return d;
}

LawDiscrepancy meanOnly(const LawComparison& c) {
  LawDiscrepancy d;
  d.none = false;
  d.trM = c.trC;
  d.trM2 = c.trC2;
  d.maxEigM = std::sqrt(c.trC2);  // upper bound on the largest eigenvalue
  d.varBias = c.varBias;
  d.whitenedFro = -1;  // not checked
  return d;
}

// With M the whitened covariance of the draws' law and s the whitened mean shift:
//   B |mean w|^2 has mean tr M + B |s|^2 and variance 2 tr M^2 + 4 B s^T M s;
//   tr(cov w) / r has mean tr M / r and sd sqrt(2 tr M^2 / (B - 1)) / r;
//   |cov w - I|_F <= |M - I|_F + |cov w - M|_F, E |cov w - M|_F^2 = (tr M^2 + (tr M)^2) / (B - 1).
std::string statisticalMismatch(const LawComparison& c, const LawDiscrepancy& allowed) {
  std::ostringstream o;
  const double r = double(c.rank), B = double(c.n);
  const double trM = allowed.none ? r : allowed.trM;
  const double trM2 = allowed.none ? r : allowed.trM2;
  const double maxEig = allowed.none ? 1.0 : allowed.maxEigM;
  const double shift2 = allowed.none ? 0.0 : allowed.meanShift * allowed.meanShift;
  const double meanLimit =
      trM + B * shift2 + kZ * std::sqrt(2.0 * trM2 + 4.0 * B * shift2 * maxEig);
  if (!(c.meanChi2 < meanLimit))
    o << "mean: B|mean w|^2 = " << c.meanChi2 << " >= " << meanLimit << " (chi2 z " << c.meanChi2Z
      << "); ";
  const double expectedBias = allowed.none ? 0.0 : allowed.varBias;
  const double biasSd = std::sqrt(2.0 * trM2 / (B - 1.0)) / r;
  if (!(std::abs(c.varBias - expectedBias) < kZ * biasSd))
    o << "variance: bias " << c.varBias << " vs allowed " << expectedBias << " +- " << kZ * biasSd
      << "; ";
  if (allowed.none || allowed.whitenedFro >= 0) {
    const double noise = std::sqrt((trM2 + trM * trM) / (B - 1.0));
    const double froLimit =
        (allowed.none ? 0.0 : allowed.whitenedFro) + noise * (1.0 + kZ / std::sqrt(r * (r + 1.0)));
    if (!(c.covFro < froLimit))
      o << "covariance: |C_w - I|_F = " << c.covFro << " >= " << froLimit << "; ";
  }
  if (!(c.maxOutside < 1e-9)) o << "measured directions deviate by " << c.maxOutside << "; ";
  return o.str();
}

double relativeDistance(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).norm().item<double>() / std::max(b.norm().item<double>(), 1e-300);
}

torch::Tensor repeatImage(const torch::Tensor& image, int64_t n) {
  const auto x = image.to(torch::kFloat64).reshape({1, 1, kSide, kSide});
  return x.expand({n, 1, kSide, kSide}).contiguous();
}

torch::Tensor flattenImages(const torch::Tensor& images) {
  return images.to(torch::kFloat64).reshape({images.size(0), -1});
}

double meanSquaredError(const torch::Tensor& a, const torch::Tensor& b) {
  return (flattenImages(a) - flattenImages(b)).square().mean().item<double>();
}

// ---------------------------------------------------------------------------------------------
// Scenarios

namespace {

GaussianLaw denseLaw(const torch::Tensor& mean, const torch::Tensor& V, const torch::Tensor& l) {
  return {mean.flatten(), symmetrise(V.t().matmul(l.unsqueeze(1) * V))};
}

}  // namespace

Scenario inpaintingPixelScenario(uint64_t seed) {
  auto gen = makeGenerator(seed);
  Scenario s;
  s.name = "inpainting/pixel";
  s.prior.basis = GaussianBasis::Pixel;
  s.prior.mean = 0.3 * torch::randn({1, kSide, kSide}, gen, kF64);
  s.prior.eigenvalues = 0.02 + 0.5 * torch::rand({1, kSide, kSide}, gen, kF64);
  auto mask = (torch::rand({kSide, kSide}, gen, kF64) < 0.5).to(torch::kFloat64);
  s.op = std::make_shared<Inpainting>(std::vector<int64_t>{1, 1, kSide, kSide}, mask);
  s.P = inpaintingProjection(mask);
  s.priorLaw = {s.prior.mean.flatten(), torch::diag(s.prior.eigenvalues.flatten())};
  return s;
}

Scenario mriFourierScenario(uint64_t seed) {
  (void)seed;
  Scenario s;
  s.name = "mri/fourier";
  PowerLawSpectrum spectrum;
  spectrum.channelMean = {0.1};
  spectrum.scale = {0.025};
  spectrum.cornerFrequency = {0.1};
  spectrum.exponent = {2.5};
  s.prior = spectrum.priorFor(kSide, kSide);
  s.prior.mean = s.prior.mean.to(torch::kFloat64);
  s.prior.eigenvalues = s.prior.eigenvalues.to(torch::kFloat64);
  // Whole phase-encode columns {0, 1, 4, 7}: conjugate-symmetric (1 <-> 7, 0 and 4 self-paired),
  // so the real-image DC is an exact orthogonal projection.
  auto mask = torch::zeros({kSide, kSide}, kF64);
  for (int64_t col : {0, 1, 4, 7}) mask.select(1, col).fill_(1.0);
  s.op = std::make_shared<MriSampling>(std::vector<int64_t>{1, 1, kSide, kSide}, mask, true);
  s.P = cartesianMriProjection(mask);
  s.priorLaw = {s.prior.mean.flatten(), fourierDiagonal(s.prior.eigenvalues[0])};
  return s;
}

Scenario srDenseScenario(uint64_t seed) {
  auto gen = makeGenerator(seed);
  const int64_t D = kSide * kSide, factor = 2, nb = D / (factor * factor);
  // Rows 0..15: normalised 2x2 block indicators (an orthonormal basis of range(A^H)).
  auto blocks = torch::zeros({nb, D}, kF64);
  for (int64_t i = 0; i < D; ++i) {
    const int64_t h = i / kSide, w = i % kSide;
    blocks[(h / factor) * (kSide / factor) + w / factor][i] = 1.0 / factor;
  }
  // Rows 16..63: a random orthonormal basis of the complement.
  const auto complementProj = torch::eye(D, kF64) - blocks.t().matmul(blocks);
  auto qr = torch::linalg_qr(complementProj.matmul(torch::randn({D, D - nb}, gen, kF64)));
  const auto complement = std::get<0>(qr).t();  // [48, 64]
  Scenario s;
  s.name = "sr/dense";
  s.prior.basis = GaussianBasis::Dense;
  s.prior.mean = 0.2 * torch::randn({1, kSide, kSide}, gen, kF64);
  s.prior.eigenvectors = torch::cat({blocks, complement}, 0).contiguous();
  s.prior.eigenvalues = torch::cat(
      {0.3 + 1.2 * torch::rand({nb}, gen, kF64), 0.01 + 0.24 * torch::rand({D - nb}, gen, kF64)});
  s.op = std::make_shared<SuperResolution>(std::vector<int64_t>{1, 1, kSide, kSide}, factor);
  s.P = superResolutionProjection(kSide, kSide, factor);
  s.priorLaw = denseLaw(s.prior.mean, s.prior.eigenvectors, s.prior.eigenvalues);
  return s;
}

Scenario inpaintingCorrelatedScenario(uint64_t seed) {
  auto gen = makeGenerator(seed);
  const int64_t D = kSide * kSide;
  Scenario s;
  s.name = "inpainting/correlated-dense";
  s.decoupled = false;
  s.prior.basis = GaussianBasis::Dense;
  s.prior.mean = 0.2 * torch::randn({1, kSide, kSide}, gen, kF64);
  s.prior.eigenvectors = randomOrthogonal(D, gen).t().contiguous();
  s.prior.eigenvalues = 1.5 * torch::exp(-torch::arange(D, kF64) / 5.0) + 0.002;
  auto mask = torch::ones({kSide, kSide}, kF64);
  mask.slice(0, 2, 6).slice(1, 2, 6).fill_(0.0);  // centred 4x4 hole
  s.op = std::make_shared<Inpainting>(std::vector<int64_t>{1, 1, kSide, kSide}, mask);
  s.P = inpaintingProjection(mask);
  s.priorLaw = denseLaw(s.prior.mean, s.prior.eigenvectors, s.prior.eigenvalues);
  return s;
}

}  // namespace ccdf::test
