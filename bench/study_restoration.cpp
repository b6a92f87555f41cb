// Reproduction study (issue 7) for the three restoration tasks of the paper, on our data and
// priors, every row in the same engine with the same images and seeds:
//   study_restoration mri     Table 5 analogue: mri-phantom, held-out + BART phantoms, x2/4/6
//   study_restoration sr      Tables 2-3 / E.1 analogue: fashion-32 x4 (x8), DDPM and DDIM
//   study_restoration inpaint Tables 4 / E.2 analogue: fashion-32 boxes of 25/40/50 % of the side
// Options: --out DIR (docs/results) --quick. Writes DIR/<study>.md and DIR/<study>.csv
// (columns: setting,method,t0,steps,nfe,psnr,psnr_std,ssim,ssim_std,fd,seconds).
#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ccdf/auto_t0.h"
#include "ccdf/restore_problem.h"
#include "ccdf/run.h"
#include "fashion_classifier.h"
#include "io/idx_reader.h"
#include "io/initialisers.h"
#include "io/kspace_io.h"
#include "metrics/frechet.h"
#include "metrics/metrics.h"
#include "model/model_store.h"
#include "model/safetensors.h"
#include "ops/masks.h"
#include "sampling/sampler.h"
#include "study_common.h"
#include "train/phantom.h"
#include "util/device.h"

namespace fs = std::filesystem;
using namespace ccdf;
using Clock = std::chrono::steady_clock;

namespace {

using ccdf::bench::mean;
using ccdf::bench::since;
using ccdf::bench::stdev;

struct Row {
  std::string setting, method;
  double t0 = 0;
  int64_t steps = 0, nfe = 0;
  std::vector<double> psnr, ssim;
  double fd = NAN, seconds = 0;
  // Plotting: the row is a point (x, PSNR) of the line `family` in the chart `plot` (default:
  // the setting), or, when flat, a horizontal reference line in every chart of its setting.
  std::string plot, family;
  double x = NAN;
  bool flat = false;
  Row& point(std::string line, double at, std::string chart = "") {
    family = std::move(line);
    x = at;
    if (!chart.empty()) plot = setting + " " + chart;
    return *this;
  }
  Row& reference(std::string line) {
    family = std::move(line);
    flat = true;
    return *this;
  }
};

// CSV text fields: commas would split the column.
std::string csvText(std::string text) {
  for (char& c : text)
    if (c == ',') c = ';';
  return text;
}

// One study's rows, written as markdown (one table per setting) and CSV.
class Report {
 public:
  Report(std::string name, std::string command) : name_(std::move(name)), command_(command) {}
  Row& add(Row row) {
    std::fprintf(stderr, "  %-14s %-44s PSNR %6.2f  SSIM %.4f  NFE %5lld  %7.1f s\n",
                 row.setting.c_str(), row.method.c_str(), mean(row.psnr), mean(row.ssim),
                 (long long)row.nfe, row.seconds);
    rows_.push_back(std::move(row));
    return rows_.back();
  }
  const std::vector<Row>& rows() const { return rows_; }
  void write(const std::string& dir, const std::string& intro, const std::string& notes,
             double seconds, bool withFd) const {
    fs::create_directories(dir);
    std::ofstream csv(dir + "/" + name_ + ".csv");
    csv << "setting,method,t0,steps,nfe,psnr,psnr_std,ssim,ssim_std,fd,seconds\n";
    for (const Row& r : rows_)
      csv << csvText(r.setting) << ',' << csvText(r.method) << ',' << r.t0 << ',' << r.steps << ','
          << r.nfe << ',' << mean(r.psnr) << ',' << stdev(r.psnr) << ',' << mean(r.ssim) << ','
          << stdev(r.ssim) << ',' << r.fd << ',' << r.seconds << '\n';
    writePlotData(dir + "/" + name_ + "_plot.csv");
    std::ofstream md(dir + "/" + name_ + ".md");
    md << intro << "\n\n";
    std::string setting;
    for (const Row& r : rows_) {
      if (r.setting != setting) {
        setting = r.setting;
        md << "\n**" << setting << "**\n\n| method | t0 | NFE | PSNR dB | SSIM |"
           << (withFd ? " FD |" : "") << " seconds |\n|---|---|---|---|---|"
           << (withFd ? "---|" : "") << "---|\n";
      }
      char line[512];
      std::snprintf(line, sizeof line, "| %s | %s | %lld | %.2f ± %.2f | %.4f ± %.4f |",
                    r.method.c_str(), r.t0 > 0 ? fmt(r.t0).c_str() : "–", (long long)r.nfe,
                    mean(r.psnr), stdev(r.psnr), mean(r.ssim), stdev(r.ssim));
      md << line;
      if (withFd) md << (std::isnan(r.fd) ? " – |" : " " + fmt(r.fd, 2) + " |");
      md << " " << fmt(r.seconds, 1) << " |\n";
    }
    md << "\n"
       << notes << "\n\nCommand: `" << command_ << "` (" << fmt(seconds / 60.0, 1) << " min with "
       << torch::get_num_threads() << " torch thread(s) on this 2-core CPU).\n";
  }
  static std::string fmt(double v, int decimals = 3) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*g", decimals + 1, v);
    if (decimals == 2 || decimals == 1) std::snprintf(text, sizeof text, "%.*f", decimals, v);
    return text;
  }

