#pragma once
// Feed-forward super-resolution initialiser from a folder of TF.js layers models, one per scale
// (<folder>/x2/model.json, x3, x4, x8 — the layout of the @upscalerjs ESRGAN packages, which
// the project ships in models/esrgan-slim and models/esrgan-medium). The model for the
// operator's factor is loaded on first use and kept.
#include <torch/torch.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "ccdf/initialiser.h"

namespace ccdf {

class TfjsLayersModel;

class TfjsSuperResolutionInitialiser : public Initialiser {
 public:
  // valueMin/valueMax: the model range of y and of the estimate; networkRange: the value of
  // white in the network's input and output (255 for esrgan-slim/medium, 1 for thick).
  TfjsSuperResolutionInitialiser(std::string name, std::string folder, double networkRange,
                                 double valueMin, double valueMax);
  ~TfjsSuperResolutionInitialiser() override;
  std::string name() const override { return name_; }
  // Throws when the operator is not SR, the image is not RGB, or no model exists for the
  // factor (naming the folder and the scales it has).
  torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                           torch::Generator& gen) const override;

 private:
  std::shared_ptr<TfjsLayersModel> modelFor(int64_t factor) const;
  std::string name_, folder_;
  double networkRange_, valueMin_, valueMax_;
  mutable std::mutex mutex_;
  mutable std::map<int64_t, std::shared_ptr<TfjsLayersModel>> models_;
};

}  // namespace ccdf
