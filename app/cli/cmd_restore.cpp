// `ccdf restore`: CCDF restoration of a measurement (SR, inpainting, CS-MRI).
#include <ATen/CPUGeneratorImpl.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "ccdf/auto_t0.h"
#include "ccdf/initialiser.h"
#include "ccdf/restore_problem.h"
#include "ccdf/run.h"
#include "ccdf/run_limits.h"
#include "ccdf/sweep.h"
#include "cli_common.h"
#include "io/image_io.h"
#include "io/initialisers.h"
#include "io/input_image.h"
#include "io/mri_input.h"
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
    "measurement (as written by 'ccdf simulate', or from scanners and other tools):\n"
    "  --task sr|inpaint|mri   (required)\n"
    "  --input FILE            sr: low-resolution image; inpaint: masked image (PNG, TIFF, JPEG,\n"
    "                          BMP, DICOM file or folder of DICOM slices);\n"
    "                          mri: k-space: fastMRI .h5 (single- or multi-coil), ISMRMRD .h5,\n"
    "                          BART .cfl/.hdr, .npy (complex [H, W], [coils, H, W] or\n"
    "                          [1, coils, H, W]); or an image / DICOM for a retrospective study\n"
    "  --mask FILE             inpaint: mask (white = known); mri: k-space mask (PNG, white =\n"
    "                          sampled, or real .npy [H, W]); without it mri uses the mask the\n"
    "                          data record (prospective) or the one --pattern designs\n"
    "  --scale S               sr: up-scaling factor (default 4)\n"
    "  --slice N               DICOM frame / slice, k-space slice (default: the middle one)\n"
    "MRI:\n"
    "  --pattern P             design a mask (retrospective): uniform|gaussian|equispaced|\n"
    "                          poisson|variable-density\n"
    "  --accel R               its acceleration (default 4)\n"
    "  --acs N                 its fully sampled centre: lines (1D) or square side (default 16)\n"
    "  --mask-seed N           its seed (default 0)\n"
    "  --save-mask FILE        write the mask in use (PNG)\n"
    "  --kspace-scale auto|X   file units per unit image (default: auto = the zero-filled\n"
    "                          image's maximum; 1 for .npy, which 'ccdf simulate' writes unit "
    "scaled)\n"
    "  --kspace-layout centred|non-centred   .npy only (default non-centred)\n"
    "  --calibration N         multi-coil: side of the calibration square for the coil\n"
    "                          sensitivities (default: the fully sampled centre)\n"
    "  --dc-iterations N       multi-coil: SENSE data-consistency steps per step (default 1)\n"
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
    "  --output FILE           restored image (.png, .tif, .tiff; .jpg/.bmp 8-bit; .dcm: a\n"
    "                          derived DICOM series in the input's units) (required)\n"
    "  --bit-depth 8|16        default: the input's depth (mri: 8)\n"
    "  --reference FILE        ground truth: also print PSNR / SSIM of the initial estimate and\n"
    "                          of the result (mri: taken from fully sampled data or the file's\n"
    "                          own reconstruction when there is one)\n"
    "limits:\n"
    "  --max-memory GIB        refuse a run whose memory, estimated from the model, the image\n"
    "                          size and the number of t0 values before it starts, exceeds GIB\n"
    "                          (default: $CCDF_MAX_MEMORY_GIB, else 75% of the physical memory)\n"
    "\n"
    "Prints nfe, seconds, and with --reference psnr_initial, ssim_initial, psnr, ssim (dB and\n"
    "SSIM on the [0, 1] scale). The output is written atomically and never over an input.\n"
    "When the result cannot be written after the run (disk full, file-size limit), it is saved\n"
    "in the same format to the temporary folder ($TMPDIR, else /tmp) as\n"
    "ccdf-result-<pid>-<output name> instead (never over an existing file), the error names\n"
    "both files, and the exit status is 1. A sweep does this for each of its files.\n";

CancelToken* gCancel = nullptr;
extern "C" void onInterrupt(int) {
  if (gCancel) gCancel->cancel();
}

