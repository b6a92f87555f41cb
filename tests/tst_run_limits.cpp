// Limits checked before a run (ccdf/run_limits.h) and failures during one: the memory estimate
// grows with the image and the batch and bounds a real run's measured peak from above; a huge
// image is refused with the estimate and the limit named, without allocating anything; a normal
// one passes. A model that produces NaN stops the run with the step where it happened.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "ccdf/run.h"
#include "ccdf/run_limits.h"
#include "model/model_store.h"
#include "ops/operator.h"
#include "sampling/sampler.h"
#include "support/test_paths.h"
#include "util/device.h"

#if defined(__SANITIZE_ADDRESS__)
#define CCDF_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CCDF_UNDER_SANITIZER 1
#endif
#endif
#if !defined(CCDF_UNDER_SANITIZER) && defined(__SANITIZE_THREAD__)
#define CCDF_UNDER_SANITIZER 1
#endif

namespace ccdf {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

ModelMemoryProfile profile(const std::string& model) {
  return readMemoryProfile(test::sourcePath("models/" + model));
}

RunShape shape(int64_t size, int64_t batch = 1, int64_t channels = 3) {
  RunShape s;
  s.batch = batch;
  s.channels = channels;
  s.height = s.width = size;
  return s;
}

// Peak and current resident memory of this process, in bytes.
double statusBytes(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return 1024.0 * std::atof(line.c_str() + prefix.size());
  return 0;
}

void resetPeak() {
  std::ofstream reset("/proc/self/clear_refs");
  reset << "5";  // VmHWM := VmRSS
}

TEST(RunLimits, ProfilesComeFromTheManifests) {
  const ModelMemoryProfile photo = profile("photo-patch");
  EXPECT_EQ(photo.kind, "unet");
  EXPECT_EQ(photo.name, "photo-patch");
  EXPECT_EQ(photo.channels, 3);
  EXPECT_EQ(photo.baseChannels, 32);
  EXPECT_EQ(photo.channelMultipliers, (std::vector<int64_t>{1, 2, 2, 2}));
  EXPECT_GT(photo.weightBytes, 4.0 * 1e6);
  const ModelMemoryProfile fashion = profile("fashion-32");
  EXPECT_TRUE(fashion.middleAttention);
  EXPECT_TRUE(fashion.learnedVariance);
  EXPECT_EQ(profile("gaussian-grey").kind, "gaussian-powerlaw");
  // No manifest: estimated as an unknown network, roughly.
  const ModelMemoryProfile none = readMemoryProfile(test::makeTempDirectory("ccdf-no-model"));
  EXPECT_EQ(none.kind, "unknown");
  EXPECT_TRUE(estimateRunMemory(none, shape(64)).rough);
  EXPECT_FALSE(estimateRunMemory(photo, shape(64)).rough);
}

TEST(RunLimits, EstimateGrowsWithPixelsAndBatch) {
  for (const char* model : {"photo-patch", "mri-phantom", "fashion-32", "gaussian-photo"}) {
    SCOPED_TRACE(model);
    const ModelMemoryProfile m = profile(model);
    const double s64 = estimateRunMemory(m, shape(64)).total;
    const double s256 = estimateRunMemory(m, shape(256)).total;
    const double s1024 = estimateRunMemory(m, shape(1024)).total;
    EXPECT_LT(s64, s256);
    EXPECT_LT(s256, s1024);
    const double b1 = estimateRunMemory(m, shape(256, 1)).total;
    const double b4 = estimateRunMemory(m, shape(256, 4)).total;
    EXPECT_LT(b1, b4);
    // Past the fixed allowance, the image-sized part grows with the pixels and the batch.
    const MemoryEstimate a = estimateRunMemory(m, shape(512)),
                         b = estimateRunMemory(m, shape(1024));
    const double perPixels = (b.network + b.state) / (a.network + a.state);
    if (m.middleAttention)
      EXPECT_GT(perPixels, 8.0);  // attention: quadratic
    else
      EXPECT_NEAR(perPixels, 4.0, 0.01);
    const MemoryEstimate c = estimateRunMemory(m, shape(512, 4));
    const double perBatch = (c.network + c.state) / (a.network + a.state);
    EXPECT_GT(perBatch, 3.5);  // a Gaussian prior's cached spectrum is shared by the batch
    EXPECT_LE(perBatch, 4.0 + 1e-9);
  }
  // Attention is quadratic in the positions it attends over.
  const ModelMemoryProfile fashion = profile("fashion-32");
  const double n256 = estimateRunMemory(fashion, shape(256, 1, 1)).network;
  const double n512 = estimateRunMemory(fashion, shape(512, 1, 1)).network;
  EXPECT_GT(n512 / n256, 10.0);
  // A measurement larger than the image (multi-coil k-space) counts too.
  RunShape coils = shape(256, 1, 1);
  const double without = estimateRunMemory(profile("mri-phantom"), coils).total;
  coils.measurementBytes = 16 * 8.0 * 256 * 256;
  EXPECT_GT(estimateRunMemory(profile("mri-phantom"), coils).total, without + 16 * 8.0 * 65536);
}

TEST(RunLimits, HugeImageIsRefusedBeforeAnyAllocation) {
  const ModelMemoryProfile m = profile("photo-patch");
  const RunShape huge = shape(20000);
  resetPeak();
  const double peakBefore = statusBytes("VmHWM");
  const auto started = std::chrono::steady_clock::now();

  // The default pixel limit (2^26, as the image loaders) comes first.
  try {
    checkRunLimits(m, huge);
    FAIL() << "a 20000x20000 image passed the default limits";
  } catch (const RunLimitError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("20000x20000"), std::string::npos) << msg;
    EXPECT_NE(msg.find("400000000 pixels"), std::string::npos) << msg;
    EXPECT_NE(msg.find("67108864"), std::string::npos) << msg;
  }
  // Without a pixel limit, the memory estimate refuses it and names estimate and limit.
  RunLimits limits;
  limits.maxPixels = 0;
  limits.maxMemoryBytes = 18 * kGiB;
  limits.advice = "use a smaller image or raise --max-memory";
  const MemoryEstimate e = estimateRunMemory(m, huge);
  EXPECT_GT(e.total, 500 * kGiB);  // 32 channels of 4e8 pixels, many times over
  try {
    checkRunLimits(m, huge, limits);
    FAIL() << "a 20000x20000 image passed an 18 GiB limit";
  } catch (const RunLimitError& err) {
    const std::string msg = err.what();
    EXPECT_EQ(msg.rfind("this run needs about ", 0), 0u) << msg;
    EXPECT_NE(msg.find(formatBytes(e.total)), std::string::npos) << msg;
    EXPECT_NE(msg.find("a 20000x20000 image with model photo-patch"), std::string::npos) << msg;
    EXPECT_NE(msg.find("the limit is 18.0 GiB"), std::string::npos) << msg;
    EXPECT_NE(msg.find("raise --max-memory"), std::string::npos) << msg;
  }
  // A batch is named as one.
  try {
    checkRunLimits(m, shape(4096, 6), limits);
    FAIL() << "six 4096x4096 images passed an 18 GiB limit";
  } catch (const RunLimitError& err) {
    EXPECT_NE(std::string(err.what()).find("6 4096x4096 images run together"), std::string::npos)
        << err.what();
  }
  // Nothing was allocated: arithmetic only.
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_LT(seconds, 1.0);
  EXPECT_LT(statusBytes("VmHWM") - peakBefore, 16.0 * 1024 * 1024);
  // RunLimitError is an std::invalid_argument, as every other refusal before a run.
  EXPECT_THROW(checkRunLimits(m, huge, limits), std::invalid_argument);
}

