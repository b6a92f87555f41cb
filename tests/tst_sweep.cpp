// The batched t0 sweep (ccdf/sweep.h): equal to one run per t0 where the noise is the same,
// the right output law where it is not, and one network call per grid step.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "ccdf/sweep.h"
#include "prior/gaussian_prior.h"
#include "support/gaussian_truth.h"

namespace ccdf {
namespace {

NoiseSchedule vpSchedule() { return NoiseSchedule::vpLinear(1000); }

std::unique_ptr<Sampler> ddim(double eta) {
  SamplerSettings s;
  s.name = "ddim";
  s.eta = eta;
  return makeSampler(s);
}

TEST(Sweep, ChainsMapToTheSharedGrid) {
  const auto s = vpSchedule();
  const SweepChain c = sweepChainFor(s, 0.33, 20);  // 0.33 * 20 = 6.6 -> 7 steps
  EXPECT_EQ(c.steps, 7);
  EXPECT_EQ(c.startLevel, 350);
  EXPECT_DOUBLE_EQ(c.t0, 0.35);
  EXPECT_EQ(sweepChainFor(s, 1.0, 20).startLevel, 1000);
  EXPECT_EQ(sweepChainFor(s, 0.001, 20).steps, 1);  // at least one step
  EXPECT_THROW(sweepChainFor(s, 0.0, 20), std::invalid_argument);
  EXPECT_THROW(sweepChainFor(s, 0.5, 0), std::invalid_argument);
}

// With DDIM (eta = 0) and clean DC the only noise is each chain's forward jump, drawn from a
// generator seeded like runCcdf's: the sweep must give every chain's single-run result.
TEST(Sweep, DeterministicSamplerReproducesOneRunPerT0) {
  for (const auto& sc : {test::inpaintingPixelScenario(3), test::mriFourierScenario(4)}) {
    GaussianDenoiser d(sc.prior, vpSchedule());
    auto gen = test::makeGenerator(11);
    const auto xTrue = sc.prior.sample(1, gen).to(torch::kFloat64);
    Problem p{sc.op, sc.op->A(xTrue), torch::real(sc.op->AH(sc.op->A(xTrue))).contiguous()};
    RunOptions o;
    o.steps = 20;
    o.seed = 5;
    o.measurementNoise = MeasurementNoiseMode::Clean;
    const std::vector<double> t0s{0.3, 1.0, 0.55, 0.1};
    auto sampler = ddim(0.0);
    d.resetNfe();
    const SweepResult sweep = runCcdfSweep(p, d, *sampler, t0s, o);
    ASSERT_EQ(sweep.x.size(0), 4);
    EXPECT_EQ(sweep.networkCalls, 20) << "one call per grid step from t0 = 1";
    EXPECT_EQ(sweep.sequentialCalls, 6 + 20 + 11 + 2);
    for (size_t t = 0; t < t0s.size(); ++t) {
      const SweepChain& c = sweep.chains[t];
      RunOptions single = o;
      single.t0 = c.t0;
      single.steps = c.steps;
      const RunResult run = runCcdf(p, d, *sampler, single);
      EXPECT_EQ(run.levels.front(), c.startLevel);
      EXPECT_TRUE(torch::allclose(sweep.x[int64_t(t)], run.x[0], 1e-6, 1e-9))
          << sc.name << " t0 " << c.t0 << ": max diff "
          << (sweep.x[int64_t(t)] - run.x[0]).abs().max().item<double>();
    }
  }
}

// With ancestral noise and diffused DC the chains share one stream: their laws must still be
// the closed-form laws of single runs on the same grid.
TEST(Sweep, StochasticChainsHaveTheLawsOfSingleRuns) {
  const auto sc = test::inpaintingPixelScenario(7);
  GaussianDenoiser d(sc.prior, vpSchedule());
  auto gen = test::makeGenerator(21);
  const auto xTrue = sc.prior.sample(1, gen).to(torch::kFloat64);
  const auto exact = test::exactPosterior(sc.priorLaw, sc.P, xTrue);
  Problem p{sc.op, sc.op->A(xTrue), torch::zeros({1, 1, test::kSide, test::kSide}, torch::kF64)};
  RunOptions o;
  o.steps = 20;
  o.measurementNoise = MeasurementNoiseMode::Diffused;
  // From x0_init = 0 the start is a_i0 * 0 + b_i0 z; at t0 = 0.25 the chain has not forgotten
  // its start, so the law depends on the chain's own levels.
  const std::vector<double> t0s{0.6, 0.25};
  auto sampler = ddim(1.0);
  const int64_t draws = 1500;
  std::vector<torch::Tensor> outputs[2];
  for (int64_t n = 0; n < draws; ++n) {
    o.seed = uint64_t(1000 + n);
    const SweepResult sweep = runCcdfSweep(p, d, *sampler, t0s, o);
    for (int t = 0; t < 2; ++t) outputs[t].push_back(sweep.x[t]);
  }
  const auto s = vpSchedule();
  for (int t = 0; t < 2; ++t) {
    const SweepChain c = sweepChainFor(s, t0s[size_t(t)], o.steps);
    const std::vector<int64_t> levels = respacedLevels(c.startLevel, c.steps);
    const double b = s.noiseScale(c.startLevel), a = s.signalScale(c.startLevel);
    const test::GaussianLaw predicted = test::predictDecoupledRun(
        sc.priorLaw, exact, sc.P, s, levels, test::LinearKind::Ddim, 1.0,
        [b](double) { return b * b; }, -a * sc.priorLaw.mean);
    const test::LawComparison vs = test::compareToLaw(torch::stack(outputs[t]), predicted);
    EXPECT_EQ(test::statisticalMismatch(vs), "") << "t0 " << c.t0 << ": " << test::describe(vs);
  }
}

TEST(Sweep, RejectsBatchesAndEmptyLists) {
  const auto sc = test::inpaintingPixelScenario(3);
  GaussianDenoiser d(sc.prior, vpSchedule());
  auto sampler = ddim(0.0);
  const auto x = torch::zeros({2, 1, test::kSide, test::kSide}, torch::kFloat64);
  Problem batch{sc.op, sc.op->A(x), x};
  EXPECT_THROW(runCcdfSweep(batch, d, *sampler, {0.5}, {}), std::invalid_argument);
  Problem one{sc.op, sc.op->A(x[0].unsqueeze(0)), x[0].unsqueeze(0)};
  EXPECT_THROW(runCcdfSweep(one, d, *sampler, {}, {}), std::invalid_argument);
  EXPECT_THROW(runCcdfSweep(one, d, *sampler, {0.5, 1.5}, {}), std::invalid_argument);
}

TEST(Sweep, CancelStopsBetweenSteps) {
  const auto sc = test::inpaintingPixelScenario(3);
  GaussianDenoiser d(sc.prior, vpSchedule());
  auto sampler = ddim(0.0);
  const auto x = torch::zeros({1, 1, test::kSide, test::kSide}, torch::kFloat64);
  Problem p{sc.op, sc.op->A(x), x};
  CancelToken cancel;
  RunOptions o;
  o.steps = 20;
  int events = 0;
  const SweepResult r = runCcdfSweep(
      p, d, *sampler, {1.0, 0.2}, o,
      [&](const StepEvent& e) {
        if (++events == 5) cancel.cancel();
      },
      &cancel);
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.stepsDone, 5);
  EXPECT_EQ(r.networkCalls, 5);
}

}  // namespace
}  // namespace ccdf
