// CCDF's central claim, measured on Gaussian data distributions where every quantity has a
// closed form: the conditional reverse diffusion (reverse step + non-expansive DC) contracts
// errors, so a better initialisation (smaller eps0) can start from a smaller t0 and reach the
// same accuracy in fewer steps.
//
// Models (support/gaussian_truth.h): a stationary power-law prior with Cartesian MRI (the prior
// does not couple measured and unmeasured k-space, so replacement DC is exact) and a correlated
// dense prior with inpainting (it does couple them; the measured pixels inform the hole).
// Every chain has its own ground truth x ~ prior and measurement y = A x; errors are per-pixel
// mean squared errors averaged over the chains.
//
// What the Gaussian truth says about the claims. On a decoupled prior the measurement carries no
// information about the unmeasured part, so there is nothing for the chain to contract towards
// there except the prior: a posterior sample is sqrt(2) times further from the truth than the
// posterior mean (which zero-filling already is for the stationary MRI prior), and diffusing an
// initialisation only replaces it by prior noise. The accuracy claims (3, 4) therefore need a
// prior in which the measured pixels inform the unknown ones, the correlated prior; they are
// asserted there and only reported on the decoupled models (with the numbers that show why).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ccdf/run.h"
#include "prior/gaussian_prior.h"
#include "sampling/sampler.h"
#include "schedule/noise_schedule.h"
#include "support/gaussian_truth.h"

