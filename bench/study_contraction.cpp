// Reproduction study (issue 7), Fig. 3 analogue of the CCDF paper: the reverse chain with data
// consistency contracts the error of its start exponentially. CS-MRI with the mri-phantom prior
// (VE, predictor-corrector with 1 corrector, clean DC), held-out phantoms (generator seed 0), one
// x4 1D Gaussian mask with 8 ACS lines, single coil. Starts of known initial error
// eps0 = |x0_init - x_true|^2 / n (model range [-1, 1]): zero-filled (vanilla), mri-unet (NN) and
// the truth plus white Gaussian noise of sigma 0.05 / 0.1 / 0.2 (model range). Each start runs
// from t0 = 0.1, 0.2, 0.3, 0.5 on a common fine grid (t0 * 100 steps, a stride of 10 of the
// N = 1000 levels), and after every step the error of the clean estimate x0_hat (and of the
// state) to the truth is recorded. Per image, log-error vs step is fitted on the contracting part
// by e_k = floor + C lambda^k (variable projection: lambda on a grid, floor and C by weighted
// least squares), giving the per-step contraction rate lambda_hat and the floor.
//
// usage: study_contraction [--out DIR (docs/results)] [--quick] [--count N] [--size S]
//        --quick: 2 phantoms at 64x64; default: 8 phantoms at 128x128.
// Writes DIR/contraction.md and DIR/contraction.csv (columns: start,eps0,t0,i0,step,nfe,level,
// sigma,noise,error,error_std,state_error,state_error_std,final; `error` is the clean estimate's
// per-pixel squared error, `state_error` the state's (x / a_level); the `final` = 1 row of each
// chain has the restored image's error as state_error).
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "ccdf/restore_problem.h"
#include "ccdf/run.h"
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

// Per-image mean squared error over [C, H, W] of two [B, C, H, W] tensors.
std::vector<double> perImageMse(const torch::Tensor& a, const torch::Tensor& b) {
  const auto e = (a - b).pow(2).mean({1, 2, 3}).to(torch::kDouble).contiguous();
  return std::vector<double>(e.data_ptr<double>(), e.data_ptr<double>() + e.numel());
}

struct Fit {
  bool ok = false;
  int64_t from = 0;  // first step of the contracting part (1-based)
  double lambda = NAN, floor = NAN, amplitude = NAN, rms = NAN;
};

// Fits e_k = floor + C lambda^(k - from) for k = from..K (from = the step of the largest error,
// so that an initial rise is left out) with floor, C >= 0: for each lambda of a fine grid,
// floor and C minimise the relative residual sum_k ((floor + C r_k) / e_k - 1)^2 (linear least
// squares, ~ the residual of log e); the lambda of the smallest residual wins. Needs 4 points.
Fit fitContraction(const std::vector<double>& e) {
  Fit best;
  if (e.size() < 4) return best;
  const size_t from = size_t(std::max_element(e.begin(), e.end()) - e.begin());
  if (e.size() - from < 4) return best;
  double bestCost = std::numeric_limits<double>::infinity();
  for (int g = 1; g <= 999; ++g) {
    const double lambda = g / 1000.0;
    double uu = 0, uv = 0, vv = 0, u1 = 0, v1 = 0;
    for (size_t k = from; k < e.size(); ++k) {
      const double u = 1.0 / e[k], v = std::pow(lambda, double(k - from)) / e[k];
      uu += u * u, uv += u * v, vv += v * v, u1 += u, v1 += v;
    }
    // Candidates: the unconstrained optimum, C = 0, floor = 0; keep the best feasible one.
    const double det = uu * vv - uv * uv;
    std::vector<std::pair<double, double>> candidates{{u1 / uu, 0.0}, {0.0, v1 / vv}};
    if (std::abs(det) > 1e-12 * uu * vv)
      candidates.push_back({(u1 * vv - v1 * uv) / det, (v1 * uu - u1 * uv) / det});
    for (const auto& [f, c] : candidates) {
      if (f < 0 || c < 0) continue;
      double cost = 0;
      for (size_t k = from; k < e.size(); ++k) {
        const double r = (f + c * std::pow(lambda, double(k - from))) / e[k] - 1;
        cost += r * r;
      }
      if (cost < bestCost) {
        bestCost = cost;
        best.ok = c > 0;
        best.from = int64_t(from) + 1;
        best.lambda = lambda;
        best.floor = f;
        best.amplitude = c;
        best.rms = std::sqrt(cost / double(e.size() - from));
      }
    }
  }
  if (!best.ok) best.lambda = NAN;  // a flat line: no contraction to report
  return best;
}

