// `ccdf restore`: CCDF restoration of a measurement (SR, inpainting, CS-MRI).
#include <ATen/CPUGeneratorImpl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "ccdf/auto_t0.h"
#include "ccdf/initialiser.h"
#include "ccdf/restore_problem.h"
#include "ccdf/run.h"
#include "ccdf/sweep.h"
#include "cli_common.h"
#include "io/image_io.h"
#include "io/initialisers.h"
#include "metrics/metrics.h"
#include "model/model_store.h"
#include "ops/operator.h"
#include "sampling/sampler.h"
#include "util/device.h"

namespace fs = std::filesystem;

namespace ccdf::cli {

namespace {

const char* kHelp =
    "usage: ccdf restore --task sr|inpaint|mri --input MEAS --model NAME --output OUT [options]\n"
    "\n"
    "Restores an image with Come-Closer-Diffuse-Faster: initial estimate -> forward diffusion\n"
    "to t0 -> K reverse steps, each followed by data consistency with the measurement.\n"
    "--t0 1 --init noise is the full-diffusion baseline.\n"
    "\n"
    "measurement (as written by 'ccdf simulate'):\n"
    "  --task sr|inpaint|mri   (required)\n"
    "  --input FILE            sr: low-resolution image; inpaint: masked image;\n"
    "                          mri: k-space .npy (complex64 [H, W] or [1, C, H, W], orthonormal\n"
    "                          non-centred FFT of the [0, 1] image)\n"
    "  --mask FILE             inpaint: mask (white = known); mri: k-space mask (white = sampled)\n"
    "  --scale S               sr: up-scaling factor (default 4)\n"
    "model and sampler:\n"
    "  --model NAME|DIR        model name (see 'ccdf info') or model folder (required)\n"
    "  --models-dir DIR        extra folder to search for models\n"
    "  --sampler ddpm|ddim|vepc  (default ddpm)\n"
    "  --variance small|large|learned   ddpm posterior variance (default small)\n"
    "  --eta E                 ddim stochasticity (default 0)\n"
    "  --correctors M          vepc Langevin corrector steps per step (default 1)\n"
    "  --snr R                 vepc corrector signal-to-noise ratio (default 0.16)\n"
    "CCDF:\n"
    "  --t0 T|auto|T1,T2,...   start time in (0, 1] (default 0.2); auto: chosen from the\n"
    "                          estimated error of the initial estimate (docs/AUTO_T0.md);\n"
    "                          a list: one batched sweep, each t0 running t0*steps steps on a\n"
    "                          common grid, written to OUT with '-t0_<value>' before the "
    "extension\n"
    "  --steps K               reverse steps (default 20)\n"
    "  --init NAME             initial estimate (default adjoint): adjoint, noise (any task);\n"
    "                          bicubic, lanczos, esrgan-slim, esrgan-medium, esrgan-thick (sr);\n"
    "                          telea, navier-stokes|ns (inpaint); zero-filled|zero,\n"
    "                          mri-unet|unet (mri)\n"
    "  --lambda L              data-consistency strength in (0, 1]; 1 = hard projection\n"
    "  --dc-noise diffused|clean   DC against the measurement diffused to the current level\n"
    "                          (default) or against the clean measurement\n"
    "  --seed N                random seed (default 0)\n"
    "output:\n"
    "  --output FILE           restored image (.png, .tif, .tiff; .jpg/.bmp 8-bit) (required)\n"
    "  --bit-depth 8|16        default: the input's depth (mri: 8)\n"
    "  --reference FILE        ground truth: also print PSNR / SSIM of the initial estimate and\n"
    "                          of the result\n"
    "\n"
    "Prints nfe, seconds, and with --reference psnr_initial, ssim_initial, psnr, ssim (dB and\n"
    "SSIM on the [0, 1] scale). The output is written atomically and never over an input.\n";

CancelToken* gCancel = nullptr;
extern "C" void onInterrupt(int) {
  if (gCancel) gCancel->cancel();
}

std::string sizeText(int64_t w, int64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

void drawProgress(const StepEvent& e, double seconds) {
  const int width = 30;
  const int filled = e.K > 0 ? static_cast<int>(width * e.k / e.K) : width;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "\r  [%s] %lld/%lld  nfe %lld  %.1f s ", bar.c_str(),
               static_cast<long long>(e.k), static_cast<long long>(e.K),
               static_cast<long long>(e.nfe), seconds);
  std::fflush(stderr);
}

// Path of one sweep result: OUT with "-t0_<t0>" before the extension.
std::string sweepOutputPath(const std::string& output, double t0) {
  const fs::path p(output);
  char tag[32];
  std::snprintf(tag, sizeof tag, "-t0_%g", t0);
  return (p.parent_path() / (p.stem().string() + tag + p.extension().string())).string();
}

// `--t0 A,B,...`: one batched sweep; every result is written and reported (with metrics when a
// reference is given). Nothing is written when the sweep is interrupted.
int runSweep(const Problem& problem, Denoiser& denoiser, Sampler& sampler,
             const std::vector<double>& t0s, const RunOptions& options, const ModelInfo& info,
             const torch::Tensor& reference, const std::string& output, int bitDepth,
             const std::vector<std::string>& inputs) {
  for (const double t0 : t0s) refuseOverwriteOfInputs(sweepOutputPath(output, t0), inputs);
  CancelToken cancel;
  gCancel = &cancel;
  auto previous = std::signal(SIGINT, onInterrupt);
  SweepResult sweep;
  try {
    sweep = runCcdfSweep(problem, denoiser, sampler, t0s, options, {}, &cancel);
  } catch (...) {
    std::signal(SIGINT, previous);
    gCancel = nullptr;
    throw;
  }
  std::signal(SIGINT, previous);
  gCancel = nullptr;
  if (sweep.cancelled) throw std::runtime_error("interrupted; nothing was written");
  std::printf(
      "sweep: %zu t0 values, sampler %s, grid %lld steps; %lld network calls (%lld for "
      "one run per t0), %s s\n",
      t0s.size(), sampler.name().c_str(), static_cast<long long>(options.steps),
      static_cast<long long>(sweep.networkCalls), static_cast<long long>(sweep.sequentialCalls),
      fmt(sweep.seconds, 3).c_str());
  for (size_t t = 0; t < t0s.size(); ++t) {
    const SweepChain& c = sweep.chains[t];
    const torch::Tensor restored =
        fromModelRange(info, sweep.x[int64_t(t)].unsqueeze(0)).clamp(0.0, 1.0).to(torch::kCPU);
    const std::string path = sweepOutputPath(output, c.requestedT0);
    std::printf("t0 %g (level %lld, %lld steps)", c.t0, static_cast<long long>(c.startLevel),
                static_cast<long long>(c.steps));
    if (reference.defined())
      std::printf(": psnr %s, ssim %s", fmt(psnr(restored, reference, 1.0), 2).c_str(),
                  fmt(ssim(restored, reference, 1.0), 4).c_str());
    saveImage(path, restored, bitDepth, inputs);
    std::printf(" -> %s\n", path.c_str());
  }
  return 0;
}

}  // namespace

int runRestore(int argc, char** argv) {
  if (helpRequested(argc, argv, 2)) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  Args args("restore", {{"task"},       {"input"},    {"mask"},
                        {"scale"},      {"model"},    {"models-dir", true, true},
                        {"sampler"},    {"variance"}, {"eta"},
                        {"correctors"}, {"snr"},      {"t0"},
                        {"steps"},      {"init"},     {"lambda"},
                        {"dc-noise"},   {"seed"},     {"output"},
                        {"bit-depth"},  {"reference"}},
            argc, argv, 2);

  // ---- options ---------------------------------------------------------------------------
  const std::string task = args.choice("task", "", {"sr", "inpaint", "mri"});
  const std::string input = args.required("input");
  const std::string modelName = args.required("model");
  const std::string output = args.required("output");
  const std::string reference = args.str("reference");
  const std::string maskPath = args.str("mask");
  if (task != "sr" && args.has("scale"))
    throw UsageError("option '--scale' applies to --task sr only");
  if (task == "sr" && args.has("mask"))
    throw UsageError("option '--mask' does not apply to --task sr");
  if (task != "sr" && maskPath.empty()) throw UsageError("--task " + task + " needs '--mask FILE'");

  SamplerSettings ss;
  ss.name = args.choice("sampler", "ddpm", {"ddpm", "ddim", "vepc"});
  if (args.has("variance") && ss.name != "ddpm")
    throw UsageError("option '--variance' applies to --sampler ddpm only");
  if (args.has("eta") && ss.name != "ddim")
    throw UsageError("option '--eta' applies to --sampler ddim only");
  if ((args.has("correctors") || args.has("snr")) && ss.name != "vepc")
    throw UsageError("options '--correctors' and '--snr' apply to --sampler vepc only");
  ss.variance =
      ddpmVarianceFromString(args.choice("variance", "small", {"small", "large", "learned"}));
  ss.eta = args.number("eta", 0.0);
  if (ss.eta < 0) throw UsageError("option '--eta' must be >= 0");
  ss.correctorSteps = args.integer("correctors", 1);
  if (ss.correctorSteps < 0) throw UsageError("option '--correctors' must be >= 0");
  ss.snr = args.number("snr", 0.16);
  if (!(ss.snr > 0)) throw UsageError("option '--snr' must be > 0");

  RunOptions ro;
  const bool autoT0 = args.has("t0") && args.str("t0") == "auto";
  // Several t0 values ("0.2,0.4,0.6"): one batched sweep (ccdf/sweep.h).
  std::vector<double> sweepT0s;
  if (args.str("t0").find(',') != std::string::npos) {
    std::stringstream list(args.str("t0"));
    for (std::string item; std::getline(list, item, ',');) {
      char* end = nullptr;
      const double t = std::strtod(item.c_str(), &end);
      if (item.empty() || *end != '\0' || !(t > 0 && t <= 1))
        throw UsageError("every value of '--t0' must lie in (0, 1], got '" + item + "'");
      sweepT0s.push_back(t);
    }
  }
  ro.t0 = autoT0 || !sweepT0s.empty() ? 1.0 : args.number("t0", 0.2);
  if (!(ro.t0 > 0 && ro.t0 <= 1))
    throw UsageError("option '--t0' must lie in (0, 1], be a list of such, or be 'auto', got " +
                     args.str("t0"));
  ro.steps = args.integer("steps", 20);
  if (ro.steps < 1) throw UsageError("option '--steps' must be >= 1");
  const int64_t seed = args.integer("seed", 0);
  if (seed < 0) throw UsageError("option '--seed' must be >= 0");
  ro.seed = static_cast<uint64_t>(seed);
  ro.dcLambda = args.number("lambda", 1.0);
  if (!(ro.dcLambda > 0 && ro.dcLambda <= 1))
    throw UsageError("option '--lambda' must lie in (0, 1], got " + args.str("lambda"));
  ro.measurementNoise = args.choice("dc-noise", "diffused", {"diffused", "clean"}) == "clean"
                            ? MeasurementNoiseMode::Clean
                            : MeasurementNoiseMode::Diffused;
  std::vector<std::string> initNames{"ns", "zero", "unet"};  // aliases
  for (const auto& i : availableInitialisers()) initNames.push_back(i.name);
  const std::string initName = canonicalInitialiserName(args.choice("init", "adjoint", initNames));
  if (!initialiserServes(initName, task))
    throw UsageError("--init " + initName + " does not apply to --task " + task);
  int bitDepth = static_cast<int>(args.integer("bit-depth", 0));
  if (args.has("bit-depth") && bitDepth != 8 && bitDepth != 16)
    throw UsageError("option '--bit-depth' must be 8 or 16");

  // ---- output checks before any work -----------------------------------------------------
  std::vector<std::string> inputs = {input};
  if (!maskPath.empty()) inputs.push_back(maskPath);
  if (!reference.empty()) inputs.push_back(reference);
  refuseOverwriteOfInputs(output, inputs);
  {
    const std::string ext = fileExtension(output);
    if (ext != ".png" && ext != ".tif" && ext != ".tiff" && ext != ".jpg" && ext != ".jpeg" &&
        ext != ".bmp")
      throw UsageError("output '" + output + "': unsupported format '" + ext +
                       "' (use .png, .tif, .tiff, .jpg or .bmp)");
    fs::path dir = fs::path(output).parent_path();
    std::error_code ec;
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir, ec))
      throw UsageError("output '" + output + "': folder '" + dir.string() + "' does not exist");
    if (fs::is_directory(output, ec)) throw UsageError("output '" + output + "' is a folder");
  }

  // ---- model -------------------------------------------------------------------------------
  configureThreads();
  const torch::Device device = preferredDevice();
  LoadedModel model =
      loadModel(modelName, defaultModelDirectories(args.list("models-dir")), device);
  const ModelInfo& info = model.info;
  Denoiser& denoiser = *model.denoiser;
  std::unique_ptr<Sampler> sampler = makeSampler(ss);
  if (!sampler->supports(denoiser.schedule()))
    throw UsageError("sampler '" + ss.name + "' does not support the " +
                     toString(denoiser.schedule().kind()) + " schedule of model '" + info.name +
                     "'" + (ss.name == "vepc" ? " (use ddpm or ddim)" : " (use vepc)"));
  if (ss.name == "ddpm" && ss.variance == DdpmVariance::Learned && !denoiser.hasLearnedVariance())
    throw UsageError("model '" + info.name + "' has no learned variance (use --variance small)");
  const int64_t C = info.channels;
  const auto checkChannels = [&](int64_t c, const std::string& what) {
    if (c != C)
      throw UsageError(what + " has " + std::to_string(c) + " channel(s) but model '" + info.name +
                       "' expects " + std::to_string(C));
  };

  // ---- measurement -------------------------------------------------------------------------
  std::shared_ptr<Operator> op;
  torch::Tensor yUnit;  // the measurement of the [0, 1] image
  int64_t H = 0, W = 0;
  int inputDepth = 8;
  if (task == "sr") {
    const int64_t s = args.integer("scale", 4);
    if (s < 1) throw UsageError("option '--scale' must be a positive integer");
    const LoadedImage lr = loadImage(input);
    inputDepth = lr.bitDepth;
    checkChannels(lr.image.size(1), "input '" + input + "'");
    H = lr.image.size(2) * s;
    W = lr.image.size(3) * s;
    if (H * W > ImageLoadOptions{}.maxPixels)
      throw UsageError("a x" + std::to_string(s) + " result would be " + sizeText(W, H) +
                       ", over the limit of " + std::to_string(ImageLoadOptions{}.maxPixels) +
                       " pixels");
    auto sr = std::make_shared<SuperResolution>(std::vector<int64_t>{1, C, H, W}, s);
    yUnit = sr->measurementFromLowRes(lr.image.to(device));
    op = sr;
  } else if (task == "inpaint") {
    const LoadedImage img = loadImage(input);
    inputDepth = img.bitDepth;
    checkChannels(img.image.size(1), "input '" + input + "'");
    H = img.image.size(2);
    W = img.image.size(3);
    const torch::Tensor mask = loadMask(maskPath);
    if (mask.size(2) != H || mask.size(3) != W)
      throw UsageError("mask '" + maskPath + "' is " + sizeText(mask.size(3), mask.size(2)) +
                       " but the input is " + sizeText(W, H));
    auto inp = std::make_shared<Inpainting>(std::vector<int64_t>{1, C, H, W}, mask.to(device));
    yUnit = inp->A(img.image.to(device));
    op = inp;
  } else {
    torch::Tensor k = loadNpy(input);
    if (!k.is_complex())
      throw UsageError("k-space '" + input + "' is real; expected complex64 data");
    if (k.dim() == 2) k = k.view({1, 1, k.size(0), k.size(1)});
    if (k.dim() != 4 || k.size(0) != 1)
      throw UsageError("k-space '" + input + "' has shape " + c10::str(k.sizes()) +
                       "; expected [H, W] or [1, C, H, W]");
    checkChannels(k.size(1), "k-space '" + input + "'");
    H = k.size(2);
    W = k.size(3);
    const torch::Tensor mask = loadMask(maskPath);
    if (mask.size(2) != H || mask.size(3) != W)
      throw UsageError("mask '" + maskPath + "' is " + sizeText(mask.size(3), mask.size(2)) +
                       " but the k-space is " + sizeText(W, H));
    if (mask.sum().item<double>() == 0)
      throw UsageError("mask '" + maskPath + "' samples no k-space point");
    auto mri =
        std::make_shared<MriSampling>(std::vector<int64_t>{1, C, H, W}, mask[0][0].to(device));
    yUnit = k.to(device) * mask[0][0].to(device);  // only sampled entries are data
    op = mri;
  }
  if (info.resolution > 0 && !info.fullyConvolutional &&
      (H != info.resolution || W != info.resolution))
    throw UsageError("model '" + info.name + "' works on " +
                     sizeText(info.resolution, info.resolution) + " images only; the image is " +
                     sizeText(W, H));
  if (H % info.sizeMultiple != 0 || W % info.sizeMultiple != 0)
    throw UsageError("model '" + info.name + "' needs image sizes that are multiples of " +
                     std::to_string(info.sizeMultiple) + "; the image is " + sizeText(W, H));
  torch::Tensor ref;
  if (!reference.empty()) {
    ref = loadImage(reference).image;
    if (ref.size(1) != C || ref.size(2) != H || ref.size(3) != W)
      throw UsageError("reference '" + reference + "' is " + sizeText(ref.size(3), ref.size(2)) +
                       " with " + std::to_string(ref.size(1)) +
                       " channel(s) but the restored image is " + sizeText(W, H) + " with " +
                       std::to_string(C) + " channel(s)");
  }
  if (bitDepth == 0) bitDepth = task == "mri" ? 8 : inputDepth;

  // The same wiring as CCDF Studio, so both give identical pixels for the same settings.
  const auto initialiser = createInitialiser(initName, {info.valueMin, info.valueMax});
  const Problem problem = makeRestoreProblem(op, info, yUnit, *initialiser, ro.seed);
  const torch::Tensor& y = problem.y;
  const torch::Tensor& x0 = problem.x0Init;
  if (autoT0) {
    AutoT0Options autoOptions;
    autoOptions.initialiserQuality = initialiserQuality(initName, *op);
    const AutoT0Choice choice = chooseT0(*op, y, x0, denoiser.schedule(), autoOptions);
    ro.t0 = choice.t0;
    std::printf("auto t0: %g (%s)\n", choice.t0, choice.reason.c_str());
  }

  if (!sweepT0s.empty()) {
    return runSweep(problem, denoiser, *sampler, sweepT0s, ro, info, ref, output, bitDepth, inputs);
  }

  // ---- run ---------------------------------------------------------------------------------
  CancelToken cancel;
  gCancel = &cancel;
  auto previous = std::signal(SIGINT, onInterrupt);
  const bool tty = ::isatty(::fileno(stderr)) == 1;
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  StepCallback onStep;
  if (tty) onStep = [&](const StepEvent& e) { drawProgress(e, seconds()); };
  RunResult result;
  try {
    result = runCcdf(problem, denoiser, *sampler, ro, onStep, &cancel);
  } catch (...) {
    if (tty) std::fputs("\n", stderr);
    std::signal(SIGINT, previous);
    gCancel = nullptr;
    throw;
  }
  if (tty) std::fputs("\n", stderr);
  std::signal(SIGINT, previous);
  gCancel = nullptr;
  const double wall = seconds();
  if (result.cancelled) throw std::runtime_error("interrupted; nothing was written");

  const torch::Tensor restored = fromModelRange(info, result.x).clamp(0.0, 1.0).to(torch::kCPU);
  const torch::Tensor initial = fromModelRange(info, x0).clamp(0.0, 1.0).to(torch::kCPU);
  std::printf("task: %s, model: %s (%s), sampler: %s, init: %s\n", task.c_str(), info.name.c_str(),
              info.kind.c_str(), sampler->name().c_str(), initName.c_str());
  std::printf("t0: %g (level %lld of %lld), steps: %lld, image: %s\n", ro.t0,
              static_cast<long long>(result.levels.empty() ? 0 : result.levels.front()),
              static_cast<long long>(denoiser.schedule().size()),
              static_cast<long long>(result.stepsDone), shapeText(restored).c_str());
  std::printf("nfe: %lld\n", static_cast<long long>(result.nfe));
  {
    // Data consistency of the result in the model's range: ||A x - y|| / ||y||.
    const torch::Tensor r = op->A(result.x) - y;
    const double ny = torch::linalg_vector_norm(y).item<double>();
    const double nr = torch::linalg_vector_norm(r).item<double>();
    std::printf("dc_residual: %.3e\n", ny > 0 ? nr / ny : nr);
  }
  std::printf("seconds: %s\n", fmt(wall, 3).c_str());
  if (ref.defined()) {
    std::printf("psnr_initial: %s\n", fmt(psnr(initial, ref, 1.0), 2).c_str());
    std::printf("ssim_initial: %s\n", fmt(ssim(initial, ref, 1.0), 4).c_str());
    std::printf("psnr: %s\n", fmt(psnr(restored, ref, 1.0), 2).c_str());
    std::printf("ssim: %s\n", fmt(ssim(restored, ref, 1.0), 4).c_str());
  }
  saveImage(output, restored, bitDepth, inputs);
  std::printf("wrote: %s (%s, %d-bit)\n", output.c_str(), shapeText(restored).c_str(), bitDepth);
  return 0;
}

}  // namespace ccdf::cli
