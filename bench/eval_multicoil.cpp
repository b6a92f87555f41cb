// Multi-coil CS-MRI side by side with BART (issue 6): BART simulates multi-coil k-space of its
// own phantoms (`bart phantom -k -s COILS`), one mask undersamples it, and four reconstructions
// are compared with the fully sampled root-sum-of-squares image:
//   zero-filled RSS (per coil), BART pics TV and l1-wavelet (ESPIRiT maps from `bart ecalib`,
//   lambda swept on the image itself and the best reported: an oracle choice that favours BART),
//   and CCDF with the mri-phantom prior and the project's own SENSE operator and coil maps.
// Each side is scored against its own fully sampled reference (BART's from `bart fft -i -u` +
// `bart rss`, ours from our loader and FFT), both normalised by their maximum, so that no
// convention between the two tools can bias the comparison.
//
// usage: eval_multicoil [--size 128] [--coils 8] [--accel 4] [--acs 16] [--pattern gaussian]
//                       [--phantoms shepp,tubes,nist] [--t0s 0.2,0.3,0.5] [--steps 20]
//                       [--model mri-phantom] [--work DIR] [--markdown]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "ccdf/initialiser.h"
#include "ccdf/kspace_problem.h"
#include "ccdf/restore_problem.h"
#include "ccdf/run.h"
#include "io/kspace_io.h"
#include "metrics/metrics.h"
#include "model/model_store.h"
#include "ops/masks.h"
#include "sampling/sampler.h"
#include "util/device.h"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void runOrThrow(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("command failed: " + command);
}

std::string phantomFlag(const std::string& name) {
  if (name == "shepp") return "";
  if (name == "tubes") return "-T";
  if (name == "nist") return "--NIST";
  throw std::invalid_argument("unknown phantom '" + name + "' (shepp, tubes, nist)");
}

// Magnitude image of a BART cfl holding [.., H?, W?] complex data, as [1, 1, d1, d0].
torch::Tensor bartMagnitude(const std::string& base) {
  const auto data = ccdf::readCfl(base).abs().to(torch::kFloat);
  return data.reshape({1, 1, data.size(-2), data.size(-1)});
}

struct Score {
  double psnr = 0, ssim = 0, seconds = 0;
};

Score scoreAgainst(const torch::Tensor& image, const torch::Tensor& reference, double seconds) {
  const double peak = reference.max().item<double>();
  const auto a = (image / peak).clamp(0, 1), r = reference / peak;
  return {ccdf::psnr(a, r, 1.0), ccdf::ssim(a, r, 1.0), seconds};
}

}  // namespace

