// Engine overhead benchmark (issue 2): wall time of a 20-step CCDF run divided by 20 forwards of
// the same denoiser, measured side by side in one process; plus the cost of one sampler step and
// one data-consistency application at 256x256.
//
// Usage: bench_engine [--size 64] [--base-channels 64] [--repeats 5]
//        bench_engine --size 256 --model models/NAME   (forward time of a shipped model)
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_common.h"
#include "ccdf/run.h"
#include "model/model_store.h"
#include "model/unet.h"
#include "ops/masks.h"
#include "ops/operator.h"
#include "util/device.h"

namespace {

using namespace ccdf::bench;

// A denoiser that costs nothing, to isolate sampler and DC maths.
class ZeroDenoiser : public ccdf::Denoiser {
 public:
  explicit ZeroDenoiser(ccdf::NoiseSchedule s) : s_(std::move(s)) {}
  const ccdf::NoiseSchedule& schedule() const override { return s_; }
  std::string name() const override { return "zero"; }

 protected:
  ccdf::DenoiserOutput evaluate(const torch::Tensor& x, int64_t i) override {
    return ccdf::convertPrediction(ccdf::Prediction::Eps, x, torch::zeros_like(x),
                                   s_.signalScale(i), s_.noiseScale(i));
  }

 private:
  ccdf::NoiseSchedule s_;
};

}  // namespace

int main(int argc, char** argv) {
  int64_t size = 64, base = 64;
  int repeats = 5;
  for (int k = 1; k + 1 < argc; k += 2) {
    if (!std::strcmp(argv[k], "--size")) size = std::stoll(argv[k + 1]);
    if (!std::strcmp(argv[k], "--base-channels")) base = std::stoll(argv[k + 1]);
    if (!std::strcmp(argv[k], "--repeats")) repeats = std::stoi(argv[k + 1]);
  }
  ccdf::configureThreads();
  torch::NoGradGuard noGrad;
  for (int k = 1; k + 1 < argc; k += 2) {
    if (std::strcmp(argv[k], "--model")) continue;
    // Time one forward of a shipped model at --size (batch 1), and exit.
    auto model = ccdf::loadModel(argv[k + 1], {}, torch::kCPU);
    auto xm = torch::randn({1, model.info.channels, size, size});
    const double t = timeMedian(repeats, [&] { (*model.denoiser)(xm, 500); });
    std::printf("%s: one forward at %lldx%lld (batch 1): %.1f ms (median of %d), %s\n",
                model.info.name.c_str(), (long long)size, (long long)size, t * 1e3, repeats,
                ccdf::describeRuntime().c_str());
    return 0;
  }
  std::printf("runtime: %s\n", ccdf::describeRuntime().c_str());

  // 1. Engine overhead with a realistic conv net (random weights).
  ccdf::UNetConfig cfg;
  cfg.imageChannels = 1;
  cfg.baseChannels = base;
  cfg.attentionDownsampling = {};
  cfg.middleAttention = false;
  ccdf::UNet net(cfg);
  net->eval();
  auto schedule = ccdf::NoiseSchedule::vpLinear();
  ccdf::NetworkDenoiser denoiser(
      "random-unet", schedule,
      [&](const torch::Tensor& x, const torch::Tensor& c) { return net->forward(x, c); },
      ccdf::Prediction::Eps, ccdf::ConditioningKind::Index1000, false);
  auto x = torch::rand({1, 1, size, size}) * 2 - 1;
  auto cond = torch::full({1}, 500.0);
  auto op = std::make_shared<ccdf::SuperResolution>(std::vector<int64_t>{1, 1, size, size}, 4);
  ccdf::Problem problem{op, op->A(x), op->AH(op->A(x))};
  ccdf::DdpmSampler sampler;
  ccdf::RunOptions options;
  options.t0 = 0.2;
  options.steps = 20;

  // Interleaved so both see the same machine state.
  const OverheadResult overhead = measureEngineOverhead(
      repeats, 20, [&] { net->forward(x, cond); },
      [&] { return ccdf::runCcdf(problem, denoiser, sampler, options).nfe; });
  const double forward = overhead.forwardSeconds, run = overhead.runSeconds;
  const int64_t nfe = overhead.nfe;
  std::printf("\nengine overhead: UNet base %lld at %lldx%lld, %lld params\n", (long long)base,
              (long long)size, (long long)size, (long long)net->parameterCount());
  std::printf("  one forward (median)      %8.2f ms\n", forward * 1e3);
  std::printf("  20-step CCDF run (median) %8.2f ms, NFE %lld\n", run * 1e3, (long long)nfe);
  std::printf("  ratio run / (NFE x forward) = %.4f   (goal <= 1.05)\n",
              run / (double(nfe) * forward));
  std::printf("  peak RSS %.1f MiB\n", peakRssMiB());

  // 2. One sampler step and one DC application at 256x256, with a zero-cost denoiser.
  const int64_t big = 256;
  auto xb = torch::randn({1, 1, big, big});
  torch::Generator gen = at::detail::createCPUGenerator(0);
  ZeroDenoiser zeroVp(ccdf::NoiseSchedule::vpLinear());
  ZeroDenoiser zeroVe(ccdf::NoiseSchedule::veGeometric(0.01, 100, 1000));
  std::printf("\nper-step cost at %lldx%lld (zero-cost denoiser, median of %d):\n", (long long)big,
              (long long)big, repeats * 4);
  struct Case {
    const char* name;
    ccdf::Sampler* sampler;
    ccdf::Denoiser* denoiser;
  };
  ccdf::DdpmSampler ddpm;
  ccdf::DdimSampler ddim(0.5);
  ccdf::VePcSampler vepc(1, 0.16);
  for (const Case& c : {Case{"ddpm", &ddpm, &zeroVp}, Case{"ddim eta=0.5", &ddim, &zeroVp},
                        Case{"vepc (1 corrector)", &vepc, &zeroVe}}) {
    const double t =
        timeMedian(repeats * 4, [&] { c.sampler->step(*c.denoiser, xb, 200, 190, gen, {}); });
    std::printf("  sampler %-20s %8.3f ms\n", c.name, t * 1e3);
  }
  const std::vector<int64_t> shape{1, 1, big, big};
  ccdf::SuperResolution sr(shape, 4);
  ccdf::Inpainting inpaint(shape, ccdf::makeBoxMask(big, big, 0.25).view({1, 1, big, big}));
  ccdf::KspaceMaskSpec spec;
  ccdf::MriSampling mri(shape, ccdf::makeKspaceMask(big, big, spec));
  for (const ccdf::Operator* o :
       std::initializer_list<const ccdf::Operator*>{&sr, &inpaint, &mri}) {
    const auto y = o->A(torch::randn({1, 1, big, big}));
    const double t = timeMedian(repeats * 4, [&] { o->project(xb, y); });
    std::printf("  DC %-25s %8.3f ms\n", o->name().c_str(), t * 1e3);
  }
  std::printf("\npeak RSS %.1f MiB\n", peakRssMiB());
  return 0;
}
