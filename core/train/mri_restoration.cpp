#include "train/mri_restoration.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "model/safetensors.h"
#include "util/sha256.h"

namespace ccdf {
namespace fs = std::filesystem;

torch::Tensor zeroFilledWithRandomMasks(const torch::Tensor& clean, const MriRestorationTask& task,
                                        torch::Generator& gen) {
  const int64_t B = clean.size(0), H = clean.size(2), W = clean.size(3);
  const auto seeds = torch::randint(1 << 30, {B}, gen, torch::kLong);
  std::vector<torch::Tensor> masks;
  for (int64_t b = 0; b < B; ++b) {
    KspaceMaskSpec spec;
    spec.acceleration = task.acceleration;
    spec.acsLines = task.acsLines;
    spec.seed = uint64_t(seeds[b].item<int64_t>());
    masks.push_back(makeKspaceMask(H, W, spec).view({1, 1, H, W}));
  }
  const auto mask = torch::cat(masks).to(clean.device());
  const auto k = torch::fft::fft2(clean, c10::nullopt, {-2, -1}, "ortho");
  return torch::real(torch::fft::ifft2(mask * k, c10::nullopt, {-2, -1}, "ortho")).contiguous();
}

torch::Tensor restoreZeroFilled(UNet& net, const torch::Tensor& zeroFilled) {
  const auto conditioning = torch::zeros({zeroFilled.size(0)}, zeroFilled.options());
  return zeroFilled + net->forward(zeroFilled, conditioning);
}

LossTerms mriRestorationLoss(UNet& net, const torch::Tensor& clean, const MriRestorationTask& task,
                             torch::Generator& gen) {
  torch::Tensor zf;
  {
    torch::NoGradGuard noGrad;
    zf = zeroFilledWithRandomMasks(clean, task, gen);
  }
  LossTerms terms;
  terms.mse = (restoreZeroFilled(net, zf) - clean).square().mean();
  terms.total = terms.mse;
  return terms;
}

void exportMriUnet(UNet& net, const std::string& directory, const std::string& name,
                   const MriRestorationTask& task, const std::string& dataSource,
                   const std::string& licence, int64_t resolution, const nlohmann::json& training) {
  const fs::path dir(directory);
  fs::create_directories(dir);
  const fs::path weights = dir / "weights.safetensors";
  writeSafetensors(weights.string(), moduleTensors(*net), {{"format", "ccdf-mri-unet"}});
  const nlohmann::json manifest{
      {"format", "ccdf-initialiser/1"},
      {"name", name},
      {"kind", "mri-unet"},
      {"description",
       "UNet from zero-filled to clean magnitude images (residual), trained by "
       "ccdf-train on " +
           dataSource},
      {"licence", licence},
      {"data_source", dataSource},
      {"value_range", {-1.0, 1.0}},
      {"resolution", resolution},
      {"task",
       {{"acceleration", task.acceleration},
        {"acs_lines", task.acsLines},
        {"pattern", "gaussian-1d"}}},
      {"architecture", net->config().toJson()},
      {"parameters", net->parameterCount()},
      {"training", training},
      {"weights", {{"file", "weights.safetensors"}, {"sha256", sha256OfFile(weights.string())}}}};
  const fs::path temp = dir / "initialiser.json.tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << manifest.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + temp.string());
  }
  fs::rename(temp, dir / "initialiser.json");
}

UNet loadMriUnet(const std::string& directory) {
  const fs::path path = fs::path(directory) / "initialiser.json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(in);
    if (manifest.at("kind").get<std::string>() != "mri-unet")
      throw std::runtime_error("kind is not 'mri-unet'");
    UNet net(UNetConfig::fromJson(manifest.at("architecture")));
    const fs::path weights =
        fs::path(directory) / manifest.at("weights").at("file").get<std::string>();
    if (sha256OfFile(weights.string()) != manifest.at("weights").at("sha256").get<std::string>())
      throw std::runtime_error("weights do not match their SHA-256");
    loadIntoModule(*net, readSafetensors(weights.string()), weights.string());
    net->eval();
    return net;
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() + ": " + e.what());
  }
}

}  // namespace ccdf
