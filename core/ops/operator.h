#pragma once
// Linear measurement operators y = A x with adjoint A^H and a non-expansive data-consistency map.
// Images are real [B, C, H, W] tensors; measurements are whatever the operator produces
// (a low-resolution image, a masked image, complex k-space).
#include <torch/torch.h>

#include <memory>
#include <string>

namespace ccdf {

class Operator {
 public:
  virtual ~Operator() = default;
  virtual std::string name() const = 0;
  virtual torch::Tensor A(const torch::Tensor& x) const = 0;
  virtual torch::Tensor AH(const torch::Tensor& y) const = 0;
  // Hard data consistency: the orthogonal projection of x onto {x : A x = y}. The default,
  // x - A^H (A x - y), is exact because every operator here has A A^H = I on its range.
  virtual torch::Tensor project(const torch::Tensor& x, const torch::Tensor& y) const;
  // Soft data consistency for noisy measurements: x - lambda A^H (A x - y), lambda in (0, 1].
  // Non-expansive for lambda in [0, 2] when A A^H = I; lambda = 1 is the hard projection.
  torch::Tensor softProject(const torch::Tensor& x, const torch::Tensor& y, double lambda) const;
  // Gaussian noise with the covariance of A z for image-space white noise z, in measurement
  // space; used to forward-diffuse y to the current noise level (ILVR / score-SDE style DC).
  virtual torch::Tensor measurementNoise(const torch::Tensor& y, torch::Generator& gen) const;
  // Image shape the operator expects, [B, C, H, W], for validation.
  virtual std::vector<int64_t> imageShape() const = 0;
};

// Super-resolution by an integer factor: A = (1/s) * sum over each s x s block, so that
// A A^H = I and A^H A is the orthogonal block-mean (box low-pass) projection. A low-resolution
// image `lr` (block means) corresponds to the measurement y = s * lr.
class SuperResolution : public Operator {
 public:
  SuperResolution(std::vector<int64_t> imageShape, int64_t factor);
  std::string name() const override;
  torch::Tensor A(const torch::Tensor& x) const override;
  torch::Tensor AH(const torch::Tensor& y) const override;
  std::vector<int64_t> imageShape() const override { return shape_; }
  int64_t factor() const { return factor_; }
  torch::Tensor measurementFromLowRes(const torch::Tensor& lr) const;  // s * lr
  torch::Tensor lowResFromMeasurement(const torch::Tensor& y) const;   // y / s

 private:
  std::vector<int64_t> shape_;
  int64_t factor_;
};

// Inpainting: mask = 1 on known pixels ([H, W] or [1 or B, 1 or C, H, W], broadcast).
// A x = mask * x, measurements live in the image grid with zeros where unknown.
class Inpainting : public Operator {
 public:
  Inpainting(std::vector<int64_t> imageShape, torch::Tensor mask);
  std::string name() const override { return "inpainting"; }
  torch::Tensor A(const torch::Tensor& x) const override;
  torch::Tensor AH(const torch::Tensor& y) const override;
  // (1 - M) x + M y by selection, so measured pixels are kept bit-exactly.
  torch::Tensor project(const torch::Tensor& x, const torch::Tensor& y) const override;
  std::vector<int64_t> imageShape() const override { return shape_; }
  const torch::Tensor& mask() const { return mask_; }

 private:
  std::vector<int64_t> shape_;
  torch::Tensor mask_;
};

// Cartesian MRI operators: a [H, W] 0/1 k-space mask in the non-centred layout and whether the
// image is kept real (magnitude priors). Shared by the single-coil and the SENSE operator so that
// initialisers and automatic t0 treat both alike.
class KspaceSampling : public Operator {
 public:
  virtual const torch::Tensor& mask() const = 0;
  virtual bool realImage() const = 0;
};

// Single-coil Cartesian CS-MRI: A x = M * F x with F the orthonormal, non-centred 2D FFT over
// (H, W) and M a [H, W] 0/1 k-space mask. Measurements are complex [B, C, H, W].
// A^H y = F^-1 (M * y) is complex; with realImage (the default, for magnitude priors) the
// projection returns its real part, which is the composition of two orthogonal projections
// and so still non-expansive.
class MriSampling : public KspaceSampling {
 public:
  MriSampling(std::vector<int64_t> imageShape, torch::Tensor mask, bool realImage = true);
  std::string name() const override { return "mri"; }
  torch::Tensor A(const torch::Tensor& x) const override;
  torch::Tensor AH(const torch::Tensor& y) const override;  // complex
  torch::Tensor project(const torch::Tensor& x, const torch::Tensor& y) const override;
  torch::Tensor measurementNoise(const torch::Tensor& y, torch::Generator& gen) const override;
  std::vector<int64_t> imageShape() const override { return shape_; }
  const torch::Tensor& mask() const override { return mask_; }
  bool realImage() const override { return realImage_; }

 private:
  std::vector<int64_t> shape_;
  torch::Tensor mask_;
  bool realImage_;
};

}  // namespace ccdf
