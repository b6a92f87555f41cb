#pragma once
// Image-quality metrics on [B, C, H, W] tensors with a known data range.
#include <torch/torch.h>

namespace ccdf {

// Peak signal-to-noise ratio in dB over the whole tensor; dataRange = max - min of the scale.
double psnr(const torch::Tensor& estimate, const torch::Tensor& reference, double dataRange);
// Mean SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 = 0.01, K2 = 0.03),
// averaged over channels and batch; valid region only (no padding).
double ssim(const torch::Tensor& estimate, const torch::Tensor& reference, double dataRange);
// Normalised root-mean-square error ||e - r|| / ||r||.
double nrmse(const torch::Tensor& estimate, const torch::Tensor& reference);

}  // namespace ccdf
