#pragma once
// Multi-coil Cartesian CS-MRI (SENSE): A x = M F (S x) for one image x [B, 1, H, W] and coil
// sensitivities S [Nc, H, W] (complex, normalised so that sum_c |S_c|^2 = 1 where the object is
// and 0 elsewhere); measurements are per-coil k-space [B, Nc + 1, H, W] in the project's
// convention (ops/fft.h), A^H y = sum_c conj(S_c) F^-1 (M y_c) + (1 - support) y_Nc.
//
// Pixels where the sensitivities vanish (sum_c |S_c|^2 = 0: no coil sees them, so there is no
// signal) are measured as well, in image space: the measurement has one extra channel,
// y[:, Nc] = (1 - support) x. Without it those pixels would be unconstrained and the model's
// range offset would leave them mid-grey; with it, data consistency keeps the background at the
// value the measurement says (zero signal).
//
// Unlike the single-coil case, A A^H is not the identity, so x - A^H (A x - y) is a gradient
// (Landweber) step rather than the projection. With sum |S|^2 <= 1 and a 0/1 mask, ||A|| <= 1,
// so each step is non-expansive; one step equals per-coil k-space replacement followed by coil
// combination, and `dcIterations` steps approach the projection onto {A x = y}.
#include <torch/torch.h>

#include <vector>

#include "ops/operator.h"

namespace ccdf {

class SenseMri : public KspaceSampling {
 public:
  SenseMri(std::vector<int64_t> imageShape, torch::Tensor sensitivities, torch::Tensor mask,
           bool realImage = true, int64_t dcIterations = 1);
  std::string name() const override { return "mri-sense"; }
  torch::Tensor A(const torch::Tensor& x) const override;
  torch::Tensor AH(const torch::Tensor& y) const override;  // complex [B, 1, H, W]
  torch::Tensor project(const torch::Tensor& x, const torch::Tensor& y) const override;
  // M F S z for image-space white noise z (real for real images).
  torch::Tensor measurementNoise(const torch::Tensor& y, torch::Generator& gen) const override;
  std::vector<int64_t> imageShape() const override { return shape_; }
  const torch::Tensor& mask() const override { return mask_; }
  bool realImage() const override { return realImage_; }
  const torch::Tensor& sensitivities() const { return maps_; }
  int64_t coils() const { return maps_.size(0); }
  const torch::Tensor& support() const { return support_; }  // [H, W] 1 where a coil sees
  // The per-coil k-space channels of a measurement (without the background channel).
  torch::Tensor coilKspace(const torch::Tensor& y) const { return y.narrow(1, 0, coils()); }
  // A measurement from per-coil k-space [B, Nc, H, W]: the background channel appended as zero.
  torch::Tensor measurementFromKspace(const torch::Tensor& kspace) const;
  int64_t dcIterations() const { return dcIterations_; }

 private:
  std::vector<int64_t> shape_;
  torch::Tensor maps_;
  torch::Tensor mask_;
  torch::Tensor support_;
  bool realImage_;
  int64_t dcIterations_;
};

}  // namespace ccdf
