#pragma once
// Training objectives: eps-MSE (DDPM), hybrid eps-MSE + lambda * VLB for learned variance
// (IDDPM), and denoising score matching for VE written as eps-MSE (||sigma s + z||^2).
#include <torch/torch.h>

#include "schedule/noise_schedule.h"

namespace ccdf {

enum class LossKind { Eps, Hybrid, Dsm };
LossKind lossKindFromString(const std::string& name);  // eps | hybrid | dsm

struct LossTerms {
  torch::Tensor total, mse, vlb;  // vlb undefined unless Hybrid
};

using NetworkFn = std::function<torch::Tensor(const torch::Tensor& x, const torch::Tensor& c)>;

// One Monte-Carlo estimate of the loss on a batch x0 ([B, C, H, W], model range), with levels
// drawn uniformly from 1..N.
LossTerms diffusionLoss(LossKind kind, const NoiseSchedule& schedule, const NetworkFn& network,
                        const torch::Tensor& x0, torch::Generator& gen, double vlbWeight = 1e-3);

}  // namespace ccdf
