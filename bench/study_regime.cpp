// Reproduction study (issue 7): where CCDF wins. CCDF (a good start, a forward jump to t0 < 1,
// a short chain) against the from-noise baseline (t0 = 1, pure-noise start: score-POCS for MRI,
// ILVR for SR) at the SAME number of network evaluations, over image size x initialiser x budget:
//   mri: mri-phantom (VE, predictor-corrector with 1 corrector = 2 NFE per step, clean DC),
//        held-out phantoms (seed 0), x4 1D Gaussian mask with 8 ACS lines (seed 0), sizes
//        32 / 64 / 128 / 256; starts zero-filled (vanilla), mri-unet (NN), truth + noise.
//   sr:  photo-patch (VP, DDPM fixed small variance = 1 NFE per step, diffused DC), x4 box
//        filter, held-out photos (never photo-patch training photos), sizes 64 / 128 / 256;
//        starts bicubic (vanilla), esrgan-thick or esrgan-medium (NN), truth + noise.
// "truth + noise" is x_true + N(0, 0.1^2) in the model range [-1, 1] (0.05 on [0, 1] images).
// CCDF's t0 comes from chooseT0 (docs/AUTO_T0.md; for truth + noise the same rule with the
// known eps0, as chooseT0 has no calibration for a synthetic start): "ccdf-auto". A second
// CCDF row takes the better (mean PSNR over the images, so an oracle choice) of t0 = 0.2 and 0.4:
// "ccdf-grid". Budgets are NFE; steps = NFE / (NFE per step), and the NFE actually counted is
// reported (equal on both sides; an odd budget with VE-PC rounds down).
//
// usage: study_regime [--out DIR (docs/results)] [--quick] [--tasks mri,sr] [--count N]
//                     [--mri-sizes 32,64,128,256] [--sr-sizes 64,128,256] [--nfe 5,10,20,50]
//                     [--photos DIR]
//   --quick: mri sizes 32 / 64 / 128, sr sizes 64 / 128, 2 images, NFE 5 / 10 / 20.
//   Default: every size above, 2 images, NFE 5 / 10 / 20 / 50.
// Writes DIR/regime.md and DIR/regime.csv (columns: task,size,init,nfe,method,t0,psnr,psnr_std,
// ssim,ssim_std,delta_psnr,verdict,start_psnr,n; delta_psnr and verdict on CCDF rows).
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ccdf/auto_t0.h"
#include "ccdf/restore_problem.h"
#include "ccdf/run.h"
#include "io/image_io.h"
#include "io/initialisers.h"
#include "metrics/metrics.h"
#include "model/model_store.h"
#include "ops/masks.h"
#include "ops/operator.h"
#include "sampling/sampler.h"
#include "study_common.h"
#include "train/phantom.h"
#include "util/device.h"

namespace fs = std::filesystem;
using namespace ccdf;
using Clock = std::chrono::steady_clock;

