// The application-level initialisers (io/initialisers.h): OpenCV Telea / Navier-Stokes
// inpainting, Lanczos up-sampling, zero-filled MRI, lookup by name and task.
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <iostream>
#include <string>

#include "io/image_io.h"
#include "io/initialisers.h"
#include "ops/masks.h"
#include "ops/operator.h"
#include "support/test_paths.h"

using namespace ccdf;

namespace {


// A smooth colour image in [-1, 1]: a plane in each channel plus a gentle sine.
torch::Tensor smoothImage(int64_t C, int64_t H, int64_t W) {
  auto yy = torch::linspace(-1, 1, H).view({1, 1, H, 1});
  auto xx = torch::linspace(-1, 1, W).view({1, 1, 1, W});
  std::vector<torch::Tensor> channels;
  for (int64_t c = 0; c < C; ++c)
    channels.push_back(0.4 * yy * (c + 1) / C - 0.3 * xx + 0.2 * torch::sin(3 * xx + c) * yy);
  return torch::cat(channels, 1).clamp(-1, 1);
}

double mse(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).pow(2).mean().item<double>();
}

torch::Generator gen() { return at::detail::createCPUGenerator(0); }

}  // namespace

TEST(ApplicationInitialisers, TeleaAndNavierStokesKeepKnownPixelsAndFillSmoothly) {
  const auto x = (smoothImage(3, 48, 40) * 0.5 + 0.4).clamp(-1, 1);  // far from 0 in the hole
  const auto mask = makeBoxMask(48, 40, 0.4);
  Inpainting op({1, 3, 48, 40}, mask);
  const auto y = op.A(x);
  const auto hole = (1 - mask).expand_as(x);
  auto g = gen();
  const double adjointError = mse(op.AH(y) * hole, x * hole);
  for (const std::string name : {"telea", "navier-stokes"}) {
    const auto init = createInitialiser(name);
    EXPECT_EQ(init->name(), name);
    const auto estimate = init->initialise(op, y, g);
    ASSERT_EQ(estimate.sizes(), x.sizes()) << name;
    // Known pixels exactly, unknown ones inside the value range and close to the smooth truth.
    EXPECT_TRUE(torch::equal(estimate * mask, y * mask)) << name;
    EXPECT_GE(estimate.min().item<double>(), -1.0) << name;
    EXPECT_LE(estimate.max().item<double>(), 1.0) << name;
    const double fillError = mse(estimate * hole, x * hole);
    EXPECT_LT(fillError, 0.02 * adjointError)
        << name << " fill " << fillError << " vs adjoint " << adjointError;
  }
}

TEST(ApplicationInitialisers, TeleaFillsAConstantImageWithTheConstantInAnyValueRange) {
  // Range [0, 4]: nothing may assume [-1, 1] or 8 bits.
  const auto x = torch::full({1, 1, 32, 32}, 2.5);
  Inpainting op({1, 1, 32, 32}, makeBoxMask(32, 32, 0.5));
  auto g = gen();
  const auto estimate = createInitialiser("telea", {0.0, 4.0})->initialise(op, op.A(x), g);
  EXPECT_LE((estimate - x).abs().max().item<double>(), 1e-5);
}

TEST(ApplicationInitialisers, LanczosIsConsistentWithTheMeasurement) {
  const auto x = smoothImage(3, 64, 48);
  SuperResolution op({1, 3, 64, 48}, 4);
  const auto y = op.A(x);
  auto g = gen();
  const auto estimate = createInitialiser("lanczos")->initialise(op, y, g);
  ASSERT_EQ(estimate.sizes(), x.sizes());
  // Down-sampling the up-sampled image gives back (nearly) the measurement, and the estimate is
  // closer to the smooth truth than box (adjoint) up-sampling.
  EXPECT_LT(mse(op.A(estimate), y), 1e-3 * y.pow(2).mean().item<double>());
  EXPECT_LT(mse(estimate, x), 0.5 * mse(op.AH(y), x));
  // A constant image stays constant.
  const auto c = torch::full({1, 3, 64, 48}, -0.25);
  EXPECT_LE(
      (createInitialiser("lanczos")->initialise(op, op.A(c), g) - c).abs().max().item<double>(),
      1e-5);
}

TEST(ApplicationInitialisers, ZeroFilledIsTheAdjointAndNeedsMri) {
  const auto x = smoothImage(1, 32, 32);
  KspaceMaskSpec spec;
  MriSampling op({1, 1, 32, 32}, makeKspaceMask(32, 32, spec));
  auto g = gen();
  const auto y = op.A(x);
  EXPECT_TRUE(torch::allclose(createInitialiser("zero-filled")->initialise(op, y, g),
                              torch::real(op.AH(y))));
  SuperResolution sr({1, 1, 32, 32}, 2);
  EXPECT_NE(test::thrownMessage([&] {
              createInitialiser("zero-filled")->initialise(sr, sr.A(x), g);
            }).find("needs an MRI operator"),
            std::string::npos);
}

