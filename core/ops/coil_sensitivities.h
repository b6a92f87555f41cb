#pragma once
// Coil sensitivities from the fully sampled centre of k-space (the ACS region), by the simple
// low-resolution method: S_c = L_c / sqrt(sum_c |L_c|^2) with L_c the coil images of the
// Hann-windowed calibration region, and S = 0 where the low-resolution root-sum-of-squares is
// below `threshold` of its maximum (background). The coil-combined image sum_c conj(S_c) x_c of
// fully sampled data is then close to the root-sum-of-squares image, with the object's phase
// removed (ESPIRiT does better near edges and with overlapping folds; BART's ecalib is the
// reference the benchmark compares against).
#include <torch/torch.h>

#include <cstdint>

namespace ccdf {

struct CoilSensitivityOptions {
  // Side of the calibration square (k-space samples); 0 takes the mask's fully sampled centre.
  int64_t calibrationSize = 0;
  double threshold = 0.05;
};

// Side of the largest centred square of k-space that the mask samples fully ([H, W], project
// layout). For a 1D line mask this is the ACS width (bounded by H).
int64_t fullySampledCentre(const torch::Tensor& mask);

// kspace: [Nc, H, W] complex in the project convention (ops/fft.h), mask: [H, W] 0/1.
// Returns [Nc, H, W] complex64 with sum_c |S_c|^2 = 1 on the object and 0 elsewhere. Throws
// std::invalid_argument when the calibration region is smaller than 4 samples.
torch::Tensor estimateCoilSensitivities(const torch::Tensor& kspace, const torch::Tensor& mask,
                                        const CoilSensitivityOptions& options = {});

// Root-sum-of-squares over dimension `coilDim` (kept with size 1): sqrt(sum |x_c|^2), real.
torch::Tensor rootSumOfSquares(const torch::Tensor& coilImages, int64_t coilDim);

}  // namespace ccdf
