#pragma once
// The paper's "U-Net" baseline and NN initialiser for CS-MRI: a UNet trained to map a zero-filled
// magnitude image to the clean one (residual: x = zf + UNet(zf)). Trained by ccdf-train with
// --objective mri-restoration, shipped as a folder with initialiser.json (not manifest.json: it is
// not a diffusion prior) + weights.safetensors, and used through MriUnetInitialiser.
#include <torch/torch.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "model/unet.h"
#include "ops/masks.h"
#include "train/diffusion_loss.h"

namespace ccdf {

struct MriRestorationTask {
  double acceleration = 4.0;  // of the random 1D Gaussian masks drawn per training image
  int64_t acsLines = 8;
};

// The real part of the zero-filled reconstruction of each image under its own random mask.
torch::Tensor zeroFilledWithRandomMasks(const torch::Tensor& clean, const MriRestorationTask& task,
                                        torch::Generator& gen);

// The network's restoration: zf + net(zf) (the conditioning input is fixed at 0).
torch::Tensor restoreZeroFilled(UNet& net, const torch::Tensor& zeroFilled);

// MSE between the restoration of random zero-filled versions of `clean` and `clean`.
LossTerms mriRestorationLoss(UNet& net, const torch::Tensor& clean, const MriRestorationTask& task,
                             torch::Generator& gen);

// Writes <dir>/initialiser.json + weights.safetensors atomically.
void exportMriUnet(UNet& net, const std::string& directory, const std::string& name,
                   const MriRestorationTask& task, const std::string& dataSource,
                   const std::string& licence, int64_t resolution, const nlohmann::json& training);

// Loads and validates a folder written by exportMriUnet (throws one clear line).
UNet loadMriUnet(const std::string& directory);

}  // namespace ccdf