TEST(RunLimits, NormalImagePasses) {
  for (const char* model : {"photo-patch", "mri-phantom", "gaussian-photo", "gaussian-grey"}) {
    SCOPED_TRACE(model);
    RunLimits limits;
    limits.maxMemoryBytes = 4 * kGiB;
    const MemoryEstimate e = checkRunLimits(profile(model), shape(256), limits);
    EXPECT_GT(e.total, 0);
    EXPECT_LT(e.total, 1 * kGiB);
  }
  RunLimits fashion;
  fashion.maxMemoryBytes = 2 * kGiB;
  EXPECT_NO_THROW(checkRunLimits(profile("fashion-32"), shape(32, 16, 1), fashion));
  EXPECT_THROW(checkRunLimits(profile("photo-patch"), shape(0)), std::invalid_argument);
}

TEST(RunLimits, DefaultLimitIsThreeQuartersOfMemoryOrTheEnvironment) {
  const char* saved = std::getenv("CCDF_MAX_MEMORY_GIB");
  const std::string savedValue = saved ? saved : "";
  ::unsetenv("CCDF_MAX_MEMORY_GIB");
  const double physical = physicalMemoryBytes();
  EXPECT_GT(physical, 256.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(defaultMemoryLimitBytes(), 0.75 * physical);
  ::setenv("CCDF_MAX_MEMORY_GIB", "1.5", 1);
  EXPECT_DOUBLE_EQ(defaultMemoryLimitBytes(), 1.5 * kGiB);
  try {
    checkRunLimits(profile("photo-patch"), shape(2048));
    FAIL() << "2048x2048 passed a 1.5 GiB limit";
  } catch (const RunLimitError& e) {
    EXPECT_NE(std::string(e.what()).find("the limit is 1.5 GiB"), std::string::npos) << e.what();
  }
  ::setenv("CCDF_MAX_MEMORY_GIB", "nonsense", 1);  // ignored
  EXPECT_DOUBLE_EQ(defaultMemoryLimitBytes(), 0.75 * physical);
  if (saved)
    ::setenv("CCDF_MAX_MEMORY_GIB", savedValue.c_str(), 1);
  else
    ::unsetenv("CCDF_MAX_MEMORY_GIB");
}

// In a fresh process (a death test re-runs this binary): the increase of the peak resident
// memory over one real restore (photo-patch, 256x256 inpainting) stays below the estimate.
[[noreturn]] void measureRealRun() {
  configureThreads();
  resetPeak();
  const double before = statusBytes("VmRSS");
  const std::string dir = test::sourcePath("models/photo-patch");
  LoadedModel model = loadModel(dir, {}, torch::kCPU);
  const int64_t C = 3, H = 256, W = 256;
  torch::manual_seed(3);
  const torch::Tensor mask = (torch::rand({1, 1, H, W}) > 0.5).to(torch::kFloat);
  auto op = std::make_shared<Inpainting>(std::vector<int64_t>{1, C, H, W}, mask);
  Problem problem;
  problem.op = op;
  problem.y = op->A(torch::rand({1, C, H, W}) * 2 - 1);
  problem.x0Init = op->AH(problem.y);
  const auto sampler = makeSampler({});
  RunOptions ro;
  ro.t0 = 0.05;
  ro.steps = 2;
  runCcdf(problem, *model.denoiser, *sampler, ro);
  const double measured = statusBytes("VmHWM") - before;
  const double estimate = estimateRunMemory(readMemoryProfile(dir), shape(H)).total;
  std::fprintf(stderr, "estimate %.1f MiB, measured %.1f MiB\n", estimate / 1048576.0,
               measured / 1048576.0);
  // The run must dominate the measurement for it to mean anything, and the estimate must bound
  // it from above within a sane factor.
  const bool ok = measured > 64.0 * 1048576 && estimate >= measured && estimate < 3 * measured;
  std::fflush(stderr);
  std::_Exit(ok ? 0 : 1);
}

TEST(RunLimits, EstimateBoundsTheMeasuredPeakOfARealRun) {
#ifdef CCDF_UNDER_SANITIZER
  GTEST_SKIP() << "resident memory is not meaningful under a sanitizer";
#else
  std::ifstream status("/proc/self/clear_refs");
  if (!status) GTEST_SKIP() << "/proc/self/clear_refs is not available";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(measureRealRun(), ::testing::ExitedWithCode(0), "estimate .* MiB, measured .* MiB");
#endif
}

// A denoiser whose network returns NaN from its `badCall`-th call on.
std::shared_ptr<Denoiser> nanFromCall(int badCall) {
  auto calls = std::make_shared<int>(0);
  return std::make_shared<NetworkDenoiser>(
      "nan-at-" + std::to_string(badCall), NoiseSchedule::vpLinear(),
      [calls, badCall](const torch::Tensor& x, const torch::Tensor&) {
        ++*calls;
        return *calls >= badCall ? torch::full_like(x, std::nan("")) : torch::zeros_like(x);
      },
      Prediction::Eps, ConditioningKind::Index1000, false);
}

TEST(RunFailures, NanFromTheModelStopsTheRunAtThatStep) {
  SamplerSettings ddim;
  ddim.name = "ddim";  // one network call per step
  const auto sampler = makeSampler(ddim);
  Problem problem;
  problem.x0Init = torch::zeros({1, 1, 8, 8});
  RunOptions ro;
  ro.t0 = 0.5;
  ro.steps = 5;
  for (int bad : {1, 3, 5}) {
    SCOPED_TRACE(bad);
    auto denoiser = nanFromCall(bad);
    int events = 0;
    const std::string msg = test::thrownMessage(
        [&] { runCcdf(problem, *denoiser, *sampler, ro, [&](const StepEvent&) { ++events; }); });
    EXPECT_NE(msg.find("the model produced NaN or Inf at step " + std::to_string(bad) + " of 5"),
              std::string::npos)
        << msg;
    EXPECT_EQ(events, bad - 1);  // the steps before it were reported, the bad one was not
  }
  // With the check off the run completes (and the state is not finite).
  ro.checkFinite = false;
  auto denoiser = nanFromCall(2);
  const RunResult r = runCcdf(problem, *denoiser, *sampler, ro);
  EXPECT_EQ(r.stepsDone, 5);
  EXPECT_FALSE(torch::isfinite(r.x).all().item<bool>());
}

}  // namespace
}  // namespace ccdf
