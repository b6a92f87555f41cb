#include "ccdf/kspace_problem.h"

#include <stdexcept>
#include <string>

#include "ops/fft.h"
#include "ops/sense.h"

namespace ccdf {

namespace {

void checkInputs(const torch::Tensor& kspace, const torch::Tensor& mask) {
  if (!kspace.defined() || kspace.dim() != 3 || !kspace.is_complex() || kspace.size(0) < 1 ||
      kspace.size(1) < 2 || kspace.size(2) < 2)
    throw std::invalid_argument("k-space must be complex [coils, H, W]");
  if (!mask.defined() || mask.dim() != 2 || mask.size(0) != kspace.size(1) ||
      mask.size(1) != kspace.size(2))
    throw std::invalid_argument("the mask must be [H, W] = [" + std::to_string(kspace.size(1)) +
                                ", " + std::to_string(kspace.size(2)) + "] like the k-space");
  if (!torch::isfinite(torch::view_as_real(kspace.to(torch::kComplexFloat))).all().item<bool>())
    throw std::invalid_argument("k-space holds NaN or Inf values");
  if (mask.sum().item<double>() <= 0) throw std::invalid_argument("the mask samples nothing");
}

}  // namespace

torch::Tensor rssImage(const torch::Tensor& kspace) {
  return rootSumOfSquares(ifft2Ortho(kspace.to(torch::kComplexFloat)), 0).unsqueeze(0);
}

torch::Tensor sampledPositions(const torch::Tensor& kspace) {
  return (kspace.abs() > 0).any(0).to(torch::kFloat);
}

KspaceProblem makeKspaceProblem(const torch::Tensor& kspace, const torch::Tensor& mask,
                                const KspaceProblemOptions& options) {
  checkInputs(kspace, mask);
  if (!(options.scale >= 0)) throw std::invalid_argument("the k-space scale must be >= 0");
  const int64_t coils = kspace.size(0), H = kspace.size(1), W = kspace.size(2);
  const auto binaryMask = (mask.to(torch::kFloat) > 0.5).to(torch::kFloat).to(kspace.device());
  const auto measured = kspace.to(torch::kComplexFloat) * binaryMask;  // [coils, H, W]

  KspaceProblem p;
  const bool sense = options.modelChannels == 1 && coils > 1;
  if (!sense && coils != options.modelChannels)
    throw std::invalid_argument("k-space has " + std::to_string(coils) +
                                " coil(s) but the model works on " +
                                std::to_string(options.modelChannels) + " channel(s)");
  // Zero-filled magnitude in file units: per-coil RSS for SENSE, per channel otherwise.
  const auto zeroFilledFile = sense ? rssImage(measured) : ifft2Ortho(measured).abs().unsqueeze(0);
  p.scale = options.scale > 0 ? options.scale : zeroFilledFile.max().item<double>();
  if (!(p.scale > 0)) throw std::invalid_argument("the measured k-space is all zero");
  p.zeroFilled = zeroFilledFile / p.scale;
  const auto y = (measured / p.scale).unsqueeze(0);  // [1, coils, H, W]
  if (sense) {
    p.sensitivities = estimateCoilSensitivities(measured, binaryMask, options.sensitivities);
    auto sense = std::make_shared<SenseMri>(std::vector<int64_t>{1, 1, H, W}, p.sensitivities,
                                            binaryMask, true, options.dcIterations);
    p.measurement = sense->measurementFromKspace(y);
    p.op = sense;
  } else {
    p.op = std::make_shared<MriSampling>(std::vector<int64_t>{1, coils, H, W}, binaryMask);
    p.measurement = y;
  }
  return p;
}

}  // namespace ccdf