TEST(ApplicationInitialisers, WrongTaskAndUnknownNameGiveClearErrors) {
  const auto x = smoothImage(1, 32, 32);
  SuperResolution sr({1, 1, 32, 32}, 2);
  Inpainting inpaint({1, 1, 32, 32}, makeBoxMask(32, 32, 0.25));
  auto g = gen();
  EXPECT_NE(test::thrownMessage([&] {
              createInitialiser("telea")->initialise(sr, sr.A(x), g);
            }).find("needs an inpainting operator"),
            std::string::npos);
  EXPECT_NE(test::thrownMessage([&] {
              createInitialiser("lanczos")->initialise(inpaint, x, g);
            }).find("needs a super-resolution operator"),
            std::string::npos);
  const auto message = test::thrownMessage([] { createInitialiser("sinc"); });
  EXPECT_NE(message.find("unknown initialiser 'sinc'"), std::string::npos) << message;
  EXPECT_NE(message.find("telea"), std::string::npos) << message;
}

TEST(ApplicationInitialisers, EveryListedInitialiserIsCreatedByNameAndServesItsTasks) {
  for (const auto& info : availableInitialisers()) {
    EXPECT_EQ(createInitialiser(info.name)->name(), info.name);
    EXPECT_FALSE(info.description.empty()) << info.name;
  }
  EXPECT_TRUE(initialiserServes("telea", "inpaint"));
  EXPECT_FALSE(initialiserServes("telea", "sr"));
  EXPECT_TRUE(initialiserServes("lanczos", "sr"));
  EXPECT_TRUE(initialiserServes("zero-filled", "mri"));
  EXPECT_FALSE(initialiserServes("zero-filled", "inpaint"));
  EXPECT_TRUE(initialiserServes("noise", "mri"));
  EXPECT_FALSE(initialiserServes("sinc", "sr"));
  // The CLI's short aliases.
  EXPECT_EQ(createInitialiser("ns")->name(), "navier-stokes");
  EXPECT_EQ(createInitialiser("zero")->name(), "zero-filled");
  EXPECT_TRUE(initialiserServes("unet", "mri"));
  EXPECT_EQ(canonicalInitialiserName("unet"), "mri-unet");
}

// The shipped ESRGAN-family networks (models/esrgan-*) on a real photograph: right shape and
// range, much closer to the truth than box up-sampling, a clear error for a missing scale.
TEST(ApplicationInitialisers, EsrganNetworksUpscaleAPhotograph) {
  ImageLoadOptions load;
  load.channels = 3;
  const auto x = loadImage(test::sourcePath("resources/samples/astronaut.png"), load)
                         .image.narrow(2, 64, 128)
                         .narrow(3, 64, 128) *
                     2 -
                 1;
  auto g = gen();
  for (const std::string name : {"esrgan-slim", "esrgan-medium", "esrgan-thick"}) {
    SuperResolution op(x.sizes().vec(), 4);
    const auto y = op.A(x);
    const auto estimate = createInitialiser(name)->initialise(op, y, g);
    ASSERT_EQ(estimate.sizes(), x.sizes()) << name;
    EXPECT_GE(estimate.min().item<double>(), -1.0);
    EXPECT_LE(estimate.max().item<double>(), 1.0);
    const double networkError = mse(estimate, x), boxError = mse(op.AH(y), x);
    const double bicubicError = mse(createInitialiser("bicubic")->initialise(op, y, g), x);
    std::cout << name << " x4 on astronaut crop: MSE " << networkError << " (bicubic "
              << bicubicError << ", box " << boxError << ")\n";
    EXPECT_LT(networkError, 0.9 * boxError) << name;
  }
  SuperResolution x3({1, 3, 126, 126}, 3);
  const auto message = test::thrownMessage([&] {
    createInitialiser("esrgan-medium")->initialise(x3, x3.A(torch::zeros({1, 3, 126, 126})), g);
  });
  EXPECT_NE(message.find("no model for x3"), std::string::npos) << message;
  SuperResolution grey({1, 1, 64, 64}, 2);
  EXPECT_NE(
      test::thrownMessage([&] {
        createInitialiser("esrgan-slim")->initialise(grey, grey.A(torch::zeros({1, 1, 64, 64})), g);
      }).find("RGB"),
      std::string::npos);
}