// Why no file can be created in `dir` (a probe, removed again), or "" when one can.
std::string cannotCreateFileIn(const fs::path& dir) {
  const fs::path probe = dir / (".ccdf-probe-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return errno == EEXIST ? std::string() : std::strerror(errno);
  ::close(fd);
  ::unlink(probe.c_str());
  return {};
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

// A fresh file for a result that could not be written where asked: "ccdf-result-<pid>-<name>"
// in the temporary folder, created empty (O_EXCL, so nothing existing is ever replaced) to hold
// the name until the result is renamed over it. Throws with the reason when none can be made.
fs::path reserveFallbackFile(const std::string& output) {
  const fs::path dir = fs::temp_directory_path();  // throws when $TMPDIR is not a folder
  const std::string name = fs::path(output).filename().string();
  const std::string pid = std::to_string(::getpid());
  for (int n = 1; n <= 100; ++n) {
    const fs::path path =
        dir / ("ccdf-result-" + pid + (n > 1 ? "-" + std::to_string(n) : "") + "-" + name);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      return path;
    }
    if (errno != EEXIST)
      throw std::runtime_error("cannot write '" + path.string() + "': " + std::strerror(errno));
  }
  throw std::runtime_error("no free file name for it in '" + dir.string() + "'");
}

// The reason in an error "cannot write 'PATH': REASON" about `path`, else the whole message.
std::string writeFailureReason(const std::string& message, const std::string& path) {
  const std::string prefix = "cannot write '" + path + "': ";
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

// Writes a finished result to `path` with `save`; when that fails, to a fallback file (above) so
// that the run is not lost. Returns "" when `path` was written, else one line: the failure and
// where the result went instead, or that the fallback failed too.
std::string saveOrFallBack(const std::string& path,
                           const std::function<void(const std::string&)>& save) {
  std::string failure;
  try {
    save(path);
    return {};
  } catch (const std::exception& e) {
    failure = e.what();
  }
  fs::path fallback;
  try {
    fallback = reserveFallbackFile(path);
    save(fallback.string());
    return failure + "; the result was saved to '" + fallback.string() + "' instead";
  } catch (const std::exception& e) {
    if (fallback.empty())
      return failure + "; no fallback file in the temporary folder either (" + e.what() +
             "): the result is lost";
    ::unlink(fallback.c_str());  // the empty reservation
    return failure + "; writing it to '" + fallback.string() + "' instead failed too (" +
           writeFailureReason(e.what(), fallback.string()) + "): the result is lost";
  }
}

// Path of one sweep result: OUT with "-t0_<t0>" before the extension.
std::string sweepOutputPath(const std::string& output, double t0) {
  const fs::path p(output);
  char tag[32];
  std::snprintf(tag, sizeof tag, "-t0_%g", t0);
  return (p.parent_path() / (p.stem().string() + tag + p.extension().string())).string();
}

// `--t0 A,B,...`: one batched sweep; every result is written and reported (with metrics when a
// reference is given). Nothing is written when the sweep is interrupted. A result that cannot be
// written goes to a fallback file (saveOrFallBack), the others are still written, and the sweep
// then fails with the first failure's line.
int runSweep(const Problem& problem, Denoiser& denoiser, Sampler& sampler,
             const std::vector<double>& t0s, const RunOptions& options, const ModelInfo& info,
             const std::function<std::string(const torch::Tensor&)>& compare,
             const std::string& output,
             const std::function<void(const std::string&, const torch::Tensor&, double)>& save,
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
  std::vector<std::string> failures;
  for (size_t t = 0; t < t0s.size(); ++t) {
    const SweepChain& c = sweep.chains[t];
    const torch::Tensor restored =
        fromModelRange(info, sweep.x[int64_t(t)].unsqueeze(0)).clamp(0.0, 1.0).to(torch::kCPU);
    const std::string path = sweepOutputPath(output, c.requestedT0);
    std::printf("t0 %g (level %lld, %lld steps)", c.t0, static_cast<long long>(c.startLevel),
                static_cast<long long>(c.steps));
    std::printf("%s", compare(restored).c_str());
    const std::string failure =
        saveOrFallBack(path, [&](const std::string& p) { save(p, restored, c.t0); });
    std::printf(" -> %s\n", failure.empty() ? path.c_str() : failure.c_str());
    if (!failure.empty()) failures.push_back(failure);
  }
  if (failures.size() == 1) throw std::runtime_error(failures.front());
  if (failures.size() > 1)
    throw std::runtime_error(failures.front() + "; " + std::to_string(failures.size() - 1) +
                             " more result(s) could not be written (see above)");
  return 0;
}

}  // namespace

int runRestore(int argc, char** argv) {
  if (helpRequested(argc, argv, 2)) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  Args args("restore", {{"task"},          {"input"},       {"mask"},
                        {"scale"},         {"model"},       {"models-dir", true, true},
                        {"sampler"},       {"variance"},    {"eta"},
                        {"correctors"},    {"snr"},         {"t0"},
                        {"steps"},         {"init"},        {"lambda"},
                        {"dc-noise"},      {"seed"},        {"output"},
                        {"bit-depth"},     {"reference"},   {"slice"},
                        {"pattern"},       {"accel"},       {"acs"},
                        {"mask-seed"},     {"save-mask"},   {"kspace-scale"},
                        {"kspace-layout"}, {"calibration"}, {"dc-iterations"},
                        {"max-memory"}},
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
  if (task == "inpaint" && maskPath.empty()) throw UsageError("--task inpaint needs '--mask FILE'");
  for (const char* option : {"pattern", "accel", "acs", "mask-seed", "save-mask", "kspace-scale",
                             "kspace-layout", "calibration", "dc-iterations"})
    if (task != "mri" && args.has(option))
      throw UsageError(std::string("option '--") + option + "' applies to --task mri only");
  if (args.has("mask") && (args.has("pattern") || args.has("accel") || args.has("acs")))
    throw UsageError(
        "give either '--mask FILE' or a mask design ('--pattern', '--accel', '--acs')");
  const int64_t slice = args.integer("slice", -1);
  if (args.has("slice") && slice < 0) throw UsageError("option '--slice' must be >= 0");

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
  RunLimits limits;
  limits.maxPixels = ImageLoadOptions{}.maxPixels;
  limits.advice = "use a smaller image or raise --max-memory";
  if (args.has("max-memory")) {
    const double gib = args.number("max-memory", 0.0);
    if (!(gib > 0)) throw UsageError("option '--max-memory' must be a number of GiB > 0");
    limits.maxMemoryBytes = gib * 1024.0 * 1024.0 * 1024.0;
  }
  int bitDepth = static_cast<int>(args.integer("bit-depth", 0));
  if (args.has("bit-depth") && bitDepth != 8 && bitDepth != 16)
    throw UsageError("option '--bit-depth' must be 8 or 16");

  // ---- output checks before any work -----------------------------------------------------
  std::vector<std::string> inputs = {input};
  if (!maskPath.empty()) inputs.push_back(maskPath);
  if (!reference.empty()) inputs.push_back(reference);
  // A k-space file's companion (.cfl beside .hdr) is an input too.
  for (const char* ext : {".cfl", ".hdr"})
    if (fileExtension(input) == ".cfl" || fileExtension(input) == ".hdr")
      inputs.push_back((fs::path(input).parent_path() / fs::path(input).stem()).string() + ext);
  refuseOverwriteOfInputs(output, inputs);
  const std::string saveMaskPath = args.str("save-mask");
  if (!saveMaskPath.empty()) refuseOverwriteOfInputs(saveMaskPath, inputs);
  {
    const std::string ext = fileExtension(output);
    if (!isSupportedOutput(output))
      throw UsageError("output '" + output + "': unsupported format '" + ext +
                       "' (use .png, .tif, .tiff, .jpg, .bmp or .dcm)");
    fs::path dir = fs::path(output).parent_path();
    std::error_code ec;
    if (dir.empty()) dir = ".";
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
      throw UsageError("output '" + output + "': '" + dir.string() + "' is not a folder");
    if (!fs::is_directory(dir, ec))
      throw UsageError("output '" + output + "': folder '" + dir.string() + "' does not exist");
    if (fs::is_directory(output, ec)) throw UsageError("output '" + output + "' is a folder");
    // A folder that takes no new file (read-only file system, no permission) is refused now,
    // not after the run.
    const std::string problem = cannotCreateFileIn(dir);
    if (!problem.empty())
      throw UsageError("output '" + output + "': cannot write in folder '" + dir.string() +
                       "': " + problem);
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
  InputImage source;  // value units and DICOM metadata of the input, for the output
  torch::Tensor ref;  // unit-scale reference, when there is one
  std::string refSource;
  torch::Tensor zeroFilledRss;  // mri: the classical multi-coil baseline, for comparison
  if (task == "sr") {
    const int64_t s = args.integer("scale", 4);
    if (s < 1) throw UsageError("option '--scale' must be a positive integer");
    source = loadInputImage(input, slice);
    const torch::Tensor& lr = source.image;
    inputDepth = source.bitDepth;
    checkChannels(lr.size(1), "input '" + input + "'");
    H = lr.size(2) * s;
    W = lr.size(3) * s;
    if (H * W > ImageLoadOptions{}.maxPixels)
      throw UsageError("a x" + std::to_string(s) + " result would be " + sizeText(W, H) +
                       ", over the limit of " + std::to_string(ImageLoadOptions{}.maxPixels) +
                       " pixels");
    auto sr = std::make_shared<SuperResolution>(std::vector<int64_t>{1, C, H, W}, s);
    yUnit = sr->measurementFromLowRes(lr.to(device));
    op = sr;
  } else if (task == "inpaint") {
    source = loadInputImage(input, slice);
    inputDepth = source.bitDepth;
    checkChannels(source.image.size(1), "input '" + input + "'");
    H = source.image.size(2);
    W = source.image.size(3);
    const torch::Tensor mask = loadMask(maskPath);
    if (mask.size(2) != H || mask.size(3) != W)
      throw UsageError("mask '" + maskPath + "' is " + sizeText(mask.size(3), mask.size(2)) +
                       " but the input is " + sizeText(W, H));
    auto inp = std::make_shared<Inpainting>(std::vector<int64_t>{1, C, H, W}, mask.to(device));
    yUnit = inp->A(source.image.to(device));
    op = inp;
  } else {
    MriInputOptions mo;
    mo.input = input;
    mo.maskFile = maskPath;
    if (args.has("pattern") || args.has("accel") || args.has("acs")) {
      KspaceMaskSpec spec;
      spec.pattern = maskPatternFromString(args.str("pattern", "gaussian"));
      spec.acceleration = args.number("accel", 4.0);
      spec.acsLines = args.integer("acs", 16);
      const int64_t maskSeed = args.integer("mask-seed", 0);
      if (maskSeed < 0) throw UsageError("option '--mask-seed' must be >= 0");
      spec.seed = static_cast<uint64_t>(maskSeed);
      mo.designed = spec;
    }
    mo.load.slice = slice;
    mo.load.npyLayout =
        args.choice("kspace-layout", "non-centred", {"centred", "non-centred"}) == "centred"
            ? KspaceLayout::Centred
            : KspaceLayout::NonCentred;
    const std::string scaleText = args.str("kspace-scale", "auto");
    if (scaleText == "auto") {
      mo.problem.scale = fileExtension(input) == ".npy" ? 1.0 : 0.0;
    } else {
      mo.problem.scale = args.number("kspace-scale", 0.0);
      if (!(mo.problem.scale > 0))
        throw UsageError("option '--kspace-scale' must be 'auto' or a number > 0");
    }
    mo.problem.sensitivities.calibrationSize = args.integer("calibration", 0);
    mo.problem.dcIterations = args.integer("dc-iterations", 1);
    if (mo.problem.dcIterations < 1) throw UsageError("option '--dc-iterations' must be >= 1");
    mo.problem.modelChannels = C;
    MriInput mri;
    try {
      mri = prepareMriInput(mo);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    std::printf("mri input: %s\n", mri.summary.c_str());
    if (!saveMaskPath.empty()) {
      saveMask(saveMaskPath, mri.mask.view({1, 1, mri.mask.size(0), mri.mask.size(1)}), inputs);
      std::printf("wrote mask: %s\n", saveMaskPath.c_str());
    }
    H = mri.mask.size(0);
    W = mri.mask.size(1);
    op = mri.problem.op;
    yUnit = mri.problem.measurement.to(device);
    if (mri.fromImage) {
      source = mri.image;
    } else {
      source.valueMin = 0.0;
      source.valueMax = mri.problem.scale;
    }
    ref = mri.reference;
    refSource = mri.referenceSource;
    if (mri.problem.sensitivities.defined()) zeroFilledRss = mri.problem.zeroFilled;
  }
  if (info.resolution > 0 && !info.fullyConvolutional &&
      (H != info.resolution || W != info.resolution))
    throw UsageError("model '" + info.name + "' works on " +
                     sizeText(info.resolution, info.resolution) + " images only; the image is " +
                     sizeText(W, H));
  if (H % info.sizeMultiple != 0 || W % info.sizeMultiple != 0)
    throw UsageError("model '" + info.name + "' needs image sizes that are multiples of " +
                     std::to_string(info.sizeMultiple) + "; the image is " + sizeText(W, H));
  if (!reference.empty()) {
    ref = loadInputImage(reference, slice).image;
    refSource = reference;
    if (ref.size(1) != C || ref.size(2) != H || ref.size(3) != W)
      throw UsageError("reference '" + reference + "' is " + sizeText(ref.size(3), ref.size(2)) +
                       " with " + std::to_string(ref.size(1)) +
                       " channel(s) but the restored image is " + sizeText(W, H) + " with " +
                       std::to_string(C) + " channel(s)");
  }
  if (bitDepth == 0) bitDepth = task == "mri" ? 8 : inputDepth;
  {
    // Before the initial estimate and the run allocate anything large (ccdf/run_limits.h).
    RunShape shape;
    shape.batch = sweepT0s.empty() ? 1 : static_cast<int64_t>(sweepT0s.size());
    shape.channels = C;
    shape.height = H;
    shape.width = W;
    shape.measurementBytes = double(yUnit.numel()) * double(yUnit.element_size());
    try {
      checkRunLimits(memoryProfileOf(info), shape, limits);
    } catch (const RunLimitError& e) {
      throw UsageError(e.what());
    }
  }

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

  // Metrics on the reference's grid (a fastMRI reference is a centre crop of the image).
  const auto onReferenceGrid = [&](const torch::Tensor& image) {
    return centreCrop(image, ref.size(-2), ref.size(-1));
  };
  if (ref.defined() && (ref.size(-2) > H || ref.size(-1) > W))
    throw UsageError("the reference (" + refSource + ") is larger than the image");
  const auto compare = [&](const torch::Tensor& restored) -> std::string {
    if (!ref.defined()) return "";
    const auto r = onReferenceGrid(restored);
    return ": psnr " + fmt(psnr(r, ref, 1.0), 2) + ", ssim " + fmt(ssim(r, ref, 1.0), 4);
  };
  DicomDerivation derivation;
  derivation.task = task;
  derivation.model = info.name;
  derivation.sampler = sampler->name();
  derivation.initialiser = initName;
  derivation.steps = ro.steps;
  derivation.seed = ro.seed;
  const auto save = [&](const std::string& path, const torch::Tensor& restored, double t0) {
    derivation.t0 = t0;
    saveResultImage(path, restored, &source, derivation, bitDepth, inputs);
  };
  if (ref.defined()) std::printf("reference: %s\n", refSource.c_str());

  if (!sweepT0s.empty()) {
    return runSweep(problem, denoiser, *sampler, sweepT0s, ro, info, compare, output, save, inputs);
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
    const auto metrics = [&](const char* name, const torch::Tensor& image) {
      const auto r = onReferenceGrid(image);
      std::printf("psnr%s: %s\n", name, fmt(psnr(r, ref, 1.0), 2).c_str());
      std::printf("ssim%s: %s\n", name, fmt(ssim(r, ref, 1.0), 4).c_str());
    };
    if (zeroFilledRss.defined()) metrics("_zero_filled_rss", zeroFilledRss.clamp(0.0, 1.0));
    metrics("_initial", initial);
    metrics("", restored);
  }
  const std::string failure =
      saveOrFallBack(output, [&](const std::string& p) { save(p, restored, ro.t0); });
  if (!failure.empty()) throw std::runtime_error(failure);
  if (fileExtension(output) == ".dcm")
    std::printf("wrote: %s (%s, DICOM derived series)\n", output.c_str(),
                shapeText(restored).c_str());
  else
    std::printf("wrote: %s (%s, %d-bit)\n", output.c_str(), shapeText(restored).c_str(), bitDepth);
  return 0;
}

}  // namespace ccdf::cli