 private:
  // plot,series,x,y for bench/plot_csv: one chart per `plot` key.
  void writePlotData(const std::string& path) const {
    std::map<std::string, std::set<std::string>> chartsOfSetting;
    std::map<std::string, std::pair<double, double>> span;
    const auto chartOf = [](const Row& r) { return r.plot.empty() ? r.setting : r.plot; };
    for (const Row& r : rows_) {
      if (r.family.empty() || r.flat) continue;
      chartsOfSetting[r.setting].insert(chartOf(r));
      auto [it, fresh] = span.try_emplace(chartOf(r), r.x, r.x);
      it->second = {std::min(it->second.first, r.x), std::max(it->second.second, r.x)};
    }
    std::ofstream out(path);
    out << "plot,series,x,y\n";
    for (const Row& r : rows_) {
      if (r.family.empty()) continue;
      if (!r.flat) {
        out << csvText(chartOf(r)) << ',' << csvText(r.family) << ',' << r.x << ',' << mean(r.psnr)
            << '\n';
        continue;
      }
      for (const std::string& chart : chartsOfSetting[r.setting])
        for (double x : {span[chart].first, span[chart].second})
          out << csvText(chart) << ',' << csvText(r.family) << ',' << x << ',' << mean(r.psnr)
              << '\n';
    }
  }

  std::string name_, command_;
  std::vector<Row> rows_;
};

void score(Row& row, const torch::Tensor& restoredUnit, const torch::Tensor& truthUnit) {
  for (int64_t k = 0; k < truthUnit.size(0); ++k) {
    const auto a = restoredUnit.narrow(0, k, 1).clamp(0, 1), t = truthUnit.narrow(0, k, 1);
    row.psnr.push_back(psnr(a, t, 1.0));
    row.ssim.push_back(ssim(a, t, 1.0));
  }
}

// A configured restoration of a batch of images: the operator, the unit-range truth and the
// model. `run` makes one row from an initialiser and run options.
struct Bench {
  LoadedModel& model;
  std::shared_ptr<Operator> op;
  torch::Tensor truth;  // [B, C, H, W] in [0, 1]
  std::string setting;
  Report& report;
  std::function<void(Row&, const torch::Tensor&)> extraScore;  // e.g. the Fréchet distance

  torch::Tensor measurement() const { return op->A(truth); }

  Row& initialOnly(const std::string& method, const Initialiser& init) {
    const auto start = Clock::now();
    const Problem p = makeRestoreProblem(op, model.info, measurement(), init, 0);
    Row row{setting, method};
    row.seconds = since(start);
    const auto unit = fromModelRange(model.info, p.x0Init);
    score(row, unit, truth);
    if (extraScore) extraScore(row, unit);
    return report.add(std::move(row));
  }

  Row& restore(const std::string& method, const Initialiser& init, Sampler& sampler, RunOptions o) {
    const auto start = Clock::now();
    const Problem p = makeRestoreProblem(op, model.info, measurement(), init, o.seed);
    const RunResult r = runCcdf(p, *model.denoiser, sampler, o);
    Row row{setting, method, o.t0, r.stepsDone, r.nfe};
    row.seconds = since(start);
    const auto unit = fromModelRange(model.info, r.x);
    score(row, unit, truth);
    if (extraScore) extraScore(row, unit);
    return report.add(std::move(row));
  }
};

