// Training: the losses decrease on a fixed tiny batch, the phantom generator is deterministic
// per seed, and the IDX reader reads the Debian Fashion-MNIST files.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/idx_reader.h"
#include "model/unet.h"
#include "train/diffusion_loss.h"
#include "train/phantom.h"

namespace {

double trainOnFixedBatch(ccdf::LossKind kind, const ccdf::NoiseSchedule& schedule, bool learned) {
  torch::manual_seed(0);
  ccdf::UNetConfig c;
  c.baseChannels = 16;
  c.headChannels = 16;
  c.channelMultipliers = {1, 2};
  c.resBlocksPerLevel = 1;
  c.attentionDownsampling = {};
  c.dropout = 0.0;
  c.learnedVariance = learned;
  ccdf::UNet net(c);
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(2e-3));
  const auto batch = ccdf::makePhantoms(4, 16, 3) * 2 - 1;
  const ccdf::NetworkFn f = [&](const torch::Tensor& x, const torch::Tensor& cnd) {
    return net->forward(x, cnd);
  };
  // Evaluate on the same noise draws before and after, so the comparison is not noise.
  auto evaluate = [&] {
    torch::NoGradGuard g;
    torch::Generator gen = at::detail::createCPUGenerator(42);
    double total = 0;
    for (int r = 0; r < 8; ++r)
      total += ccdf::diffusionLoss(kind, schedule, f, batch, gen).mse.item<double>();
    return total / 8;
  };
  const double before = evaluate();
  torch::Generator gen = at::detail::createCPUGenerator(1);
  for (int step = 0; step < 40; ++step) {
    auto loss = ccdf::diffusionLoss(kind, schedule, f, batch, gen).total;
    opt.zero_grad();
    loss.backward();
    opt.step();
  }
  const double after = evaluate();
  std::cout << "  eps-MSE on the fixed batch: " << before << " -> " << after << "\n";
  return after / before;
}

TEST(Training, EpsLossDecreasesOnAFixedBatch) {
  EXPECT_LT(trainOnFixedBatch(ccdf::LossKind::Eps, ccdf::NoiseSchedule::vpLinear(), false), 0.8);
}

TEST(Training, HybridLossDecreasesAndHasAFiniteVlb) {
  EXPECT_LT(trainOnFixedBatch(ccdf::LossKind::Hybrid, ccdf::NoiseSchedule::vpLinear(), true), 0.8);
}

TEST(Training, DenoisingScoreMatchingDecreasesForVe) {
  EXPECT_LT(trainOnFixedBatch(ccdf::LossKind::Dsm, ccdf::NoiseSchedule::veGeometric(0.01, 50, 1000),
                              false),
            0.8);
}

TEST(Training, LossKindMustMatchTheSchedule) {
  ccdf::NetworkFn f = [](const torch::Tensor& x, const torch::Tensor&) { return x; };
  torch::Generator gen = at::detail::createCPUGenerator(0);
  EXPECT_THROW(ccdf::diffusionLoss(ccdf::LossKind::Dsm, ccdf::NoiseSchedule::vpLinear(), f,
                                   torch::zeros({1, 1, 4, 4}), gen),
               std::invalid_argument);
}

TEST(Phantoms, DeterministicPerSeedAndInRange) {
  const auto a = ccdf::makePhantom(64, 7), b = ccdf::makePhantom(64, 7),
             c = ccdf::makePhantom(64, 8);
  EXPECT_TRUE(torch::equal(a, b));
  EXPECT_FALSE(torch::equal(a, c));
  EXPECT_GE(a.min().item<float>(), 0.0f);
  EXPECT_LE(a.max().item<float>(), 1.0f);
  EXPECT_GT(a.std().item<float>(), 0.1f);  // not blank
  EXPECT_EQ(a.sizes(), torch::IntArrayRef({1, 64, 64}));
}

TEST(FashionMnist, ReadsTheDebianFiles) {
  const std::string folder = "/usr/share/datasets/fashion-mnist";
  ASSERT_TRUE(std::filesystem::exists(folder))
      << "install dataset-fashion-mnist (scripts/setup.sh does)";
  const auto labels = ccdf::loadFashionMnistLabels(folder, "t10k");
  EXPECT_EQ(labels.size(0), 10000);
  EXPECT_EQ(labels.max().item<int>(), 9);
  const auto images = ccdf::loadFashionMnistImages(folder, "t10k");
  EXPECT_EQ(images.sizes(), torch::IntArrayRef({10000, 1, 32, 32}));
  EXPECT_EQ(images.min().item<float>(), -1.0f);
  EXPECT_EQ(images.max().item<float>(), 1.0f);
  EXPECT_THROW(ccdf::readIdx(folder + "/does-not-exist.gz"), std::runtime_error);
}

}  // namespace
