#include "ops/coil_sensitivities.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "ops/fft.h"
#include "ops/masks.h"

namespace ccdf {

namespace {

// A centred Hann window of `size` samples inside an axis of length n (centred layout).
torch::Tensor centredHann(int64_t n, int64_t size) {
  auto window = torch::zeros({n});
  const int64_t start = n / 2 - size / 2;
  auto w = window.accessor<float, 1>();
  for (int64_t i = 0; i < size; ++i)
    w[start + i] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * M_PI * (i + 0.5) / size));
  return window;
}

}  // namespace

int64_t fullySampledCentre(const torch::Tensor& mask) {
  if (!mask.defined() || mask.dim() != 2) throw std::invalid_argument("mask must be [H, W]");
  const auto centred = fftshift2d(mask.to(torch::kCPU).to(torch::kFloat)) > 0.5;
  const int64_t H = mask.size(0), W = mask.size(1);
  int64_t side = 0;
  for (int64_t s = 1; s <= std::min(H, W); ++s) {
    const auto block = centred.slice(0, H / 2 - s / 2, H / 2 - s / 2 + s)
                           .slice(1, W / 2 - s / 2, W / 2 - s / 2 + s);
    if (!block.all().item<bool>()) break;
    side = s;
  }
  return side;
}

torch::Tensor estimateCoilSensitivities(const torch::Tensor& kspace, const torch::Tensor& mask,
                                        const CoilSensitivityOptions& options) {
  if (!kspace.defined() || kspace.dim() != 3 || !kspace.is_complex())
    throw std::invalid_argument("coil sensitivities need complex k-space [coils, H, W]");
  const int64_t H = kspace.size(1), W = kspace.size(2);
  if (!mask.defined() || mask.dim() != 2 || mask.size(0) != H || mask.size(1) != W)
    throw std::invalid_argument("coil sensitivities: the mask must be [H, W] like the k-space");
  const int64_t available = fullySampledCentre(mask);
  const int64_t side =
      options.calibrationSize > 0 ? std::min(options.calibrationSize, available) : available;
  if (side < 4)
    throw std::invalid_argument(
        "coil sensitivities need a fully sampled k-space centre of at least 4x4 samples; this "
        "mask has " +
        std::to_string(available) + " (add ACS lines)");
  const auto window =
      ifftshift2d(torch::outer(centredHann(H, side), centredHann(W, side))).to(kspace.device());
  const auto lowRes = ifft2Ortho(kspace.to(torch::kComplexFloat) * window);
  const auto rss = rootSumOfSquares(lowRes, 0);  // [1, H, W]
  const double floor = options.threshold * rss.max().item<double>();
  const auto object = rss > floor;
  return torch::where(object, lowRes / rss.clamp_min(1e-30), torch::zeros_like(lowRes))
      .contiguous();
}

torch::Tensor rootSumOfSquares(const torch::Tensor& coilImages, int64_t coilDim) {
  return coilImages.abs().square().sum(coilDim, true).sqrt();
}

}  // namespace ccdf