RunOptions options(double t0, int64_t steps, bool fromNoise, MeasurementNoiseMode mode) {
  RunOptions o;
  o.t0 = t0;
  o.steps = steps;
  o.seed = 7;
  o.pureNoiseStart = fromNoise;
  o.measurementNoise = mode;
  return o;
}

std::string commandLine(int argc, char** argv) {
  std::string text = "build/bench/study_restoration";
  for (int k = 1; k < argc; ++k) text += std::string(" ") + argv[k];
  return text;
}

// ---- CS-MRI --------------------------------------------------------------------------------

// BART pics on one single-coil image (all-ones sensitivities), the best lambda of a grid chosen
// against the truth (an oracle choice that favours BART). Returns the unit-scale magnitude.
torch::Tensor bartPics(const torch::Tensor& kspace, const std::string& regulariser,
                       const std::string& dir, double& bestLambda, const torch::Tensor& truth,
                       double& seconds) {
  fs::create_directories(dir);
  const int64_t H = kspace.size(-2), W = kspace.size(-1);
  // BART's dims are (H, W): our [H, W] tensor is written transposed (readCfl/writeCfl reverse).
  writeCfl(dir + "/k", kspaceToCentred(kspace.reshape({H, W})).t().contiguous());
  writeCfl(dir + "/maps", torch::ones({W, H}, torch::kComplexFloat));
  double bestPsnr = -1e9;
  torch::Tensor best;
  for (double lambda : {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0}) {
    const auto start = Clock::now();
    const std::string cmd = "cd '" + dir + "' && bart pics -S " + regulariser +
                            std::to_string(lambda) + " k maps out >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
    const double took = since(start);
    const auto image = readCfl(dir + "/out").abs().to(torch::kFloat).t().reshape({1, 1, H, W});
    const double p = psnr(image.clamp(0, 1), truth, 1.0);
    if (p > bestPsnr) {
      bestPsnr = p;
      best = image;
      bestLambda = lambda;
      seconds = took;
    }
  }
  return best;
}

// BART's own phantoms as unit-scale magnitude images (out of distribution for our prior).
torch::Tensor bartPhantoms(int64_t size, const std::string& dir) {
  fs::create_directories(dir);
  std::vector<torch::Tensor> images;
  for (const char* flag : {"", "-T", "--NIST"}) {
    const std::string cmd = "cd '" + dir + "' && bart phantom -k -x " + std::to_string(size) + " " +
                            flag + " ph >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
    auto image =
        torch::fft::ifft2(loadKspace(dir + "/ph.cfl").kspace, c10::nullopt, {-2, -1}, "ortho")
            .abs()
            .to(torch::kFloat);
    images.push_back((image / image.max()).reshape({1, 1, size, size}));
  }
  return torch::cat(images);
}

