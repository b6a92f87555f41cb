#include "ccdf/simulate.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ccdf {

torch::Tensor simulateMeasurement(const Operator& op, const torch::Tensor& groundTruth,
                                  double noiseStd, torch::Generator& gen) {
  if (!(noiseStd >= 0.0) || !std::isfinite(noiseStd))
    throw std::invalid_argument("measurement noise standard deviation must be >= 0, got " +
                                std::to_string(noiseStd));
  const torch::Tensor clean = op.A(groundTruth);
  if (noiseStd == 0.0) return clean;
  // White noise drawn on the CPU (device-independent runs), split evenly over real and
  // imaginary parts for complex measurements.
  const auto options = torch::TensorOptions().dtype(c10::toRealValueType(clean.scalar_type()));
  torch::Tensor noise = torch::randn(clean.sizes(), gen, options);
  if (clean.is_complex())
    noise = torch::complex(noise, torch::randn(clean.sizes(), gen, options)) / std::sqrt(2.0);
  // A A^H is the orthogonal projection onto the measured entries (identity for SR, the mask
  // otherwise), so unmeasured pixels / k-space samples stay exactly zero.
  noise = op.A(op.AH(noise.to(clean.device())));
  return clean + noiseStd * noise;
}

}  // namespace ccdf
