// Unconditional samples of a diffusion prior as a PNG sheet (the model cards' sample sheets):
// pure noise at t0 = 1, then `--steps` reverse steps (DDPM for VP models, learned variance when
// the model has it; VE predictor-corrector with 1 corrector for VE models).
//
// usage: sample_sheet --model NAME --out PNG [--count 16] [--size 64] [--steps 100] [--seed 0]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "ccdf/run.h"
#include "io/image_io.h"
#include "model/model_store.h"
#include "util/device.h"

using namespace ccdf;

int main(int argc, char** argv) {
  std::string model, out;
  int64_t count = 16, size = 64, steps = 100;
  uint64_t seed = 0;
  for (int k = 1; k + 1 < argc; k += 2) {
    const std::string key = argv[k], value = argv[k + 1];
    if (key == "--model") model = value;
    if (key == "--out") out = value;
    if (key == "--count") count = std::stoll(value);
    if (key == "--size") size = std::stoll(value);
    if (key == "--steps") steps = std::stoll(value);
    if (key == "--seed") seed = std::stoull(value);
  }
  if (model.empty() || out.empty()) {
    std::fprintf(stderr, "usage: sample_sheet --model NAME --out PNG [--count 16] [--size 64]\n");
    return 2;
  }
  configureThreads();
  auto loaded = loadModel(model, defaultModelDirectories(), torch::kCPU);
  SamplerSettings settings;
  if (loaded.denoiser->schedule().isVariancePreserving()) {
    settings.name = "ddpm";
    if (loaded.denoiser->hasLearnedVariance()) settings.variance = DdpmVariance::Learned;
  } else {
    settings.name = "vepc";
  }
  auto sampler = makeSampler(settings);
  Problem p;
  p.x0Init = torch::zeros({count, loaded.info.channels, size, size});
  RunOptions o;
  o.t0 = 1.0;
  o.steps = steps;
  o.seed = seed;
  o.pureNoiseStart = true;
  const auto result = runCcdf(p, *loaded.denoiser, *sampler, o);
  const auto images = fromModelRange(loaded.info, result.x).clamp(0, 1);
  const int64_t cols = int64_t(std::ceil(std::sqrt(double(count)))),
                rows = (count + cols - 1) / cols;
  auto sheet = torch::ones({1, loaded.info.channels, rows * (size + 2), cols * (size + 2)});
  for (int64_t k = 0; k < count; ++k)
    sheet.narrow(2, (k / cols) * (size + 2) + 1, size)
        .narrow(3, (k % cols) * (size + 2) + 1, size)
        .copy_(images[k]);
  saveImage(out, sheet);
  std::printf("%s: %lld samples %lldx%lld, %s, %lld steps, NFE %lld, %.1f s -> %s\n",
              loaded.info.name.c_str(), (long long)count, (long long)size, (long long)size,
              sampler->name().c_str(), (long long)steps, (long long)result.nfe, result.seconds,
              out.c_str());
  return 0;
}
