// Model discovery and loading from <name>/manifest.json folders.
#include "model/model_store.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "model/network_models.h"
#include "prior/gaussian_prior.h"

#ifndef CCDF_SOURCE_DIR
#define CCDF_SOURCE_DIR ""
#endif

namespace fs = std::filesystem;
using nlohmann::json;

namespace ccdf {
namespace {

// Messages quote text from the file; they stay one line whatever it holds.
std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

[[noreturn]] void fail(const std::string& manifestPath, const std::string& why) {
  throw std::runtime_error(oneLine("model manifest '" + manifestPath + "': " + why));
}

json readManifestJson(const std::string& manifestPath) {
  std::error_code ec;
  if (!fs::exists(manifestPath, ec)) fail(manifestPath, "no such file");
  std::ifstream in(manifestPath);
  if (!in) fail(manifestPath, "cannot be read");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    std::string msg = e.what();
    fail(manifestPath, "invalid JSON (" + msg.substr(0, msg.find('\n')) + ")");
  }
  if (!j.is_object()) fail(manifestPath, "expected a JSON object at the top level");
  return j;
}

std::string requireString(const json& j, const char* key, const std::string& path) {
  if (!j.contains(key)) fail(path, std::string("missing \"") + key + "\"");
  if (!j[key].is_string()) fail(path, std::string("\"") + key + "\" must be a string");
  const std::string v = j[key].get<std::string>();
  if (v.empty()) fail(path, std::string("\"") + key + "\" is empty");
  return v;
}

std::string optionalText(const json& j, const char* key, const std::string& path) {
  if (!j.contains(key) || j[key].is_null()) return {};
  const json& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      if (!e.is_string()) fail(path, std::string("\"") + key + "\" must hold strings");
      if (!out.empty()) out += "; ";
      out += e.get<std::string>();
    }
    return out;
  }
  fail(path, std::string("\"") + key + "\" must be a string or a list of strings");
}

int64_t optionalInt(const json& j, const char* key, int64_t fallback, const std::string& path) {
  if (!j.contains(key)) return fallback;
  if (!j[key].is_number_integer()) fail(path, std::string("\"") + key + "\" must be an integer");
  return j[key].get<int64_t>();
}

std::vector<double> numberList(const json& j, const char* key, size_t n, const std::string& path) {
  if (!j.contains(key)) fail(path, std::string("missing \"") + key + "\"");
  const json& v = j[key];
  if (!v.is_array() || v.size() != n)
    fail(path, std::string("\"") + key + "\" must be a list of " + std::to_string(n) + " numbers");
  std::vector<double> out;
  for (const auto& e : v) {
    if (!e.is_number()) fail(path, std::string("\"") + key + "\" must hold numbers");
    out.push_back(e.get<double>());
  }
  return out;
}

