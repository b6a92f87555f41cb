// The engine against closed-form truth on Gaussian data distributions.
//
// For x0 ~ N(mu, Sigma) and a noise-free linear measurement the posterior is Gaussian in closed
// form. When the prior does not couple the measured subspace range(A^H) with its complement
// (Sigma P = P Sigma), replacement-style data consistency samples that posterior exactly, up to
// the sampler's time discretisation: the exact denoiser, every VP step and the DC map all act
// separately on the two subspaces, so the unmeasured part runs the unconditional reverse chain
// of its own (prior = posterior) marginal and the measured part ends at the measurement.
//
// For the VP samplers (DDPM, DDIM) the discretisation error is also known in closed form: each
// eigen-direction of Sigma is a scalar linear-Gaussian recursion (support/gaussian_truth.h). So
// the samples are checked twice: against that prediction with purely statistical tolerances
// (n chains along the batch), and against the exact posterior with the statistical tolerance
// plus the predicted discretisation error, which is shown to shrink with the number of steps.
// The VE reverse-diffusion predictor alone is also linear and predicted in closed form. VE-PC
// with score-SDE's Langevin corrector has a data-dependent step size: its mean is asserted
// exact, and its variance bias, which does not vanish with K at fixed snr, is measured against
// snr (VeCorrectorVarianceBiasShrinksWithSnr).
//
// Measurement noise mode: with a decoupled prior both modes are exact for DDPM/DDIM (the
// measured part cannot influence the unmeasured part); `Diffused` additionally keeps the state's
// measured part distributed like a genuine sample at its level, which matters for VE-PC whose
// corrector step size depends on the norm of the whole score. Diffused is asserted everywhere;
// Clean is reported (and asserted for DDPM, where the argument above makes it exact).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
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

using test::GaussianLaw;
using test::LawComparison;
using test::LawDiscrepancy;
using test::Scenario;

constexpr int64_t kChains = 2000;  // posterior sampling chains, run as one batch

// The tensors here are tiny ([2000, 1, 8, 8]); OpenMP fan-out only costs time, and badly so on a
// shared, oversubscribed machine.
const bool kSingleThreaded = [] {
  at::set_num_threads(1);
  return true;
}();

NoiseSchedule vpSchedule() { return NoiseSchedule::vpLinear(1000); }
// sigma_max = 50: sigma_max^2 = 2500 dwarfs every prior variance here (largest ~8), so a
// pure-noise start N(0, sigma_max^2) is the level-N marginal up to a 0.3% variance mismatch.
NoiseSchedule veSchedule() { return NoiseSchedule::veGeometric(0.01, 50.0, 1000); }

struct SamplerCase {
  std::string label;
  SamplerSettings settings;
  bool ve = false;
  bool predicted = true;  // a closed-form linear-Gaussian prediction exists
  test::LinearKind kind = test::LinearKind::DdpmSmall;
};

std::vector<SamplerCase> samplerCases() {
  std::vector<SamplerCase> cases;
  SamplerSettings ddpm;
  ddpm.name = "ddpm";
  cases.push_back({"ddpm", ddpm, false, true, test::LinearKind::DdpmSmall});
  SamplerSettings ddim1;
  ddim1.name = "ddim";
  ddim1.eta = 1.0;
  cases.push_back({"ddim(eta=1)", ddim1, false, true, test::LinearKind::Ddim});
  SamplerSettings ddim0;
  ddim0.name = "ddim";
  ddim0.eta = 0.0;
  cases.push_back({"ddim(eta=0)", ddim0, false, true, test::LinearKind::Ddim});
  // VE reverse-diffusion predictor alone: a consistent discretisation of the reverse SDE.
  SamplerSettings vePred;
  vePred.name = "vepc";
  vePred.correctorSteps = 0;
  cases.push_back({"ve-pred", vePred, true, true, test::LinearKind::VePredictor});
  // VE-PC with score-SDE's Langevin corrector (1 step, snr 0.16): data-dependent step size.
  SamplerSettings vepc;
  vepc.name = "vepc";
  vepc.correctorSteps = 1;
  vepc.snr = 0.16;
  cases.push_back({"vepc", vepc, true, false, test::LinearKind::VePredictor});
  return cases;
}

