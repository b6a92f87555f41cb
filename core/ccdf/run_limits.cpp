#include "ccdf/run_limits.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "model/model_store.h"
#include "model/unet.h"

namespace fs = std::filesystem;

namespace ccdf {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGiB = 1024.0 * kMiB;
constexpr double kFloat = 4;  // bytes per float32 element
// Thread pools, oneDNN's primitive cache and the allocator's per-thread arenas: a run of any
// size adds about 40 MiB with one thread and up to 150 MiB with several (measured).
constexpr double kFixedBytes = 192 * kMiB;
// Allocator slack (freed blocks not yet returned, fragmentation) on top of the walk.
constexpr double kMargin = 1.25;
// The run's own image-sized tensors: x0_init, x, the noise draws, eps, x0, the sampler's
// mean and variance terms, the data-consistency target and its projections, the result.
constexpr double kStateCopies = 24;
constexpr double kMeasurementCopies = 8;
// TorchScript / unknown models: live float32 values per pixel, about twice what a base-64
// UNet holds (a base-32 one measures ~500).
constexpr double kUnknownFloatsPerPixel = 2000;

// The peak of live float32 elements (per batch element) in a UNet forward pass on the CPU,
// following UNetImpl::forward: the skips stay alive until the decoder takes them; in a block
// the input, its normalised and activated copies and the convolution's blocked input and
// output copies (oneDNN) are alive together.
double unetPeakFloats(const ModelMemoryProfile& m, int64_t H, int64_t W) {
  const auto pixels = [&](size_t level) {
    const double d = std::ldexp(1.0, static_cast<int>(level));
    return std::ceil(double(H) / d) * std::ceil(double(W) / d);
  };
  const auto attentionAt = [&](int64_t ds) {
    return std::find(m.attentionDownsampling.begin(), m.attentionDownsampling.end(), ds) !=
           m.attentionDownsampling.end();
  };
  // A convolution: the input reordered to a blocked layout, the blocked output and the result.
  const auto conv = [](double in, double out, double pIn, double pOut) {
    return in * pIn + 2 * out * pOut;
  };
  // A residual block whose input (already counted) has `in` channels.
  const auto resBlock = [&](double in, double out, double p) {
    const double first = 2 * in * p + conv(in, out, p, p);
    const double second = 3 * out * p + conv(out, out, p, p);
    const double skip = in != out ? 2 * out * p + conv(in, out, p, p) : 3 * out * p;
    return std::max({first, second, skip});
  };
  // Attention over T = p positions: q, k, v, scaled and contiguous copies, the [heads, T, T]
  // weights and their softmax, the output and its projection.
  const auto attention = [&](double c, double p) {
    const double heads = std::max<double>(1, std::floor(c / double(m.headChannels)));
    return 10 * c * p + 2 * heads * p * p;
  };

  const double base = double(m.baseChannels);
  const size_t levels = m.channelMultipliers.size();
  double peak = 0, skipsTotal = 0;
  std::vector<double> skips;  // sizes
  std::vector<double> skipChannels;
  const auto note = [&](double v) { peak = std::max(peak, v); };
  const auto push = [&](double channels, double p) {
    skips.push_back(channels * p);
    skipChannels.push_back(channels);
    skipsTotal += channels * p;
  };

  note(conv(double(m.channels), base, pixels(0), pixels(0)));
  push(base, pixels(0));
  double current = base;
  int64_t ds = 1;
  for (size_t level = 0; level < levels; ++level) {
    const double p = pixels(level);
    for (int64_t r = 0; r < m.resBlocksPerLevel; ++r) {
      const double out = double(m.channelMultipliers[level]) * base;
      note(skipsTotal + resBlock(current, out, p));
      if (attentionAt(ds)) note(skipsTotal + out * p + attention(out, p));
      current = out;
      push(current, p);
    }
    if (level + 1 < levels) {
      note(skipsTotal + conv(current, current, p, pixels(level + 1)));
      push(current, pixels(level + 1));
      ds *= 2;
    }
  }
  // The middle: two blocks (attention after the first when asked for).
  const double pBottom = pixels(levels - 1);
  note(skipsTotal + resBlock(current, current, pBottom));
  if (m.middleAttention) note(skipsTotal + 2 * current * pBottom + attention(current, pBottom));
  note(skipsTotal + current * pBottom + resBlock(current, current, pBottom));
  double h = current * pBottom;  // the state between blocks
  for (size_t level = levels; level-- > 0;) {
    const double p = pixels(level);
    for (int64_t r = 0; r <= m.resBlocksPerLevel && !skips.empty(); ++r) {
      const double skipChannelsHere = skipChannels.back();
      const double in = current + skipChannelsHere;
      note(skipsTotal + h + in * p);  // torch::cat while both halves are alive
      skipsTotal -= skips.back();
      skips.pop_back();
      skipChannels.pop_back();
      const double out = double(m.channelMultipliers[level]) * base;
      note(skipsTotal + in * p + resBlock(in, out, p));
      if (attentionAt(ds)) note(skipsTotal + in * p + out * p + attention(out, p));
      current = out;
      h = current * p;
    }
    if (level > 0) {
      const double up = pixels(level - 1);
      note(skipsTotal + h + current * up + conv(current, current, up, up));
      h = current * up;
      ds /= 2;
    }
  }
  const double outChannels = double(m.channels) * (m.learnedVariance ? 2 : 1);
  note(h + 2 * current * pixels(0) + conv(current, outChannels, pixels(0), pixels(0)));
  return peak;
}

std::string sizeText(int64_t w, int64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

double cgroupLimitBytes() {
  // cgroup v2, then v1; "max" or a huge number means no limit.
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end && *end == '\0' && v > 0 && v < 1e18) return v;
  }
  return 0;
}

}  // namespace