void studyMri(bool quick, const std::string& out, const std::string& command) {
  const auto started = Clock::now();
  // Full size stays at the prior's training size (64 px) so that the 1000-step baselines for
  // 11 images x 3 masks fit in about 20 minutes; study_contraction covers 128 px.
  const int64_t size = 64, heldOut = quick ? 2 : 8, fullSteps = 1000;
  const std::vector<double> accelerations =
      quick ? std::vector<double>{4} : std::vector<double>{2, 4, 6};
  auto model = loadModel("mri-phantom", defaultModelDirectories({}), torch::kCPU);
  VePcSampler sampler(1, 0.16);
  const auto zeroFilled =
      createInitialiser("zero-filled", {model.info.valueMin, model.info.valueMax});
  const auto unet = createInitialiser(
      "mri-unet", {model.info.valueMin, model.info.valueMax, defaultModelDirectories({})});
  const auto noise = createInitialiser("noise", {model.info.valueMin, model.info.valueMax});
  const std::string work = "bench/out/study_mri";
  Report report("mri", command);
  const auto phantoms = makePhantoms(heldOut, size, 0);
  const auto bart = bartPhantoms(size, work);
  for (const auto& [dataset, truth] :
       std::vector<std::pair<std::string, torch::Tensor>>{{"held-out", phantoms}, {"BART", bart}}) {
    for (double accel : accelerations) {
      KspaceMaskSpec spec;
      spec.pattern = MaskPattern::Gaussian1D;
      spec.acceleration = accel;
      spec.acsLines = size / 16;
      spec.seed = 11;
      const auto mask = makeKspaceMask(size, size, spec);
      char setting[64];
      std::snprintf(setting, sizeof setting, "%s x%g", dataset.c_str(), accel);
      std::fprintf(stderr, "mri: %s (%lld images, %lldx%lld)\n", setting, (long long)truth.size(0),
                   (long long)size, (long long)size);
      Bench bench{model, std::make_shared<MriSampling>(truth.sizes().vec(), mask), truth, setting,
                  report};
      bench.initialOnly("zero-filled", *zeroFilled).reference("zero-filled");
      // BART pics per image (single coil, sensitivities 1).
      for (const auto& [label, reg] : std::vector<std::pair<std::string, std::string>>{
               {"TV", "-R T:3:0:"}, {"l1-wavelet", "-l1 -r "}}) {
        Row row{setting, ""};
        std::string lambdas;
        for (int64_t k = 0; k < truth.size(0); ++k) {
          double lambda = 0, seconds = 0;
          const auto t = truth.narrow(0, k, 1);
          const auto image = bartPics(bench.op->A(t), reg, work + "/pics", lambda, t, seconds);
          row.psnr.push_back(psnr(image.clamp(0, 1), t, 1.0));
          row.ssim.push_back(ssim(image.clamp(0, 1), t, 1.0));
          row.seconds += seconds;
          lambdas += (k ? "/" : "") + Report::fmt(lambda, 0);
        }
        row.method = "BART pics " + label + " (oracle λ " + lambdas + ")";
        report.add(std::move(row)).reference("BART pics " + label);
      }
      bench.initialOnly("U-Net initialiser alone", *unet).reference("U-Net alone");
      for (int64_t steps : {int64_t(20), fullSteps})
        bench
            .restore("score-POCS from noise, " + std::to_string(steps) + " steps", *noise, sampler,
                     options(1.0, steps, true, MeasurementNoiseMode::Clean))
            .point("score-POCS from noise", 2.0 * steps);
      // CCDF at the t0 the product chooses by itself (ccdf/auto_t0.h) for the first image.
      for (const auto& [label, init] : std::vector<std::pair<std::string, const Initialiser*>>{
               {"zero-filled", zeroFilled.get()}, {"U-Net", unet.get()}}) {
        const auto first = truth.narrow(0, 0, 1);
        MriSampling one(first.sizes().vec(), mask);
        const Problem p = makeRestoreProblem(std::make_shared<MriSampling>(one), model.info,
                                             one.A(first), *init, 0);
        AutoT0Options a;
        a.initialiserQuality =
            initialiserQuality(label == "U-Net" ? "mri-unet" : "zero-filled", one);
        const double t0 = chooseT0(one, p.y, p.x0Init, model.denoiser->schedule(), a).t0;
        for (int64_t steps : {int64_t(20), int64_t(100)})
          bench
              .restore("CCDF from " + label + ", " + std::to_string(steps) + " steps (auto t0)",
                       *init, sampler, options(t0, steps, false, MeasurementNoiseMode::Clean))
              .point("CCDF from " + label, 2.0 * steps);
      }
    }
  }
  report.write(out,
               "### CS-MRI (Table 5 analogue)\n\n`mri-phantom` (VE, trained on procedural 64×64 "
               "phantoms), single coil, 1D Gaussian masks with " +
                   std::to_string(size / 16) + " ACS lines (mask seed 11), " +
                   std::to_string(size) + "×" + std::to_string(size) + "; " +
                   std::to_string(heldOut) +
                   " held-out phantoms (generator seed 0) and BART's Shepp–Logan, tubes and "
                   "NIST phantoms (out of distribution). VE predictor–corrector, 1 corrector "
                   "(2 NFE per step), DC against the clean k-space (score-POCS). BART `pics` "
                   "uses the best λ of {0.001, 0.003, …, 0.3, 1} per image, chosen "
                   "against the truth.",
               "", since(started), false);
}