// A fixed ground truth drawn from the prior, its measurement (repeated over the chains, so that
// every chain draws its own measurement noise in Diffused mode) and the exact posterior.
struct Truth {
  torch::Tensor xTrue;  // [1, 1, 8, 8]
  torch::Tensor y;      // [kChains, ...]
  GaussianLaw posterior;
};

Truth makeTruth(const Scenario& sc, int64_t chains, uint64_t seed) {
  auto gen = test::makeGenerator(seed);
  Truth t;
  t.xTrue = sc.prior.sample(1, gen).to(torch::kFloat64);
  t.y = sc.op->A(test::repeatImage(t.xTrue, chains));
  t.posterior = test::exactPosterior(sc.priorLaw, sc.P, t.xTrue);
  return t;
}

RunResult runChains(const Scenario& sc, Denoiser& d, const SamplerCase& sc2, const torch::Tensor& y,
                    const torch::Tensor& init, const RunOptions& o) {
  auto sampler = makeSampler(sc2.settings);
  Problem p;
  p.op = sc.op;
  p.y = y;
  p.x0Init = init;
  return runCcdf(p, d, *sampler, o);
}

std::string fmt(double v, int precision = 4) {
  std::ostringstream o;
  o << std::setprecision(precision) << v;
  return o.str();
}

void record(const std::string& key, double value) {
  ::testing::Test::RecordProperty(key, fmt(value, 6));
}

// Prediction of a run's output law on a decoupled prior, from the run's actual levels.
GaussianLaw predictRun(const Scenario& sc, const Truth& t, const NoiseSchedule& s,
                       const RunResult& res, const SamplerCase& c, bool pureNoise,
                       const torch::Tensor& initMean) {
  const int64_t start = res.levels.front();
  const double a = s.signalScale(start), b = s.noiseScale(start);
  std::function<double(double)> startVar;
  torch::Tensor startDev;
  if (pureNoise) {
    startVar = [b](double) { return b * b; };
    startDev = -a * sc.priorLaw.mean;  // E[x_start] = 0
  } else {
    // x_start = a x0_init + b z with x0_init ~ exact posterior: on the unmeasured subspace the
    // posterior is the prior marginal, so each eigen-direction starts at a^2 lambda + b^2.
    startVar = [a, b](double l) { return a * a * l + b * b; };
    startDev = a * (initMean - sc.priorLaw.mean);
  }
  return test::predictDecoupledRun(sc.priorLaw, t.posterior, sc.P, s, res.levels, c.kind,
                                   c.settings.eta, startVar, startDev);
}

// The mean check alone (the variance left free), for VE-PC: its mean is exact at every K
// (predictor and corrector are odd in the deviation from the mean, the step size even).
std::string meanMismatch(const LawComparison& c) {
  return test::statisticalMismatch(c, test::meanOnly(c));
}

