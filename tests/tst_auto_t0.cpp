// Automatic t0 (ccdf/auto_t0.h): the rule against its definition, and monotone behaviour on
// real photographs: more corruption or a worse initialiser never gives a smaller t0.
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "ccdf/auto_t0.h"
#include "io/image_io.h"
#include "io/initialisers.h"
#include "ops/masks.h"
#include "support/test_paths.h"

using namespace ccdf;

namespace {

const NoiseSchedule kVp = NoiseSchedule::vpLinear(1000);

torch::Tensor photo(const std::string& name, int64_t channels) {  // model range [-1, 1]
  ImageLoadOptions o;
  o.channels = channels;
  return loadImage(test::sourcePath("resources/samples/" + name), o).image * 2 - 1;
}

double autoT0(const Operator& op, const torch::Tensor& x, const std::string& init,
              const NoiseSchedule& s = kVp) {
  const auto y = op.A(x);
  auto gen = at::detail::createCPUGenerator(0);
  auto x0 = createInitialiser(init)->initialise(op, y, gen);
  if (x0.is_complex()) x0 = torch::real(x0);
  AutoT0Options o;
  o.initialiserQuality = initialiserQuality(init, op);
  return chooseT0(op, y, x0, s, o).t0;
}

}  // namespace

TEST(AutoT0, ChoosesTheFirstLevelWhoseNoiseReachesTheError) {
  // Every pixel known: the whole error is measured, e0 = sigma^2 exactly.
  const auto x = photo("astronaut.png", 3);
  Inpainting op(x.sizes().vec(), torch::ones({x.size(2), x.size(3)}));
  auto gen = at::detail::createCPUGenerator(1);
  const double sigma = 0.1;
  const auto x0 = x + sigma * torch::randn(x.sizes(), gen);
  const double e0 = (x0 - x).square().mean().item<double>();
  for (const auto& s :
       {kVp, NoiseSchedule::vpCosine(1000), NoiseSchedule::veGeometric(0.01, 100, 1000)})
    for (double kappa : {0.5, 1.0, 4.0}) {
      AutoT0Options o;
      o.kappa = kappa;
      o.minT0 = 0.001;
      const AutoT0Choice c = chooseT0(op, op.A(x), x0, s, o);
      EXPECT_NEAR(c.initialError, e0, 1e-6 * e0);
      EXPECT_NEAR(c.nullSpaceError, 0.0, 1e-12);
      int64_t expected = s.size();
      for (int64_t i = 1; i <= s.size(); ++i)
        if (s.noiseScale(i) / s.signalScale(i) >= std::sqrt(kappa * e0)) {
          expected = i;
          break;
        }
      EXPECT_EQ(c.level, expected) << toString(s.kind()) << " kappa " << kappa;
      EXPECT_DOUBLE_EQ(c.t0, double(expected) / 1000.0);
    }
}

TEST(AutoT0, ClampsAndRejectsBadOptions) {
  const auto x = photo("camera.png", 1);
  SuperResolution op(x.sizes().vec(), 4);
  const auto y = op.A(x);
  AutoT0Options o;
  o.minT0 = 0.3;
  EXPECT_GE(chooseT0(op, y, op.AH(y), kVp, o).t0, 0.3);
  o.minT0 = 0.01;
  o.maxT0 = 0.02;
  EXPECT_LE(chooseT0(op, y, op.AH(y), kVp, o).t0, 0.02);
  o.maxT0 = 1.5;
  EXPECT_THROW(chooseT0(op, y, op.AH(y), kVp, o), std::invalid_argument);
  EXPECT_THROW(chooseT0(op, y.repeat({2, 1, 1, 1}), op.AH(y), kVp, {}), std::invalid_argument);
}

