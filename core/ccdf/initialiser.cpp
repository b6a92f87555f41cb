#include "ccdf/initialiser.h"

#include <stdexcept>

namespace ccdf {

torch::Tensor AdjointInitialiser::initialise(const Operator& op, const torch::Tensor& y,
                                             torch::Generator& gen) const {
  torch::Tensor estimate = op.AH(y);
  // The priors work on real images; only an MRI operator that keeps complex images wants A^H y
  // as it is.
  const auto* mri = dynamic_cast<const KspaceSampling*>(&op);
  const bool keepComplex = mri != nullptr && !mri->realImage();
  if (estimate.is_complex() && !keepComplex) estimate = torch::real(estimate).contiguous();
  return estimate;
}

torch::Tensor ZeroFilledInitialiser::initialise(const Operator& op, const torch::Tensor& y,
                                                torch::Generator& gen) const {
  if (dynamic_cast<const KspaceSampling*>(&op) == nullptr)
    throw std::invalid_argument("the zero-filled initialiser needs an MRI operator, not '" +
                                op.name() + "'; use 'adjoint'");
  return AdjointInitialiser::initialise(op, y, gen);
}

torch::Tensor BicubicInitialiser::initialise(const Operator& op, const torch::Tensor& y,
                                             torch::Generator& gen) const {
  const auto* sr = dynamic_cast<const SuperResolution*>(&op);
  if (sr == nullptr)
    throw std::invalid_argument("the bicubic initialiser needs a super-resolution operator, not '" +
                                op.name() + "'; use 'adjoint' or 'noise'");
  if (!y.defined() || y.dim() != 4)
    throw std::invalid_argument("the bicubic initialiser needs a [B, C, h, w] measurement");
  const auto shape = sr->imageShape();
  namespace F = torch::nn::functional;
  return F::interpolate(sr->lowResFromMeasurement(y),
                        F::InterpolateFuncOptions()
                            .size(std::vector<int64_t>{shape[2], shape[3]})
                            .mode(torch::kBicubic)
                            .align_corners(false));
}

torch::Tensor NoiseInitialiser::initialise(const Operator& op, const torch::Tensor& y,
                                           torch::Generator& gen) const {
  // Drawn on the CPU so that a seed gives the same start on every device.
  const auto dtype = y.defined() ? c10::toRealValueType(y.scalar_type()) : torch::kFloat;
  auto noise = torch::randn(op.imageShape(), gen, torch::TensorOptions().dtype(dtype));
  return y.defined() ? noise.to(y.device()) : noise;
}

std::vector<std::string> initialiserNames() {
  return {"adjoint", "zero-filled", "bicubic", "noise"};
}

std::unique_ptr<Initialiser> makeInitialiser(const std::string& name) {
  if (name == "adjoint") return std::make_unique<AdjointInitialiser>();
  if (name == "zero-filled") return std::make_unique<ZeroFilledInitialiser>();
  if (name == "bicubic") return std::make_unique<BicubicInitialiser>();
  if (name == "noise") return std::make_unique<NoiseInitialiser>();
  std::string valid;
  for (const auto& n : initialiserNames()) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown initialiser '" + name + "'; valid names: " + valid);
}

}  // namespace ccdf
