#pragma once
// Fréchet distance between two Gaussians fitted to feature sets (the FID formula):
//   ||mu1 - mu2||^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2),
// computed in double precision with symmetric eigendecompositions.
#include <torch/torch.h>

namespace ccdf {

// features: [N, D] each (N > 1).
double frechetDistance(const torch::Tensor& featuresA, const torch::Tensor& featuresB);

}  // namespace ccdf