int main(int argc, char** argv) {
  int64_t size = 128, coils = 8, acs = 16, steps = 20;
  double accel = 4;
  std::string pattern = "gaussian", phantoms = "shepp,tubes,nist", t0List = "0.2,0.3,0.5";
  std::string modelName = "mri-phantom", work = "bench/out/multicoil";
  bool markdown = false;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--markdown") {
      markdown = true;
      continue;
    }
    if (k + 1 >= argc) {
      std::fprintf(stderr, "eval_multicoil: option %s needs a value\n", a.c_str());
      return 2;
    }
    const std::string v = argv[++k];
    if (a == "--size")
      size = std::stoll(v);
    else if (a == "--coils")
      coils = std::stoll(v);
    else if (a == "--accel")
      accel = std::stod(v);
    else if (a == "--acs")
      acs = std::stoll(v);
    else if (a == "--pattern")
      pattern = v;
    else if (a == "--phantoms")
      phantoms = v;
    else if (a == "--t0s")
      t0List = v;
    else if (a == "--steps")
      steps = std::stoll(v);
    else if (a == "--model")
      modelName = v;
    else if (a == "--work")
      work = v;
    else {
      std::fprintf(stderr, "eval_multicoil: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  ccdf::configureThreads();
  fs::create_directories(work);
  auto model = ccdf::loadModel(modelName, ccdf::defaultModelDirectories({}), torch::kCPU);
  ccdf::VePcSampler sampler(1, 0.16);
  const auto adjoint = ccdf::makeInitialiser("adjoint");

  ccdf::KspaceMaskSpec spec;
  spec.pattern = ccdf::maskPatternFromString(pattern);
  spec.acceleration = accel;
  spec.acsLines = acs;
  spec.seed = 1;
  const auto mask = ccdf::makeKspaceMask(size, size, spec);
  std::printf(
      "# multi-coil CS-MRI: BART phantoms %lldx%lld, %lld coils, %s mask R = %.2f "
      "(requested %.1f), %lld ACS\n",
      (long long)size, (long long)size, (long long)coils, pattern.c_str(),
      ccdf::maskAcceleration(mask), accel, (long long)acs);
  if (markdown)
    std::printf(
        "\n| phantom | method | PSNR dB | SSIM | seconds | NFE |\n|---|---|---|---|---|---|\n");

  for (const std::string& phantom : splitList(phantoms)) {
    const std::string dir = work + "/" + phantom, base = dir + "/kspace";
    fs::create_directories(dir);
    const std::string bart = "cd '" + dir + "' && bart ";
    runOrThrow(bart + "phantom -k -s " + std::to_string(coils) + " -x " + std::to_string(size) +
               " " + phantomFlag(phantom) + " kspace");
    // Our side: the loader turns BART's centred k-space into the project convention.
    const auto full = ccdf::loadKspace(base + ".cfl").kspace;  // [coils, H, W]
    const auto reference = ccdf::rssImage(full);
    const auto undersampled = full * mask;
    const auto print = [&](const std::string& method, const Score& s, int64_t nfe) {
      if (markdown)
        std::printf("| %s | %s | %.2f | %.4f | %.2f | %s |\n", phantom.c_str(), method.c_str(),
                    s.psnr, s.ssim, s.seconds, nfe > 0 ? std::to_string(nfe).c_str() : "-");
      else
        std::printf("%-6s %-36s PSNR %6.2f  SSIM %.4f  %7.2f s  NFE %lld\n", phantom.c_str(),
                    method.c_str(), s.psnr, s.ssim, s.seconds, (long long)nfe);
    };
    print("zero-filled RSS", scoreAgainst(ccdf::rssImage(undersampled), reference, 0), 0);

    // BART's side: the same mask, in BART's centred layout and dimension order.
    ccdf::writeCfl(dir + "/under",
                   ccdf::kspaceToCentred(undersampled).transpose(1, 2).unsqueeze(1));
    runOrThrow(bart + "fft -i -u 3 kspace coilimg && bart rss 8 coilimg reference");
    const auto bartReference = bartMagnitude(dir + "/reference");
    auto start = std::chrono::steady_clock::now();
    runOrThrow(bart + "ecalib -m1 under maps");
    const double ecalibSeconds = secondsSince(start);
    for (const auto& [label, regulariser] : std::vector<std::pair<std::string, std::string>>{
             {"TV", "-R T:3:0:"}, {"l1-wavelet", "-l1 -r "}}) {
      Score best;
      std::string bestLambda;
      for (const char* lambda : {"0.001", "0.003", "0.01", "0.03", "0.1"}) {
        start = std::chrono::steady_clock::now();
        runOrThrow(bart + "pics -S " + regulariser + lambda + " under maps recon");
        const double seconds = secondsSince(start) + ecalibSeconds;
        const Score s = scoreAgainst(bartMagnitude(dir + "/recon"), bartReference, seconds);
        if (bestLambda.empty() || s.psnr > best.psnr) {
          best = s;
          bestLambda = lambda;
        }
      }
      print("BART pics " + label + " (oracle lambda " + bestLambda + ")", best, 0);
    }

    // CCDF: the product's own path (scale, coil maps, SENSE) from the undersampled data alone.
    start = std::chrono::steady_clock::now();
    const auto problemIn = ccdf::makeKspaceProblem(undersampled, mask);
    const auto problem =
        ccdf::makeRestoreProblem(problemIn.op, model.info, problemIn.measurement, *adjoint, 0);
    const double setupSeconds = secondsSince(start);
    const auto inFileUnits = [&](const torch::Tensor& modelImage) {
      return ccdf::fromModelRange(model.info, modelImage).clamp(0, 1) * problemIn.scale;
    };
    print("SENSE zero-filled (CCDF start)",
          scoreAgainst(inFileUnits(problem.x0Init), reference, setupSeconds), 0);
    for (const std::string& t0 : splitList(t0List)) {
      ccdf::RunOptions o;
      o.t0 = std::stod(t0);
      o.steps = steps;
      o.seed = 0;
      o.measurementNoise = ccdf::MeasurementNoiseMode::Clean;
      const auto result = ccdf::runCcdf(problem, *model.denoiser, sampler, o);
      print("CCDF VE-PC t0 " + t0 + ", " + std::to_string(result.stepsDone) + " steps",
            scoreAgainst(inFileUnits(result.x), reference, result.seconds + setupSeconds),
            result.nfe);
    }
    std::fflush(stdout);
  }
  return 0;
}