// ---- Fashion-MNIST: SR and inpainting -------------------------------------------------------

struct Fashion {
  torch::Tensor test;  // held-out test images in [0, 1], [N, 1, 32, 32]
  torch::Tensor referenceFeatures;
  bench::FashionClassifier net;
};

Fashion loadFashion(int64_t count) {
  Fashion f;
  const auto test = loadFashionMnistImages("/usr/share/datasets/fashion-mnist", "t10k");
  f.test = ((test.narrow(0, 0, count) + 1) / 2).contiguous();
  const std::string path =
      std::string(CCDF_SOURCE_DIR) + "/models/classifiers/fashion-mnist.safetensors";
  loadIntoModule(*f.net, readSafetensors(path), path);
  f.net->eval();
  f.referenceFeatures = bench::classifierFeatures(f.net, test);  // all 10,000 test images
  return f;
}

std::function<void(Row&, const torch::Tensor&)> frechetScore(Fashion& f) {
  return [&f](Row& row, const torch::Tensor& unit) {
    row.fd = frechetDistance(bench::classifierFeatures(f.net, unit.clamp(0, 1) * 2 - 1),
                             f.referenceFeatures);
  };
}

void studySr(bool quick, const std::string& out, const std::string& command) {
  const auto started = Clock::now();
  // Full: 64 images (about 1,460 NFE each per scale).
  const int64_t count = quick ? 32 : 64;
  const std::vector<int64_t> scales = quick ? std::vector<int64_t>{4} : std::vector<int64_t>{4, 8};
  auto model = loadModel("fashion-32", defaultModelDirectories({}), torch::kCPU);
  Fashion fashion = loadFashion(count);
  SamplerSettings ddpmSettings;
  ddpmSettings.variance = DdpmVariance::Learned;
  auto ddpm = makeSampler(ddpmSettings);
  SamplerSettings ddimSettings;
  ddimSettings.name = "ddim";
  auto ddim = makeSampler(ddimSettings);
  const auto bicubic = createInitialiser("bicubic", {model.info.valueMin, model.info.valueMax});
  const auto noise = createInitialiser("noise", {model.info.valueMin, model.info.valueMax});
  Report report("sr", command);
  for (int64_t s : scales) {
    const std::string setting = "x" + std::to_string(s);
    std::fprintf(stderr, "sr: %s (%lld images)\n", setting.c_str(), (long long)count);
    Bench bench{model,        std::make_shared<SuperResolution>(fashion.test.sizes().vec(), s),
                fashion.test, setting,
                report,       frechetScore(fashion)};
    bench.initialOnly("bicubic", *bicubic).reference("bicubic");
    bench
        .restore("ILVR from noise, DDPM 1000 steps", *noise, *ddpm,
                 options(1.0, 1000, true, MeasurementNoiseMode::Diffused))
        .reference("ILVR from noise, 1000 steps");
    bench.restore("ILVR from noise, DDPM 20 steps", *noise, *ddpm,
                  options(1.0, 20, true, MeasurementNoiseMode::Diffused));
    // CCDF on the paper's grid: N' = t0 * N reverse steps, N = 100 here (so t0 0.2 = 20 steps).
    for (double t0 : {0.05, 0.1, 0.2, 0.5, 0.75, 1.0})
      bench
          .restore("CCDF DDPM from bicubic", *bicubic, *ddpm,
                   options(t0, std::lround(t0 * 100), false, MeasurementNoiseMode::Diffused))
          .point("CCDF DDPM (N' = 100 t0)", t0, "DDPM: PSNR vs t0");
    for (int64_t steps : {5, 10, 25, 50}) {
      bench
          .restore("ILVR + DDIM from noise", *noise, *ddim,
                   options(1.0, steps, true, MeasurementNoiseMode::Diffused))
          .point("ILVR + DDIM from noise", double(steps), "DDIM: PSNR vs NFE");
      bench
          .restore("CCDF + DDIM from bicubic", *bicubic, *ddim,
                   options(0.5, steps, false, MeasurementNoiseMode::Diffused))
          .point("CCDF + DDIM (t0 0.5)", double(steps), "DDIM: PSNR vs NFE");
    }
  }
  report.write(out,
               "### Super-resolution (Tables 2–3, E.1 analogue)\n\n`fashion-32` (VP, learned "
               "variance), the first " +
                   std::to_string(count) +
                   " Fashion-MNIST test images (held out), box-filter down-sampling, DC against "
                   "the measurement diffused to each level (ILVR). FD: Fréchet distance on the "
                   "project classifier's features against all 10,000 test images (with only " +
                   std::to_string(count) +
                   " restored images it carries a small-sample bias; "
                   "compare rows, not absolute values). CCDF + DDIM rows start at t0 = 0.5.",
               "", since(started), true);
}

