#include "ccdf/auto_t0.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ops/sense.h"

namespace ccdf {

namespace {

const auto kDouble = torch::TensorOptions().dtype(torch::kFloat64);

// Radial frequency (cycles per pixel) of an H x W non-centred FFT grid, scaled by `unit`.
torch::Tensor radialFrequency(int64_t H, int64_t W, double unit = 1.0) {
  const auto fy = torch::fft::fftfreq(H, 1.0, kDouble).unsqueeze(1);
  const auto fx = torch::fft::fftfreq(W, 1.0, kDouble).unsqueeze(0);
  return torch::sqrt(fy * fy + fx * fx) * unit;
}

// P(f) = c f^-alpha, fitted by least squares in log-log over the given samples (f > 0, P > 0).
struct PowerLaw {
  double logC = 0, alpha = 2;
  torch::Tensor operator()(const torch::Tensor& f) const {
    return torch::exp(logC - alpha * torch::log(f));
  }
};

PowerLaw fitPowerLaw(const torch::Tensor& f, const torch::Tensor& power) {
  const auto keep = (f > 0) & (power > 1e-30);
  const auto lf = torch::log(f.masked_select(keep)), lp = torch::log(power.masked_select(keep));
  if (lf.numel() < 3) return {std::log(std::max(power.mean().item<double>(), 1e-30)), 0.0};
  const double mf = lf.mean().item<double>(), mp = lp.mean().item<double>();
  const double var = (lf - mf).square().sum().item<double>();
  PowerLaw law;
  law.alpha = var > 0 ? -((lf - mf) * (lp - mp)).sum().item<double>() / var : 0.0;
  law.logC = mp + law.alpha * mf;
  return law;
}

// MRI: the truth's energy at the unmeasured k-space positions (the orthonormal FFT keeps
// energies). Each radial frequency band is credited with the mean power of its measured
// samples; bands without any get a power law fitted to the band means.
double mriNullEnergy(const KspaceSampling& op, const torch::Tensor& y) {
  const auto shape = op.imageShape();
  const auto f = radialFrequency(shape[2], shape[3]).flatten();
  const auto measured = op.mask().to(torch::kCPU).to(torch::kFloat64).flatten() > 0.5;
  const auto band = torch::floor(f * double(std::max(shape[2], shape[3])) + 0.5).to(torch::kLong);
  const int64_t bands = band.max().item<int64_t>() + 1;
  const auto zeros = torch::zeros({bands}, kDouble);
  const auto measuredCount = zeros.index_add(0, band, measured.to(torch::kFloat64));
  const auto missingCount = zeros.index_add(0, band, (~measured).to(torch::kFloat64));
  const auto bandFrequency =
      zeros.index_add(0, band, f) / zeros.index_add(0, band, torch::ones_like(f));
  double energy = 0;
  // SENSE measurements end with an image-space background channel: only coils are k-space.
  const auto* sense = dynamic_cast<const SenseMri*>(&op);
  const int64_t kspaceChannels = sense ? sense->coils() : y.size(1);
  for (int64_t c = 0; c < kspaceChannels; ++c) {
    const auto power = y[0][c].to(torch::kCPU).abs().square().to(torch::kFloat64).flatten();
    const auto bandPower = zeros.index_add(0, band, power * measured) / measuredCount.clamp_min(1);
    const auto sampled = measuredCount > 0;
    const PowerLaw law = fitPowerLaw(
        bandFrequency.masked_select(sampled).narrow(0, 1, sampled.sum().item<int64_t>() - 1),
        bandPower.masked_select(sampled).narrow(0, 1, sampled.sum().item<int64_t>() - 1));
    const auto extrapolated = law(bandFrequency.clamp_min(1e-12));
    energy += (torch::where(sampled, bandPower, extrapolated) * missingCount).sum().item<double>();
  }
  return energy;
}

// |B(f)|^2 of the s x s block mean at frequency f (cycles per HR pixel), per axis.
torch::Tensor blockMeanGain(const torch::Tensor& f, int64_t s) {
  const auto num = torch::sin(M_PI * double(s) * f), den = double(s) * torch::sin(M_PI * f);
  return torch::where(f.abs() < 1e-12, torch::ones_like(f), num / den).square();
}

// SR by s: the energy of x - (block mean of x), for a stationary image with power spectrum S:
// sum_f S(f) (1 - |B(f)|^2). S comes from the low-resolution image: at physical frequency f
// its orthonormal spectrum is S(f) |B(f)|^2 / s^2 (plus aliases, ignored), so a power law is
// fitted to s^2 P_lr / |B|^2 over the low-resolution band and extrapolated.
double superResolutionNullEnergy(const SuperResolution& op, const torch::Tensor& y) {
  const auto shape = op.imageShape();
  const int64_t s = op.factor();
  const auto lr = op.lowResFromMeasurement(y)[0].to(torch::kCPU).to(torch::kFloat64);
  const int64_t h = lr.size(1), w = lr.size(2);
  const double unit = 1.0 / double(s);  // LR cycles per pixel -> HR cycles per pixel
  const auto ly = torch::fft::fftfreq(h, 1.0, kDouble).unsqueeze(1) * unit;
  const auto lx = torch::fft::fftfreq(w, 1.0, kDouble).unsqueeze(0) * unit;
  const auto lowGain = blockMeanGain(ly, s) * blockMeanGain(lx, s);
  const auto hy = torch::fft::fftfreq(shape[2], 1.0, kDouble).unsqueeze(1);
  const auto hx = torch::fft::fftfreq(shape[3], 1.0, kDouble).unsqueeze(0);
  const auto lost = 1.0 - blockMeanGain(hy, s) * blockMeanGain(hx, s);
  const auto fLow = radialFrequency(h, w, unit), fHigh = radialFrequency(shape[2], shape[3]);
  const auto nonZero = fHigh > 0;
  double energy = 0;
  for (int64_t c = 0; c < lr.size(0); ++c) {
    const auto power = torch::fft::fft2(lr[c], c10::nullopt, {-2, -1}, "ortho").abs().square();
    const PowerLaw law = fitPowerLaw(fLow, power * double(s * s) / lowGain);
    energy +=
        (law(fHigh.masked_select(nonZero)) * lost.masked_select(nonZero)).sum().item<double>();
  }
  return energy;
}

// Inpainting: the hole holds about its share of the known pixels' energy (about 0, the fill
// of the adjoint in the model's range).
double inpaintingNullEnergy(const Inpainting& op, const torch::Tensor& y) {
  const auto shape = op.imageShape();
  const auto mask =
      op.mask().to(torch::kCPU).to(torch::kFloat64).expand({1, shape[1], shape[2], shape[3]});
  const auto values = y.to(torch::kCPU).to(torch::kFloat64);
  const double known = mask.sum().item<double>(), total = double(mask.numel());
  if (known <= 0) return (values.square().sum().item<double>() + 1.0) * total;
  const double meanSquare = (values.square() * mask).sum().item<double>() / known;
  return meanSquare * (total - known);
}

}  // namespace

double initialiserQuality(const std::string& name, const Operator& op) {
  // Means over the corruption levels measured by bench/calibrate_auto_t0 on training images
  // (docs/AUTO_T0.md). The real part of a zero-filled reconstruction already removes part of
  // the aliasing, hence q < 1 for the MRI adjoint.
  const bool mri = dynamic_cast<const KspaceSampling*>(&op) != nullptr;
  if (mri && (name == "adjoint" || name == "zero-filled")) return 0.65;
  if (name == "mri-unet") return 0.53;
  if (name == "bicubic") return 0.66;
  if (name == "lanczos") return 0.65;
  if (name == "telea") return 0.25;
  if (name == "navier-stokes") return 0.26;
  if (name == "esrgan-slim") return 0.78;
  if (name == "esrgan-medium") return 0.69;
  if (name == "esrgan-thick") return 0.69;  // not calibrated: taken as medium's
  return 1.0;
}

AutoT0Choice chooseT0(const Operator& op, const torch::Tensor& y, const torch::Tensor& x0Init,
                      const NoiseSchedule& schedule, const AutoT0Options& o) {
  if (!(o.minT0 > 0 && o.minT0 <= o.maxT0 && o.maxT0 <= 1))
    throw std::invalid_argument("auto t0: need 0 < min t0 <= max t0 <= 1");
  if (!(o.kappa > 0) || !(o.initialiserQuality >= 0))
    throw std::invalid_argument("auto t0: kappa must be > 0 and the quality >= 0");
  if (!y.defined() || y.size(0) != 1 || !x0Init.defined() || x0Init.size(0) != 1)
    throw std::invalid_argument("auto t0: one image (batch 1) expected");
  torch::NoGradGuard noGrad;
  const double n = double(x0Init.numel());
  double nullEnergy;
  if (const auto* mri = dynamic_cast<const KspaceSampling*>(&op))
    nullEnergy = mriNullEnergy(*mri, y);
  else if (const auto* sr = dynamic_cast<const SuperResolution*>(&op))
    nullEnergy = superResolutionNullEnergy(*sr, y);
  else if (const auto* inpaint = dynamic_cast<const Inpainting*>(&op))
    nullEnergy = inpaintingNullEnergy(*inpaint, y);
  else
    throw std::invalid_argument("auto t0 does not know the operator '" + op.name() + "'");

  AutoT0Choice c;
  c.measuredError = (op.A(x0Init) - y).abs().square().sum().item<double>() / n;
  c.nullSpaceError = o.initialiserQuality * nullEnergy / n;
  c.initialError = c.measuredError + c.nullSpaceError;
  const double target = std::sqrt(o.kappa * c.initialError);
  const int64_t N = schedule.size();
  const int64_t lo = schedule.indexForTime(o.minT0), hi = schedule.indexForTime(o.maxT0);
  c.level = hi;  // noise never reaches the target below max t0: use max t0
  for (int64_t i = lo; i <= hi; ++i)
    if (schedule.noiseScale(i) / schedule.signalScale(i) >= target) {
      c.level = i;
      break;
    }
  c.t0 = double(c.level) / double(N);
  c.noiseToSignal = schedule.noiseScale(c.level) / schedule.signalScale(c.level);
  c.reason = "estimated initial error " + std::to_string(c.initialError) + " per pixel (" +
             std::to_string(c.measuredError) + " measured + " + std::to_string(c.nullSpaceError) +
             " unmeasured): noise/signal " + std::to_string(c.noiseToSignal) + " >= sqrt(" +
             std::to_string(o.kappa) + " e0) = " + std::to_string(target);
  return c;
}

}  // namespace ccdf
