// Image-quality metrics against hand-computed values and an independent OpenCV SSIM.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "metrics/metrics.h"

namespace ccdf {
namespace {

torch::Generator makeGenerator(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

// A smooth structured test image in [0, 1] with some texture, [B, C, H, W].
torch::Tensor structuredImage(int64_t batch, int64_t channels, int64_t height, int64_t width,
                              torch::Generator& gen) {
  auto rows = torch::linspace(0, 1, height, torch::kDouble).reshape({height, 1});
  auto cols = torch::linspace(0, 1, width, torch::kDouble).reshape({1, width});
  auto base = 0.5 + 0.3 * torch::sin(6.0 * rows) * torch::cos(9.0 * cols) + 0.1 * (rows - cols);
  auto texture = 0.05 * torch::randn({batch, channels, height, width}, gen, torch::kDouble);
  return (base + texture).clamp(0, 1);
}

// SSIM written independently with OpenCV: Gaussian blur (11x11, sigma 1.5) for the local
// moments, then the centre region where the window fits entirely (the valid region).
double opencvSsim(const torch::Tensor& estimate, const torch::Tensor& reference, double range) {
  const double c1 = std::pow(0.01 * range, 2), c2 = std::pow(0.03 * range, 2);
  const auto e = estimate.to(torch::kDouble).contiguous();
  const auto r = reference.to(torch::kDouble).contiguous();
  const int height = static_cast<int>(e.size(2)), width = static_cast<int>(e.size(3));
  double total = 0;
  int64_t planes = 0;
  for (int64_t b = 0; b < e.size(0); ++b) {
    for (int64_t c = 0; c < e.size(1); ++c) {
      auto ePlane = e[b][c].contiguous(), rPlane = r[b][c].contiguous();
      cv::Mat x(height, width, CV_64F, ePlane.data_ptr<double>());
      cv::Mat y(height, width, CV_64F, rPlane.data_ptr<double>());
      auto blur = [](const cv::Mat& m) {
        cv::Mat out;
        cv::GaussianBlur(m, out, cv::Size(11, 11), 1.5, 1.5, cv::BORDER_REFLECT);
        return out;
      };
      cv::Mat muX = blur(x), muY = blur(y);
      cv::Mat sigmaX = blur(x.mul(x)) - muX.mul(muX);
      cv::Mat sigmaY = blur(y.mul(y)) - muY.mul(muY);
      cv::Mat sigmaXY = blur(x.mul(y)) - muX.mul(muY);
      cv::Mat numerator = (2 * muX.mul(muY) + c1).mul(2 * sigmaXY + c2);
      cv::Mat denominator = (muX.mul(muX) + muY.mul(muY) + c1).mul(sigmaX + sigmaY + c2);
      cv::Mat map;
      cv::divide(numerator, denominator, map);
      const cv::Rect valid(5, 5, width - 10, height - 10);
      total += cv::mean(map(valid))[0];
      ++planes;
    }
  }
  return total / static_cast<double>(planes);
}

TEST(Metrics, PsnrMatchesHandComputedMse) {
  // Errors 0.1, -0.1, 0.2, 0 -> MSE = (0.01 + 0.01 + 0.04 + 0) / 4 = 0.015.
  auto reference = torch::zeros({1, 1, 2, 2});
  auto estimate = torch::tensor({0.1, -0.1, 0.2, 0.0}, torch::kDouble).reshape({1, 1, 2, 2});
  EXPECT_NEAR(psnr(estimate, reference, 1.0), 10 * std::log10(1.0 / 0.015), 1e-6);
  EXPECT_NEAR(psnr(estimate, reference, 1.0), 18.2390874094, 1e-6);
  // Range 2 (images in [-1, 1]) adds 20 log10(2) dB.
  EXPECT_NEAR(psnr(estimate, reference, 2.0), 18.2390874094 + 20 * std::log10(2.0), 1e-6);
  EXPECT_EQ(psnr(reference, reference, 1.0), std::numeric_limits<double>::infinity());
  EXPECT_THROW(psnr(estimate, torch::zeros({1, 1, 2, 3}), 1.0), std::invalid_argument);
  EXPECT_THROW(psnr(estimate, reference, 0.0), std::invalid_argument);
}

TEST(Metrics, SsimOfIdenticalImagesIsOne) {
  auto gen = makeGenerator(1);
  auto image = structuredImage(2, 3, 40, 36, gen);
  EXPECT_NEAR(ssim(image, image, 1.0), 1.0, 1e-12);
  EXPECT_NEAR(ssim(image.to(torch::kFloat), image.to(torch::kFloat), 1.0), 1.0, 1e-12);
}

TEST(Metrics, SsimDecreasesWithNoise) {
  auto gen = makeGenerator(2);
  auto image = structuredImage(1, 3, 48, 48, gen);
  auto noise = torch::randn(image.sizes(), gen, torch::kDouble);
  double previous = 1.0;
  for (double level : {0.01, 0.05, 0.1, 0.3}) {
    const double value = ssim(image + level * noise, image, 1.0);
    EXPECT_LT(value, previous) << "noise " << level;
    previous = value;
  }
  EXPECT_LT(previous, 0.5);
}

TEST(Metrics, SsimMatchesOpenCvGaussianWindowReference) {
  auto gen = makeGenerator(3);
  for (double level : {0.02, 0.1, 0.4}) {
    auto reference = structuredImage(2, 3, 40, 33, gen);
    auto estimate = reference + level * torch::randn(reference.sizes(), gen, torch::kDouble);
    EXPECT_NEAR(ssim(estimate, reference, 1.0), opencvSsim(estimate, reference, 1.0), 1e-4)
        << "noise " << level;
    // Range 2 as for images in [-1, 1].
    EXPECT_NEAR(ssim(2 * estimate - 1, 2 * reference - 1, 2.0),
                opencvSsim(2 * estimate - 1, 2 * reference - 1, 2.0), 1e-4);
  }
}

TEST(Metrics, SsimRejectsImagesSmallerThanTheWindow) {
  auto small = torch::zeros({1, 1, 10, 32});
  EXPECT_THROW(ssim(small, small, 1.0), std::invalid_argument);
}

TEST(Metrics, NrmseIsRelativeErrorNorm) {
  // ||(3, 5) - (3, 4)|| / ||(3, 4)|| = 1 / 5.
  auto reference = torch::tensor({3.0, 4.0}, torch::kDouble).reshape({1, 1, 1, 2});
  auto estimate = torch::tensor({3.0, 5.0}, torch::kDouble).reshape({1, 1, 1, 2});
  EXPECT_NEAR(nrmse(estimate, reference), 0.2, 1e-12);
  EXPECT_EQ(nrmse(reference, reference), 0.0);
  EXPECT_THROW(nrmse(estimate, torch::zeros({1, 1, 2, 1})), std::invalid_argument);
}

}  // namespace
}  // namespace ccdf
