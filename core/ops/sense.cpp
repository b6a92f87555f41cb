#include "ops/sense.h"

#include <stdexcept>

#include "ops/fft.h"
#include "ops/operator_checks.h"

namespace ccdf {

using detail::checkSpatial;

SenseMri::SenseMri(std::vector<int64_t> imageShape, torch::Tensor sensitivities, torch::Tensor mask,
                   bool realImage, int64_t dcIterations)
    : shape_(std::move(imageShape)), realImage_(realImage), dcIterations_(dcIterations) {
  detail::checkImageShape(shape_, "mri-sense");
  if (shape_[1] != 1)
    throw std::invalid_argument("mri-sense: the image must have one channel, got " +
                                std::to_string(shape_[1]));
  if (!sensitivities.defined() || sensitivities.dim() != 3 || sensitivities.size(1) != shape_[2] ||
      sensitivities.size(2) != shape_[3] || sensitivities.size(0) < 1)
    throw std::invalid_argument(
        "mri-sense: coil sensitivities must be [coils, H, W] matching the image " +
        detail::shapeString(shape_) + ", got " +
        (sensitivities.defined() ? detail::shapeString(sensitivities.sizes()) : "(undefined)"));
  if (!torch::isfinite(torch::view_as_real(sensitivities.to(torch::kComplexFloat)))
           .all()
           .item<bool>())
    throw std::invalid_argument("mri-sense: coil sensitivities contain NaN or Inf");
  const double peak = sensitivities.abs().square().sum(0).max().item<double>();
  if (peak > 1.0 + 1e-4)
    throw std::invalid_argument("mri-sense: sum over coils of |S|^2 reaches " +
                                std::to_string(peak) + "; it must not exceed 1");
  if (dcIterations_ < 1)
    throw std::invalid_argument("mri-sense: data-consistency iterations must be >= 1");
  if (!mask.defined() || mask.numel() != shape_[2] * shape_[3] || mask.size(-1) != shape_[3])
    throw std::invalid_argument("mri-sense: the mask must be [H, W] like the image");
  maps_ = sensitivities.to(torch::kComplexFloat).contiguous();
  mask_ = detail::binaryMaskOrThrow(mask.reshape({shape_[2], shape_[3]}), "mri-sense");
  support_ = (maps_.abs().square().sum(0) > 0.5).to(torch::kFloat);
}

torch::Tensor SenseMri::measurementFromKspace(const torch::Tensor& kspace) const {
  auto background = torch::zeros_like(kspace.narrow(1, 0, 1));
  return torch::cat({kspace, background}, 1);
}

torch::Tensor SenseMri::A(const torch::Tensor& x) const {
  checkSpatial(x, shape_[2], shape_[3], name(), "image");
  if (x.dim() != 4 || x.size(1) != 1)
    throw std::invalid_argument("mri-sense: the image must be [B, 1, H, W]");
  const auto maps = maps_.to(x.device()).unsqueeze(0);
  const auto kspace = mask_.to(x.device()) * fft2Ortho(maps * x);
  const auto background = (1 - support_.to(x.device())) * x;
  return torch::cat({kspace, background.to(kspace.dtype())}, 1);
}

torch::Tensor SenseMri::AH(const torch::Tensor& y) const {
  checkSpatial(y, shape_[2], shape_[3], name(), "measurement");
  if (y.dim() != 4 || y.size(1) != coils() + 1)
    throw std::invalid_argument("mri-sense: the measurement must be [B, " +
                                std::to_string(coils() + 1) +
                                ", H, W] (coil k-space and the background channel)");
  const auto coilImages = ifft2Ortho(mask_.to(y.device()) * coilKspace(y));
  const auto combined = (maps_.to(y.device()).conj().unsqueeze(0) * coilImages).sum(1, true);
  return combined + (1 - support_.to(y.device())) * y.narrow(1, coils(), 1);
}

torch::Tensor SenseMri::project(const torch::Tensor& x, const torch::Tensor& y) const {
  torch::Tensor current = x;
  for (int64_t i = 0; i < dcIterations_; ++i) {
    current = current - AH(A(current) - y);
    if (realImage_) current = torch::real(current).contiguous();
  }
  return current;
}

torch::Tensor SenseMri::measurementNoise(const torch::Tensor& y, torch::Generator& gen) const {
  const std::vector<int64_t> shape{y.size(0), 1, shape_[2], shape_[3]};
  const auto dtype = c10::toRealValueType(y.scalar_type());
  const auto normal = [&] {
    return torch::randn(shape, gen, torch::TensorOptions().dtype(dtype)).to(y.device());
  };
  torch::Tensor z = normal();
  if (!realImage_) z = torch::complex(z, normal()) / std::sqrt(2.0);
  return A(z);
}

}  // namespace ccdf