std::string formatNumber(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string describeSchedule(const NoiseSchedule& s) {
  std::string out = toString(s.kind()) + ", N=" + std::to_string(s.size());
  if (s.kind() == ScheduleKind::VpLinear)
    out += ", beta " + formatNumber(s.betaStart()) + ".." + formatNumber(s.betaEnd());
  else if (s.kind() == ScheduleKind::VeGeometric)
    out += ", sigma " + formatNumber(s.sigmaMin()) + ".." + formatNumber(s.sigmaMax());
  return out;
}

NoiseSchedule parseSchedule(const json& j, const std::string& path) {
  if (!j.contains("schedule") || !j["schedule"].is_object())
    fail(path, "missing \"schedule\" object");
  try {
    return scheduleFromManifest(j["schedule"]);
  } catch (const std::exception& e) {
    fail(path, std::string("bad schedule: ") + e.what());
  }
}

ModelInfo infoFromJson(const json& j, const std::string& manifestPath) {
  ModelInfo info;
  info.directory = fs::path(manifestPath).parent_path().string();
  if (info.directory.empty()) info.directory = ".";
  info.name = requireString(j, "name", manifestPath);
  info.kind = requireString(j, "kind", manifestPath);
  if (info.kind != "unet" && info.kind != "torchscript" && info.kind != "gaussian-powerlaw")
    fail(manifestPath,
         "unknown kind \"" + info.kind + "\" (expected unet, torchscript or gaussian-powerlaw)");
  info.description = optionalText(j, "description", manifestPath);
  info.licence = optionalText(j, "licence", manifestPath);
  if (info.licence.empty()) info.licence = optionalText(j, "license", manifestPath);
  info.dataSource = optionalText(j, "data_source", manifestPath);
  if (!j.contains("channels") || !j["channels"].is_number_integer())
    fail(manifestPath, "missing integer \"channels\"");
  info.channels = j["channels"].get<int64_t>();
  if (info.channels < 1 || info.channels > 4)
    fail(manifestPath,
         "\"channels\" must be between 1 and 4 (got " + std::to_string(info.channels) + ")");
  if (j.contains("value_range")) {
    const std::vector<double> r = numberList(j, "value_range", 2, manifestPath);
    if (!(r[1] > r[0])) fail(manifestPath, "\"value_range\" must be [min, max] with max > min");
    info.valueMin = r[0];
    info.valueMax = r[1];
  }
  info.resolution = optionalInt(j, "resolution", 0, manifestPath);
  if (info.resolution < 0) fail(manifestPath, "\"resolution\" must be >= 0");
  if (j.contains("fully_convolutional")) {
    if (!j["fully_convolutional"].is_boolean())
      fail(manifestPath, "\"fully_convolutional\" must be true or false");
    info.fullyConvolutional = j["fully_convolutional"].get<bool>();
  }
  info.sizeMultiple = optionalInt(j, "size_multiple", 1, manifestPath);
  if (info.sizeMultiple < 1) fail(manifestPath, "\"size_multiple\" must be >= 1");
  info.schedule = describeSchedule(parseSchedule(j, manifestPath));
  return info;
}

// A stationary Gaussian prior for any image size: the GaussianPrior for (H, W) is built from the
// power-law spectrum the first time that size is seen, then cached.
class PowerLawDenoiser : public Denoiser {
 public:
  PowerLawDenoiser(PowerLawSpectrum spectrum, NoiseSchedule schedule, std::string name,
                   torch::Device device)
      : spectrum_(std::move(spectrum)),
        schedule_(std::move(schedule)),
        name_(std::move(name)),
        device_(device) {}

  const NoiseSchedule& schedule() const override { return schedule_; }
  std::string name() const override { return name_; }

 protected:
  DenoiserOutput evaluate(const torch::Tensor& x, int64_t i) override {
    if (x.dim() != 4)
      throw std::invalid_argument("model '" + name_ + "' expects [B, C, H, W] images");
    if (x.size(1) != spectrum_.channels())
      throw std::invalid_argument("model '" + name_ + "' expects " +
                                  std::to_string(spectrum_.channels()) + " channel(s), got " +
                                  std::to_string(x.size(1)));
    return (*denoiserFor(x.size(2), x.size(3), x.device()))(x, i);
  }

 private:
  std::shared_ptr<GaussianDenoiser> denoiserFor(int64_t h, int64_t w, torch::Device device) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto key = std::make_tuple(h, w, device.str());
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= 4) cache_.clear();
    GaussianPrior prior = spectrum_.priorFor(h, w);
    if (prior.mean.defined()) prior.mean = prior.mean.to(device);
    if (prior.eigenvalues.defined()) prior.eigenvalues = prior.eigenvalues.to(device);
    if (prior.eigenvectors.defined()) prior.eigenvectors = prior.eigenvectors.to(device);
    auto d = std::make_shared<GaussianDenoiser>(std::move(prior), schedule_, name_);
    cache_.emplace(key, d);
    return d;
  }

  PowerLawSpectrum spectrum_;
  NoiseSchedule schedule_;
  std::string name_;
  torch::Device device_;
  std::mutex mutex_;
  std::map<std::tuple<int64_t, int64_t, std::string>, std::shared_ptr<GaussianDenoiser>> cache_;
};

std::shared_ptr<Denoiser> loadPowerLaw(const ModelInfo& info, const json& j,
                                       const std::string& manifestPath, torch::Device device) {
  if (!j.contains("spectrum") || !j["spectrum"].is_object())
    fail(manifestPath, "missing \"spectrum\" object");
  const json& s = j["spectrum"];
  const size_t c = static_cast<size_t>(info.channels);
  PowerLawSpectrum spectrum;
  spectrum.channelMean = numberList(s, "channel_mean", c, manifestPath);
  spectrum.scale = numberList(s, "scale", c, manifestPath);
  spectrum.cornerFrequency = numberList(s, "corner_frequency", c, manifestPath);
  spectrum.exponent = numberList(s, "exponent", c, manifestPath);
  for (size_t k = 0; k < c; ++k) {
    if (!(spectrum.scale[k] > 0) || !(spectrum.cornerFrequency[k] > 0) ||
        !std::isfinite(spectrum.exponent[k]) || !std::isfinite(spectrum.channelMean[k]))
      fail(manifestPath,
           "spectrum parameters must be finite with scale > 0 and "
           "corner_frequency > 0");
  }
  return std::make_shared<PowerLawDenoiser>(std::move(spectrum), parseSchedule(j, manifestPath),
                                            info.name, device);
}

