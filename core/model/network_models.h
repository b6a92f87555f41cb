#pragma once
// Loaders for network-backed models, called by model_store for manifest kinds "unet" and
// "torchscript". `manifest` is the parsed manifest.json, `directory` the folder holding it.
#include <torch/torch.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "model/denoiser.h"

namespace ccdf {

// Validates the manifest, the weights file (SHA-256, every tensor's name, shape and dtype) and
// builds the native UNet. Throws std::runtime_error with one clear line.
std::shared_ptr<Denoiser> loadUnetDenoiser(const std::string& directory,
                                           const nlohmann::json& manifest, torch::Device device);
std::shared_ptr<Denoiser> loadTorchScriptDenoiser(const std::string& directory,
                                                  const nlohmann::json& manifest,
                                                  torch::Device device);
// The noise schedule a manifest describes ("schedule": {"type": "vp-linear", ...}).
NoiseSchedule scheduleFromManifest(const nlohmann::json& schedule);
nlohmann::json scheduleToManifest(const NoiseSchedule& schedule);

}  // namespace ccdf