// Runs from pure noise at t0 = 1 for K in {10, 50, 200}; asserts exactness as described above.
void checkFromPureNoise(const Scenario& sc, uint64_t seed) {
  const Truth t = makeTruth(sc, kChains, seed);
  const std::vector<int64_t> stepsList = {10, 50, 200};
  std::cout << "\n[posterior] " << sc.name << ": runs from pure noise at t0 = 1, " << kChains
            << " chains, Diffused DC; errors vs the exact posterior\n";
  for (const SamplerCase& c : samplerCases()) {
    GaussianDenoiser d(sc.prior, c.ve ? veSchedule() : vpSchedule());
    std::vector<double> predictedBias, predictedFro;
    for (int64_t K : stepsList) {
      RunOptions o;
      o.t0 = 1.0;
      o.steps = K;
      o.seed = seed + 17 * K;
      o.pureNoiseStart = true;
      o.measurementNoise = MeasurementNoiseMode::Diffused;
      const auto init = torch::zeros({kChains, 1, test::kSide, test::kSide}, torch::kFloat64);
      const RunResult res = runChains(sc, d, c, t.y, init, o);
      ASSERT_EQ(res.stepsDone, K);
      const LawComparison exact = test::compareToLaw(res.x, t.posterior);
      const std::string label = sc.name + " " + c.label + " K=" + std::to_string(K);
      std::cout << "  " << std::left << std::setw(12) << c.label << " K=" << std::setw(4) << K
                << " exact: meanErrRel=" << fmt(exact.meanErrRel)
                << " varBias=" << fmt(exact.varBias) << " varErrRel=" << fmt(exact.varErrRel);
      if (c.predicted) {
        const GaussianLaw pred = predictRun(sc, t, d.schedule(), res, c, true, sc.priorLaw.mean);
        const LawComparison vsPred = test::compareToLaw(res.x, pred);
        const LawDiscrepancy disc = test::discrepancy(pred, t.posterior);
        predictedBias.push_back(disc.varBias);
        predictedFro.push_back(test::relativeDistance(pred.cov, t.posterior.cov));
        std::cout << " | predicted discretisation: varBias=" << fmt(disc.varBias)
                  << " |dC|/|C|=" << fmt(predictedFro.back())
                  << " | vs prediction: chi2z=" << fmt(vsPred.meanChi2Z)
                  << " varBias=" << fmt(vsPred.varBias) << " (sd " << fmt(vsPred.varBiasSd)
                  << ") fro=" << fmt(vsPred.covFroRatio) << "\n";
        EXPECT_EQ(test::statisticalMismatch(vsPred), "")
            << label << " vs closed-form prediction: " << test::describe(vsPred);
        EXPECT_EQ(test::statisticalMismatch(exact, disc), "")
            << label << " vs exact posterior (allowing the predicted discretisation error): "
            << test::describe(exact);
      } else {
        std::cout << " (sd " << fmt(exact.varBiasSd) << ") chi2z=" << fmt(exact.meanChi2Z)
                  << " fro=" << fmt(exact.covFroRatio) << "\n";
        EXPECT_EQ(meanMismatch(exact), "") << label << " mean vs exact: " << test::describe(exact);
      }
      record(sc.name + "/" + c.label + "/K" + std::to_string(K) + "/varBias", exact.varBias);
      record(sc.name + "/" + c.label + "/K" + std::to_string(K) + "/meanErrRel", exact.meanErrRel);
    }
    if (c.predicted) {
      // The discretisation error is deterministic here: it must shrink with K.
      for (size_t j = 1; j < stepsList.size(); ++j) {
        EXPECT_LT(predictedFro[j], predictedFro[j - 1]) << sc.name << " " << c.label;
        EXPECT_LT(std::abs(predictedBias[j]), std::abs(predictedBias[j - 1]) + 1e-12)
            << sc.name << " " << c.label;
      }
    }
  }
}

