#include "ccdf/tfjs_sr_initialiser.h"

#include <filesystem>
#include <stdexcept>

#include "model/tfjs_layers.h"
#include "ops/operator.h"

namespace ccdf {

TfjsSuperResolutionInitialiser::TfjsSuperResolutionInitialiser(std::string name, std::string folder,
                                                               double networkRange, double valueMin,
                                                               double valueMax)
    : name_(std::move(name)),
      folder_(std::move(folder)),
      networkRange_(networkRange),
      valueMin_(valueMin),
      valueMax_(valueMax) {}

TfjsSuperResolutionInitialiser::~TfjsSuperResolutionInitialiser() = default;

std::shared_ptr<TfjsLayersModel> TfjsSuperResolutionInitialiser::modelFor(int64_t factor) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& model = models_[factor];
  if (!model) {
    namespace fs = std::filesystem;
    const fs::path json = fs::path(folder_) / ("x" + std::to_string(factor)) / "model.json";
    if (!fs::is_regular_file(json)) {
      std::string scales;
      for (int s : {2, 3, 4, 8})
        if (fs::is_regular_file(fs::path(folder_) / ("x" + std::to_string(s)) / "model.json"))
          scales += (scales.empty() ? "x" : ", x") + std::to_string(s);
      throw std::invalid_argument("the " + name_ + " initialiser has no model for x" +
                                  std::to_string(factor) + " in " + folder_ + " (it has " +
                                  (scales.empty() ? "none" : scales) + ")");
    }
    model = loadTfjsLayersModel(json.string());
    model->eval();
  }
  return model;
}

torch::Tensor TfjsSuperResolutionInitialiser::initialise(const Operator& op, const torch::Tensor& y,
                                                         torch::Generator&) const {
  const auto* sr = dynamic_cast<const SuperResolution*>(&op);
  if (sr == nullptr)
    throw std::invalid_argument(
        "the " + name_ + " initialiser needs a super-resolution operator, not '" + op.name() + "'");
  const auto shape = op.imageShape();
  if (shape[1] != 3)
    throw std::invalid_argument("the " + name_ + " initialiser needs an RGB image (3 channels)");
  auto model = modelFor(sr->factor());
  torch::NoGradGuard noGrad;
  const double span = valueMax_ - valueMin_;
  const auto low = sr->lowResFromMeasurement(y);
  const auto input = ((low - valueMin_) / span).clamp(0, 1) * networkRange_;
  model->to(input.device());
  const auto output = model->forward(input.to(torch::kFloat));
  if (output.size(2) != shape[2] || output.size(3) != shape[3])
    throw std::runtime_error("the " + name_ + " network returned " +
                             std::to_string(output.size(2)) + "x" + std::to_string(output.size(3)) +
                             " instead of " + std::to_string(shape[2]) + "x" +
                             std::to_string(shape[3]));
  // The networks do not clip their output (see tfjs_layers.h).
  return ((output / networkRange_).clamp(0, 1) * span + valueMin_).to(y.scalar_type());
}

}  // namespace ccdf
