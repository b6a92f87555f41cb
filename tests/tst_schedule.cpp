// Noise schedules against their closed forms: alphaBar products, VE geometric sigmas, the
// forward marginals x_i = a_i x0 + b_i z (sampled), and IDDPM respacing.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "ccdf/run.h"
#include "schedule/noise_schedule.h"
#include "support/gaussian_truth.h"

namespace ccdf {
namespace {

const bool kSingleThreaded = [] {
  at::set_num_threads(1);
  return true;
}();

TEST(Schedule, VpLinearMatchesProductOfBetas) {
  const auto s = NoiseSchedule::vpLinear(1000, 1e-4, 0.02);
  EXPECT_EQ(s.size(), 1000);
  EXPECT_TRUE(s.isVariancePreserving());
  double abar = 1.0;
  EXPECT_DOUBLE_EQ(s.alphaBar(0), 1.0);
  for (int64_t i = 1; i <= 1000; ++i) {
    abar *= 1.0 - (1e-4 + (0.02 - 1e-4) * double(i - 1) / 999.0);
    ASSERT_NEAR(s.alphaBar(i) / abar, 1.0, 1e-12) << i;
    ASSERT_LT(s.alphaBar(i), s.alphaBar(i - 1));
  }
  // Known value for the DDPM schedule: abar_1000 = 4.04e-5 (to 3 digits).
  EXPECT_NEAR(s.alphaBar(1000), 4.036e-5, 0.01e-5);
  EXPECT_THROW(s.alphaBar(1001), std::out_of_range);
  EXPECT_THROW(s.alphaBar(-1), std::out_of_range);
}

TEST(Schedule, VpCosineMatchesClosedForm) {
  const auto s = NoiseSchedule::vpCosine(1000, 0.008);
  const auto f = [](double t) {
    const double c = std::cos((t / 1000.0 + 0.008) / 1.008 * M_PI / 2);
    return c * c;
  };
  for (int64_t i : {0, 1, 10, 100, 500, 900, 990})
    EXPECT_NEAR(s.alphaBar(i), f(i) / f(0), 1e-9) << i;
  for (int64_t i = 1; i <= 1000; ++i) ASSERT_LT(s.alphaBar(i), s.alphaBar(i - 1));
  EXPECT_LT(s.alphaBar(1000), 1e-6);  // beta clipped at 0.999 near the end
}

TEST(Schedule, VeGeometricSigmas) {
  const auto s = NoiseSchedule::veGeometric(0.01, 378.0, 2000);
  EXPECT_FALSE(s.isVariancePreserving());
  EXPECT_DOUBLE_EQ(s.sigma(0), 0.0);
  EXPECT_NEAR(s.sigma(1), 0.01, 1e-15);
  EXPECT_NEAR(s.sigma(2000), 378.0, 1e-9);
  const double ratio = std::pow(378.0 / 0.01, 1.0 / 1999.0);
  for (int64_t i = 2; i <= 2000; ++i) ASSERT_NEAR(s.sigma(i) / s.sigma(i - 1), ratio, 1e-12);
  for (int64_t i : {0, 1, 700, 2000}) {
    EXPECT_DOUBLE_EQ(s.signalScale(i), 1.0);
    EXPECT_DOUBLE_EQ(s.noiseScale(i), s.sigma(i));
  }
}

TEST(Schedule, ScalesAndEquivalentSigma) {
  for (const auto& s : {NoiseSchedule::vpLinear(), NoiseSchedule::vpCosine()}) {
    for (int64_t i : {0, 1, 123, 999, 1000}) {
      const double a = s.signalScale(i), b = s.noiseScale(i);
      EXPECT_NEAR(a * a + b * b, 1.0, 1e-12);
      EXPECT_NEAR(a * a, s.alphaBar(i), 1e-12);
      EXPECT_NEAR(s.sigma(i), b / a, 1e-9 * (1 + b / a));
    }
  }
}

TEST(Schedule, IndexForTime) {
  const auto s = NoiseSchedule::vpLinear(1000);
  EXPECT_EQ(s.indexForTime(1.0), 1000);
  EXPECT_EQ(s.indexForTime(0.2), 200);
  EXPECT_EQ(s.indexForTime(0.2004), 200);
  EXPECT_EQ(s.indexForTime(0.2006), 201);
  EXPECT_EQ(s.indexForTime(1e-9), 1);
  EXPECT_THROW(s.indexForTime(0.0), std::invalid_argument);
  EXPECT_THROW(s.indexForTime(1.5), std::invalid_argument);
  EXPECT_THROW(s.indexForTime(std::nan("")), std::invalid_argument);
}

TEST(Schedule, NamesRoundTrip) {
  for (auto k : {ScheduleKind::VpLinear, ScheduleKind::VpCosine, ScheduleKind::VeGeometric})
    EXPECT_EQ(scheduleKindFromString(toString(k)), k);
  EXPECT_THROW(scheduleKindFromString("linear-ish"), std::invalid_argument);
  EXPECT_THROW(NoiseSchedule::vpLinear(0), std::invalid_argument);
  EXPECT_THROW(NoiseSchedule::veGeometric(1.0, 0.5, 10), std::invalid_argument);
}

// forwardDiffuse(x0, i) ~ N(a_i x0, b_i^2 I): per-pixel sample mean and variance over n draws,
// tolerances kZ standard errors (mean: b / sqrt(n); pooled variance: b^2 sqrt(2 / (n D))).
TEST(Schedule, ForwardDiffuseHasClosedFormMarginals) {
  const int64_t n = 20000, D = 64;
  const auto x0 = torch::linspace(-1.0, 1.0, D, torch::kFloat64).reshape({1, 1, 8, 8});
  const auto batch = x0.expand({n, 1, 8, 8}).contiguous();
  for (const auto& s : {NoiseSchedule::vpLinear(), NoiseSchedule::vpCosine(),
                        NoiseSchedule::veGeometric(0.01, 50.0, 1000)}) {
    for (int64_t i : {1, 250, 600, 1000}) {
      auto gen = test::makeGenerator(uint64_t(i));
      const auto x = forwardDiffuse(s, batch, i, gen);
      const double a = s.signalScale(i), b = s.noiseScale(i);
      const auto X = x.reshape({n, D});
      const auto mean = X.mean(0), var = X.var(0, true);
      const double meanZ =
          ((mean - a * x0.flatten()).abs().max().item<double>()) / (b / std::sqrt(double(n)));
      const double pooledVar = var.mean().item<double>() / (b * b) - 1.0;
      const double pooledSd = std::sqrt(2.0 / (double(n) * D));
      // Off-diagonal covariance: pixels independent.
      const auto Xc = (X - mean) / b;
      const auto C = Xc.t().matmul(Xc) / double(n - 1);
      const double offDiag =
          (C - torch::diag(C.diagonal())).abs().max().item<double>() * std::sqrt(double(n));
      std::cout << "[schedule] " << toString(s.kind()) << " i=" << i << ": a=" << a << " b=" << b
                << " max mean z=" << meanZ << " pooled var rel err=" << pooledVar << " (sd "
                << pooledSd << ") max off-diag corr z=" << offDiag << "\n";
      EXPECT_LT(meanZ, 5.5) << toString(s.kind()) << " level " << i;  // max over 64 pixels
      EXPECT_LT(std::abs(pooledVar), test::kZ * pooledSd) << toString(s.kind()) << " level " << i;
      EXPECT_LT(offDiag, 6.0) << toString(s.kind()) << " level " << i;  // max over 2016 pairs
      EXPECT_EQ(x.scalar_type(), torch::kFloat64);
    }
  }
  // Same generator state, same draw.
  auto g1 = test::makeGenerator(3), g2 = test::makeGenerator(3);
  const auto s = NoiseSchedule::vpLinear();
  EXPECT_TRUE(torch::equal(forwardDiffuse(s, x0, 500, g1), forwardDiffuse(s, x0, 500, g2)));
}

TEST(Schedule, RespacedLevels) {
  for (int64_t start : {1, 7, 100, 200, 999, 1000}) {
    for (int64_t steps : {1, 3, 20, 50, 1000, 5000}) {
      const auto levels = respacedLevels(start, steps);
      const int64_t K = std::min(steps, start);
      ASSERT_EQ(int64_t(levels.size()), K + 1) << start << " " << steps;
      EXPECT_EQ(levels.front(), start);
      EXPECT_EQ(levels.back(), 0);
      int64_t minGap = start, maxGap = 0;
      for (size_t k = 1; k < levels.size(); ++k) {
        ASSERT_LT(levels[k], levels[k - 1]) << start << " " << steps;
        minGap = std::min(minGap, levels[k - 1] - levels[k]);
        maxGap = std::max(maxGap, levels[k - 1] - levels[k]);
      }
      EXPECT_LE(maxGap - minGap, 1) << "evenly spread: start " << start << " steps " << steps;
    }
  }
  EXPECT_THROW(respacedLevels(0, 10), std::invalid_argument);
  EXPECT_THROW(respacedLevels(10, 0), std::invalid_argument);
}

// IDDPM respacing: with beta'_k = 1 - abar(from)/abar(to), the cumulative product of
// (1 - beta') over the kept levels reproduces abar at every kept level.
TEST(Schedule, RespacedBetasReproduceAlphaBar) {
  for (const auto& s : {NoiseSchedule::vpLinear(), NoiseSchedule::vpCosine()}) {
    for (auto [start, steps] :
         std::vector<std::pair<int64_t, int64_t>>{{1000, 20}, {700, 33}, {200, 200}, {57, 10}}) {
      const auto levels = respacedLevels(start, steps);
      double abar = 1.0;  // level 0
      double tol = 0;     // rounding: 1 - beta' loses eps / (1 - beta') relative precision
      for (size_t k = levels.size() - 1; k >= 1; --k) {
        const double beta = respacedBeta(s, levels[k - 1], levels[k]);
        ASSERT_GT(beta, 0.0);
        ASSERT_LT(beta, 1.0);
        abar *= 1.0 - beta;
        tol += 4e-16 / (1.0 - beta) + 4e-16;
        EXPECT_NEAR(abar / s.alphaBar(levels[k - 1]), 1.0, tol)
            << toString(s.kind()) << " level " << levels[k - 1];
      }
    }
  }
}

}  // namespace
}  // namespace ccdf
