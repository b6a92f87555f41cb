// Native UNet: output shapes for the supported configurations, square and non-square inputs,
// learned variance, and input validation.
#include <gtest/gtest.h>

#include "model/unet.h"

namespace {

ccdf::UNetConfig smallConfig() {
  ccdf::UNetConfig c;
  c.baseChannels = 16;
  c.headChannels = 8;
  c.resBlocksPerLevel = 1;
  c.dropout = 0.0;
  return c;
}

struct ShapeCase {
  int64_t channels;
  std::vector<int64_t> mults;
  std::vector<int64_t> attention;
  bool middleAttention;
  bool learnedVariance;
  int64_t height, width;
};

class UNetShapes : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(UNetShapes, OutputMatchesInputGeometry) {
  const auto& p = GetParam();
  auto c = smallConfig();
  c.imageChannels = p.channels;
  c.channelMultipliers = p.mults;
  c.attentionDownsampling = p.attention;
  c.middleAttention = p.middleAttention;
  c.learnedVariance = p.learnedVariance;
  ccdf::UNet net(c);
  net->eval();
  torch::NoGradGuard g;
  auto out = net->forward(torch::randn({2, p.channels, p.height, p.width}),
                          torch::tensor({10.0f, 900.0f}));
  EXPECT_EQ(out.sizes(), torch::IntArrayRef({2, p.learnedVariance ? 2 * p.channels : p.channels,
                                             p.height, p.width}));
  EXPECT_TRUE(torch::isfinite(out).all().item<bool>());
}

INSTANTIATE_TEST_SUITE_P(Configurations, UNetShapes,
                         ::testing::Values(ShapeCase{1, {1, 2, 2}, {2}, true, true, 32, 32},
                                           ShapeCase{1, {1, 2, 2}, {2}, true, false, 16, 48},
                                           ShapeCase{3, {1, 2, 2, 2}, {}, false, false, 64, 40},
                                           ShapeCase{3, {1, 2, 2, 2}, {}, false, false, 24, 72},
                                           ShapeCase{1, {1, 2}, {1, 2}, true, true, 8, 12},
                                           ShapeCase{1, {1}, {}, false, false, 7, 9}));

TEST(UNet, OutputLayerStartsAtZeroAndDependsOnNoiseLevelAfterTraining) {
  auto c = smallConfig();
  ccdf::UNet net(c);
  torch::NoGradGuard g;
  auto x = torch::randn({1, 1, 16, 16});
  // Zero-initialised output conv: an untrained model predicts exactly zero noise.
  EXPECT_EQ(net->forward(x, torch::tensor({5.0f})).abs().max().item<float>(), 0.0f);
}

TEST(UNet, RejectsSizesThatAreNotMultiplesOfTheDownsampling) {
  auto c = smallConfig();  // mults 1,2,2: multiple of 4
  ccdf::UNet net(c);
  EXPECT_THROW(net->forward(torch::randn({1, 1, 30, 32}), torch::tensor({1.0f})),
               std::invalid_argument);
  EXPECT_THROW(net->forward(torch::randn({1, 3, 32, 32}), torch::tensor({1.0f})),
               std::invalid_argument);
}

TEST(UNet, ConfigJsonRoundTrip) {
  auto c = smallConfig();
  c.learnedVariance = true;
  c.middleAttention = false;
  const auto back = ccdf::UNetConfig::fromJson(c.toJson());
  EXPECT_EQ(back.toJson(), c.toJson());
  auto bad = c.toJson();
  bad.erase("base_channels");
  EXPECT_THROW(ccdf::UNetConfig::fromJson(bad), std::runtime_error);
}

TEST(UNet, SinusoidalEmbeddingSeparatesNoiseLevels) {
  auto e = ccdf::sinusoidalEmbedding(torch::tensor({0.0f, 1.0f, 999.0f}), 32);
  EXPECT_EQ(e.sizes(), torch::IntArrayRef({3, 32}));
  EXPECT_GT((e[0] - e[1]).norm().item<float>(), 1e-3);
  EXPECT_NEAR(e[0].narrow(0, 0, 16).sum().item<float>(), 16.0f, 1e-5);  // cos(0) = 1
}

}  // namespace