void studyInpaint(bool quick, const std::string& out, const std::string& command) {
  const auto started = Clock::now();
  // Full: 24 images (about 2,300 NFE each per box).
  const int64_t count = quick ? 16 : 24;
  const std::vector<double> boxes =
      quick ? std::vector<double>{0.25, 0.5} : std::vector<double>{0.25, 0.4, 0.5};
  const std::vector<int64_t> budgets =
      quick ? std::vector<int64_t>{20} : std::vector<int64_t>{20, 200};
  auto model = loadModel("fashion-32", defaultModelDirectories({}), torch::kCPU);
  Fashion fashion = loadFashion(count);
  SamplerSettings ddpmSettings;
  ddpmSettings.variance = DdpmVariance::Learned;
  auto ddpm = makeSampler(ddpmSettings);
  const auto adjoint = createInitialiser("adjoint", {model.info.valueMin, model.info.valueMax});
  const auto telea = createInitialiser("telea", {model.info.valueMin, model.info.valueMax});
  const auto noise = createInitialiser("noise", {model.info.valueMin, model.info.valueMax});
  Report report("inpaint", command);
  for (double box : boxes) {
    const std::string setting = "box " + std::to_string(int(std::lround(box * 100))) + " %";
    std::fprintf(stderr, "inpaint: %s (%lld images)\n", setting.c_str(), (long long)count);
    Bench bench{model,
                std::make_shared<Inpainting>(fashion.test.sizes().vec(), makeBoxMask(32, 32, box)),
                fashion.test,
                setting,
                report,
                frechetScore(fashion)};
    bench.initialOnly("masked input", *adjoint);
    bench.initialOnly("OpenCV Telea", *telea).reference("Telea");
    bench
        .restore("score-SDE from noise, DDPM 1000 steps", *noise, *ddpm,
                 options(1.0, 1000, true, MeasurementNoiseMode::Diffused))
        .reference("score-SDE from noise, 1000 steps");
    for (int64_t steps : budgets)
      for (double t0 : {0.05, 0.1, 0.2, 0.5, 0.75, 1.0})
        bench
            .restore("CCDF DDPM from Telea, " + std::to_string(steps) + " steps", *telea, *ddpm,
                     options(t0, steps, false, MeasurementNoiseMode::Diffused))
            .point("CCDF from Telea, " + std::to_string(steps) + " steps", t0);
  }
  report.write(out,
               "### Inpainting (Tables 4, E.2 analogue)\n\n`fashion-32`, the first " +
                   std::to_string(count) +
                   " Fashion-MNIST test images, a centred square hole whose side is the given "
                   "share of the image side, DC against the diffused measurement (score-SDE "
                   "style). FD as in the SR study.",
               "", since(started), true);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: study_restoration mri|sr|inpaint [--quick] [--out DIR]\n");
    return 2;
  }
  const std::string study = argv[1];
  bool quick = false;
  std::string out = "docs/results";
  for (int k = 2; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--quick")
      quick = true;
    else if (a == "--out" && k + 1 < argc)
      out = argv[++k];
    else {
      std::fprintf(stderr, "study_restoration: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  configureThreads();
  torch::NoGradGuard noGrad;
  const std::string command = commandLine(argc, argv);
  if (study == "mri")
    studyMri(quick, out, command);
  else if (study == "sr")
    studySr(quick, out, command);
  else if (study == "inpaint")
    studyInpaint(quick, out, command);
  else {
    std::fprintf(stderr, "study_restoration: unknown study '%s'\n", study.c_str());
    return 2;
  }
  return 0;
}
