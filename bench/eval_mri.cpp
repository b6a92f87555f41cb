// Evaluates the mri-phantom prior (issue 3): CCDF at x4 1D-Gaussian undersampling (ACS 8) on 50
// held-out phantoms (seed 0; training used seed 1), single coil, against zero-filling. Prints
// PSNR / SSIM mean ± std, NFE and time, and writes a crop sheet.
//
// usage: eval_mri [--model models/mri-phantom] [--count 50] [--size 128] [--accel 4] [--batch 10]
//                 [--t0 0.5] [--steps 20] [--correctors 1] [--snr 0.16] [--sheet PATH]
//        eval_mri --write-sample PATH [--size 128]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "ccdf/run.h"
#include "io/image_io.h"
#include "metrics/metrics.h"
#include "model/model_store.h"
#include "ops/masks.h"
#include "ops/operator.h"
#include "train/phantom.h"
#include "util/device.h"

namespace {

struct Stats {
  std::vector<double> v;
  void add(double x) { v.push_back(x); }
  double mean() const {
    double s = 0;
    for (double x : v) s += x;
    return s / double(v.size());
  }
  double stdev() const {
    double m = mean(), s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / double(std::max<size_t>(1, v.size() - 1)));
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string modelDir = std::string(CCDF_SOURCE_DIR) + "/models/mri-phantom";
  std::string sheet = std::string(CCDF_SOURCE_DIR) + "/models/mri-phantom/ccdf-x4.png";
  int64_t count = 50, size = 128, steps = 20, correctors = 1, batch = 10;
  double accel = 4, t0 = 0.5, snr = 0.16;
  for (int k = 1; k + 1 < argc; k += 2) {
    const std::string a = argv[k], v = argv[k + 1];
    if (a == "--model")
      modelDir = v;
    else if (a == "--count")
      count = std::stoll(v);
    else if (a == "--size")
      size = std::stoll(v);
    else if (a == "--accel")
      accel = std::stod(v);
    else if (a == "--t0")
      t0 = std::stod(v);
    else if (a == "--steps")
      steps = std::stoll(v);
    else if (a == "--correctors")
      correctors = std::stoll(v);
    else if (a == "--snr")
      snr = std::stod(v);
    else if (a == "--batch")
      batch = std::max<int64_t>(1, std::stoll(v));
    else if (a == "--sheet")
      sheet = v;
    else if (a == "--write-sample") {
      // A held-out phantom (seed 0, index 0) for the bundled samples and the README demo.
      ccdf::saveImage(v, ccdf::makePhantoms(1, size, 0)[0], 16);
      std::printf("wrote %s\n", v.c_str());
      return 0;
    } else {
      std::fprintf(stderr, "eval_mri: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  ccdf::configureThreads();
  auto model = ccdf::loadModel(modelDir, {}, torch::kCPU);
  ccdf::VePcSampler sampler(correctors, snr);
  Stats zfPsnr, zfSsim, ccPsnr, ccSsim;
  double seconds = 0;
  int64_t nfe = 0;
  std::vector<torch::Tensor> crops;
  // Held-out phantoms: seed 0 (training phantoms come from seed 1).
  const auto truths = ccdf::makePhantoms(count, size, 0);
  // Phantoms run in batches of `batch` chains that share one mask (seed 1000 + batch index):
  // batched forwards use the CPU far better than one image at a time.
  for (int64_t first = 0; first < count; first += batch) {
    const int64_t n = std::min(batch, count - first);
    const auto truth = truths.narrow(0, first, n);  // [n, 1, H, W] in [0, 1]
    ccdf::KspaceMaskSpec spec;
    spec.pattern = ccdf::MaskPattern::Gaussian1D;
    spec.acceleration = accel;
    spec.acsLines = 8;
    spec.seed = uint64_t(1000 + first / batch);
    const auto mask = ccdf::makeKspaceMask(size, size, spec);
    auto op = std::make_shared<ccdf::MriSampling>(std::vector<int64_t>{n, 1, size, size}, mask);
    // Work in the model range [-1, 1]: x_m = 2x - 1.
    const auto truthM = ccdf::toModelRange(model.info, truth);
    const auto y = op->A(truthM);
    const auto zeroFilled = torch::real(op->AH(y));
    ccdf::Problem problem{op, y, zeroFilled};
    ccdf::RunOptions o;
    o.t0 = t0;
    o.steps = steps;
    o.seed = uint64_t(first);
    o.measurementNoise = ccdf::MeasurementNoiseMode::Clean;  // noise-free k-space (score-POCS)
    const auto result = ccdf::runCcdf(problem, *model.denoiser, sampler, o);
    seconds += result.seconds;
    nfe = result.nfe;
    for (int64_t k = 0; k < n; ++k) {
      const auto t = truth.narrow(0, k, 1);
      const auto zf = ccdf::fromModelRange(model.info, zeroFilled.narrow(0, k, 1)).clamp(0, 1);
      const auto cc = ccdf::fromModelRange(model.info, result.x.narrow(0, k, 1)).clamp(0, 1);
      zfPsnr.add(ccdf::psnr(zf, t, 1.0));
      zfSsim.add(ccdf::ssim(zf, t, 1.0));
      ccPsnr.add(ccdf::psnr(cc, t, 1.0));
      ccSsim.add(ccdf::ssim(cc, t, 1.0));
      if (first + k < 4) crops.push_back(torch::cat({t, zf, cc}, 3));
    }
  }
  std::printf(
      "mri-phantom: %lld held-out phantoms %lldx%lld, 1D Gaussian x%.1f + 8 ACS, single coil\n",
      (long long)count, (long long)size, (long long)size, accel);
  std::printf("  zero-filled: PSNR %.2f ± %.2f dB  SSIM %.4f ± %.4f\n", zfPsnr.mean(),
              zfPsnr.stdev(), zfSsim.mean(), zfSsim.stdev());
  std::printf(
      "  CCDF VE-PC t0=%.2f steps=%lld correctors=%lld: PSNR %.2f ± %.2f dB  SSIM %.4f ± %.4f  "
      "NFE %lld per chain  %.2f s/image (batches of %lld)\n",
      t0, (long long)steps, (long long)correctors, ccPsnr.mean(), ccPsnr.stdev(), ccSsim.mean(),
      ccSsim.stdev(), (long long)nfe, seconds / double(count), (long long)batch);
  std::printf("  gain over zero-filled: %.2f dB\n", ccPsnr.mean() - zfPsnr.mean());
  ccdf::saveImage(sheet, torch::cat(crops, 2));
  std::printf("  sheet (truth | zero-filled | CCDF): %s\n", sheet.c_str());
  return 0;
}
