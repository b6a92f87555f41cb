#pragma once
// Limits checked before a run starts: the image size, and the run's peak memory estimated from
// the model's architecture and the batch shape, so that a run that cannot fit is refused with one
// clear sentence instead of being killed by the system half-way (or thrashing it).
//
// The estimate walks the network's forward pass the way libtorch executes it on the CPU (every
// skip tensor kept for the decoder, a residual block's temporaries, oneDNN's blocked copies of a
// convolution's input and output, attention's [heads, T, T] matrices), adds the run's own tensors
// (state, estimates, measurement, data-consistency temporaries), the weights and a fixed
// allowance for the runtime's thread pools and allocator arenas, then applies a safety margin.
// It is meant as an upper bound for float32 models on the CPU: bench/calibrate_memory measures
// the peak resident-memory increase of real restores (model load + 2 reverse steps, fresh
// process) with every shipped model and prints estimate / measured. Measured with libtorch
// 1.13 + oneDNN, 1 and 2 threads (estimate / measured, never below 1):
//   photo-patch, mri-phantom  256²: 1.31-1.84, 512²: 1.20-1.50, 1024²: 1.42-1.53 (2.0 GiB
//                             measured), 128² x 4: 1.27-1.70, 64²: 5.4-6.0
//   fashion-32                32² x 1 and x 8: 4.0-7.2
//   gaussian-grey / -photo    2.5-17 (they use 12-190 MiB)
// Small runs are dominated by the fixed 192 MiB allowance (one-thread runs add ~40 MiB, but
// several threads' allocator arenas add up to ~150 MiB more).
// On CUDA the same estimate is compared with the same limit (device memory is not queried).
// TorchScript models have no readable architecture: their estimate assumes the activations of
// a base-64 UNet and is marked rough.
//
// No tiling: an image that does not fit is refused (use a smaller image or raise the limit).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccdf {

struct ModelInfo;

// What the estimate needs to know about a model.
struct ModelMemoryProfile {
  std::string name;
  std::string kind = "unknown";  // unet | torchscript | gaussian-powerlaw | unknown
  int64_t channels = 1;
  double weightBytes = 0;  // parameters in memory
  // The UNet's architecture (kind "unet"), as in UNetConfig.
  int64_t baseChannels = 0;
  std::vector<int64_t> channelMultipliers;
  int64_t resBlocksPerLevel = 0;
  std::vector<int64_t> attentionDownsampling;
  int64_t headChannels = 32;
  bool middleAttention = false;
  bool learnedVariance = false;
};

// From <directory>/manifest.json. Never throws: an unreadable manifest gives kind "unknown",
// estimated like a TorchScript model.
ModelMemoryProfile readMemoryProfile(const std::string& modelDirectory);
ModelMemoryProfile memoryProfileOf(const ModelInfo& info);

struct RunShape {
  int64_t batch = 1;  // images run together (a t0 sweep runs one per t0)
  int64_t channels = 1;
  int64_t height = 0, width = 0;
  double measurementBytes = 0;  // the measurement's size (multi-coil k-space is larger than x)
};

struct MemoryEstimate {
  double total = 0;    // bytes, with the safety margin
  double network = 0;  // the denoiser's peak working set
  double state = 0;    // the run's own tensors
  double weights = 0;
  double fixed = 0;    // runtime allowance
  bool rough = false;  // the architecture is unknown (TorchScript)
};

MemoryEstimate estimateRunMemory(const ModelMemoryProfile& model, const RunShape& shape);

// Physical memory (the smaller of RAM and a cgroup memory limit), in bytes.
double physicalMemoryBytes();
// CCDF_MAX_MEMORY_GIB when set to a number > 0, else 75 % of physicalMemoryBytes().
double defaultMemoryLimitBytes();

struct RunLimits {
  int64_t maxPixels = int64_t(1) << 26;  // per image, H * W (as ImageLoadOptions::maxPixels)
  double maxMemoryBytes = 0;             // 0: defaultMemoryLimitBytes()
  // The end of the refusal, saying what to do.
  std::string advice = "use a smaller image or raise the memory limit";
};

// A run refused by its limits; what() is one sentence naming the estimate and the limit.
class RunLimitError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Checks the shape against the limits with arithmetic only (nothing is allocated), returns the
// estimate, or throws RunLimitError, e.g. "this run needs about 37.2 GiB of memory (estimated
// for a 8192x8192 image with model photo-patch); the limit is 18.0 GiB: use a smaller image or
// raise --max-memory".
MemoryEstimate checkRunLimits(const ModelMemoryProfile& model, const RunShape& shape,
                              const RunLimits& limits = {});

// "812 MiB", "37.2 GiB".
std::string formatBytes(double bytes);

}  // namespace ccdf