TEST(AutoT0, MoreCorruptionNeverLowersT0) {
  const auto rgb = photo("astronaut.png", 3), grey = photo("camera.png", 1);
  const auto phantom = photo("phantom.png", 1);
  for (const auto& [x, init] :
       {std::pair{rgb, std::string("adjoint")}, {rgb, "bicubic"}, {grey, "lanczos"}}) {
    double previous = 0;
    for (int64_t s : {2, 4, 8}) {
      const double t0 = autoT0(SuperResolution(x.sizes().vec(), s), x, init);
      EXPECT_GE(t0, previous) << "SR x" << s << " " << init;
      previous = t0;
    }
  }
  for (const std::string init : {"adjoint", "telea"}) {
    double previous = 0;
    for (double f : {0.1, 0.25, 0.4, 0.5}) {
      const double t0 = autoT0(Inpainting(rgb.sizes().vec(), makeBoxMask(256, 256, f)), rgb, init);
      EXPECT_GE(t0, previous) << "box " << f << " " << init;
      previous = t0;
    }
  }
  double previous = 0;
  for (double r : {2.0, 4.0, 6.0, 8.0}) {
    KspaceMaskSpec spec;
    spec.acceleration = r;
    const auto mask = makeKspaceMask(phantom.size(2), phantom.size(3), spec);
    const double t0 = autoT0(MriSampling(phantom.sizes().vec(), mask), phantom, "zero-filled",
                             NoiseSchedule::veGeometric(0.01, 100, 1000));
    EXPECT_GE(t0, previous) << "MRI x" << r;
    previous = t0;
  }
}

TEST(AutoT0, WorseInitialiserNeverLowersT0) {
  const auto x = photo("astronaut.png", 3);
  SuperResolution sr(x.sizes().vec(), 4);
  EXPECT_GE(autoT0(sr, x, "adjoint"), autoT0(sr, x, "bicubic"));
  EXPECT_GE(autoT0(sr, x, "noise"), autoT0(sr, x, "adjoint"));
  Inpainting inpaint(x.sizes().vec(), makeBoxMask(256, 256, 0.4));
  EXPECT_GE(autoT0(inpaint, x, "adjoint"), autoT0(inpaint, x, "telea"));
  EXPECT_GE(autoT0(inpaint, x, "noise"), autoT0(inpaint, x, "adjoint"));
  const auto phantom = photo("phantom.png", 1);
  KspaceMaskSpec spec;
  MriSampling mri(phantom.sizes().vec(), makeKspaceMask(phantom.size(2), phantom.size(3), spec));
  const auto ve = NoiseSchedule::veGeometric(0.01, 100, 1000);
  EXPECT_GE(autoT0(mri, phantom, "zero-filled", ve), autoT0(mri, phantom, "mri-unet", ve));
}

// The null-space energy estimates against the truth's actual energy there (a factor-2 band:
// they feed a square root and a level search, not a metric).
TEST(AutoT0, NullSpaceEnergyEstimatesAreTheRightSize) {
  const auto x = photo("astronaut.png", 3), phantom = photo("phantom.png", 1);
  const auto check = [](const Operator& op, const torch::Tensor& truth, double actual) {
    AutoT0Options o;  // adjoint start: q = 1 and no measured error
    const auto y = op.A(truth);
    auto x0 = op.AH(y);
    if (x0.is_complex()) x0 = torch::real(x0);
    const double estimate = chooseT0(op, y, x0, kVp, o).nullSpaceError * double(truth.numel());
    EXPECT_GT(estimate, 0.5 * actual) << op.name();
    EXPECT_LT(estimate, 2.0 * actual) << op.name();
  };
  SuperResolution sr(x.sizes().vec(), 4);
  check(sr, x, (x - sr.AH(sr.A(x))).square().sum().item<double>());
  Inpainting inpaint(x.sizes().vec(), makeBoxMask(256, 256, 0.4));
  check(inpaint, x, (x - inpaint.AH(inpaint.A(x))).square().sum().item<double>());
  KspaceMaskSpec spec;
  const auto mask = makeKspaceMask(phantom.size(2), phantom.size(3), spec);
  MriSampling mri(phantom.sizes().vec(), mask);
  const auto k = torch::fft::fft2(phantom, c10::nullopt, {-2, -1}, "ortho");
  check(mri, phantom, ((1 - mask) * k).abs().square().sum().item<double>());
}