struct Start {
  std::string name, label;
  torch::Tensor x0;          // model range [B, 1, H, W]
  std::vector<double> eps0;  // per image
  std::vector<double> psnr;  // of the start, [0, 1] images
};

struct Chain {
  const Start* start = nullptr;
  double t0 = 0;
  int64_t i0 = 0, K = 0, nfe = 0;
  std::vector<int64_t> level;                        // after step k, k = 1..K
  std::vector<std::vector<double>> error, stateErr;  // [k][image]
  std::vector<double> finalErr, finalPsnr, finalSsim;
  std::vector<Fit> fits;  // per image
  double seconds = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const auto wallStart = Clock::now();
  std::string outDir = std::string(CCDF_SOURCE_DIR) + "/docs/results";
  bool quick = false;
  int64_t count = 0, size = 0;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--quick") {
      quick = true;
    } else if ((a == "--out" || a == "--count" || a == "--size") && k + 1 < argc) {
      const std::string v = argv[++k];
      if (a == "--out") outDir = v;
      if (a == "--count") count = std::stoll(v);
      if (a == "--size") size = std::stoll(v);
    } else {
      std::fprintf(stderr,
                   "usage: study_contraction [--out DIR] [--quick] [--count N] [--size S]\n");
      return 2;
    }
  }
  if (count <= 0) count = quick ? 2 : 8;
  if (size <= 0) size = quick ? 64 : 128;
  std::string command = "build/bench/study_contraction";
  for (int k = 1; k < argc; ++k) command += std::string(" ") + argv[k];

  configureThreads();
  torch::NoGradGuard noGrad;
  auto model = loadModel("mri-phantom", defaultModelDirectories(), torch::kCPU);
  const ModelInfo& info = model.info;
  Denoiser& denoiser = *model.denoiser;
  const NoiseSchedule& schedule = denoiser.schedule();
  VePcSampler sampler(1, 0.16);
  const int64_t N = schedule.size();
  const std::vector<double> t0s{0.1, 0.2, 0.3, 0.5};
  const int64_t grid = 100;  // steps of a t0 = 1 chain: stride N / grid levels

  // Held-out phantoms (seed 0; the prior and mri-unet train on seed 1), one shared mask.
  const auto truth = makePhantoms(count, size, 0);  // [n, 1, H, W] in [0, 1]
  const auto truthM = toModelRange(info, truth);
  KspaceMaskSpec spec;
  spec.pattern = MaskPattern::Gaussian1D;
  spec.acceleration = 4;
  spec.acsLines = 8;
  spec.seed = 0;
  const auto mask = makeKspaceMask(size, size, spec);
  auto op = std::make_shared<MriSampling>(std::vector<int64_t>{count, 1, size, size}, mask);
  const auto y = op->A(truthM);
  std::fprintf(stderr,
               "study_contraction: %lld held-out phantoms %lldx%lld, mask x%.2f (8 ACS), "
               "mri-phantom VE-PC\n",
               (long long)count, (long long)size, (long long)size, maskAcceleration(mask));

  // The starts.
  std::vector<Start> starts;
  const auto addStart = [&](const std::string& name, const std::string& label,
                            const torch::Tensor& x0) {
    Start s{name, label, x0};
    s.eps0 = perImageMse(x0, truthM);
    const auto unit = fromModelRange(info, x0).clamp(0, 1);
    for (int64_t b = 0; b < count; ++b)
      s.psnr.push_back(psnr(unit.narrow(0, b, 1), truth.narrow(0, b, 1), 1.0));
    std::fprintf(stderr, "  start %-14s eps0 %.3e  PSNR %.2f dB\n", name.c_str(), mean(s.eps0),
                 mean(s.psnr));
    starts.push_back(std::move(s));
  };
  addStart("zero-filled", "vanilla: zero-filled", torch::real(op->AH(y)).contiguous());
  const auto unet = createInitialiser("mri-unet", {info.valueMin, info.valueMax});
  addStart("mri-unet", "NN: mri-unet", initialEstimate(*op, y, *unet, 0));
  for (double sigma : {0.05, 0.1, 0.2}) {
    torch::Generator gen = at::detail::createCPUGenerator(uint64_t(1000 * sigma) + 17);
    const auto noise = torch::randn(truthM.sizes(), gen, torch::TensorOptions(torch::kFloat));
    const std::string name = "gt+noise" + format("%g", sigma);
    addStart(name, "truth + N(0, " + format("%g", sigma) + "²)", truthM + sigma * noise);
  }

  // The chains.
  std::vector<Chain> chains;
  for (const Start& s : starts) {
    for (double t0 : t0s) {
      Chain c;
      c.start = &s;
      c.t0 = t0;
      c.i0 = schedule.indexForTime(t0);
      RunOptions o;
      o.t0 = t0;
      o.steps = std::llround(t0 * double(grid));
      o.seed = 0;  // the same run noise for every start: common random numbers
      o.measurementNoise = MeasurementNoiseMode::Clean;
      o.eventInterval = 1;
      const auto chainStart = Clock::now();
      const Problem problem{op, y, s.x0};
      const RunResult r = runCcdf(problem, denoiser, sampler, o, [&](const StepEvent& ev) {
        c.level.push_back(ev.level);
        c.error.push_back(perImageMse(ev.x0, truthM));
        c.stateErr.push_back(perImageMse(ev.x / schedule.signalScale(ev.level), truthM));
      });
      c.seconds = since(chainStart);
      c.K = r.stepsDone;
      c.nfe = r.nfe;
      c.finalErr = perImageMse(r.x, truthM);
      const auto unit = fromModelRange(info, r.x).clamp(0, 1);
      for (int64_t b = 0; b < count; ++b) {
        c.finalPsnr.push_back(psnr(unit.narrow(0, b, 1), truth.narrow(0, b, 1), 1.0));
        c.finalSsim.push_back(ssim(unit.narrow(0, b, 1), truth.narrow(0, b, 1), 1.0));
        std::vector<double> curve;
        for (const auto& step : c.error) curve.push_back(step[size_t(b)]);
        c.fits.push_back(fitContraction(curve));
      }
      std::vector<double> lambdas;
      for (const Fit& f : c.fits)
        if (f.ok) lambdas.push_back(f.lambda);
      std::fprintf(stderr,
                   "  %-14s t0 %.1f: %3lld steps, NFE %3lld, x0 error %.3e -> %.3e, final %.3e "
                   "(%.2f dB), lambda %.3f  [%.1f s, total %.0f s]\n",
                   s.name.c_str(), t0, (long long)c.K, (long long)c.nfe, mean(c.error.front()),
                   mean(c.error.back()), mean(c.finalErr), mean(c.finalPsnr), mean(lambdas),
                   c.seconds, since(wallStart));
      chains.push_back(std::move(c));
    }
  }

  // ---- CSV ---------------------------------------------------------------------------------
  fs::create_directories(outDir);
  {
    std::ofstream csv(outDir + "/contraction.csv");
    csv << "start,eps0,t0,i0,step,nfe,level,sigma,noise,error,error_std,state_error,"
           "state_error_std,final\n";
    csv.precision(6);
    for (const Chain& c : chains) {
      const double s0 = schedule.sigma(c.i0);
      // Step 0: the start itself; its state error after the jump is the closed form
      // eps0 + sigma_i0^2 (VE: a = 1), not a measurement.
      csv << c.start->name << ',' << mean(c.start->eps0) << ',' << c.t0 << ',' << c.i0 << ",0,0,"
          << c.i0 << ',' << s0 << ',' << s0 * s0 << ',' << mean(c.start->eps0) << ','
          << stdev(c.start->eps0) << ',' << mean(c.start->eps0) + s0 * s0 << ",0,0\n";
      for (int64_t k = 1; k <= c.K; ++k) {
        const int64_t level = c.level[size_t(k - 1)];
        const double s = schedule.sigma(level);
        const bool last = k == c.K;
        const auto& state = last ? c.finalErr : c.stateErr[size_t(k - 1)];
        csv << c.start->name << ',' << mean(c.start->eps0) << ',' << c.t0 << ',' << c.i0 << ',' << k
            << ',' << k * (c.nfe / c.K) << ',' << level << ',' << s << ',' << s * s << ','
            << mean(c.error[size_t(k - 1)]) << ',' << stdev(c.error[size_t(k - 1)]) << ','
            << mean(state) << ',' << stdev(state) << ',' << (last ? 1 : 0) << '\n';
      }
    }
  }

  // ---- Markdown ----------------------------------------------------------------------------
  const auto chainOf = [&](const Start& s, double t0) -> const Chain& {
    for (const Chain& c : chains)
      if (c.start == &s && std::abs(c.t0 - t0) < 1e-9) return c;
    throw std::logic_error("missing chain");
  };
  // The per-step noise-variance ratio of the grid (inside the chain; the last step goes to 0).
  const int64_t stride = N / grid;
  const double rho = std::pow(schedule.sigma(300 - stride) / schedule.sigma(300), 2.0);
  std::ostringstream md;
  md << "# Contraction of the reverse chain (Fig. 3 analogue)\n\n"
     << "CS-MRI, `mri-phantom` prior (VE, σ " << schedule.sigmaMin() << " … " << schedule.sigmaMax()
     << ", N = " << N << "), VE predictor–corrector with 1 corrector "
     << "(2 NFE per step), clean data consistency, " << count << " held-out phantoms (seed 0) at "
     << size << "×" << size << ", one ×4 1D Gaussian mask with 8 ACS lines (seed 0, real "
     << format("×%.2f", maskAcceleration(mask)) << "), single coil. Errors are per-pixel squared "
     << "errors in the model's range [−1, 1] (4× the [0, 1] MSE); noise σ of the synthetic starts "
     << "is in that range too. Every chain steps on the same grid: t0·" << grid
     << " steps, a stride of " << stride << " levels, so one step multiplies the injected noise "
     << "variance by ρ = " << format("%.3f", rho) << ". All runs use the same run seed (common "
     << "random numbers); mean ± std over the phantoms.\n\n";

  md << "## The starts and where each t0 sits\n\n"
     << "After the forward jump the state's error to the truth is ε0 + σ_i0² per pixel (VE: the "
        "signal is not scaled); the noise dominates the start's error when σ_i0² ≫ ε0. "
        "\"σ² = ε0 at\" is the smallest t0 whose noise variance reaches ε0 (the automatic-t0 "
        "rule of docs/AUTO_T0.md with the true ε0).\n\n"
     << "| start | ε0 | start PSNR (dB) | σ² = ε0 at t0 |\n|---|---|---|---|\n";
  for (const Start& s : starts) {
    int64_t level = 1;
    while (level < N && std::pow(schedule.sigma(level), 2) < mean(s.eps0)) ++level;
    md << "| " << s.label << " | " << pm("%.2e", s.eps0) << " | " << pm("%.2f", s.psnr) << " | "
       << format("%.3f", double(level) / double(N)) << " |\n";
  }
  md << "\n| t0 | i0 | σ_i0 | σ_i0² | steps | NFE |";
  for (const Start& s : starts) md << " " << s.name << ": ε0 + σ² (σ²/ε0) |";
  md << "\n|---|---|---|---|---|---|";
  for (size_t k = 0; k < starts.size(); ++k) md << "---|";
  md << "\n";
  for (double t0 : t0s) {
    const Chain& c0 = chainOf(starts.front(), t0);
    const double s0 = schedule.sigma(c0.i0);
    md << "| " << t0 << " | " << c0.i0 << " | " << format("%.3g", s0) << " | "
       << format("%.2e", s0 * s0) << " | " << c0.K << " | " << c0.nfe << " |";
    for (const Start& s : starts)
      md << " " << format("%.2e", mean(s.eps0) + s0 * s0) << " ("
         << format("%.2g", s0 * s0 / mean(s.eps0)) << ") |";
    md << "\n";
  }

  md << "\n## Contraction per chain\n\n"
     << "x̂0 error: the clean estimate's error after the first step and after the last; λ̂ and "
        "floor: the fit e_k = floor + C·λ̂^k of the clean-estimate error over the contracting "
        "part (from the step of the largest error to the end), per phantom, mean ± std; "
        "\"rms\": the fit's relative residual; final: the restored image (after the last DC).\n\n"
     << "| start | t0 | steps | x̂0 error, step 1 | x̂0 error, last | fit from step | λ̂ per step "
        "| floor | rms | final error | final PSNR (dB) | final SSIM |\n"
     << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  std::vector<double> allLambdas;
  for (const Chain& c : chains) {
    std::vector<double> lambdas, floors, rms, from;
    for (const Fit& f : c.fits)
      if (f.ok) {
        lambdas.push_back(f.lambda);
        floors.push_back(f.floor);
        rms.push_back(f.rms);
        from.push_back(double(f.from));
      }
    allLambdas.insert(allLambdas.end(), lambdas.begin(), lambdas.end());
    const std::string none = "— (no decay)";
    md << "| " << c.start->name << " | " << c.t0 << " | " << c.K << " | "
       << pm("%.2e", c.error.front()) << " | " << pm("%.2e", c.error.back()) << " | "
       << (from.empty() ? "—" : format("%.0f", mean(from))) << " | "
       << (lambdas.empty() ? none : pm("%.3f", lambdas)) << " | "
       << (floors.empty() ? "—" : pm("%.2e", floors)) << " | "
       << (rms.empty() ? "—" : format("%.3f", mean(rms))) << " | " << pm("%.2e", c.finalErr)
       << " | " << pm("%.2f", c.finalPsnr) << " | " << pm("%.4f", c.finalSsim) << " |\n";
  }

  md << "\n## Final PSNR (dB) against t0\n\n| start | ε0 |";
  for (double t0 : t0s) md << " t0 = " << t0 << " |";
  md << " best t0 |\n|---|---|";
  for (size_t k = 0; k <= t0s.size(); ++k) md << "---|";
  md << "\n";
  std::vector<double> bestT0(starts.size());
  for (size_t i = 0; i < starts.size(); ++i) {
    const Start& s = starts[i];
    md << "| " << s.name << " | " << format("%.2e", mean(s.eps0)) << " |";
    double best = -1e9;
    for (double t0 : t0s) {
      const Chain& c = chainOf(s, t0);
      md << " " << pm("%.2f", c.finalPsnr) << " |";
      if (mean(c.finalPsnr) > best) best = mean(c.finalPsnr), bestT0[i] = t0;
    }
    md << " " << bestT0[i] << " |\n";
  }

  // ---- What this shows (every number from the tables above) ---------------------------------
  md << "\n## What this shows\n\n";
  {
    // (a) Geometric decay, and its rate against the grid's noise decay.
    size_t decaying = 0, total = 0;
    std::vector<double> longest;  // lambda_hat at the largest t0, all starts and phantoms
    double worstRms = 0;
    for (const Chain& c : chains)
      for (const Fit& f : c.fits) {
        ++total;
        if (f.ok) worstRms = std::max(worstRms, f.rms);
        if (f.ok && f.lambda < 1) ++decaying;
        if (f.ok && c.t0 == t0s.back()) longest.push_back(f.lambda);
      }
    const auto minmax = std::minmax_element(allLambdas.begin(), allLambdas.end());
    md << "- **Exponential decay.** The clean estimate's error fits floor + C·λ̂^k with λ̂ < 1 in "
       << decaying << " of " << total << " chains × phantoms";
    if (!allLambdas.empty())
      md << " (λ̂ " << format("%.3f", *minmax.first) << "–" << format("%.3f", *minmax.second)
         << ", relative rms of the fits ≤ " << format("%.2f", worstRms) << ")";
    if (!longest.empty()) {
      const double gap = mean(longest) - rho;
      md << ". At t0 = " << t0s.back()
         << ", where the start is forgotten, λ̂ = " << pm("%.3f", longest)
         << " for every start against ρ = " << format("%.3f", rho)
         << (std::abs(gap) < 0.05
                 ? ": the error falls at the rate the injected noise variance falls on VE's "
                   "geometric grid"
                 : (gap < 0 ? ": faster than the injected noise variance falls"
                            : ": slower than the injected noise variance falls"));
    }
    md << ". Shorter chains (small t0) reach their floor within a few steps, so their λ̂ rest on "
          "a small drop and are less certain.\n";
    // (b) The floor: what the chain removes depends on the noise covering the start's error.
    std::vector<double> covered, uncovered;  // final error / eps0 per chain
    for (const Chain& c : chains) {
      const double s0 = schedule.sigma(c.i0), e0 = mean(c.start->eps0);
      (s0 * s0 >= e0 ? covered : uncovered).push_back(mean(c.finalErr) / e0);
    }
    md << "- **How much of ε0 the chain removes.**";
    if (!uncovered.empty())
      md << " The " << uncovered.size() << " chains with σ_i0² < ε0 end at "
         << format("%.0f", 100 * mean(uncovered)) << " % of ε0 on average";
    if (!covered.empty())
      md << (uncovered.empty() ? " The " : "; the ") << covered.size()
         << " with σ_i0² ≥ ε0 (the noise covers the start's error: Lemma 1 / Theorem 2) at "
         << format("%.0f", 100 * mean(covered)) << " %";
    if (!covered.empty() && !uncovered.empty())
      md << (mean(covered) < 0.67 * mean(uncovered)
                 ? ": covering the error with noise pays"
                 : ": on this evidence covering the error does not by itself decide how much is "
                   "removed (the longest chains end at the prior's own level whatever ε0: next "
                   "point)");
    md << ".\n";
    // (c) Forgetting at the largest t0 and start dependence at the smallest.
    const auto spread = [&](double t0) {
      double lo = 1e9, hi = -1e9;
      for (const Start& s : starts) {
        const double p = mean(chainOf(s, t0).finalPsnr);
        lo = std::min(lo, p), hi = std::max(hi, p);
      }
      return std::make_pair(lo, hi);
    };
    const auto small = spread(t0s.front()), large = spread(t0s.back());
    md << "- **Forgetting the start.** At t0 = " << t0s.front() << " the final PSNR spans "
       << format("%.2f", small.first) << "–" << format("%.2f", small.second)
       << " dB over the starts; at t0 = " << t0s.back() << " it spans "
       << format("%.2f", large.first) << "–" << format("%.2f", large.second) << " dB ("
       << format("%.2f", large.second - large.first) << " dB)"
       << (large.second - large.first < 1.0 ? ": the long chain ends at the prior's own level "
                                              "whatever the start"
                                            : ": even the longest chain remembers its start")
       << ".\n";
    // (d) Closer starts allow shorter chains and end better than the forgotten-start level.
    const double forgotten = mean(std::vector<double>{large.first, large.second});
    md << "- **A closer start, a shorter chain, a better result** (the paper's claim). Best t0 "
          "per start (of this grid) against the t0 where σ² reaches ε0:";
    for (size_t i = 0; i < starts.size(); ++i) {
      const Start& s = starts[i];
      int64_t level = 1;
      while (level < N && std::pow(schedule.sigma(level), 2) < mean(s.eps0)) ++level;
      const double best = mean(chainOf(s, bestT0[i]).finalPsnr);
      md << (i ? "; " : " ") << s.name << " " << bestT0[i] << " (rule "
         << format("%.2f", double(level) / double(N)) << ", "
         << format("%+.2f", best - mean(chainOf(s, t0s.back()).finalPsnr))
         << " dB over its t0 = " << t0s.back() << " result)";
    }
    md << ". The t0 = " << t0s.back() << " level is about " << format("%.1f", forgotten)
       << " dB; a start that ends above it does so with a shorter chain than " << t0s.back()
       << ".\n";
    const Start& vanilla = starts[0];
    const Start& nn = starts[1];
    std::vector<double> gains;
    for (double t0 : t0s)
      gains.push_back(mean(chainOf(nn, t0).finalPsnr) - mean(chainOf(vanilla, t0).finalPsnr));
    md << "- **NN against vanilla.** mri-unet starts at ε0 " << format("%.2e", mean(nn.eps0))
       << " against " << format("%.2e", mean(vanilla.eps0)) << " for zero-filling; the final "
       << "PSNR difference (NN − vanilla) at t0 =";
    for (size_t j = 0; j < t0s.size(); ++j)
      md << (j ? ", " : " ") << t0s[j] << ": " << format("%+.2f", gains[j]);
    md << " dB.\n\n";
  }
  {
    std::vector<size_t> order(starts.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return mean(starts[a].eps0) < mean(starts[b].eps0); });
    bool monotone = true;
    for (size_t j = 1; j < order.size(); ++j)
      if (bestT0[order[j]] < bestT0[order[j - 1]]) monotone = false;
    md << "Where this departs from the paper: the paper states the contraction for the distance "
          "between the chain and the ideal chain started from the truth; we measure the clean "
          "estimate's distance to the truth, so the floors include the prior's own error (an "
          "under-trained 1.46 M-parameter prior, models/mri-phantom/MODEL_CARD.md), visible as "
          "the common level every start reaches at t0 = "
       << t0s.back() << ". "
       << (monotone ? "The best t0 grows with ε0 here, as the paper expects. "
                    : "Sorted by ε0, the best t0 is not monotone: errors of different kind "
                      "(zero-filling's aliasing in the unmeasured columns, the NN's residual, "
                      "white noise) need different noise to be undone, which the paper's "
                      "scalar ε0 does not capture; compare the rule's t0 with the best one "
                      "above. ")
       << "The state's own error (CSV `state_error`) is dominated by σ² and falls with it; its "
          "step-0 value is the closed form ε0 + σ_i0², not a measurement. Few phantoms in "
          "`--quick`: the ± are wide.\n\n";
  }
  const double wall = since(wallStart);
  md << "Command: `" << command << "` — wall time " << format("%.1f", wall / 60.0)
     << " min on the shared 2-core CPU.\n\n"
     << "Plots: `contraction.png` and `contraction_t05.png` (clean-estimate error against "
        "step at t0 = 0.3 and 0.5, one curve per start, log scale; step 0 is the start's ε0) "
        "and `contraction_t0.png` (the restored image's error against t0 per start).\n";
  std::ofstream(outDir + "/contraction.md") << md.str();
  std::fprintf(stderr, "study_contraction: wrote %s/contraction.{md,csv} in %.1f s\n",
               outDir.c_str(), wall);
  return 0;
}