namespace {

using ccdf::bench::format;
using ccdf::bench::mean;
using ccdf::bench::pm;
using ccdf::bench::since;
using ccdf::bench::stdev;

constexpr double kTieDb = 0.25;      // |delta PSNR| below this is a tie
constexpr double kNoiseSigma = 0.1;  // truth + noise start, model range

std::vector<int64_t> parseList(const std::string& text) {
  std::vector<int64_t> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(std::stoll(item));
  return out;
}

std::string verdictOf(double delta) {
  return delta >= kTieDb ? "win" : delta <= -kTieDb ? "loss" : "tie";
}

// One row of results: a method on one (task, size, init, budget) cell, per image.
struct Row {
  std::string task, init, method;
  int64_t size = 0, budget = 0, nfe = 0;
  std::vector<double> t0, psnr, ssim, startPsnr;
  double delta = NAN;  // CCDF rows: mean PSNR minus the baseline's
  std::string verdict;
};

// Held-out photos: out/photos/heldout (scripts/gather_photos.sh) when present, else the two
// held-out photos bundled in resources/samples (astronaut, camera); never the photo-patch
// training photos (models/photo-patch/MODEL_CARD.md). Each is downscaled (area) so that its
// short side is at most 1.25 * size, then centre-cropped to size x size, RGB in [0, 1].
struct Photos {
  std::vector<torch::Tensor> images;
  std::vector<std::string> names;
  std::string source;
};

Photos loadPhotos(const std::string& folder, int64_t size, int64_t count) {
  Photos p;
  std::vector<std::string> files;
  const std::string heldout = std::string(CCDF_SOURCE_DIR) + "/out/photos/heldout";
  const std::string dir = !folder.empty() ? folder : fs::is_directory(heldout) ? heldout : "";
  if (!dir.empty()) {
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    p.source = fs::path(dir).lexically_relative(CCDF_SOURCE_DIR).string();
    if (p.source.empty() || p.source.rfind("..", 0) == 0) p.source = dir;
  } else {
    const std::string samples = std::string(CCDF_SOURCE_DIR) + "/resources/samples/";
    files = {samples + "astronaut.png", samples + "camera.png"};
    p.source = "resources/samples (astronaut, camera)";
  }
  namespace F = torch::nn::functional;
  for (const auto& file : files) {
    if (int64_t(p.images.size()) == count) break;
    ImageLoadOptions lo;
    lo.channels = 3;
    torch::Tensor x = loadImage(file, lo).image;  // [1, 3, H, W]
    int64_t h = x.size(2), w = x.size(3);
    const int64_t target = (5 * size) / 4;
    if (std::min(h, w) > target) {
      const double scale = double(target) / double(std::min(h, w));
      h = std::max(size, int64_t(std::lround(h * scale)));
      w = std::max(size, int64_t(std::lround(w * scale)));
      x = F::interpolate(
          x, F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w}).mode(torch::kArea));
    }
    if (h < size || w < size) continue;
    p.images.push_back(
        x.narrow(2, (h - size) / 2, size).narrow(3, (w - size) / 2, size).contiguous());
    p.names.push_back(fs::path(file).filename().string());
  }
  return p;
}

// The automatic-t0 rule with a known initial error: the smallest level (t0 >= 0.05) whose
// noise-to-signal ratio b/a reaches sqrt(eps0) (kappa = 1, as chooseT0).
double ruleT0(const NoiseSchedule& s, double eps0) {
  const int64_t N = s.size();
  for (int64_t i = s.indexForTime(0.05); i <= N; ++i)
    if (s.sigma(i) >= std::sqrt(eps0)) return double(i) / double(N);
  return 1.0;
}

struct TaskSetup {
  std::string task, model, vanilla, nn;
  std::vector<int64_t> sizes;
  int64_t count = 2;
};

}  // namespace

