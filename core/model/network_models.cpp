#include "model/network_models.h"

#include <torch/script.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "model/safetensors.h"
#include "model/unet.h"
#include "util/isolated_call.h"
#include "util/sha256.h"

namespace ccdf {
namespace fs = std::filesystem;

namespace {

constexpr int64_t kMaxScheduleLevels = 1000000;

template <typename T>
T field(const nlohmann::json& j, const std::string& key, const std::string& where) {
  if (!j.contains(key)) throw std::runtime_error(where + ": missing field '" + key + "'");
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(where + ": field '" + key + "' has the wrong type");
  }
}

// Resolves and verifies the weights file named by the manifest.
std::string verifiedWeightsPath(const std::string& directory, const nlohmann::json& manifest) {
  const std::string where = directory + "/manifest.json";
  if (!manifest.contains("weights")) throw std::runtime_error(where + ": missing field 'weights'");
  const auto& w = manifest.at("weights");
  const auto file = field<std::string>(w, "file", where + " weights");
  if (file.find("..") != std::string::npos || fs::path(file).is_absolute())
    throw std::runtime_error(where + ": weights file must be a plain name inside the model folder");
  const std::string path = (fs::path(directory) / file).string();
  if (!fs::exists(path)) throw std::runtime_error(where + ": weights file " + path + " is missing");
  const auto expected = field<std::string>(w, "sha256", where + " weights");
  const auto actual = sha256OfFile(path);
  if (expected != actual)
    throw std::runtime_error(path + ": SHA-256 mismatch (manifest " + expected.substr(0, 12) +
                             "…, file " + actual.substr(0, 12) +
                             "…): the file is corrupt or replaced");
  return path;
}

void checkChannels(const nlohmann::json& manifest, int64_t networkChannels,
                   const std::string& where) {
  const auto channels = field<int64_t>(manifest, "channels", where);
  if (channels != networkChannels)
    throw std::runtime_error(where + ": 'channels' is " + std::to_string(channels) +
                             " but the architecture has " + std::to_string(networkChannels));
}

}  // namespace

NoiseSchedule scheduleFromManifest(const nlohmann::json& s) {
  const std::string where = "schedule";
  const auto type = field<std::string>(s, "type", where);
  const auto N = field<int64_t>(s, "N", where);
  // A schedule allocates N + 1 levels: refuse sizes no model uses (N = 2e9 took 16 GB).
  if (N > kMaxScheduleLevels)
    throw std::invalid_argument("schedule N = " + std::to_string(N) + " is larger than " +
                                std::to_string(kMaxScheduleLevels));
  switch (scheduleKindFromString(type)) {
    case ScheduleKind::VpLinear:
      return NoiseSchedule::vpLinear(N, field<double>(s, "beta_start", where),
                                     field<double>(s, "beta_end", where));
    case ScheduleKind::VpCosine:
      return NoiseSchedule::vpCosine(N);
    case ScheduleKind::VeGeometric:
      return NoiseSchedule::veGeometric(field<double>(s, "sigma_min", where),
                                        field<double>(s, "sigma_max", where), N);
  }
  throw std::runtime_error("unreachable");
}

nlohmann::json scheduleToManifest(const NoiseSchedule& s) {
  nlohmann::json j{{"type", toString(s.kind())}, {"N", s.size()}};
  if (s.kind() == ScheduleKind::VpLinear) {
    j["beta_start"] = s.betaStart();
    j["beta_end"] = s.betaEnd();
  } else if (s.kind() == ScheduleKind::VeGeometric) {
    j["sigma_min"] = s.sigmaMin();
    j["sigma_max"] = s.sigmaMax();
  }
  return j;
}