// Posterior invariance: x0_init drawn from the exact posterior; a CCDF run from t0 must return
// the same law (K = 20 and K = min(100, i0), up to the predicted discretisation error).
void checkInvariance(const Scenario& sc, uint64_t seed) {
  const Truth t = makeTruth(sc, kChains, seed);
  std::cout << "\n[posterior] " << sc.name
            << ": posterior invariance, x0_init ~ exact posterior, Diffused DC\n";
  for (const SamplerCase& c : samplerCases()) {
    if (c.label == "ddim(eta=1)") continue;  // the DDPM kernel; checked from pure noise
    GaussianDenoiser d(sc.prior, c.ve ? veSchedule() : vpSchedule());
    for (double t0 : {0.1, 0.3, 0.7}) {
      for (int64_t K : {20, 100}) {
        auto gen = test::makeGenerator(seed + 1000 * K + int64_t(t0 * 100));
        const auto init = test::sampleLaw(t.posterior, kChains, test::kSide, test::kSide, gen);
        RunOptions o;
        o.t0 = t0;
        o.steps = K;
        o.seed = seed + 31 * K + int64_t(t0 * 1000);
        o.measurementNoise = MeasurementNoiseMode::Diffused;
        const RunResult res = runChains(sc, d, c, t.y, init, o);
        const LawComparison exact = test::compareToLaw(res.x, t.posterior);
        const std::string label = sc.name + " " + c.label + " t0=" + fmt(t0) +
                                  " K=" + std::to_string(res.levels.size() - 1);
        std::cout << "  " << std::left << std::setw(12) << c.label << " t0=" << std::setw(4) << t0
                  << " K=" << std::setw(4) << res.levels.size() - 1
                  << " exact: meanErrRel=" << fmt(exact.meanErrRel)
                  << " varBias=" << fmt(exact.varBias) << " (sd " << fmt(exact.varBiasSd)
                  << ") varErrRel=" << fmt(exact.varErrRel);
        if (c.predicted) {
          const GaussianLaw pred = predictRun(sc, t, d.schedule(), res, c, false, t.posterior.mean);
          const LawComparison vsPred = test::compareToLaw(res.x, pred);
          const LawDiscrepancy disc = test::discrepancy(pred, t.posterior);
          std::cout << " | predicted discretisation varBias=" << fmt(disc.varBias)
                    << " | vs prediction chi2z=" << fmt(vsPred.meanChi2Z)
                    << " varBias=" << fmt(vsPred.varBias) << "\n";
          EXPECT_EQ(test::statisticalMismatch(vsPred), "")
              << label << " vs prediction: " << test::describe(vsPred);
          EXPECT_EQ(test::statisticalMismatch(exact, disc), "")
              << label << " vs exact: " << test::describe(exact);
        } else {
          std::cout << " chi2z=" << fmt(exact.meanChi2Z) << " fro=" << fmt(exact.covFroRatio)
                    << "\n";
          EXPECT_EQ(meanMismatch(exact), "")
              << label << " mean vs exact: " << test::describe(exact);
        }
        record(label + "/varBias", exact.varBias);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The Gaussian prior itself.

TEST(GaussianPrior, CovarianceMatchesIndependentConstruction) {
  for (const Scenario& sc : {test::inpaintingPixelScenario(1), test::mriFourierScenario(2),
                             test::srDenseScenario(3), test::inpaintingCorrelatedScenario(4)}) {
    const auto cov = sc.prior.covariance();
    EXPECT_LT(test::relativeDistance(cov, sc.priorLaw.cov), 1e-12) << sc.name;
  }
}

TEST(GaussianPrior, SamplesHaveThePriorLaw) {
  for (const Scenario& sc : {test::inpaintingPixelScenario(1), test::mriFourierScenario(2),
                             test::srDenseScenario(3), test::inpaintingCorrelatedScenario(4)}) {
    auto gen = test::makeGenerator(11);
    const auto x = sc.prior.sample(20000, gen);
    EXPECT_EQ(x.scalar_type(), torch::kFloat64);
    const LawComparison c = test::compareToLaw(x, sc.priorLaw);
    std::cout << "[prior] " << sc.name << " samples: " << test::describe(c) << "\n";
    EXPECT_EQ(test::statisticalMismatch(c), "") << sc.name << ": " << test::describe(c);
  }
  // Float priors sample in float.
  GaussianPrior p = test::inpaintingPixelScenario(1).prior;
  p.mean = p.mean.to(torch::kFloat32);
  auto gen = test::makeGenerator(1);
  EXPECT_EQ(p.sample(3, gen).scalar_type(), torch::kFloat32);
}

TEST(GaussianPrior, AnalyseSynthesiseRoundTrip) {
  auto gen = test::makeGenerator(5);
  const auto x = torch::randn({3, 1, test::kSide, test::kSide}, gen, torch::kFloat64);
  for (const Scenario& sc :
       {test::inpaintingPixelScenario(1), test::mriFourierScenario(2), test::srDenseScenario(3)}) {
    const auto back = synthesise(sc.prior, analyse(sc.prior, x));
    EXPECT_LT((back - x).abs().max().item<double>(), 1e-12) << sc.name;
    // Orthonormal: Parseval.
    const auto c = analyse(sc.prior, x);
    EXPECT_NEAR(c.abs().square().sum().item<double>(), x.square().sum().item<double>(), 1e-9);
  }
}

TEST(GaussianPrior, RejectsAsymmetricSpectrumAndBadShapes) {
  GaussianPrior p = test::mriFourierScenario(2).prior;
  p.eigenvalues = p.eigenvalues.clone();
  p.eigenvalues[0][0][1] += 1.0;  // P(0, 1) != P(0, -1)
  auto gen = test::makeGenerator(0);
  EXPECT_THROW(p.sample(1, gen), std::invalid_argument);
  EXPECT_THROW(GaussianDenoiser(p, vpSchedule()), std::invalid_argument);
  GaussianPrior q = test::inpaintingPixelScenario(1).prior;
  q.eigenvalues = -q.eigenvalues;
  EXPECT_THROW(GaussianDenoiser(q, vpSchedule()), std::invalid_argument);
  GaussianPrior r = test::srDenseScenario(3).prior;
  r.eigenvectors = r.eigenvectors.narrow(0, 0, 10);
  EXPECT_THROW(GaussianDenoiser(r, vpSchedule()), std::invalid_argument);
}

// E[x0 | x] = mu + Sigma a (a^2 Sigma + b^2 I)^-1 (x - a mu), with dense matrices.
TEST(GaussianPrior, DenoiserIsTheExactPosteriorMean) {
  for (const Scenario& sc : {test::inpaintingPixelScenario(1), test::mriFourierScenario(2),
                             test::srDenseScenario(3), test::inpaintingCorrelatedScenario(4)}) {
    for (const NoiseSchedule& s : {vpSchedule(), veSchedule()}) {
      GaussianDenoiser d(sc.prior, s);
      auto gen = test::makeGenerator(9);
      for (int64_t i : {1, 37, 500, 1000}) {
        const double a = s.signalScale(i), b = s.noiseScale(i);
        const auto x0 = sc.prior.sample(4, gen).to(torch::kFloat64);
        const auto x = a * x0 + b * torch::randn(x0.sizes(), gen, torch::kFloat64);
        const auto& S = sc.priorLaw.cov;
        const int64_t D = S.size(0);
        const auto M = a * a * S + b * b * torch::eye(D, torch::kFloat64);
        const auto X = test::flattenImages(x);
        const auto expected =
            sc.priorLaw.mean.unsqueeze(0) +
            a * torch::linalg_solve(M, (X - a * sc.priorLaw.mean.unsqueeze(0)).t()).t().matmul(S);
        const DenoiserOutput out = d(x, i);
        const double scale = expected.abs().max().item<double>();
        EXPECT_LT((test::flattenImages(out.x0) - expected).abs().max().item<double>(),
                  1e-9 * std::max(1.0, scale))
            << sc.name << " level " << i;
        // eps reproduces x = a x0hat + b eps.
        EXPECT_LT((a * out.x0 + b * out.eps - x).abs().max().item<double>(), 1e-9);
        // float in, float out
        const DenoiserOutput outF = d(x.to(torch::kFloat32), i);
        EXPECT_EQ(outF.x0.scalar_type(), torch::kFloat32);
        EXPECT_EQ(outF.eps.scalar_type(), torch::kFloat32);
      }
    }
  }
}

TEST(GaussianPrior, PowerLawFitRecoversParameters) {
  PowerLawSpectrum truth;
  truth.channelMean = {0.2, -0.1};
  truth.scale = {0.02, 0.05};
  truth.cornerFrequency = {0.05, 0.1};
  truth.exponent = {2.0, 3.0};
  auto gen = test::makeGenerator(21);
  const auto priorA = truth.priorFor(48, 48);
  const auto images = priorA.sample(200, gen);
  ASSERT_EQ(images.sizes(), (std::vector<int64_t>{200, 2, 48, 48}));
  const PowerLawSpectrum fit = fitPowerLawSpectrum(images);
  ASSERT_EQ(fit.channels(), 2);
  for (int c = 0; c < 2; ++c) {
    std::cout << "[prior] power-law fit channel " << c << ": mean " << fit.channelMean[c]
              << " (true " << truth.channelMean[c] << "), scale " << fit.scale[c] << " ("
              << truth.scale[c] << "), f0 " << fit.cornerFrequency[c] << " ("
              << truth.cornerFrequency[c] << "), exponent " << fit.exponent[c] << " ("
              << truth.exponent[c] << ")\n";
    EXPECT_NEAR(fit.exponent[c], truth.exponent[c], 0.15);
    EXPECT_NEAR(fit.channelMean[c], truth.channelMean[c], 0.05);
    // The fitted spectrum within 15% of the truth over the resolved band f in [1/16, 1/2].
    for (double f : {1.0 / 16, 0.125, 0.25, 0.5}) {
      const auto P = [f](const PowerLawSpectrum& s, int ch) {
        return s.scale[ch] * std::pow(f * f + s.cornerFrequency[ch] * s.cornerFrequency[ch],
                                      -0.5 * s.exponent[ch]);
      };
      EXPECT_NEAR(P(fit, c) / P(truth, c), 1.0, 0.15) << "channel " << c << " f=" << f;
    }
  }
  // priorFor gives a symmetric spectrum for odd and even sizes.
  for (auto hw : {std::pair<int64_t, int64_t>{7, 10}, {16, 16}}) {
    const auto p = fit.priorFor(hw.first, hw.second);
    const auto P = p.eigenvalues;
    const auto reflected = torch::roll(torch::flip(P, {-2, -1}), {1, 1}, {-2, -1});
    EXPECT_TRUE(torch::equal(P, reflected));
  }
}

// ---------------------------------------------------------------------------------------------
// Exact posterior sampling where the method is exact.

TEST(PosteriorExact, InpaintingPixelPriorFromPureNoise) {
  checkFromPureNoise(test::inpaintingPixelScenario(101), 7);
}
TEST(PosteriorExact, MriStationaryPriorFromPureNoise) {
  checkFromPureNoise(test::mriFourierScenario(102), 8);
}
TEST(PosteriorExact, SuperResolutionSplitPriorFromPureNoise) {
  checkFromPureNoise(test::srDenseScenario(103), 9);
}

// VE-PC's Langevin corrector (eps = 2 (snr |z| / |score|)^2, one step per level) over-disperses:
// its variance bias does not vanish as K grows (K = 50 and K = 200 above are alike). Measured
// here at K = 200 against the predictor-only run on the same levels, whose bias is known in
// closed form: the corrector's excess shrinks as snr does, towards the predictor-only value.
TEST(PosteriorExact, VeCorrectorVarianceBiasShrinksWithSnr) {
  const Scenario sc = test::inpaintingPixelScenario(101);
  const Truth t = makeTruth(sc, kChains, 7);
  GaussianDenoiser d(sc.prior, veSchedule());
  std::cout << "\n[posterior] " << sc.name
            << ": VE-PC (1 corrector) variance bias vs snr, K=200, common random numbers\n";
  std::vector<double> bias;
  double predictorBias = 0;
  for (double snr : {0.16, 0.08, 0.04}) {
    SamplerCase c{"vepc", {}, true, false, test::LinearKind::VePredictor};
    c.settings.name = "vepc";
    c.settings.correctorSteps = 1;
    c.settings.snr = snr;
    RunOptions o;
    o.t0 = 1.0;
    o.steps = 200;
    o.seed = 4242;
    o.pureNoiseStart = true;
    const auto init = torch::zeros({kChains, 1, test::kSide, test::kSide}, torch::kFloat64);
    const RunResult res = runChains(sc, d, c, t.y, init, o);
    const LawComparison exact = test::compareToLaw(res.x, t.posterior);
    predictorBias =
        test::discrepancy(predictRun(sc, t, d.schedule(), res, c, true, sc.priorLaw.mean),
                          t.posterior)
            .varBias;
    std::cout << "  snr=" << std::setw(5) << snr << " varBias=" << fmt(exact.varBias) << " (sd "
              << fmt(exact.varBiasSd) << ", predictor-only " << fmt(predictorBias)
              << ") varErrRel=" << fmt(exact.varErrRel) << " meanErrRel=" << fmt(exact.meanErrRel)
              << "\n";
    record(sc.name + "/vepc/snr" + fmt(snr) + "/varBias", exact.varBias);
    EXPECT_EQ(meanMismatch(exact), "")
        << sc.name << " snr " << snr << ": " << test::describe(exact);
    bias.push_back(exact.varBias);
  }
  // Same seed for all three: the ordering is not blurred by independent sampling noise.
  EXPECT_GT(bias[0], bias[1]);
  EXPECT_GT(bias[1], bias[2]);
  EXPECT_GT(bias[2], predictorBias);
  // A 4x smaller snr at least halves the corrector's excess over the predictor-only bias.
  EXPECT_LT(bias[2] - predictorBias, 0.5 * (bias[0] - predictorBias));
}

TEST(PosteriorInvariance, InpaintingPixelPrior) {
  checkInvariance(test::inpaintingPixelScenario(101), 17);
}
TEST(PosteriorInvariance, MriStationaryPrior) {
  checkInvariance(test::mriFourierScenario(102), 18);
}
TEST(PosteriorInvariance, SuperResolutionSplitPrior) {
  checkInvariance(test::srDenseScenario(103), 19);
}

// The two measurement-noise modes on the same problems.
TEST(PosteriorExact, DiffusedVersusCleanMeasurement) {
  for (const Scenario& sc : {test::srDenseScenario(103)}) {
    const Truth t = makeTruth(sc, kChains, 8);
    std::cout << "\n[posterior] " << sc.name << ": Diffused vs Clean DC, from pure noise\n";
    for (const SamplerCase& c : samplerCases()) {
      if (c.label == "ddim(eta=1)") continue;
      GaussianDenoiser d(sc.prior, c.ve ? veSchedule() : vpSchedule());
      for (int64_t K : {50}) {
        for (MeasurementNoiseMode mode :
             {MeasurementNoiseMode::Diffused, MeasurementNoiseMode::Clean}) {
          RunOptions o;
          o.t0 = 1.0;
          o.steps = K;
          o.seed = 99 + K;
          o.pureNoiseStart = true;
          o.measurementNoise = mode;
          const auto init = torch::zeros({kChains, 1, test::kSide, test::kSide}, torch::kFloat64);
          const RunResult res = runChains(sc, d, c, t.y, init, o);
          const LawComparison exact = test::compareToLaw(res.x, t.posterior);
          const std::string modeName =
              mode == MeasurementNoiseMode::Diffused ? "diffused" : "clean";
          std::cout << "  " << std::left << std::setw(12) << c.label << " K=" << std::setw(4) << K
                    << std::setw(9) << modeName << " meanErrRel=" << fmt(exact.meanErrRel)
                    << " varBias=" << fmt(exact.varBias) << " (sd " << fmt(exact.varBiasSd)
                    << ") varErrRel=" << fmt(exact.varErrRel) << " chi2z=" << fmt(exact.meanChi2Z)
                    << "\n";
          record(sc.name + "/" + c.label + "/K" + std::to_string(K) + "/" + modeName + "/varBias",
                 exact.varBias);
          if (c.predicted) {
            const GaussianLaw pred =
                predictRun(sc, t, d.schedule(), res, c, true, sc.priorLaw.mean);
            const LawComparison vsPred = test::compareToLaw(res.x, pred);
            EXPECT_EQ(test::statisticalMismatch(vsPred), "")
                << sc.name << " " << c.label << " " << modeName << " K=" << K << ": "
                << test::describe(vsPred);
          } else if (mode == MeasurementNoiseMode::Diffused) {
            EXPECT_EQ(meanMismatch(exact), "") << test::describe(exact);
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Where replacement DC is an approximation: a prior that couples measured and unmeasured pixels.

TEST(PosteriorApproximate, CorrelatedPriorInpainting) {
  const Scenario sc = test::inpaintingCorrelatedScenario(104);
  const Truth t = makeTruth(sc, kChains, 23);
  const auto known = (sc.P.diagonal() > 0.5);
  const auto unknown = known.logical_not();
  const auto mu = sc.priorLaw.mean;
  const double priorGap = (mu - t.posterior.mean).index({unknown}).norm().item<double>();
  const double postSd =
      std::sqrt(t.posterior.cov.trace().item<double>() / unknown.sum().item<double>());
  std::cout << "\n[posterior] " << sc.name << ": replacement DC on a coupled prior ("
            << unknown.sum().item<int64_t>() << " unknown pixels; |mu - m_post| = " << fmt(priorGap)
            << ", posterior sd per unknown pixel " << fmt(postSd) << ", prior sd per pixel "
            << fmt(std::sqrt(sc.priorLaw.cov.trace().item<double>() / 64.0)) << ")\n";
  struct Setting {
    double t0;
    int64_t steps;
  };
  for (const SamplerCase& c : samplerCases()) {
    if (c.label != "ddpm" && c.label != "vepc") continue;
    GaussianDenoiser d(sc.prior, c.ve ? veSchedule() : vpSchedule());
    for (const Setting& st :
         std::vector<Setting>{{1.0, 10}, {1.0, 50}, {1.0, 200}, {0.7, 20}, {0.3, 20}, {0.1, 20}}) {
      RunOptions o;
      o.t0 = st.t0;
      o.steps = st.steps;
      o.seed = 5 + st.steps + int64_t(st.t0 * 100);
      o.pureNoiseStart = st.t0 == 1.0;
      auto gen = test::makeGenerator(77 + st.steps);
      const auto init = o.pureNoiseStart
                            ? torch::zeros({kChains, 1, test::kSide, test::kSide}, torch::kFloat64)
                            : test::sampleLaw(t.posterior, kChains, test::kSide, test::kSide, gen);
      const RunResult res = runChains(sc, d, c, t.y, init, o);
      const auto X = test::flattenImages(res.x);
      const auto mhat = X.mean(0);
      const auto vhat = X.var(0, true);
      const auto vpost = t.posterior.cov.diagonal();
      const double meanGap = (mhat - t.posterior.mean).index({unknown}).norm().item<double>();
      const double varRatio =
          (vhat.index({unknown}).sum() / vpost.index({unknown}).sum()).item<double>();
      const double varErrRel =
          ((vhat - vpost).index({unknown}).norm() / vpost.index({unknown}).norm()).item<double>();
      // Sampling error of the mean gap alone: sqrt(tr C_post / n).
      const double meanNoise = std::sqrt(t.posterior.cov.trace().item<double>() / double(kChains));
      std::cout << "  " << std::left << std::setw(12) << c.label << " t0=" << std::setw(4) << st.t0
                << " K=" << std::setw(4) << st.steps
                << (o.pureNoiseStart ? " (noise)    " : " (posterior)")
                << " |mean - m_post| = " << fmt(meanGap) << " (" << fmt(meanGap / priorGap)
                << " of |mu - m_post|; sampling noise ~" << fmt(meanNoise)
                << ")  total var / posterior = " << fmt(varRatio)
                << "  pixel var rel err = " << fmt(varErrRel) << "\n";
      const std::string key = c.label + "/t0=" + fmt(st.t0) + "/K" + std::to_string(st.steps);
      record(key + "/meanGapFraction", meanGap / priorGap);
      record(key + "/varRatio", varRatio);
      // Hard DC: measured pixels are the measurement, bit for bit.
      const auto yFlat = test::flattenImages(t.y);
      EXPECT_EQ((X.index({torch::indexing::Slice(), known}) -
                 yFlat.index({torch::indexing::Slice(), known}))
                    .abs()
                    .max()
                    .item<double>(),
                0.0)
          << key;
      // The measurement pulls the estimate from the prior mean towards the posterior mean.
      EXPECT_LT(meanGap, priorGap) << key;
    }
  }
}

}  // namespace
}  // namespace ccdf
