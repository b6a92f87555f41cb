#include "io/initialisers.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>
#include <stdexcept>

#include "ccdf/mri_unet_initialiser.h"
#include "ccdf/tfjs_sr_initialiser.h"
#include "model/model_store.h"
#include "ops/operator.h"

namespace ccdf {

namespace {

// [H, W, C] float32 CPU tensor <-> cv::Mat sharing no memory.
cv::Mat toMat(const torch::Tensor& hwc) {
  auto t = hwc.to(torch::kCPU, torch::kFloat).contiguous();
  cv::Mat m(int(t.size(0)), int(t.size(1)), CV_32FC(int(t.size(2))), t.data_ptr<float>());
  return m.clone();
}

torch::Tensor fromMat(const cv::Mat& m) {
  cv::Mat f;
  m.convertTo(f, CV_32F);
  return torch::from_blob(f.data, {f.rows, f.cols, f.channels()}, torch::kFloat).clone();
}

}  // namespace

OpenCvInpaintInitialiser::OpenCvInpaintInitialiser(Method method, double radius)
    : method_(method), radius_(radius) {}

std::string OpenCvInpaintInitialiser::name() const {
  return method_ == Method::Telea ? "telea" : "navier-stokes";
}

torch::Tensor OpenCvInpaintInitialiser::initialise(const Operator& op, const torch::Tensor& y,
                                                   torch::Generator&) const {
  const auto* inpainting = dynamic_cast<const Inpainting*>(&op);
  if (inpainting == nullptr)
    throw std::invalid_argument(
        "the " + name() + " initialiser needs an inpainting operator, not '" + op.name() + "'");
  const auto shape = op.imageShape();
  const auto mask = inpainting->mask().to(torch::kCPU, torch::kFloat).expand(shape);
  const auto known = y.to(torch::kCPU, torch::kFloat).expand(shape);
  // cv::inpaint takes 32-bit float images of one channel; OpenCV's methods treat colour
  // channels independently anyway, so channel by channel loses nothing and avoids 8-bit
  // quantisation.
  std::vector<torch::Tensor> filled;
  for (int64_t b = 0; b < shape[0]; ++b) {
    cv::Mat hole;
    toMat((mask[b][0] < 0.5).unsqueeze(2).to(torch::kFloat)).convertTo(hole, CV_8U);
    std::vector<torch::Tensor> channels;
    for (int64_t c = 0; c < shape[1]; ++c) {
      // OpenCV's float path rounds to whole numbers internally (it was written for 8-bit
      // images): spread the values over [0, 65535] first so the rounding is negligible.
      const auto values = known[b][c];
      const auto knownValues = values.masked_select(mask[b][0] >= 0.5);
      if (knownValues.numel() == 0)
        throw std::invalid_argument("the " + name() + " initialiser needs some known pixels");
      const double lo = knownValues.min().item<double>();
      const double span = std::max(knownValues.max().item<double>() - lo, 1e-12);
      cv::Mat out;
      cv::inpaint(toMat(((values - lo) * (65535.0 / span)).unsqueeze(2)), hole, out, radius_,
                  method_ == Method::Telea ? cv::INPAINT_TELEA : cv::INPAINT_NS);
      channels.push_back(fromMat(out).squeeze(2) * (span / 65535.0) + lo);
    }
    filled.push_back(torch::stack(channels));
  }
  const auto estimate = torch::stack(filled);
  return (mask * known + (1 - mask) * estimate).to(y.device());
}

torch::Tensor LanczosInitialiser::initialise(const Operator& op, const torch::Tensor& y,
                                             torch::Generator&) const {
  const auto* sr = dynamic_cast<const SuperResolution*>(&op);
  if (sr == nullptr)
    throw std::invalid_argument("the lanczos initialiser needs a super-resolution operator, not '" +
                                op.name() + "'");
  const auto shape = op.imageShape();
  const auto low = sr->lowResFromMeasurement(y).to(torch::kCPU, torch::kFloat);
  std::vector<torch::Tensor> up;
  for (int64_t b = 0; b < low.size(0); ++b) {
    std::vector<torch::Tensor> channels;
    for (int64_t c = 0; c < low.size(1); ++c) {  // per channel: cv::resize takes at most 4
      cv::Mat out;
      cv::resize(toMat(low[b][c].unsqueeze(2)), out, cv::Size(int(shape[3]), int(shape[2])), 0, 0,
                 cv::INTER_LANCZOS4);
      channels.push_back(fromMat(out).squeeze(2));
    }
    up.push_back(torch::stack(channels));
  }
  return torch::stack(up).to(y.device());
}

std::vector<InitialiserInfo> availableInitialisers() {
  return {
      {"adjoint", "any", "A^H y: the masked image, box up-sampling, zero-filled k-space"},
      {"zero-filled", "mri", "inverse FFT of the zero-filled k-space (= adjoint)"},
      {"bicubic", "sr", "bicubic up-sampling (torch)"},
      {"lanczos", "sr", "Lanczos-4 up-sampling (OpenCV)"},
      {"telea", "inpaint", "fast-marching inpainting (OpenCV, Telea 2004)"},
      {"navier-stokes", "inpaint", "Navier-Stokes inpainting (OpenCV, Bertalmio 2001)"},
      {"esrgan-slim", "sr", "RDN network (@upscalerjs/esrgan-slim, DIV2K, MIT), x2 x3 x4 x8, RGB"},
      {"esrgan-medium", "sr", "RDN network (@upscalerjs/esrgan-medium, DIV2K, MIT), x2 x4, RGB"},
      {"esrgan-thick", "sr",
       "RRDN network (@upscalerjs/esrgan-thick, DIV2K, MIT), x2 x3 x4 x8, RGB; not shipped: read "
       "from tools/tfjs/node_modules (scripts/setup.sh) or a model folder"},
      {"mri-unet", "mri",
       "UNet from zero-filled to clean (trained on the phantoms, models/mri-unet)"},
      {"noise", "any", "standard normal noise (t0 = 1 baselines)"},
  };
}

std::string canonicalInitialiserName(const std::string& name) {
  if (name == "ns") return "navier-stokes";
  if (name == "zero") return "zero-filled";
  if (name == "unet") return "mri-unet";
  return name;
}

bool initialiserServes(const std::string& alias, const std::string& task) {
  const std::string name = canonicalInitialiserName(alias);
  for (const auto& info : availableInitialisers())
    if (info.name == name)
      return info.tasks == "any" ||
             ("," + info.tasks + ",").find("," + task + ",") != std::string::npos;
  return false;
}

std::unique_ptr<Initialiser> createInitialiser(const std::string& alias,
                                               const InitialiserContext& context) {
  const std::string name = canonicalInitialiserName(alias);
  using Method = OpenCvInpaintInitialiser::Method;
  if (name == "telea") return std::make_unique<OpenCvInpaintInitialiser>(Method::Telea);
  if (name == "navier-stokes")
    return std::make_unique<OpenCvInpaintInitialiser>(Method::NavierStokes);
  if (name == "lanczos") return std::make_unique<LanczosInitialiser>();
  // Network initialisers read their weights from <model folder>/<name>.
  // The npm packages scripts/setup.sh installs next to the source's models/ folder serve too
  // (esrgan-thick, 29 MB per scale, is not copied into models/).
  const auto folderOf = [&](const std::string& folderName) {
    namespace fs = std::filesystem;
    const auto dirs =
        context.modelDirectories.empty() ? defaultModelDirectories() : context.modelDirectories;
    for (const auto& dir : dirs)
      if (fs::is_directory(fs::path(dir) / folderName))
        return (fs::path(dir) / folderName).string();
    for (const auto& dir : dirs) {
      const fs::path npm = fs::path(dir).parent_path() / "tools/tfjs/node_modules/@upscalerjs" /
                           folderName / "models";
      if (fs::is_directory(npm)) return npm.string();
    }
    throw std::invalid_argument("the " + folderName + " weights are not in any model folder" +
                                (folderName == "esrgan-thick"
                                     ? std::string(" (run scripts/setup.sh to install them)")
                                     : std::string()));
  };
  if (name == "mri-unet") return std::make_unique<MriUnetInitialiser>(name, folderOf(name));
  if (name == "esrgan-slim" || name == "esrgan-medium" || name == "esrgan-thick")
    // slim and medium work in [0, 255], thick in [0, 1] (model/tfjs_layers.h).
    return std::make_unique<TfjsSuperResolutionInitialiser>(name, folderOf(name),
                                                            name == "esrgan-thick" ? 1.0 : 255.0,
                                                            context.valueMin, context.valueMax);
  for (const auto& core : initialiserNames())
    if (core == name) return makeInitialiser(name);
  std::string valid;
  for (const auto& info : availableInitialisers()) valid += (valid.empty() ? "" : ", ") + info.name;
  throw std::invalid_argument("unknown initialiser '" + name + "'; valid names: " + valid);
}

}  // namespace ccdf