std::shared_ptr<Denoiser> loadUnetDenoiser(const std::string& directory,
                                           const nlohmann::json& manifest, torch::Device device) {
  const std::string where = directory + "/manifest.json";
  try {
    const auto name = field<std::string>(manifest, "name", where);
    const auto config =
        UNetConfig::fromJson(field<nlohmann::json>(manifest, "architecture", where));
    checkChannels(manifest, config.imageChannels, where);
    const bool learned = field<bool>(manifest, "learned_variance", where);
    if (learned != config.learnedVariance)
      throw std::runtime_error(where + ": 'learned_variance' disagrees with the architecture");
    const auto prediction = predictionFromString(field<std::string>(manifest, "prediction", where));
    const auto conditioning =
        conditioningFromString(manifest.value("conditioning", std::string("index1000")));
    NoiseSchedule schedule =
        scheduleFromManifest(field<nlohmann::json>(manifest, "schedule", where));
    const double clip = manifest.value("clip_x0", 0.0);

    const std::string weights = verifiedWeightsPath(directory, manifest);
    UNet net(config);
    loadIntoModule(*net, readSafetensors(weights), weights);
    net->to(device);
    net->eval();
    auto network = [net](const torch::Tensor& x, const torch::Tensor& c) mutable {
      return net->forward(x, c);
    };
    return std::make_shared<NetworkDenoiser>(name, std::move(schedule), network, prediction,
                                             conditioning, learned, clip);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
}

namespace {

// c10::Error and the TorchScript compiler's ErrorReport (not a c10::Error; found by
// fuzz_torchscript) both span several lines: keep the first one with text.
std::string firstLineWithText(const std::string& text) {
  std::istringstream lines(text);
  std::string first;
  while (std::getline(lines, first) && first.find_first_not_of(" \t\r") == std::string::npos) {
  }
  for (char& c : first)
    if (c == '\r') c = ' ';
  return first;
}

// libtorch 1.13's unpickler reserves whatever a damaged archive claims (4 GB and 23 GB seen,
// tests/data/fuzz/torchscript/libtorch-*.reject) before it notices the damage. Loading in a child
// process whose address space is capped at a few times the file's size keeps that out of the
// application.
void checkTorchScriptInChild(const std::string& path) {
  if (!processIsolationEnabled()) return;
  std::error_code ec;
  const uint64_t bytes = std::filesystem::file_size(path, ec);
  IsolationLimits limits;
  limits.extraAddressSpace = (uint64_t(1) << 30) + 3 * (ec ? 0 : bytes);
  limits.timeoutSeconds = 120;
  const IsolatedOutcome outcome = runIsolated(
      [&] {
        // The parent's OpenMP threads do not exist in the child: never enter a parallel region
        // there (libgomp would wait for them).
        torch::set_num_threads(1);
        try {
          torch::jit::load(path, torch::kCPU);
        } catch (const std::exception& e) {
          throw std::runtime_error(firstLineWithText(e.what()));
        }
      },
      limits);
  using Kind = IsolatedOutcome::Kind;
  switch (outcome.kind) {
    case Kind::Finished:
      return;
    case Kind::Threw:
      throw std::runtime_error(path + ": not a loadable TorchScript module (" + outcome.message +
                               ")");
    case Kind::OutOfMemory:
      throw std::runtime_error(path + ": not a loadable TorchScript module (loading it needs " +
                               "more memory than a file of its size can)");
    case Kind::Crashed:
    case Kind::TimedOut:
      throw std::runtime_error(path + ": not a loadable TorchScript module (libtorch " +
                               outcome.describe() + " loading it in a separate process)");
  }
}

}  // namespace

std::shared_ptr<Denoiser> loadTorchScriptDenoiser(const std::string& directory,
                                                  const nlohmann::json& manifest,
                                                  torch::Device device) {
  const std::string where = directory + "/manifest.json";
  try {
    const auto name = field<std::string>(manifest, "name", where);
    const bool learned = field<bool>(manifest, "learned_variance", where);
    const auto prediction = predictionFromString(field<std::string>(manifest, "prediction", where));
    const auto conditioning =
        conditioningFromString(field<std::string>(manifest, "conditioning", where));
    NoiseSchedule schedule =
        scheduleFromManifest(field<nlohmann::json>(manifest, "schedule", where));
    const double clip = manifest.value("clip_x0", 0.0);
    const std::string path = verifiedWeightsPath(directory, manifest);
    checkTorchScriptInChild(path);
    auto module = std::make_shared<torch::jit::script::Module>();
    try {
      *module = torch::jit::load(path, device);
    } catch (const std::exception& e) {
      throw std::runtime_error(path + ": not a loadable TorchScript module (" +
                               firstLineWithText(e.what()) + ")");
    }
    module->eval();
    // Integer timesteps for VP checkpoints (guided-diffusion), float sigma for VE (score_sde).
    const bool integerTime = conditioning == ConditioningKind::TimestepZeroBased;
    auto network = [module, integerTime](const torch::Tensor& x, const torch::Tensor& c) {
      std::vector<torch::jit::IValue> inputs{x, integerTime ? c.round().to(torch::kLong) : c};
      return module->forward(inputs).toTensor();
    };
    return std::make_shared<NetworkDenoiser>(name, std::move(schedule), network, prediction,
                                             conditioning, learned, clip);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
}

}  // namespace ccdf
