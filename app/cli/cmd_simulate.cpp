// `ccdf simulate`: measurements from a ground-truth image (y = A x + noise).
#include <ATen/CPUGeneratorImpl.h>

#include <cstdio>
#include <filesystem>

#include "ccdf/simulate.h"
#include "cli_common.h"
#include "io/image_io.h"
#include "io/input_image.h"
#include "ops/masks.h"
#include "ops/operator.h"

namespace fs = std::filesystem;

namespace ccdf::cli {

namespace {

const char* kHelp =
    "usage: ccdf simulate --task sr|inpaint|mri --input GT --out-dir DIR [options]\n"
    "\n"
    "Simulates a measurement of the ground-truth image GT (values in [0, 1]) and writes it to DIR\n"
    "(created if missing), together with DIR/ground_truth.png (the image actually measured, after\n"
    "--crop and --channels):\n"
    "  sr       DIR/lowres.png        block means over scale x scale blocks (A A^T = I operator)\n"
    "  inpaint  DIR/masked.png, DIR/mask.png   (mask: white = known pixel)\n"
    "  mri      DIR/kspace.npy, DIR/mask.png   complex64 [1, C, H, W] = mask * F x, F the\n"
    "           orthonormal non-centred 2D FFT of the [0, 1] image (DC at [0, 0]); the mask is\n"
    "           stored in the same non-centred layout (white = sampled)\n"
    "\n"
    "options:\n"
    "  --task sr|inpaint|mri   measurement to simulate (required)\n"
    "  --input FILE            ground truth image (PNG, JPEG, TIFF, BMP; 8 or 16 bit)\n"
    "  --out-dir DIR           output folder (required)\n"
    "  --channels 0|1|3        convert the image to grey (1) or RGB (3); 0 keeps it (default)\n"
    "  --crop N                centre-crop the image to N x N pixels first (default: no crop)\n"
    "  --slice N               DICOM frame or slice (default: the middle one)\n"
    "  --scale S               SR factor; must divide width and height (default 4)\n"
    "  --mask-fraction F       inpainting: centred square hole, side F of the image (default "
    "0.25)\n"
    "  --mask FILE             inpainting: use this mask (white = known) instead of a box\n"
    "  --pattern P             MRI mask: uniform|gaussian|equispaced|poisson (default gaussian)\n"
    "  --accel R               MRI acceleration (default 4)\n"
    "  --acs N                 MRI fully sampled centre lines (default 8)\n"
    "  --noise-std S           white Gaussian noise added to the measurement, in [0, 1] image\n"
    "                          units (SR: on the low-resolution image) (default 0)\n"
    "  --seed N                random seed for masks and noise (default 0)\n";

}  // namespace

int runSimulate(int argc, char** argv) {
  if (helpRequested(argc, argv, 2)) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  Args args("simulate",
            {{"task"},
             {"input"},
             {"out-dir"},
             {"channels"},
             {"slice"},
             {"scale"},
             {"mask-fraction"},
             {"mask"},
             {"pattern"},
             {"accel"},
             {"acs"},
             {"noise-std"},
             {"seed"},
             {"crop"}},
            argc, argv, 2);
  const std::string task = args.choice("task", "", {"sr", "inpaint", "mri"});
  const std::string input = args.required("input");
  const std::string outDir = args.required("out-dir");
  const int64_t channels = args.integer("channels", 0);
  if (channels != 0 && channels != 1 && channels != 3)
    throw UsageError("option '--channels' must be 0, 1 or 3");
  const double noiseStd = args.number("noise-std", 0.0);
  if (noiseStd < 0) throw UsageError("option '--noise-std' must be >= 0");
  const int64_t seed = args.integer("seed", 0);
  if (seed < 0) throw UsageError("option '--seed' must be >= 0");
  if (task != "sr" && args.has("scale"))
    throw UsageError("option '--scale' applies to --task sr only");
  if (task != "inpaint" && (args.has("mask") || args.has("mask-fraction")))
    throw UsageError("options '--mask' and '--mask-fraction' apply to --task inpaint only");
  if (task != "mri" && (args.has("pattern") || args.has("accel") || args.has("acs")))
    throw UsageError("options '--pattern', '--accel' and '--acs' apply to --task mri only");
  if (args.has("mask") && args.has("mask-fraction"))
    throw UsageError("give either '--mask' or '--mask-fraction', not both");

  ImageLoadOptions load;
  load.channels = channels;
  const int64_t slice = args.integer("slice", -1);
  if (args.has("slice") && slice < 0) throw UsageError("option '--slice' must be >= 0");
  const InputImage gt = loadInputImage(input, slice, load);  // photos and DICOM
  torch::Tensor x = gt.image;
  if (args.has("crop")) {
    const int64_t n = args.integer("crop", 0);
    if (n < 1) throw UsageError("option '--crop' must be a positive integer");
    if (n > x.size(2) || n > x.size(3))
      throw UsageError("cannot crop '" + input + "' (" + std::to_string(x.size(3)) + "x" +
                       std::to_string(x.size(2)) + ") to " + std::to_string(n) + "x" +
                       std::to_string(n));
    const int64_t top = (x.size(2) - n) / 2, left = (x.size(3) - n) / 2;
    x = x.slice(2, top, top + n).slice(3, left, left + n).contiguous();
  }
  const int64_t C = x.size(1), H = x.size(2), W = x.size(3);
  std::vector<std::string> inputs = {input};
  if (args.has("mask")) inputs.push_back(args.str("mask"));

  std::error_code ec;
  if (fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
    throw UsageError("--out-dir '" + outDir + "' exists and is not a folder");
  torch::Generator gen = at::detail::createCPUGenerator(static_cast<uint64_t>(seed));
  std::vector<std::string> wrote;
  const auto out = [&](const std::string& name) { return (fs::path(outDir) / name).string(); };
  // Check every output against the inputs before anything is written.
  const auto guard = [&](const std::vector<std::string>& names) {
    for (const auto& n : names) refuseOverwriteOfInputs(out(n), inputs);
    refuseOverwriteOfInputs(out("ground_truth.png"), inputs);
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir)) throw IoError("cannot create folder '" + outDir + "'");
    saveImage(out("ground_truth.png"), x, gt.bitDepth, inputs);
    std::printf("wrote: %s (%s, %d-bit)\n", out("ground_truth.png").c_str(), shapeText(x).c_str(),
                gt.bitDepth);
  };