std::string exeDirectory() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().string();
}

// The manifest a name or path refers to, or "" when it is not a path.
std::string manifestFromPath(const std::string& nameOrPath) {
  std::error_code ec;
  const fs::path p(nameOrPath);
  if (fs::is_regular_file(p, ec)) return p.string();
  if (fs::is_directory(p, ec) && fs::is_regular_file(p / "manifest.json", ec))
    return (p / "manifest.json").string();
  return {};
}

}  // namespace

std::vector<std::string> defaultModelDirectories(const std::vector<std::string>& extra) {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("CCDF_MODELS_DIR"); env && *env) {
    std::stringstream ss(env);
    std::string part;
    while (std::getline(ss, part, ':'))
      if (!part.empty()) dirs.push_back(part);
  }
  if (const std::string exe = exeDirectory(); !exe.empty())
    dirs.push_back(
        (fs::path(exe) / ".." / "share" / "ccdf-studio" / "models").lexically_normal().string());
  if (std::string(CCDF_SOURCE_DIR).size())
    dirs.push_back((fs::path(CCDF_SOURCE_DIR) / "models").string());
  dirs.insert(dirs.end(), extra.begin(), extra.end());
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const auto& d : dirs)
    if (seen.insert(d).second) unique.push_back(d);
  return unique;
}

ModelInfo readModelInfo(const std::string& manifestPath) {
  return infoFromJson(readManifestJson(manifestPath), manifestPath);
}

std::vector<ModelInfo> listModels(const std::vector<std::string>& directories) {
  std::vector<ModelInfo> out;
  std::set<std::string> names;
  for (const auto& dir : directories) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> manifests;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path m = it->path() / "manifest.json";
      std::error_code ec2;
      if (it->is_directory(ec2) && fs::is_regular_file(m, ec2)) manifests.push_back(m);
    }
    std::sort(manifests.begin(), manifests.end());
    for (const auto& m : manifests) {
      try {
        ModelInfo info = readModelInfo(m.string());
        if (names.insert(info.name).second) out.push_back(std::move(info));
      } catch (const std::exception& e) {
        spdlog::warn("skipping model: {}", e.what());
      }
    }
  }
  return out;
}

LoadedModel loadModel(const std::string& nameOrPath, const std::vector<std::string>& directories,
                      torch::Device device) {
  if (nameOrPath.empty()) throw std::runtime_error("no model given");
  std::string manifestPath = manifestFromPath(nameOrPath);
  if (manifestPath.empty()) {
    for (const auto& dir : directories) {
      std::error_code ec;
      const fs::path m = fs::path(dir) / nameOrPath / "manifest.json";
      if (fs::is_regular_file(m, ec)) {
        manifestPath = m.string();
        break;
      }
    }
  }
  if (manifestPath.empty()) {
    for (const auto& info : listModels(directories)) {
      if (info.name == nameOrPath) {
        manifestPath = (fs::path(info.directory) / "manifest.json").string();
        break;
      }
    }
  }
  if (manifestPath.empty()) {
    std::string searched;
    for (const auto& d : directories) searched += (searched.empty() ? "" : ", ") + d;
    throw std::runtime_error("model '" + nameOrPath + "' not found (searched: " +
                             (searched.empty() ? std::string("nothing") : searched) + ")");
  }
  const json j = readManifestJson(manifestPath);
  LoadedModel out;
  out.info = infoFromJson(j, manifestPath);
  try {
    if (out.info.kind == "gaussian-powerlaw")
      out.denoiser = loadPowerLaw(out.info, j, manifestPath, device);
    else if (out.info.kind == "unet")
      out.denoiser = loadUnetDenoiser(out.info.directory, j, device);
    else
      out.denoiser = loadTorchScriptDenoiser(out.info.directory, j, device);
  } catch (const c10::Error& e) {
    const std::string msg = e.what();
    throw std::runtime_error(
        oneLine("model '" + out.info.name + "': " + msg.substr(0, msg.find('\n'))));
  }
  if (!out.denoiser)
    throw std::runtime_error(oneLine("model '" + out.info.name + "': failed to load"));
  return out;
}

torch::Tensor toModelRange(const ModelInfo& info, const torch::Tensor& unit) {
  return unit * (info.valueMax - info.valueMin) + info.valueMin;
}

torch::Tensor fromModelRange(const ModelInfo& info, const torch::Tensor& model) {
  return (model - info.valueMin) / (info.valueMax - info.valueMin);
}

}  // namespace ccdf