int main(int argc, char** argv) {
  const auto wallStart = Clock::now();
  std::string outDir = std::string(CCDF_SOURCE_DIR) + "/docs/results", photoDir;
  bool quick = false;
  std::string tasksText, mriSizesText, srSizesText, nfeText;
  int64_t count = 0;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--quick") {
      quick = true;
      continue;
    }
    if (k + 1 >= argc) {
      std::fprintf(stderr, "study_regime: %s needs a value\n", a.c_str());
      return 2;
    }
    const std::string v = argv[++k];
    if (a == "--out")
      outDir = v;
    else if (a == "--tasks")
      tasksText = v;
    else if (a == "--count")
      count = std::stoll(v);
    else if (a == "--mri-sizes")
      mriSizesText = v;
    else if (a == "--sr-sizes")
      srSizesText = v;
    else if (a == "--nfe")
      nfeText = v;
    else if (a == "--photos")
      photoDir = v;
    else {
      std::fprintf(stderr, "study_regime: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (tasksText.empty()) tasksText = "mri,sr";
  if (mriSizesText.empty()) mriSizesText = quick ? "32,64,128" : "32,64,128,256";
  if (srSizesText.empty()) srSizesText = quick ? "64,128" : "64,128,256";
  if (nfeText.empty()) nfeText = quick ? "5,10,20" : "5,10,20,50";
  if (count <= 0) count = 2;  // 4 images at 256 px would take about an hour
  const auto budgets = parseList(nfeText);
  std::string command = "build/bench/study_regime";
  for (int k = 1; k < argc; ++k) command += std::string(" ") + argv[k];

  configureThreads();
  torch::NoGradGuard noGrad;

  std::vector<TaskSetup> setups;
  if (tasksText.find("mri") != std::string::npos)
    setups.push_back({"mri", "mri-phantom", "zero-filled", "mri-unet", parseList(mriSizesText)});
  if (tasksText.find("sr") != std::string::npos) {
    // esrgan-thick when its weights are installed (scripts/setup.sh), else the shipped medium.
    std::string nn = "esrgan-medium";
    try {
      createInitialiser("esrgan-thick", {});
      nn = "esrgan-thick";
    } catch (const std::exception&) {
    }
    setups.push_back({"sr", "photo-patch", "bicubic", nn, parseList(srSizesText)});
  }

  std::vector<Row> rows;
  std::map<std::string, std::string> imageNotes;  // task -> which images
  for (TaskSetup& setup : setups) {
    setup.count = count;
    const bool mri = setup.task == "mri";
    auto model = loadModel(setup.model, defaultModelDirectories(), torch::kCPU);
    const ModelInfo& info = model.info;
    Denoiser& denoiser = *model.denoiser;
    const NoiseSchedule& schedule = denoiser.schedule();
    SamplerSettings ss;
    ss.name = mri ? "vepc" : "ddpm";
    auto sampler = makeSampler(ss);
    const int64_t perStep = sampler->nfePerStep();
    const InitialiserContext context{info.valueMin, info.valueMax};
    const auto vanilla = createInitialiser(setup.vanilla, context);
    const auto nn = createInitialiser(setup.nn, context);
    const auto noiseInit = createInitialiser("noise", context);
    const std::string noisyName = "gt+noise" + format("%g", kNoiseSigma);
    const std::vector<std::string> inits{setup.vanilla, setup.nn, noisyName};

    for (int64_t size : setup.sizes) {
      const auto cellStart = Clock::now();
      std::vector<torch::Tensor> truths;  // [1, C, size, size] in [0, 1]
      if (mri) {
        const auto p = makePhantoms(setup.count, size, 0);
        for (int64_t i = 0; i < setup.count; ++i) truths.push_back(p[i].unsqueeze(0));
        imageNotes[setup.task] = "held-out phantoms (generator seed 0)";
      } else {
        Photos photos = loadPhotos(photoDir, size, setup.count);
        truths = photos.images;
        std::string names;
        for (const auto& n : photos.names) names += (names.empty() ? "" : ", ") + n;
        imageNotes[setup.task] = "held-out photos from " + photos.source + ": " + names +
                                 " (short side area-downscaled to at most 1.25·size, centre crop)";
      }
      if (truths.empty()) {
        std::fprintf(stderr, "study_regime: no %s images of size %lld\n", setup.task.c_str(),
                     (long long)size);
        continue;
      }
      const std::vector<int64_t> shape{1, info.channels, size, size};
      std::shared_ptr<Operator> op;
      if (mri) {
        KspaceMaskSpec spec;
        spec.pattern = MaskPattern::Gaussian1D;
        spec.acceleration = 4;
        spec.acsLines = 8;
        spec.seed = 0;
        op = std::make_shared<MriSampling>(shape, makeKspaceMask(size, size, spec));
      } else {
        op = std::make_shared<SuperResolution>(shape, 4);
      }
      const auto mode = mri ? MeasurementNoiseMode::Clean : MeasurementNoiseMode::Diffused;

      // Problems per image and start (the starts do not depend on the budget).
      struct Case {
        Problem problem;
        double autoT0 = 0, startPsnr = 0;
      };
      std::map<std::string, std::vector<Case>> cases;
      std::vector<Problem> baselineProblems;
      for (size_t i = 0; i < truths.size(); ++i) {
        const auto& truth = truths[i];
        const auto measurement = op->A(truth);
        for (const auto& name : inits) {
          Case c;
          if (name == noisyName) {
            const auto truthM = toModelRange(info, truth);
            torch::Generator gen = at::detail::createCPUGenerator(100 + i);
            const auto noise =
                torch::randn(truthM.sizes(), gen, torch::TensorOptions(torch::kFloat));
            c.problem = Problem{op, measurementToModelRange(*op, info, measurement),
                                truthM + kNoiseSigma * noise};
            const double eps0 = (c.problem.x0Init - truthM).pow(2).mean().item<double>();
            c.autoT0 = ruleT0(schedule, eps0);
          } else {
            const Initialiser& init = name == setup.vanilla ? *vanilla : *nn;
            c.problem = makeRestoreProblem(op, info, measurement, init, i);
            AutoT0Options ao;
            ao.initialiserQuality = initialiserQuality(name, *op);
            c.autoT0 = chooseT0(*op, c.problem.y, c.problem.x0Init, schedule, ao).t0;
          }
          c.startPsnr = psnr(fromModelRange(info, c.problem.x0Init).clamp(0, 1), truth, 1.0);
          cases[name].push_back(std::move(c));
        }
        baselineProblems.push_back(makeRestoreProblem(op, info, measurement, *noiseInit, i));
      }
      const auto score = [&](Row& row, const torch::Tensor& x, size_t i) {
        const auto unit = fromModelRange(info, x).clamp(0, 1);
        row.psnr.push_back(psnr(unit, truths[i], 1.0));
        row.ssim.push_back(ssim(unit, truths[i], 1.0));
      };
      const auto run = [&](const Problem& p, double t0, int64_t steps, uint64_t seed,
                           bool fromNoise) {
        RunOptions o;
        o.t0 = t0;
        o.steps = steps;
        o.seed = seed;
        o.pureNoiseStart = fromNoise;
        o.measurementNoise = mode;
        return runCcdf(p, denoiser, *sampler, o);
      };

      for (int64_t budget : budgets) {
        const int64_t steps = std::max<int64_t>(1, budget / perStep);
        Row base{setup.task, "noise", "baseline", size, budget};
        for (size_t i = 0; i < truths.size(); ++i) {
          const RunResult r = run(baselineProblems[i], 1.0, steps, i, true);
          base.nfe = r.nfe;
          base.t0.push_back(1.0);
          score(base, r.x, i);
        }
        std::fprintf(stderr, "  %s %4lld px NFE %3lld  baseline (t0 = 1, noise)   %6.2f dB\n",
                     setup.task.c_str(), (long long)size, (long long)base.nfe, mean(base.psnr));
        rows.push_back(base);
        for (const auto& name : inits) {
          const auto& cs = cases[name];
          Row autoRow{setup.task, name, "ccdf-auto", size, budget};
          for (size_t i = 0; i < cs.size(); ++i) {
            const RunResult r = run(cs[i].problem, cs[i].autoT0, steps, i, false);
            autoRow.nfe = r.nfe;
            autoRow.t0.push_back(cs[i].autoT0);
            autoRow.startPsnr.push_back(cs[i].startPsnr);
            score(autoRow, r.x, i);
          }
          Row best;
          for (double t0 : {0.2, 0.4}) {
            Row g{setup.task, name, "ccdf-grid", size, budget};
            for (size_t i = 0; i < cs.size(); ++i) {
              const RunResult r = run(cs[i].problem, t0, steps, i, false);
              g.nfe = r.nfe;
              g.t0.push_back(t0);
              g.startPsnr.push_back(cs[i].startPsnr);
              score(g, r.x, i);
            }
            if (best.psnr.empty() || mean(g.psnr) > mean(best.psnr)) best = g;
          }
          for (Row* r : {&autoRow, &best}) {
            r->delta = mean(r->psnr) - mean(base.psnr);
            r->verdict = verdictOf(r->delta);
            if (r->nfe != base.nfe)
              std::fprintf(stderr, "study_regime: NFE differ (%lld vs %lld)\n", (long long)r->nfe,
                           (long long)base.nfe);
          }
          std::fprintf(stderr,
                       "  %s %4lld px NFE %3lld  %-14s start %6.2f | auto t0 %.3f %6.2f dB "
                       "(%+.2f) | grid t0 %.1f %6.2f dB (%+.2f)\n",
                       setup.task.c_str(), (long long)size, (long long)autoRow.nfe, name.c_str(),
                       mean(autoRow.startPsnr), mean(autoRow.t0), mean(autoRow.psnr), autoRow.delta,
                       mean(best.t0), mean(best.psnr), best.delta);
          rows.push_back(autoRow);
          rows.push_back(best);
        }
      }
      std::fprintf(stderr, "  %s %lld px done in %.0f s (total %.0f s)\n", setup.task.c_str(),
                   (long long)size, since(cellStart), since(wallStart));
    }
  }

  // ---- CSV ---------------------------------------------------------------------------------
  fs::create_directories(outDir);
  {
    std::ofstream csv(outDir + "/regime.csv");
    csv << "task,size,init,nfe,method,t0,psnr,psnr_std,ssim,ssim_std,delta_psnr,verdict,"
           "start_psnr,n\n";
    csv.precision(6);
    for (const Row& r : rows) {
      csv << r.task << ',' << r.size << ',' << r.init << ',' << r.nfe << ',' << r.method << ','
          << mean(r.t0) << ',' << mean(r.psnr) << ',' << stdev(r.psnr) << ',' << mean(r.ssim) << ','
          << stdev(r.ssim) << ',';
      if (std::isnan(r.delta))
        csv << ",,";
      else
        csv << r.delta << ',' << r.verdict << ',';
      if (!r.startPsnr.empty()) csv << mean(r.startPsnr);
      csv << ',' << r.psnr.size() << '\n';
    }
  }

  // ---- Markdown ----------------------------------------------------------------------------
  const double wall = since(wallStart);
  std::ostringstream md;
  md << "# Where CCDF wins: size × start × budget\n\n"
     << "CCDF against the from-noise baseline (t0 = 1, pure-noise start, same sampler, same data "
        "consistency, same seed per image) at the same NFE. CCDF's t0: **ccdf-auto** = "
        "`chooseT0` (docs/AUTO_T0.md; for the truth + noise start the same rule with the known "
        "ε0), per image, no access to the truth; **ccdf-grid** = the better of t0 = 0.2 and "
        "0.4 by mean PSNR over the images (an oracle choice against the truth). Tie: |ΔPSNR| < "
     << kTieDb << " dB. PSNR in dB on [0, 1], mean ± std over the images. Truth + noise = "
     << "x_true + N(0, " << kNoiseSigma << "²) in the model range [−1, 1].\n";
  for (const TaskSetup& setup : setups) {
    const bool mri = setup.task == "mri";
    md << "\n## " << (mri ? "CS-MRI ×4" : "SR ×4") << "\n\n"
       << (mri ? "`mri-phantom` (VE), VE predictor–corrector with 1 corrector (2 NFE per step; "
                 "an odd budget rounds down), clean DC, ×4 1D Gaussian mask with 8 ACS lines "
                 "(seed 0), "
               : "`photo-patch` (VP), DDPM with fixed small variance (1 NFE per step), diffused "
                 "DC, ×4 box-filter SR, ")
       << imageNotes[setup.task] << ".\n\n"
       << "| size | start | start PSNR | NFE | baseline | auto t0 | ccdf-auto | Δ | verdict | "
          "grid t0 | ccdf-grid | Δ | verdict |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
          "---|\n";
    int counts[2][3] = {{0, 0, 0}, {0, 0, 0}};
    const Row* base = nullptr;
    for (size_t k = 0; k < rows.size(); ++k) {
      const Row& r = rows[k];
      if (r.task != setup.task) continue;
      if (r.method == "baseline") {
        base = &r;
        continue;
      }
      if (r.method != "ccdf-auto" || k + 1 >= rows.size()) continue;
      const Row& g = rows[k + 1];
      for (int m = 0; m < 2; ++m) {
        const std::string& v = (m ? g : r).verdict;
        ++counts[m][v == "win" ? 0 : v == "tie" ? 1 : 2];
      }
      md << "| " << r.size << " | " << r.init << " | " << format("%.2f", mean(r.startPsnr)) << " | "
         << r.nfe << " | " << pm("%.2f", base->psnr) << " | " << format("%.3f", mean(r.t0)) << " | "
         << pm("%.2f", r.psnr) << " | " << format("%+.2f", r.delta) << " | " << r.verdict << " | "
         << format("%.1f", mean(g.t0)) << " | " << pm("%.2f", g.psnr) << " | "
         << format("%+.2f", g.delta) << " | " << g.verdict << " |\n";
    }
    md << "\nTotals (win / tie / loss): ccdf-auto " << counts[0][0] << " / " << counts[0][1]
       << " / " << counts[0][2] << ", ccdf-grid " << counts[1][0] << " / " << counts[1][1] << " / "
       << counts[1][2] << ".\n";

    // What this shows, from the numbers above.
    std::vector<std::string> losses;
    std::map<int64_t, std::vector<double>> byBudget, bySize;
    std::map<std::string, std::vector<double>> overStart;  // ccdf-auto minus its start, by init
    double baseMin = 1e9, baseMax = -1e9, basePsnr = NAN;
    int cells = 0, startAloneWins = 0, chainAdds = 0, atClamp = 0;
    for (const Row& r : rows) {
      if (r.task != setup.task) continue;
      if (r.method == "baseline") {
        basePsnr = mean(r.psnr);
        baseMin = std::min(baseMin, basePsnr);
        baseMax = std::max(baseMax, basePsnr);
      }
      if (r.method != "ccdf-auto") continue;
      ++cells;
      if (mean(r.startPsnr) - basePsnr >= kTieDb) ++startAloneWins;
      if (mean(r.psnr) - mean(r.startPsnr) >= kTieDb) ++chainAdds;
      if (mean(r.t0) <= 0.0505) ++atClamp;
      byBudget[r.nfe].push_back(r.delta);
      bySize[r.size].push_back(r.delta);
      overStart[r.init].push_back(mean(r.psnr) - mean(r.startPsnr));
      if (r.verdict == "loss")
        losses.push_back(std::to_string(r.size) + " px " + r.init + " at " + std::to_string(r.nfe) +
                         " NFE (" + format("%+.2f", r.delta) + " dB)");
    }
    md << "\n**What this shows.** The from-noise baseline reaches " << format("%.2f", baseMin)
       << (baseMax - baseMin >= 0.005 ? "–" + format("%.2f", baseMax) : std::string())
       << " dB over these budgets"
       << (baseMax < 15 ? ": it fails outright, so any start wins by a wide margin" : "")
       << ". Mean ΔPSNR of ccdf-auto by NFE:";
    bool first = true;
    for (const auto& [nfe, d] : byBudget) {
      md << (first ? " " : ", ") << nfe << ": " << format("%+.2f", mean(d));
      first = false;
    }
    md << " dB; by size:";
    first = true;
    for (const auto& [size, d] : bySize) {
      md << (first ? " " : ", ") << size << " px: " << format("%+.2f", mean(d));
      first = false;
    }
    md << " dB. ";
    if (byBudget.size() >= 2) {
      const double lo = mean(byBudget.begin()->second), hi = mean(byBudget.rbegin()->second);
      md << (hi < lo - kTieDb   ? "CCDF's lead shrinks as the budget grows (the baseline improves "
                                  "with more steps). "
             : hi > lo + kTieDb ? "CCDF's lead grows with the budget here. "
                                : "CCDF's lead does not change much over these budgets. ");
    }
    if (losses.empty())
      md << "ccdf-auto loses nowhere.";
    else {
      md << "ccdf-auto loses in " << losses.size() << " cell(s):";
      for (size_t k = 0; k < losses.size(); ++k) md << (k ? "; " : " ") << losses[k];
      md << ".";
    }
    md << " Against its own start, ccdf-auto gains (mean over sizes and budgets, min–max):";
    first = true;
    for (const auto& [init, d] : overStart) {
      const auto mm = std::minmax_element(d.begin(), d.end());
      md << (first ? " " : "; ") << init << " " << format("%+.2f", mean(d)) << " dB ("
         << format("%+.2f", *mm.first) << " to " << format("%+.2f", *mm.second) << ")";
      first = false;
    }
    md << ". The start alone (0 NFE) already beats the baseline by ≥ " << kTieDb << " dB in "
       << startAloneWins << " of " << cells << " cells; the chain adds ≥ " << kTieDb
       << " dB to its start in " << chainAdds << " of " << cells << ".";
    for (const auto& [init, d] : overStart)
      if (mean(d) < kTieDb)
        md << " With the " << init << " start the chain adds nothing measurable, so its wins "
           << "against the baseline are the start's.";
    if (atClamp > 0)
      md << " The automatic t0 sits at its lower clamp 0.05 in " << atClamp << " of " << cells
         << " cells: the rule asks for t0 ≤ 0.05, i.e. it judges the start's error no larger "
            "than the noise at t0 = 0.05.";
    md << "\n";
  }
  md << "\nWhere this departs from the paper: the paper's baselines run their full 1000–2000 "
        "steps; here they get CCDF's budget (≤ "
     << *std::max_element(budgets.begin(), budgets.end())
     << " NFE), which is the comparison the paper's acceleration claim is about but not its "
        "tables. Our priors are small and trained briefly on CPU (model cards), and the images "
        "are few (n = "
     << count
     << " per cell), so a difference of a few tenths of a dB is within the spread shown.\n\n"
     << "Command: `" << command << "` — wall time " << format("%.1f", wall / 60.0) << " min with "
     << torch::get_num_threads() << " torch thread(s) on this 2-core CPU.\n";
  std::ofstream(outDir + "/regime.md") << md.str();
  std::fprintf(stderr, "study_regime: wrote %s/regime.{md,csv} in %.1f s\n", outDir.c_str(), wall);
  return 0;
}
