#pragma once
// Measurement simulation from a ground-truth image: y = A x + noise.
#include <torch/torch.h>

#include "ops/operator.h"

namespace ccdf {

// Adds white Gaussian noise of standard deviation `noiseStd` (in measurement units; complex
// measurements get noiseStd/sqrt(2) per real component).
torch::Tensor simulateMeasurement(const Operator& op, const torch::Tensor& groundTruth,
                                  double noiseStd, torch::Generator& gen);

}  // namespace ccdf