namespace ccdf {
namespace {

using test::Scenario;

constexpr int64_t kChains = 1000;

const bool kSingleThreaded = [] {
  at::set_num_threads(1);  // tiny tensors: OpenMP fan-out only costs time
  return true;
}();

NoiseSchedule vpSchedule() { return NoiseSchedule::vpLinear(1000); }
NoiseSchedule veSchedule() { return NoiseSchedule::veGeometric(0.01, 50.0, 1000); }

std::string fmt(double v, int precision = 4) {
  std::ostringstream o;
  o << std::setprecision(precision) << v;
  return o.str();
}

void record(const std::string& key, double value) {
  ::testing::Test::RecordProperty(key, fmt(value, 6));
}

// kChains ground truths drawn from the prior and their measurements.
struct Batch {
  torch::Tensor xTrue, y;
};

Batch makeBatch(const Scenario& sc, uint64_t seed) {
  auto gen = test::makeGenerator(seed);
  Batch b;
  b.xTrue = sc.prior.sample(kChains, gen).to(torch::kFloat64);
  b.y = sc.op->A(b.xTrue);
  return b;
}

torch::Tensor noisy(const torch::Tensor& x, double eps0, uint64_t seed) {
  auto gen = test::makeGenerator(seed);
  return x + std::sqrt(eps0) * torch::randn(x.sizes(), gen, torch::kFloat64);
}

RunResult run(const Scenario& sc, Denoiser& d, const SamplerSettings& settings,
              const torch::Tensor& y, const torch::Tensor& init, const RunOptions& o,
              const StepCallback& onStep = {}) {
  auto sampler = makeSampler(settings);
  Problem p;
  p.op = sc.op;
  p.y = y;
  p.x0Init = init;
  return runCcdf(p, d, *sampler, o, onStep);
}

SamplerSettings ddpm() {
  SamplerSettings s;
  s.name = "ddpm";
  return s;
}

// ---------------------------------------------------------------------------------------------
// 1. The paper's contraction in its exact form: two chains with the same noise, one started
//    from x0_init = x + e, one from the ground truth x itself. After the forward jump their
//    distance is abar_{i0} |e|^2; every reverse step with DC can only shrink it. On the
//    decoupled MRI prior the whole DDPM run is linear with the same noise in both chains, so
//    the final difference is exactly (I - P) G(Sigma) sqrt(abar_{i0}) e, with G the product of
//    the per-step gains (support/gaussian_truth.h): checked to rounding precision.

TEST(Contraction, SharedNoiseChainsContractStepByStep) {
  const NoiseSchedule s = vpSchedule();
  for (const Scenario& sc :
       {test::mriFourierScenario(201), test::inpaintingCorrelatedScenario(202)}) {
    GaussianDenoiser d(sc.prior, s);
    const Batch b = makeBatch(sc, 5);
    const double eps0 = 0.05;
    const auto init = noisy(b.xTrue, eps0, 6);
    for (double t0 : {0.2, 0.5}) {
      RunOptions o;
      o.t0 = t0;
      o.steps = 20;
      o.seed = 77;
      std::vector<torch::Tensor> statesInit, statesTrue;
      const RunResult rInit = run(sc, d, ddpm(), b.y, init, o,
                                  [&](const StepEvent& e) { statesInit.push_back(e.x.clone()); });
      const RunResult rTrue = run(sc, d, ddpm(), b.y, b.xTrue, o,
                                  [&](const StepEvent& e) { statesTrue.push_back(e.x.clone()); });
      ASSERT_EQ(statesInit.size(), statesTrue.size());
      const int64_t i0 = rInit.levels.front();
      const double abar = s.alphaBar(i0);
      const double e2 = test::meanSquaredError(init, b.xTrue);
      std::cout << "[contraction] " << sc.name << " ddpm t0=" << t0 << " K=20, eps0=" << fmt(e2)
                << ": distance after jump " << fmt(abar * e2) << " (abar_i0 eps0), then";
      std::vector<double> dist;
      for (size_t k = 0; k < statesInit.size(); ++k) {
        dist.push_back(test::meanSquaredError(statesInit[k], statesTrue[k]));
        std::cout << " " << fmt(dist.back(), 3);
      }
      std::cout << "\n";
      record(sc.name + "/t0=" + fmt(t0) + "/finalDistance", dist.back());
      record(sc.name + "/t0=" + fmt(t0) + "/jumpDistance", abar * e2);
      // Overall contraction below the post-jump error (which is below eps0).
      EXPECT_LT(dist.back(), abar * e2) << sc.name << " t0=" << t0;
      if (sc.decoupled) {
        // All unmeasured prior variances are < 1 here, so every DDPM step is a contraction
        // (gain sqrt(alpha') lambda-weighted < 1) and DC zeroes the measured part.
        for (size_t k = 1; k < dist.size(); ++k)
          EXPECT_LE(dist[k], dist[k - 1] * (1 + 1e-9)) << sc.name << " step " << k + 1;
        // Exact prediction of the final difference.
        const auto gain = test::spectralFunction(sc.priorLaw.cov, [&](double l) {
          return test::linearRun(s, rInit.levels, l, test::LinearKind::DdpmSmall, 0).gain;
        });
        const auto Q = torch::eye(64, torch::kFloat64) - sc.P;
        const auto e = test::flattenImages(init - b.xTrue);
        const auto predicted = std::sqrt(abar) * e.matmul(Q.matmul(gain).matmul(Q).t());
        const auto measured = test::flattenImages(rInit.x - rTrue.x);
        EXPECT_LT(test::relativeDistance(measured, predicted), 1e-8) << sc.name << " t0=" << t0;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Error to the ground truth along the chain, from the StepEvent's clean estimate x0.

TEST(Contraction, ErrorToGroundTruthFallsAlongTheChain) {
  for (const Scenario& sc :
       {test::mriFourierScenario(201), test::inpaintingCorrelatedScenario(202)}) {
    GaussianDenoiser d(sc.prior, vpSchedule());
    const Batch b = makeBatch(sc, 15);
    // The typical network-free initialisation: A^H y (zero-filled k-space / hole set to 0).
    const auto adjoint = torch::real(sc.op->AH(b.y)).to(torch::kFloat64).contiguous();
    const double initErr = test::meanSquaredError(adjoint, b.xTrue);
    struct Case {
      std::string label;
      double t0;
      bool pureNoise;
    };
    for (const Case& c : {Case{"noise, t0=1", 1.0, true}, Case{"A^H y, t0=0.5", 0.5, false},
                          Case{"A^H y, t0=0.2", 0.2, false}}) {
      RunOptions o;
      o.t0 = c.t0;
      o.steps = 20;
      o.seed = 3;
      o.pureNoiseStart = c.pureNoise;
      std::vector<double> err;
      const RunResult r = run(sc, d, ddpm(), b.y, adjoint, o, [&](const StepEvent& e) {
        err.push_back(test::meanSquaredError(e.x0, b.xTrue));
      });
      const double finalErr = test::meanSquaredError(r.x, b.xTrue);
      std::cout << "[contraction] " << sc.name << " ddpm " << c.label << " K=20: |A^H y - x|^2 "
                << fmt(initErr) << "; x0-hat error per step:";
      for (double e : err) std::cout << " " << fmt(e, 3);
      std::cout << "; final " << fmt(finalErr) << "\n";
      record(sc.name + "/" + c.label + "/firstX0Error", err.front());
      record(sc.name + "/" + c.label + "/finalError", finalErr);
      ASSERT_EQ(err.size(), 20u);
      // The estimate at the end is better than the first one (on the decoupled MRI prior it is
      // not better than A^H y, which there equals the posterior mean: see the file comment).
      EXPECT_LT(finalErr, err.front()) << sc.name << " " << c.label;
      if (!sc.decoupled) EXPECT_LT(finalErr, initErr) << sc.name << " " << c.label;
      // Along the chain: each x0-hat is no worse than the best one seen so far by more than the
      // noise floor; the floor is 2 |posterior| - |posterior| = the posterior variance per pixel
      // (a posterior sample is twice as far from the truth as the posterior mean).
      const auto P = sc.P;
      double floor = 0;
      {
        // average posterior variance per pixel over this batch (Gaussian: independent of y)
        const auto post = test::exactPosterior(sc.priorLaw, P, b.xTrue[0]);
        floor = post.cov.trace().item<double>() / 64.0;
      }
      double best = err.front();
      for (size_t k = 1; k < err.size(); ++k) {
        EXPECT_LE(err[k], best + floor) << sc.name << " " << c.label << " step " << k + 1;
        best = std::min(best, err[k]);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 3. A smaller initial error reaches the same final error from a smaller t0.

TEST(Contraction, SmallerInitialErrorNeedsSmallerT0) {
  const std::vector<double> t0s = {0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0};
  for (const Scenario& sc :
       {test::mriFourierScenario(201), test::inpaintingCorrelatedScenario(202)}) {
    GaussianDenoiser d(sc.prior, vpSchedule());
    const Batch b = makeBatch(sc, 25);
    std::map<double, std::vector<double>> finalErr;  // eps0 -> per t0
    const std::vector<double> eps0s = {0.0, 0.02, 0.2};
    std::cout << "[contraction] " << sc.name
              << " ddpm K=min(20, i0), final MSE to the truth; rows eps0, columns t0:\n       ";
    for (double t0 : t0s) std::cout << std::setw(9) << t0;
    std::cout << "\n";
    for (double eps0 : eps0s) {
      const auto init = noisy(b.xTrue, eps0, 26);
      std::cout << "  " << std::setw(5) << eps0;
      for (double t0 : t0s) {
        RunOptions o;
        o.t0 = t0;
        o.steps = 20;
        o.seed = 27;  // common random numbers across eps0
        const RunResult r = run(sc, d, ddpm(), b.y, init, o);
        finalErr[eps0].push_back(test::meanSquaredError(r.x, b.xTrue));
        std::cout << std::setw(9) << fmt(finalErr[eps0].back(), 3);
        record(sc.name + "/eps0=" + fmt(eps0) + "/t0=" + fmt(t0), finalErr[eps0].back());
      }
      std::cout << "\n";
    }
    if (sc.decoupled) continue;  // reported only, see the file comment
    // The large-error initialisation: the smallest t0 within 10% of its best final error ...
    const auto& large = finalErr[0.2];
    const double bestLarge = *std::min_element(large.begin(), large.end());
    size_t jLarge = 0;
    while (large[jLarge] > 1.1 * bestLarge) ++jLarge;
    const double target = large[jLarge];
    // ... and the smallest t0 at which the small-error initialisation does at least as well.
    const auto& small = finalErr[0.02];
    size_t jSmall = 0;
    while (jSmall < small.size() && small[jSmall] > target) ++jSmall;
    ASSERT_LT(jSmall, small.size());
    std::cout << "  target error " << fmt(target) << ": eps0=0.2 needs t0=" << t0s[jLarge]
              << ", eps0=0.02 needs t0=" << t0s[jSmall] << "\n";
    record(sc.name + "/t0NeededLarge", t0s[jLarge]);
    record(sc.name + "/t0NeededSmall", t0s[jSmall]);
    EXPECT_LT(t0s[jSmall], t0s[jLarge]) << sc.name;
    // Non-trivial: the small-error initialisation itself is worse than the target.
    EXPECT_GT(0.02, target) << sc.name << ": choose eps0 values above the target error";
    // The init error left after the run (excess over the eps0 = 0 run with the same noise)
    // shrinks as t0 grows, and is linear in eps0 (Gaussian, linear sampler).
    for (double eps0 : {0.02, 0.2}) {
      for (size_t j = 1; j < t0s.size(); ++j) {
        const double excessPrev = finalErr[eps0][j - 1] - finalErr[0.0][j - 1];
        const double excess = finalErr[eps0][j] - finalErr[0.0][j];
        EXPECT_LT(excess, excessPrev + 1e-4) << sc.name << " eps0 " << eps0 << " t0 " << t0s[j];
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 4. 20-step CCDF from a good initialisation vs the same sampler from pure noise at t0 = 1.

TEST(Contraction, ShortCcdfFromGoodInitBeatsFullDiffusion) {
  struct SamplerCase {
    std::string label;
    SamplerSettings settings;
    bool ve;
  };
  SamplerSettings ddim;
  ddim.name = "ddim";
  ddim.eta = 0.0;
  SamplerSettings vepc;
  vepc.name = "vepc";
  const std::vector<SamplerCase> samplers = {
      {"ddpm", ddpm(), false}, {"ddim(eta=0)", ddim, false}, {"vepc", vepc, true}};
  for (const Scenario& sc : {test::mriFourierScenario(201), test::inpaintingCorrelatedScenario(202),
                             test::srDenseScenario(203)}) {
    const Batch b = makeBatch(sc, 35);
    const auto postMean = test::posteriorMeans(sc.priorLaw, sc.P, b.xTrue);
    const double posteriorMeanErr = test::meanSquaredError(postMean, b.xTrue);
    const auto goodInits = std::vector<std::pair<std::string, torch::Tensor>>{
        {"truth + N(0, 0.01)", noisy(b.xTrue, 0.01, 36)},
        {"posterior mean + N(0, 0.01)", noisy(postMean, 0.01, 37)}};
    std::cout << "[contraction] " << sc.name << ": MSE to the truth over " << kChains
              << " chains (posterior-mean MSE " << fmt(posteriorMeanErr) << ")\n";
    for (const SamplerCase& c : samplers) {
      GaussianDenoiser d(sc.prior, c.ve ? veSchedule() : vpSchedule());
      RunOptions full;
      full.t0 = 1.0;
      full.steps = 20;
      full.seed = 41;
      full.pureNoiseStart = true;
      const double fullErr =
          test::meanSquaredError(run(sc, d, c.settings, b.y, b.xTrue * 0, full).x, b.xTrue);
      std::cout << "  " << std::setw(12) << c.label << " pure noise t0=1 K=20: " << fmt(fullErr);
      record(sc.name + "/" + c.label + "/fullDiffusion", fullErr);
      for (const auto& [name, init] : goodInits) {
        for (double t0 : {0.1, 0.2, 0.3}) {
          RunOptions o;
          o.t0 = t0;
          o.steps = 20;
          o.seed = 43;
          const double err =
              test::meanSquaredError(run(sc, d, c.settings, b.y, init, o).x, b.xTrue);
          // Asserted on the coupled prior; on the decoupled ones only for the truth-based
          // initialisation at t0 = 0.1 (elsewhere the init's information is mostly replaced by
          // prior noise, and the 20-step baseline's under-dispersion lowers its MSE).
          const bool asserted = !sc.decoupled || (name.rfind("truth", 0) == 0 && t0 == 0.1);
          std::cout << " | " << name << " t0=" << t0 << ": " << fmt(err)
                    << (asserted ? ""
                                 : (err <= fullErr ? " (not asserted)" : " (WORSE, not asserted)"));
          record(sc.name + "/" + c.label + "/" + name + "/t0=" + fmt(t0), err);
          if (asserted)
            EXPECT_LE(err, fullErr) << sc.name << " " << c.label << " " << name << " t0=" << t0;
        }
      }
      std::cout << "\n";
    }
  }
}

}  // namespace
}  // namespace ccdf
