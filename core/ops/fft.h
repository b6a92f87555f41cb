#pragma once
// The project's k-space convention: the orthonormal, non-centred 2D FFT over the last two dims
// (DC at [0, 0]), so that energies are kept and F^-1 = F^H.
#include <torch/torch.h>

namespace ccdf {

inline torch::Tensor fft2Ortho(const torch::Tensor& x) {
  return torch::fft::fft2(x, c10::nullopt, {-2, -1}, "ortho");
}

inline torch::Tensor ifft2Ortho(const torch::Tensor& k) {
  return torch::fft::ifft2(k, c10::nullopt, {-2, -1}, "ortho");
}

}  // namespace ccdf
