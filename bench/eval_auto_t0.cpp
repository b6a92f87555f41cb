// Automatic t0 against the best fixed t0 of a sweep (issue 4, docs/AUTO_T0.md). For every
// corruption level it restores each image once per t0 of a grid (one batched runCcdfSweep) and
// once at the automatically chosen t0, and reports mean PSNR per t0, the best fixed t0, the
// automatic one, and whether auto reaches 95% of the best PSNR.
//
// usage: eval_auto_t0 --task mri|sr|inpaint [--model NAME] [--levels 2,4,6] [--init NAME]
//                     [--split heldout|train] [--count 4] [--size 128] [--steps 20]
//                     [--t0s 0.1,0.2,0.3,0.4,0.5,0.6,0.8,1] [--kappa 1] [--sheet PNG]
//   photos come from out/photos/<split> (scripts/gather_photos.sh); phantoms from seed 0
//   (held out) or 1 (training).
#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>

#include "ccdf/auto_t0.h"
#include "ccdf/restore_problem.h"
#include "ccdf/sweep.h"
#include "io/image_folder.h"
#include "io/image_io.h"
#include "io/initialisers.h"
#include "metrics/metrics.h"
#include "model/model_store.h"
#include "ops/masks.h"
#include "train/phantom.h"
#include "util/device.h"

using namespace ccdf;

