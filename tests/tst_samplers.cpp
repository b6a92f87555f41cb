// Samplers and the run loop: single steps against the equations of DESIGN.md §1 (with the same
// generator draws), DDIM eta = 0 determinism, cancellation, event order and NFE accounting.
// The denoiser is the exact Gaussian one, so every expected value is computable by hand.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "ccdf/run.h"
#include "prior/gaussian_prior.h"
#include "sampling/sampler.h"
#include "schedule/noise_schedule.h"
#include "support/gaussian_truth.h"

namespace ccdf {
namespace {

const bool kSingleThreaded = [] {
  at::set_num_threads(1);
  return true;
}();

constexpr int64_t kBatch = 6;

GaussianPrior prior() { return test::inpaintingCorrelatedScenario(1).prior; }

torch::Tensor randomState(double scale, uint64_t seed) {
  auto gen = test::makeGenerator(seed);
  return scale * torch::randn({kBatch, 1, 8, 8}, gen, torch::kFloat64);
}

// The next standard normal draw a fresh generator with this seed produces for x's shape.
torch::Tensor draw(uint64_t seed, int skip = 0) {
  auto gen = test::makeGenerator(seed);
  torch::Tensor z;
  for (int j = 0; j <= skip; ++j) z = torch::randn({kBatch, 1, 8, 8}, gen, torch::kFloat64);
  return z;
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

// ---------------------------------------------------------------------------------------------
// Single steps against the closed-form update rules.

TEST(SamplerStep, DdpmMatchesEquations) {
  const auto s = NoiseSchedule::vpLinear();
  GaussianDenoiser d(prior(), s);
  const auto x = randomState(1.0, 1);
  for (auto [from, to] :
       std::vector<std::pair<int64_t, int64_t>>{{1000, 950}, {300, 299}, {20, 0}}) {
    for (auto variance : {DdpmVariance::FixedSmall, DdpmVariance::FixedLarge}) {
      DdpmSampler sampler(variance);
      auto gen = test::makeGenerator(5);
      const StepOutput out = sampler.step(d, x, from, to, gen, {});
      const double abF = s.alphaBar(from), abT = s.alphaBar(to);
      const double beta = 1 - abF / abT, alpha = 1 - beta;
      const auto eps = d(x, from).eps;
      auto expected = (x - beta / std::sqrt(1 - abF) * eps) / std::sqrt(alpha);
      if (to > 0) {
        const double var =
            variance == DdpmVariance::FixedSmall ? beta * (1 - abT) / (1 - abF) : beta;
        expected = expected + std::sqrt(var) * draw(5);
      }
      EXPECT_LT(maxDiff(out.x, expected), 1e-10) << from << "->" << to;
      EXPECT_LT(maxDiff(out.x0, d(x, from).x0), 1e-12);
    }
  }
  // Learned variance needs a model that predicts it.
  DdpmSampler learned(DdpmVariance::Learned);
  auto gen = test::makeGenerator(1);
  EXPECT_THROW(learned.step(d, x, 10, 5, gen, {}), std::runtime_error);
}

TEST(SamplerStep, DdimMatchesEquations) {
  const auto s = NoiseSchedule::vpCosine();
  GaussianDenoiser d(prior(), s);
  const auto x = randomState(1.0, 2);
  for (double eta : {0.0, 0.5, 1.0}) {
    DdimSampler sampler(eta);
    for (auto [from, to] : std::vector<std::pair<int64_t, int64_t>>{{900, 850}, {50, 0}}) {
      auto gen = test::makeGenerator(6);
      const StepOutput out = sampler.step(d, x, from, to, gen, {});
      const double abF = s.alphaBar(from), abT = s.alphaBar(to);
      const auto den = d(x, from);
      const auto x0 = (x - std::sqrt(1 - abF) * den.eps) / std::sqrt(abF);
      EXPECT_LT(maxDiff(x0, den.x0), 1e-10);
      const double sig = eta * std::sqrt((1 - abT) / (1 - abF)) * std::sqrt(1 - abF / abT);
      auto expected = std::sqrt(abT) * x0 + std::sqrt(1 - abT - sig * sig) * den.eps;
      if (sig > 0) expected = expected + sig * draw(6);
      EXPECT_LT(maxDiff(out.x, expected), 1e-10) << "eta " << eta << " " << from << "->" << to;
    }
  }
}

TEST(SamplerStep, VePredictorAndCorrectorMatchEquations) {
  const auto s = NoiseSchedule::veGeometric(0.01, 50.0, 1000);
  GaussianDenoiser d(prior(), s);
  const auto x = randomState(10.0, 3);
  const int64_t from = 600, to = 590;
  const double sF = s.sigma(from), sT = s.sigma(to);
  // Predictor only.
  {
    VePcSampler sampler(0);
    auto gen = test::makeGenerator(7);
    const StepOutput out = sampler.step(d, x, from, to, gen, {});
    const auto score = -d(x, from).eps / sF;
    const auto expected = x + (sF * sF - sT * sT) * score + std::sqrt(sF * sF - sT * sT) * draw(7);
    EXPECT_LT(maxDiff(out.x, expected), 1e-9);
  }
  // One Langevin corrector step (eps = 2 (snr |z| / |score|)^2 per sample), then the predictor.
  {
    const double snr = 0.16;
    VePcSampler sampler(1, snr);
    auto gen = test::makeGenerator(8);
    const StepOutput out = sampler.step(d, x, from, to, gen, {});
    const auto z = draw(8, 0), zPred = draw(8, 1);
    const auto score = -d(x, from).eps / sF;
    const auto zn = z.flatten(1).norm(2, {1}).view({kBatch, 1, 1, 1});
    const auto sn = score.flatten(1).norm(2, {1}).view({kBatch, 1, 1, 1});
    const auto stepSize = 2 * (snr * zn / sn).square();
    const auto xc = x + stepSize * score + torch::sqrt(2 * stepSize) * z;
    const auto score2 = -d(xc, from).eps / sF;
    const auto expected = xc + (sF * sF - sT * sT) * score2 + std::sqrt(sF * sF - sT * sT) * zPred;
    EXPECT_LT(maxDiff(out.x, expected), 1e-9);
  }
  // The final step to sigma_0 = 0 adds no noise: it lands on the denoiser's x0 (Tweedie).
  {
    VePcSampler sampler(0);
    auto gen = test::makeGenerator(9);
    const StepOutput out = sampler.step(d, x, 1, 0, gen, {});
    EXPECT_LT(maxDiff(out.x, d(x, 1).x0), 1e-9);
  }
}

TEST(SamplerStep, SupportsAndNfePerStep) {
  const auto vp = NoiseSchedule::vpLinear(), ve = NoiseSchedule::veGeometric(0.01, 50, 100);
  EXPECT_TRUE(DdpmSampler().supports(vp));
  EXPECT_FALSE(DdpmSampler().supports(ve));
  EXPECT_TRUE(DdimSampler().supports(vp));
  EXPECT_FALSE(DdimSampler().supports(ve));
  EXPECT_TRUE(VePcSampler().supports(ve));
  EXPECT_FALSE(VePcSampler().supports(vp));
  EXPECT_EQ(VePcSampler(0).nfePerStep(), 1);
  EXPECT_EQ(VePcSampler(2).nfePerStep(), 3);
  EXPECT_EQ(DdpmSampler().nfePerStep(), 1);
  SamplerSettings bad;
  bad.name = "euler";
  EXPECT_THROW(makeSampler(bad), std::invalid_argument);
  // A VP sampler on a VE model is refused up front.
  GaussianDenoiser d(prior(), ve);
  DdpmSampler ddpm;
  Problem p;
  p.x0Init = randomState(1, 1);
  EXPECT_THROW(runCcdf(p, d, ddpm, RunOptions{}), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Determinism.

TEST(SamplerRun, DdimEtaZeroIgnoresTheGenerator) {
  const auto s = NoiseSchedule::vpLinear();
  GaussianDenoiser d(prior(), s);
  DdimSampler sampler(0.0);
  const auto start = randomState(1.0, 4);
  // A whole respaced reverse chain with two different generators.
  torch::Tensor xa = start, xb = start;
  auto ga = test::makeGenerator(1), gb = test::makeGenerator(999);
  const auto levels = respacedLevels(600, 25);
  for (size_t k = 1; k < levels.size(); ++k) {
    xa = sampler.step(d, xa, levels[k - 1], levels[k], ga, {}).x;
    xb = sampler.step(d, xb, levels[k - 1], levels[k], gb, {}).x;
  }
  EXPECT_TRUE(torch::equal(xa, xb));
  // In a run the seed enters only through the forward jump: with the same seed the output is
  // bitwise reproducible, for every sampler.
  for (const char* name : {"ddpm", "ddim"}) {
    SamplerSettings st;
    st.name = name;
    auto sm = makeSampler(st);
    Problem p;
    p.x0Init = start;
    RunOptions o;
    o.t0 = 0.4;
    o.steps = 10;
    o.seed = 12;
    const auto r1 = runCcdf(p, d, *sm, o), r2 = runCcdf(p, d, *sm, o);
    EXPECT_TRUE(torch::equal(r1.x, r2.x)) << name;
    o.seed = 13;
    EXPECT_FALSE(torch::equal(r1.x, runCcdf(p, d, *sm, o).x)) << name;
  }
}

// ---------------------------------------------------------------------------------------------
// The run loop: events, cancellation, NFE.

struct Recorder {
  std::vector<StepEvent> events;
};

TEST(SamplerRun, EventsArriveInOrder) {
  const auto s = NoiseSchedule::vpLinear();
  GaussianDenoiser d(prior(), s);
  const auto sc = test::inpaintingCorrelatedScenario(1);
  const auto x = randomState(0.3, 5);
  Problem p;
  p.op = sc.op;
  p.y = sc.op->A(x);
  p.x0Init = x;
  for (int64_t interval : {1, 3}) {
    DdpmSampler sampler;
    RunOptions o;
    o.t0 = 0.5;
    o.steps = 20;
    o.eventInterval = interval;
    std::vector<StepEvent> events;
    const RunResult r = runCcdf(p, d, sampler, o, [&](const StepEvent& e) { events.push_back(e); });
    ASSERT_EQ(r.levels.size(), 21u);
    std::vector<int64_t> expectedK;
    for (int64_t k = 1; k <= 20; ++k)
      if (k % interval == 0 || k == 20) expectedK.push_back(k);
    ASSERT_EQ(events.size(), expectedK.size()) << "interval " << interval;
    for (size_t j = 0; j < events.size(); ++j) {
      const StepEvent& e = events[j];
      EXPECT_EQ(e.k, expectedK[j]);
      EXPECT_EQ(e.K, 20);
      EXPECT_EQ(e.level, r.levels[e.k]);
      EXPECT_NEAR(e.noiseLevel, s.noiseScale(e.level) / s.signalScale(e.level), 1e-12);
      EXPECT_EQ(e.nfe, e.k * sampler.nfePerStep());
      EXPECT_EQ(e.x.sizes(), x.sizes());
      EXPECT_EQ(e.x0.sizes(), x.sizes());
      if (j > 0) EXPECT_GT(e.k, events[j - 1].k);
    }
    EXPECT_TRUE(torch::equal(events.back().x, r.x));
    EXPECT_EQ(events.back().level, 0);
  }
}

TEST(SamplerRun, CancelStopsWithinOneStep) {
  const auto s = NoiseSchedule::veGeometric(0.01, 50.0, 1000);
  GaussianDenoiser d(prior(), s);
  VePcSampler sampler(1);
  Problem p;
  p.x0Init = randomState(0.3, 6);
  RunOptions o;
  o.t0 = 0.6;
  o.steps = 15;
  for (int64_t stopAt : {1, 7, 14}) {
    CancelToken token;
    std::vector<int64_t> ks;
    torch::Tensor lastX;
    const RunResult r = runCcdf(
        p, d, sampler, o,
        [&](const StepEvent& e) {
          ks.push_back(e.k);
          lastX = e.x;
          if (e.k == stopAt) token.cancel();
        },
        &token);
    EXPECT_TRUE(r.cancelled) << stopAt;
    EXPECT_EQ(r.stepsDone, stopAt);
    ASSERT_EQ(int64_t(ks.size()), stopAt) << "no events after the cancel";
    EXPECT_EQ(ks.back(), stopAt);
    EXPECT_EQ(r.nfe, stopAt * sampler.nfePerStep());
    EXPECT_TRUE(torch::equal(r.x, lastX)) << "the result is the last state";
  }
  // Cancelled before the first step: nothing runs.
  CancelToken token;
  token.cancel();
  int events = 0;
  const RunResult r = runCcdf(
      p, d, sampler, o, [&](const StepEvent&) { ++events; }, &token);
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.stepsDone, 0);
  EXPECT_EQ(r.nfe, 0);
  EXPECT_EQ(events, 0);
  // A finished run is not cancelled.
  CancelToken idle;
  const RunResult full = runCcdf(p, d, sampler, o, {}, &idle);
  EXPECT_FALSE(full.cancelled);
  EXPECT_EQ(full.stepsDone, 15);
}

TEST(SamplerRun, NfeIsStepsTimesNfePerStep) {
  const auto vp = NoiseSchedule::vpLinear(), ve = NoiseSchedule::veGeometric(0.01, 50.0, 1000);
  GaussianDenoiser dvp(prior(), vp), dve(prior(), ve);
  Problem p;
  p.x0Init = randomState(0.3, 7);
  struct Case {
    std::unique_ptr<Sampler> sampler;
    Denoiser* d;
  };
  std::vector<Case> cases;
  cases.push_back({std::make_unique<DdpmSampler>(), &dvp});
  cases.push_back({std::make_unique<DdimSampler>(0.3), &dvp});
  cases.push_back({std::make_unique<VePcSampler>(0), &dve});
  cases.push_back({std::make_unique<VePcSampler>(1), &dve});
  cases.push_back({std::make_unique<VePcSampler>(3), &dve});
  for (auto& c : cases) {
    for (auto [t0, steps] :
         std::vector<std::pair<double, int64_t>>{{1.0, 10}, {0.3, 25}, {0.005, 20}}) {
      RunOptions o;
      o.t0 = t0;
      o.steps = steps;
      const int64_t before = c.d->nfe();
      const RunResult r = runCcdf(p, *c.d, *c.sampler, o);
      const int64_t K = std::min<int64_t>(steps, c.d->schedule().indexForTime(t0));
      EXPECT_EQ(r.stepsDone, K);
      EXPECT_EQ(r.nfe, K * c.sampler->nfePerStep()) << c.sampler->name();
      EXPECT_EQ(c.d->nfe() - before, r.nfe) << c.sampler->name();
    }
  }
}

}  // namespace
}  // namespace ccdf
