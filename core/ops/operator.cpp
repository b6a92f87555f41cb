#include "ops/operator.h"

#include "ops/fft.h"
#include "ops/operator_checks.h"

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccdf {

using detail::binaryMaskOrThrow;
using detail::checkImageShape;
using detail::checkSpatial;
using detail::realNormalLike;
using detail::shapeString;

// ---------------------------------------------------------------------------------------------
// Operator

torch::Tensor Operator::project(const torch::Tensor& x, const torch::Tensor& y) const {
  return x - AH(A(x) - y);
}

torch::Tensor Operator::softProject(const torch::Tensor& x, const torch::Tensor& y,
                                    double lambda) const {
  if (!(lambda > 0.0 && lambda <= 1.0))
    throw std::invalid_argument("soft data consistency needs lambda in (0, 1], got " +
                                std::to_string(lambda));
  // x + lambda (P(x) - x) equals x - lambda A^H (A x - y) for every operator here, and also
  // inherits the real-part handling of MriSampling::project.
  if (lambda == 1.0) return project(x, y);
  return x + lambda * (project(x, y) - x);
}

// Cov(A z) = A A^H, and A A^H is an orthogonal projection for every operator here, so
// A A^H n with white n has exactly that covariance.
torch::Tensor Operator::measurementNoise(const torch::Tensor& y, torch::Generator& gen) const {
  torch::Tensor noise = realNormalLike(y, gen);
  if (y.is_complex()) {
    noise = torch::complex(noise, realNormalLike(y, gen)) / std::sqrt(2.0);
  }
  return A(AH(noise));
}

// ---------------------------------------------------------------------------------------------
// SuperResolution

SuperResolution::SuperResolution(std::vector<int64_t> imageShape, int64_t factor)
    : shape_(std::move(imageShape)), factor_(factor) {
  checkImageShape(shape_, "super-resolution");
  if (factor_ < 1)
    throw std::invalid_argument("super-resolution scale must be at least 1, got " +
                                std::to_string(factor_));
  if (shape_[2] % factor_ != 0 || shape_[3] % factor_ != 0)
    throw std::invalid_argument("scale " + std::to_string(factor_) +
                                " does not divide the image size " + std::to_string(shape_[2]) +
                                "x" + std::to_string(shape_[3]));
}

std::string SuperResolution::name() const { return "sr_x" + std::to_string(factor_); }

torch::Tensor SuperResolution::A(const torch::Tensor& x) const {
  checkSpatial(x, shape_[2], shape_[3], name(), "image");
  const int64_t s = factor_;
  std::vector<int64_t> blocks(x.sizes().begin(), x.sizes().end() - 2);
  const int64_t lead = static_cast<int64_t>(blocks.size());
  blocks.insert(blocks.end(), {shape_[2] / s, s, shape_[3] / s, s});
  return x.reshape(blocks).sum({lead + 1, lead + 3}) / static_cast<double>(s);
}

torch::Tensor SuperResolution::AH(const torch::Tensor& y) const {
  const int64_t s = factor_;
  const int64_t h = shape_[2] / s, w = shape_[3] / s;
  checkSpatial(y, h, w, name(), "measurement");
  std::vector<int64_t> lead(y.sizes().begin(), y.sizes().end() - 2);
  std::vector<int64_t> spread = lead, expanded = lead, image = lead;
  spread.insert(spread.end(), {h, 1, w, 1});
  expanded.insert(expanded.end(), {h, s, w, s});
  image.insert(image.end(), {shape_[2], shape_[3]});
  return (y / static_cast<double>(s)).reshape(spread).expand(expanded).reshape(image);
}

torch::Tensor SuperResolution::measurementFromLowRes(const torch::Tensor& lr) const {
  return lr * static_cast<double>(factor_);
}

torch::Tensor SuperResolution::lowResFromMeasurement(const torch::Tensor& y) const {
  return y / static_cast<double>(factor_);
}

// ---------------------------------------------------------------------------------------------
// Inpainting

Inpainting::Inpainting(std::vector<int64_t> imageShape, torch::Tensor mask)
    : shape_(std::move(imageShape)) {
  checkImageShape(shape_, "inpainting");
  if (mask.defined() && mask.dim() == 2) mask = mask.reshape({1, 1, mask.size(0), mask.size(1)});
  const bool shapeOk = mask.defined() && mask.dim() == 4 &&
                       (mask.size(0) == 1 || mask.size(0) == shape_[0]) &&
                       (mask.size(1) == 1 || mask.size(1) == shape_[1]) &&
                       mask.size(2) == shape_[2] && mask.size(3) == shape_[3];
  if (!shapeOk)
    throw std::invalid_argument(
        "mask shape " + (mask.defined() ? shapeString(mask.sizes()) : std::string("(undefined)")) +
        " does not match image " + shapeString(shape_) +
        " (expected [H, W] or [1 or B, 1 or C, H, W])");
  mask_ = binaryMaskOrThrow(mask, "inpainting");
}

torch::Tensor Inpainting::A(const torch::Tensor& x) const {
  checkSpatial(x, shape_[2], shape_[3], name(), "image");
  return mask_.to(x.device()) * x;
}

torch::Tensor Inpainting::AH(const torch::Tensor& y) const {
  checkSpatial(y, shape_[2], shape_[3], name(), "measurement");
  return mask_.to(y.device()) * y;
}

// Selects rather than computes x - M (M x - y), so measured pixels are kept bit-exactly.
torch::Tensor Inpainting::project(const torch::Tensor& x, const torch::Tensor& y) const {
  checkSpatial(x, shape_[2], shape_[3], name(), "image");
  checkSpatial(y, shape_[2], shape_[3], name(), "measurement");
  const auto known = mask_.to(x.device()) > 0.5;
  return torch::where(known, y.to(x.dtype()), x);
}

// ---------------------------------------------------------------------------------------------
// MriSampling


MriSampling::MriSampling(std::vector<int64_t> imageShape, torch::Tensor mask, bool realImage)
    : shape_(std::move(imageShape)), realImage_(realImage) {
  checkImageShape(shape_, "mri");
  // Accept [H, W] and [1, ..., 1, H, W].
  bool shapeOk = mask.defined() && mask.dim() >= 2 && mask.size(-2) == shape_[2] &&
                 mask.size(-1) == shape_[3] && mask.numel() == shape_[2] * shape_[3];
  if (!shapeOk)
    throw std::invalid_argument(
        "mask shape " + (mask.defined() ? shapeString(mask.sizes()) : std::string("(undefined)")) +
        " does not match image " + shapeString(shape_) + " (expected a [H, W] k-space mask)");
  mask_ = binaryMaskOrThrow(mask.reshape({shape_[2], shape_[3]}), "mri");
}

torch::Tensor MriSampling::A(const torch::Tensor& x) const {
  checkSpatial(x, shape_[2], shape_[3], name(), "image");
  return mask_.to(x.device()) * fft2Ortho(x);
}

torch::Tensor MriSampling::AH(const torch::Tensor& y) const {
  checkSpatial(y, shape_[2], shape_[3], name(), "measurement");
  return ifft2Ortho(mask_.to(y.device()) * y);
}

torch::Tensor MriSampling::project(const torch::Tensor& x, const torch::Tensor& y) const {
  checkSpatial(x, shape_[2], shape_[3], name(), "image");
  checkSpatial(y, shape_[2], shape_[3], name(), "measurement");
  const auto measured = mask_.to(x.device()) > 0.5;
  auto kspace = fft2Ortho(x);
  kspace = torch::where(measured, y.to(kspace.dtype()), kspace);
  auto image = ifft2Ortho(kspace);
  return realImage_ ? torch::real(image).contiguous() : image;
}

// Literally M F z for image-space white noise z: real z for real images, so the noise has the
// conjugate-symmetric structure of real data; circular complex z otherwise.
torch::Tensor MriSampling::measurementNoise(const torch::Tensor& y, torch::Generator& gen) const {
  torch::Tensor z = realNormalLike(y, gen);
  if (!realImage_) z = torch::complex(z, realNormalLike(y, gen)) / std::sqrt(2.0);
  return A(z);
}

}  // namespace ccdf
