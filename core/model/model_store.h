#pragma once
// Finding and loading models: a model is a folder <name>/ with manifest.json (+ weights).
// Kinds: "unet" (native network, safetensors weights), "torchscript" (user checkpoint),
// "gaussian-powerlaw" (exact stationary Gaussian prior; no weights, needs no training).
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "model/denoiser.h"

namespace ccdf {

struct ModelInfo {
  std::string name;
  std::string directory;    // folder holding manifest.json
  std::string kind;         // unet | torchscript | gaussian-powerlaw
  std::string description;  // one line
  std::string licence;
  std::string dataSource;
  int64_t channels = 1;
  double valueMin = -1.0, valueMax = 1.0;  // the model's data range; images are mapped to it
  int64_t resolution = 0;                  // training resolution (0 = any)
  bool fullyConvolutional = true;          // runs on any multiple of `sizeMultiple`
  int64_t sizeMultiple = 1;
  std::string schedule;  // human-readable schedule summary
};

struct LoadedModel {
  ModelInfo info;
  std::shared_ptr<Denoiser> denoiser;
};

// Default search path: $CCDF_MODELS_DIR, <exe>/../share/ccdf-studio/models, <source>/models,
// then any extra directories given.
std::vector<std::string> defaultModelDirectories(const std::vector<std::string>& extra = {});
std::vector<ModelInfo> listModels(const std::vector<std::string>& directories);
// `nameOrPath`: a model name found in `directories`, or a path to a model folder / manifest.
// Throws std::runtime_error with one clear line on any problem.
LoadedModel loadModel(const std::string& nameOrPath, const std::vector<std::string>& directories,
                      torch::Device device);
ModelInfo readModelInfo(const std::string& manifestPath);

// Maps images in [0, 1] to the model's range and back.
torch::Tensor toModelRange(const ModelInfo& info, const torch::Tensor& unit);
torch::Tensor fromModelRange(const ModelInfo& info, const torch::Tensor& model);

}  // namespace ccdf
