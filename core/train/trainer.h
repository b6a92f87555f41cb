#pragma once
// The training loop behind `ccdf-train`: AdamW, EMA of the weights, gradient clipping,
// checkpoint + resume, deterministic seeds, a progress line, and periodic export of the EMA
// weights as a ready-to-use model folder (manifest.json + weights.safetensors + MODEL_CARD.md).
#include <torch/torch.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "model/unet.h"
#include "schedule/noise_schedule.h"
#include "train/diffusion_loss.h"
#include "train/mri_restoration.h"
#include "train/training_data.h"

namespace ccdf {

enum class TrainingObjective {
  Diffusion,       // a diffusion prior (the loss in `loss`)
  MriRestoration,  // a zero-filled -> clean UNet (train/mri_restoration.h)
};

struct TrainerOptions {
  std::string outputDirectory;  // model folder; checkpoints go to <out>/checkpoints/
  std::string modelName;
  std::string licence = "MIT";
  std::string dataSource;   // free text for the manifest and card
  std::string commandLine;  // recorded in the card
  int64_t resolution = 32;
  int64_t batchSize = 32;
  int64_t steps = 10000;
  double learningRate = 2e-4;
  double weightDecay = 0.0;
  double emaDecay = 0.9995;
  double gradClip = 1.0;
  double timeLimitMinutes = 0;  // > 0: stop (and export) when reached
  int64_t checkpointEvery = 250;
  uint64_t seed = 0;
  LossKind loss = LossKind::Eps;
  TrainingObjective objective = TrainingObjective::Diffusion;
  MriRestorationTask restoration;  // for MriRestoration
  bool fp16Weights = false;
};

struct TrainerReport {
  int64_t stepsDone = 0;
  double seconds = 0;       // this invocation
  double totalSeconds = 0;  // across resumes
  double lastLoss = 0;
};

using ProgressFn = std::function<void(const std::string& line)>;

TrainerReport trainDiffusionModel(const UNetConfig& architecture, const NoiseSchedule& schedule,
                                  TrainingData& data, const TrainerOptions& options,
                                  const ProgressFn& progress);

// Writes manifest.json + weights.safetensors (atomically) for a trained UNet.
void exportUnetModel(UNet& net, const NoiseSchedule& schedule, const TrainerOptions& options,
                     const nlohmann::json& training);

}  // namespace ccdf