  if (task == "sr") {
    const int64_t s = args.integer("scale", 4);
    if (s < 1) throw UsageError("option '--scale' must be a positive integer");
    if (H % s != 0 || W % s != 0)
      throw UsageError("scale " + std::to_string(s) + " does not divide the image size " +
                       std::to_string(W) + "x" + std::to_string(H) + " of '" + input + "'");
    guard({"lowres.png"});
    SuperResolution op({1, C, H, W}, s);
    // y = s * lowres: noise of std sigma on the low-resolution image is s * sigma on y.
    const torch::Tensor y = simulateMeasurement(op, x, noiseStd * s, gen);
    const torch::Tensor lr = op.lowResFromMeasurement(y);
    saveImage(out("lowres.png"), lr, gt.bitDepth, inputs);
    std::printf("wrote: %s (%s, %d-bit, scale %lld)\n", out("lowres.png").c_str(),
                shapeText(lr).c_str(), gt.bitDepth, static_cast<long long>(s));
  } else if (task == "inpaint") {
    torch::Tensor mask;
    if (args.has("mask")) {
      mask = loadMask(args.str("mask"));
      if (mask.size(2) != H || mask.size(3) != W)
        throw UsageError("mask '" + args.str("mask") + "' is " + std::to_string(mask.size(3)) +
                         "x" + std::to_string(mask.size(2)) + " but the image is " +
                         std::to_string(W) + "x" + std::to_string(H));
    } else {
      const double f = args.number("mask-fraction", 0.25);
      if (!(f > 0 && f < 1)) throw UsageError("option '--mask-fraction' must lie in (0, 1)");
      mask = makeBoxMask(H, W, f).view({1, 1, H, W});
    }
    guard({"masked.png", "mask.png"});
    Inpainting op({1, C, H, W}, mask);
    const torch::Tensor y = simulateMeasurement(op, x, noiseStd, gen);
    saveImage(out("masked.png"), y, gt.bitDepth, inputs);
    saveMask(out("mask.png"), mask, inputs);
    const double known = mask.mean().item<double>();
    std::printf("wrote: %s (%s, %d-bit)\n", out("masked.png").c_str(), shapeText(x).c_str(),
                gt.bitDepth);
    std::printf("wrote: %s (known pixels: %s %%)\n", out("mask.png").c_str(),
                fmt(100.0 * known, 1).c_str());
  } else {
    KspaceMaskSpec spec;
    try {
      spec.pattern = maskPatternFromString(args.str("pattern", "gaussian"));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("option '--pattern': ") + e.what());
    }
    spec.acceleration = args.number("accel", 4.0);
    if (!(spec.acceleration >= 1)) throw UsageError("option '--accel' must be >= 1");
    spec.acsLines = args.integer("acs", 8);
    if (spec.acsLines < 0) throw UsageError("option '--acs' must be >= 0");
    spec.seed = static_cast<uint64_t>(seed);
    torch::Tensor mask;
    try {
      mask = makeKspaceMask(H, W, spec);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    guard({"kspace.npy", "mask.png"});
    MriSampling op({1, C, H, W}, mask);
    const torch::Tensor y = simulateMeasurement(op, x, noiseStd, gen);
    saveNpy(out("kspace.npy"), y, inputs);
    saveMask(out("mask.png"), mask, inputs);
    std::printf("wrote: %s (complex64 [1, %lld, %lld, %lld])\n", out("kspace.npy").c_str(),
                static_cast<long long>(C), static_cast<long long>(H), static_cast<long long>(W));
    std::printf("wrote: %s (%s sampling, acceleration %s, %lld centre lines)\n",
                out("mask.png").c_str(), toString(spec.pattern).c_str(),
                fmt(maskAcceleration(mask), 2).c_str(), static_cast<long long>(spec.acsLines));
  }
  return 0;
}

}  // namespace ccdf::cli
