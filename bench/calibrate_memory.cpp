// Calibration of the run-memory estimate (ccdf/run_limits.h): for every shipped model and a few
// image sizes and batches, one restore (inpainting, 2 reverse steps; the peak of a step does not
// grow with the step count) runs in a fresh child process, which measures the increase of its
// peak resident memory (VmHWM, reset through /proc/self/clear_refs) from just before the model
// is loaded to the end of the run. The table gives estimate, measured and their ratio, which
// must stay >= 1 (an upper bound) and within a sane factor.
//
// usage: calibrate_memory [--large] [--model NAME]... [--models-dir DIR]
//   --large   also 1024x1024 (about 15 s per model per thread count)
//   --model   only these models
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "ccdf/run.h"
#include "ccdf/run_limits.h"
#include "model/model_store.h"
#include "ops/operator.h"
#include "sampling/sampler.h"
#include "util/device.h"

extern char** environ;

namespace {

using namespace ccdf;

double statusKiB(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return std::atof(line.c_str() + prefix.size());
  return 0;
}

// Child: one restore, prints "measured <bytes>".
int child(const std::string& modelDir, int64_t H, int64_t W, int64_t B) {
  configureThreads();
  {
    std::ofstream reset("/proc/self/clear_refs");
    reset << "5";  // VmHWM := VmRSS
  }
  const double before = statusKiB("VmRSS");
  LoadedModel model = loadModel(modelDir, {}, torch::kCPU);
  const int64_t C = model.info.channels;
  torch::manual_seed(1);
  const torch::Tensor mask = (torch::rand({1, 1, H, W}) > 0.5).to(torch::kFloat);
  auto op = std::make_shared<Inpainting>(std::vector<int64_t>{1, C, H, W}, mask);
  const torch::Tensor truth = torch::rand({1, C, H, W}) * 2 - 1;
  Problem problem;
  problem.op = op;
  problem.y = op->A(truth);
  problem.x0Init = op->AH(problem.y).expand({B, C, H, W}).contiguous();
  SamplerSettings ss;
  ss.name = model.denoiser->schedule().kind() == ScheduleKind::VeGeometric ? "vepc" : "ddpm";
  const auto sampler = makeSampler(ss);
  RunOptions ro;
  ro.t0 = 0.05;
  ro.steps = 2;
  const RunResult r = runCcdf(problem, *model.denoiser, *sampler, ro);
  const double peak = statusKiB("VmHWM");
  std::printf("measured %.0f\n", (peak - before) * 1024.0);
  return r.stepsDone == 2 ? 0 : 1;
}

// Runs this program as a child and returns its measurement (< 0 on failure).
double measure(const std::string& self, const std::string& modelDir, int64_t H, int64_t W,
               int64_t B, int threads) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  const std::string h = std::to_string(H), w = std::to_string(W), b = std::to_string(B);
  std::vector<std::string> args{self, "--child", modelDir, h, w, b};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::setenv("CCDF_THREADS", std::to_string(threads).c_str(), 1);
  ::setenv("CCDF_DEVICE", "cpu", 1);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  ::close(fds[0]);
  if (rc != 0) return -1;
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  const size_t at = out.find("measured ");
  return at == std::string::npos ? -1 : std::atof(out.c_str() + at + 9);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 6 && std::string(argv[1]) == "--child")
    return child(argv[2], std::atoll(argv[3]), std::atoll(argv[4]), std::atoll(argv[5]));
  bool large = false;
  std::vector<std::string> extra, only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--large") {
      large = true;
    } else if (a == "--model" && i + 1 < argc) {
      only.push_back(argv[++i]);
    } else if (a == "--models-dir" && i + 1 < argc) {
      extra.push_back(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: calibrate_memory [--large] [--model NAME]... [--models-dir DIR]\n");
      return 2;
    }
  }
  const std::string self = "/proc/self/exe";
  char resolved[4096];
  const ssize_t n = ::readlink(self.c_str(), resolved, sizeof resolved - 1);
  if (n <= 0) return 1;
  resolved[n] = '\0';

  std::printf("%-15s %-10s %5s %7s %12s %12s %7s\n", "model", "size", "batch", "threads",
              "estimate", "measured", "ratio");
  double worstLow = 1e9, worstHigh = 0;
  for (const ModelInfo& info : listModels(defaultModelDirectories(extra))) {
    if (!only.empty() && std::find(only.begin(), only.end(), info.name) == only.end()) continue;
    const ModelMemoryProfile profile = memoryProfileOf(info);
    struct Case {
      int64_t size, batch;
    };
    std::vector<Case> cases;
    if (!info.fullyConvolutional && info.resolution > 0) {
      cases = {{info.resolution, 1}, {info.resolution, 8}};
    } else {
      const int64_t m = std::max<int64_t>(1, info.sizeMultiple);
      for (int64_t s : {64, 256, 512}) cases.push_back({s / m * m, 1});
      cases.push_back({128 / m * m, 4});
      if (large) cases.push_back({1024 / m * m, 1});
    }
    double low = 1e9, high = 0;
    for (const Case& c : cases) {
      for (int threads : {1, 2}) {
        RunShape shape;
        shape.batch = c.batch;
        shape.channels = info.channels;
        shape.height = shape.width = c.size;
        shape.measurementBytes = 4.0 * double(info.channels * c.size * c.size);
        const MemoryEstimate e = estimateRunMemory(profile, shape);
        const double measured = measure(resolved, info.directory, c.size, c.size, c.batch, threads);
        const std::string size = std::to_string(c.size) + "x" + std::to_string(c.size);
        if (measured <= 0) {
          std::printf("%-15s %-10s %5lld %7d %12s %12s %7s\n", info.name.c_str(), size.c_str(),
                      static_cast<long long>(c.batch), threads, formatBytes(e.total).c_str(),
                      "failed", "-");
          continue;
        }
        const double ratio = e.total / measured;
        low = std::min(low, ratio);
        high = std::max(high, ratio);
        std::printf("%-15s %-10s %5lld %7d %12s %12s %7.2f%s\n", info.name.c_str(), size.c_str(),
                    static_cast<long long>(c.batch), threads, formatBytes(e.total).c_str(),
                    formatBytes(measured).c_str(), ratio, ratio < 1 ? "  UNDER" : "");
        std::fflush(stdout);
      }
    }
    std::printf("%-15s estimate / measured: %.2f .. %.2f\n", info.name.c_str(), low, high);
    worstLow = std::min(worstLow, low);
    worstHigh = std::max(worstHigh, high);
  }
  std::printf("all models: estimate / measured %.2f .. %.2f\n", worstLow, worstHigh);
  return worstLow >= 1.0 ? 0 : 1;
}
