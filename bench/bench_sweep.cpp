// Batched t0 sweep against sequential runs (issue 4: goal <= 0.6x the sequential time for 4
// values). Both restore the same problem with the same chains (t0 and step count of each chain
// from sweepChainFor), interleaved round by round so that both see the same machine state.
//
// usage: bench_sweep --model NAME [--size 128] [--t0s 0.2,0.4,0.6,0.8] [--steps 20] [--repeats 3]
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "bench_common.h"
#include "ccdf/sweep.h"
#include "model/model_store.h"
#include "ops/operator.h"
#include "util/device.h"

using namespace ccdf;

int main(int argc, char** argv) {
  std::string model = "mri-phantom", t0sText = "0.2,0.4,0.6,0.8";
  int64_t size = 128, steps = 20;
  int repeats = 3;
  for (int k = 1; k + 1 < argc; k += 2) {
    const std::string key = argv[k], value = argv[k + 1];
    if (key == "--model") model = value;
    if (key == "--size") size = std::stoll(value);
    if (key == "--t0s") t0sText = value;
    if (key == "--steps") steps = std::stoll(value);
    if (key == "--repeats") repeats = std::stoi(value);
  }
  std::vector<double> t0s;
  std::stringstream in(t0sText);
  for (std::string item; std::getline(in, item, ',');) t0s.push_back(std::stod(item));
  configureThreads();
  torch::NoGradGuard noGrad;
  auto loaded = loadModel(model, defaultModelDirectories(), torch::kCPU);
  Denoiser& denoiser = *loaded.denoiser;
  SamplerSettings settings;
  settings.name = denoiser.schedule().isVariancePreserving() ? "ddpm" : "vepc";
  auto sampler = makeSampler(settings);
  const std::vector<int64_t> shape{1, loaded.info.channels, size, size};
  auto op = std::make_shared<SuperResolution>(shape, 4);
  const auto x = torch::rand(shape) * 2 - 1;
  Problem problem{op, op->A(x), op->AH(op->A(x))};
  RunOptions o;
  o.steps = steps;

  // Interleaved round by round so that both see the same machine state.
  const bench::SweepComparison c =
      bench::compareSweepWithSequential(problem, denoiser, *sampler, t0s, o, repeats);
  const double sweep = c.sweepSeconds, sequential = c.sequentialSeconds;
  const int64_t calls = c.sweepCalls, sequentialCalls = c.sequentialCalls;
  std::printf("%s at %lldx%lld, sampler %s, t0s %s, grid %lld steps (%s)\n",
              loaded.info.name.c_str(), (long long)size, (long long)size, sampler->name().c_str(),
              t0sText.c_str(), (long long)steps, describeRuntime().c_str());
  std::printf("  batched sweep: %8.2f s, %lld network calls\n", sweep, (long long)calls);
  std::printf("  sequential:    %8.2f s, %lld network calls\n", sequential,
              (long long)sequentialCalls);
  std::printf("  ratio sweep / sequential = %.3f   (goal <= 0.6)   [median of %d]\n",
              sweep / sequential, repeats);
  return 0;
}