ModelMemoryProfile readMemoryProfile(const std::string& modelDirectory) {
  ModelMemoryProfile m;
  m.name = fs::path(modelDirectory).filename().string();
  try {
    const fs::path manifest = fs::path(modelDirectory) / "manifest.json";
    std::ifstream in(manifest);
    if (!in) return m;
    const nlohmann::json j = nlohmann::json::parse(in);
    m.name = j.value("name", m.name);
    m.kind = j.value("kind", std::string("unknown"));
    m.channels = std::max<int64_t>(1, j.value("channels", int64_t(1)));
    std::error_code ec;
    if (j.contains("weights") && j["weights"].is_object() && j["weights"].contains("file")) {
      const auto size =
          fs::file_size(fs::path(modelDirectory) / j["weights"]["file"].get<std::string>(), ec);
      if (!ec) m.weightBytes = double(size);
    }
    if (m.kind == "unet" && j.contains("architecture")) {
      const UNetConfig c = UNetConfig::fromJson(j["architecture"]);
      m.baseChannels = c.baseChannels;
      m.channelMultipliers = c.channelMultipliers;
      m.resBlocksPerLevel = c.resBlocksPerLevel;
      m.attentionDownsampling = c.attentionDownsampling;
      m.headChannels = c.headChannels;
      m.middleAttention = c.middleAttention;
      m.learnedVariance = c.learnedVariance;
      if (j.contains("parameters") && j["parameters"].is_number())
        m.weightBytes = std::max(m.weightBytes, kFloat * j["parameters"].get<double>());
    } else if (m.kind == "unet") {
      m.kind = "unknown";
    }
  } catch (const std::exception&) {
    m.kind = "unknown";  // estimated like an unknown network
  }
  return m;
}

ModelMemoryProfile memoryProfileOf(const ModelInfo& info) {
  ModelMemoryProfile m = readMemoryProfile(info.directory);
  m.name = info.name;
  m.channels = info.channels;
  return m;
}

