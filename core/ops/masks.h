#pragma once
// Sampling masks: inpainting boxes and Cartesian / 2D k-space undersampling patterns.
// k-space masks are [H, W] float 0/1 in the non-centred FFT layout (DC at [0, 0]); 1D masks
// select whole phase-encode lines along W (columns), readout along H fully sampled.
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace ccdf {

// 1D patterns select phase-encode columns around `acsLines` fully sampled centre columns.
// 2D patterns keep an acsLines x acsLines centre square: PoissonDisc2D spreads samples with a
// minimum distance growing away from DC; VariableDensity2D draws them independently with density
// proportional to (1 - r)^2 (r = normalised distance from DC), so they may cluster.
enum class MaskPattern { Uniform1D, Gaussian1D, Equispaced1D, PoissonDisc2D, VariableDensity2D };
std::string toString(MaskPattern p);
// uniform|gaussian|equispaced|poisson|variable-density
MaskPattern maskPatternFromString(const std::string& name);
bool isTwoDimensional(MaskPattern p);

struct KspaceMaskSpec {
  MaskPattern pattern = MaskPattern::Gaussian1D;
  double acceleration = 4.0;  // requested: total samples / measured samples
  int64_t acsLines = 8;       // fully sampled centre (lines for 1D, square side for 2D)
  uint64_t seed = 0;
};

// Draws without replacement so that the real acceleration is as close to the request as the
// grid allows. Throws std::invalid_argument on an impossible request.
torch::Tensor makeKspaceMask(int64_t height, int64_t width, const KspaceMaskSpec& spec);

// Real acceleration of a mask: numel / number of ones.
double maskAcceleration(const torch::Tensor& mask);

// Inpainting mask, 1 = known: a centred square hole whose side is `fraction` of the image side.
torch::Tensor makeBoxMask(int64_t height, int64_t width, double fraction);

// fftshift / ifftshift over the last two dims (for display and for BART's centred convention).
torch::Tensor fftshift2d(const torch::Tensor& x);
torch::Tensor ifftshift2d(const torch::Tensor& x);

}  // namespace ccdf