namespace {

std::vector<double> parseNumbers(const std::string& text) {
  std::vector<double> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::stod(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string task = "mri", model, levelsText, init, split = "heldout";
  std::string t0sText = "0.1,0.2,0.3,0.4,0.5,0.6,0.8,1", sheetPath;
  int64_t count = 4, size = 128, steps = 20;
  double kappa = 1.0;
  for (int k = 1; k + 1 < argc; k += 2) {
    const std::string key = argv[k], value = argv[k + 1];
    if (key == "--task") task = value;
    if (key == "--model") model = value;
    if (key == "--levels") levelsText = value;
    if (key == "--init") init = value;
    if (key == "--split") split = value;
    if (key == "--count") count = std::stoll(value);
    if (key == "--size") size = std::stoll(value);
    if (key == "--steps") steps = std::stoll(value);
    if (key == "--t0s") t0sText = value;
    if (key == "--kappa") kappa = std::stod(value);
    if (key == "--sheet") sheetPath = value;
  }
  const bool mri = task == "mri";
  if (model.empty()) model = mri ? "mri-phantom" : "gaussian-photo";
  if (levelsText.empty())
    levelsText = task == "inpaint" ? "0.25,0.4,0.5" : task == "sr" ? "2,4,8" : "2,4,6";
  if (init.empty()) init = mri ? "zero-filled" : task == "sr" ? "bicubic" : "telea";
  configureThreads();
  torch::NoGradGuard noGrad;
  auto loaded = loadModel(model, defaultModelDirectories(), torch::kCPU);
  const ModelInfo& info = loaded.info;
  Denoiser& denoiser = *loaded.denoiser;
  SamplerSettings samplerSettings;
  samplerSettings.name = denoiser.schedule().isVariancePreserving() ? "ddpm" : "vepc";
  auto sampler = makeSampler(samplerSettings);

  std::vector<torch::Tensor> images;  // [1, C, size, size] in [0, 1]
  if (mri) {
    const auto p = makePhantoms(count, size, split == "train" ? 1 : 0);
    for (int64_t i = 0; i < count; ++i) images.push_back(p[i].unsqueeze(0));
  } else {
    for (auto& photo : loadImageFolder(std::string(CCDF_SOURCE_DIR) + "/out/photos/" + split,
                                       info.channels, size + size / 4)
                           .images) {
      const int64_t h = photo.size(1), w = photo.size(2);
      if (h < size || w < size) continue;
      images.push_back(
          ((photo.narrow(1, (h - size) / 2, size).narrow(2, (w - size) / 2, size) + 1) / 2)
              .unsqueeze(0));
      if (int64_t(images.size()) == count) break;
    }
  }
  const auto t0s = parseNumbers(t0sText);
  const auto initialiser = createInitialiser(init, {info.valueMin, info.valueMax});
  std::printf(
      "task %s, model %s, sampler %s, init %s, %zu %s images %lldx%lld, grid %lld steps,"
      " kappa %g\n",
      task.c_str(), info.name.c_str(), sampler->name().c_str(), init.c_str(), images.size(),
      split.c_str(), (long long)size, (long long)size, (long long)steps, kappa);
  std::vector<torch::Tensor> sheetRows;
  for (double level : parseNumbers(levelsText)) {
    std::shared_ptr<Operator> op;
    const std::vector<int64_t> shape{1, info.channels, size, size};
    if (task == "sr") op = std::make_shared<SuperResolution>(shape, int64_t(level));
    if (task == "inpaint") op = std::make_shared<Inpainting>(shape, makeBoxMask(size, size, level));
    if (mri) {
      KspaceMaskSpec spec;
      spec.acceleration = level;
      op = std::make_shared<MriSampling>(shape, makeKspaceMask(size, size, spec));
    }
    std::vector<double> sweepPsnr(t0s.size(), 0.0), sweepSsim(t0s.size(), 0.0), chosen;
    double autoPsnr = 0, initPsnr = 0, autoSsim = 0, initSsim = 0, sweepSeconds = 0,
           autoSeconds = 0;
    for (size_t i = 0; i < images.size(); ++i) {
      const auto& truth = images[i];
      const Problem problem = makeRestoreProblem(op, info, op->A(truth), *initialiser, i);
      const auto initial = fromModelRange(info, problem.x0Init).clamp(0, 1);
      initPsnr += psnr(initial, truth, 1.0);
      initSsim += ssim(initial, truth, 1.0);
      RunOptions o;
      o.steps = steps;
      o.seed = i;
      o.measurementNoise = mri ? MeasurementNoiseMode::Clean : MeasurementNoiseMode::Diffused;
      const SweepResult sweep = runCcdfSweep(problem, denoiser, *sampler, t0s, o);
      sweepSeconds += sweep.seconds;
      for (size_t t = 0; t < t0s.size(); ++t) {
        const auto restored = fromModelRange(info, sweep.x[int64_t(t)].unsqueeze(0)).clamp(0, 1);
        sweepPsnr[t] += psnr(restored, truth, 1.0);
        sweepSsim[t] += ssim(restored, truth, 1.0);
      }
      AutoT0Options ao;
      ao.kappa = kappa;
      ao.initialiserQuality = initialiserQuality(init, *op);
      const AutoT0Choice choice = chooseT0(*op, problem.y, problem.x0Init, denoiser.schedule(), ao);
      const SweepChain chain = sweepChainFor(denoiser.schedule(), choice.t0, steps);
      chosen.push_back(chain.t0);
      RunOptions single = o;
      single.t0 = chain.t0;
      single.steps = chain.steps;
      const RunResult run = runCcdf(problem, denoiser, *sampler, single);
      autoSeconds += run.seconds;
      const auto restored = fromModelRange(info, run.x).clamp(0, 1);
      autoPsnr += psnr(restored, truth, 1.0);
      autoSsim += ssim(restored, truth, 1.0);
      // Crops for the model card: truth | initial estimate | CCDF at auto t0, one row per image.
      sheetRows.push_back(torch::cat({truth, initial, restored}, 3));
    }
    const double n = double(images.size());
    size_t best = 0;
    for (size_t t = 0; t < t0s.size(); ++t)
      if (sweepPsnr[t] > sweepPsnr[best]) best = t;
    double meanChosen = 0, minChosen = 1, maxChosen = 0;
    for (double c : chosen) {
      meanChosen += c / n;
      minChosen = std::min(minChosen, c);
      maxChosen = std::max(maxChosen, c);
    }
    std::printf("\nlevel %g: initial (%s) %.2f dB / SSIM %.4f\n  sweep:", level, init.c_str(),
                initPsnr / n, initSsim / n);
    for (size_t t = 0; t < t0s.size(); ++t) std::printf(" t0=%g %.2f", t0s[t], sweepPsnr[t] / n);
    std::printf(
        "\n  best fixed t0 %g: %.2f dB / SSIM %.4f | auto t0 %.3f (%.2f-%.2f): %.2f dB / SSIM "
        "%.4f | auto/best %.3f -> %s   [sweep %.1f s, auto runs %.1f s]\n",
        t0s[best], sweepPsnr[best] / n, sweepSsim[best] / n, meanChosen, minChosen, maxChosen,
        autoPsnr / n, autoSsim / n, autoPsnr / sweepPsnr[best],
        autoPsnr >= 0.95 * sweepPsnr[best] ? "within 5%" : "NOT within 5%", sweepSeconds,
        autoSeconds);
  }
  if (!sheetPath.empty()) {
    saveImage(sheetPath, torch::cat(sheetRows, 2));
    std::printf("crops (truth | initial | CCDF auto t0), one row per image and level: %s\n",
                sheetPath.c_str());
  }
  return 0;
}