MemoryEstimate estimateRunMemory(const ModelMemoryProfile& model, const RunShape& shape) {
  const double B = double(std::max<int64_t>(1, shape.batch));
  const double C = double(std::max<int64_t>(1, shape.channels));
  const double pixels = double(std::max<int64_t>(0, shape.height)) * double(shape.width);
  MemoryEstimate e;
  if (model.kind == "unet" && model.baseChannels > 0 && !model.channelMultipliers.empty()) {
    e.network = B * kFloat * unetPeakFloats(model, shape.height, shape.width);
  } else if (model.kind == "gaussian-powerlaw") {
    // Complex float64 FFTs of the batch (the state, its transform, the filtered transform and
    // the inverse), the cached float64 prior (mean, spectrum, filter) for this size.
    e.network = 8 * 16 * B * C * pixels + 4 * 8 * C * pixels;
  } else {
    e.network = B * kFloat * kUnknownFloatsPerPixel * pixels;
    e.rough = true;
  }
  e.state = kStateCopies * B * C * pixels * kFloat + kMeasurementCopies * shape.measurementBytes;
  e.weights = 2 * model.weightBytes;  // the file read and the tensors, while loading
  e.fixed = kFixedBytes;
  e.total = kMargin * (e.network + e.state + e.weights) + e.fixed;
  return e;
}

double physicalMemoryBytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGE_SIZE);
  double bytes = pages > 0 && pageSize > 0 ? double(pages) * double(pageSize) : 0;
  const double cgroup = cgroupLimitBytes();
  if (cgroup > 0 && (bytes == 0 || cgroup < bytes)) bytes = cgroup;
  return bytes > 0 ? bytes : 4 * kGiB;
}

double defaultMemoryLimitBytes() {
  if (const char* env = std::getenv("CCDF_MAX_MEMORY_GIB"); env && *env) {
    char* end = nullptr;
    const double gib = std::strtod(env, &end);
    if (end && *end == '\0' && std::isfinite(gib) && gib > 0) return gib * kGiB;
  }
  return 0.75 * physicalMemoryBytes();
}

MemoryEstimate checkRunLimits(const ModelMemoryProfile& model, const RunShape& shape,
                              const RunLimits& limits) {
  if (shape.height < 1 || shape.width < 1 || shape.batch < 1 || shape.channels < 1)
    throw std::invalid_argument("the run has an empty image shape");
  const std::string image = sizeText(shape.width, shape.height);
  const double pixels = double(shape.height) * double(shape.width);
  if (limits.maxPixels > 0 && pixels > double(limits.maxPixels)) {
    char text[64];
    std::snprintf(text, sizeof text, "%.0f", pixels);
    throw RunLimitError("the image is " + image + " (" + text + " pixels), over the limit of " +
                        std::to_string(limits.maxPixels) + " pixels: " + limits.advice);
  }
  const MemoryEstimate e = estimateRunMemory(model, shape);
  const double limit =
      limits.maxMemoryBytes > 0 ? limits.maxMemoryBytes : defaultMemoryLimitBytes();
  if (e.total > limit) {
    const std::string what =
        shape.batch > 1 ? std::to_string(shape.batch) + " " + image + " images run together"
                        : "a " + image + " image";
    throw RunLimitError("this run needs about " + formatBytes(e.total) + " of memory (estimated" +
                        (e.rough ? ", roughly," : "") + " for " + what + " with model " +
                        model.name + "); the limit is " + formatBytes(limit) + ": " +
                        limits.advice);
  }
  return e;
}

std::string formatBytes(double bytes) {
  char text[64];
  if (bytes >= 1024 * kGiB)
    std::snprintf(text, sizeof text, "%.1f TiB", bytes / (1024 * kGiB));
  else if (bytes >= kGiB)
    std::snprintf(text, sizeof text, "%.1f GiB", bytes / kGiB);
  else
    std::snprintf(text, sizeof text, "%.0f MiB", bytes / kMiB);
  return text;
}

}  // namespace ccdf
