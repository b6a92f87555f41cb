// TorchScript import: a native UNet's weights, re-implemented and scripted by Debian's
// /usr/bin/python3 (python3-torch) with scripts/export_torchscript_unet.py, must give the same
// outputs through the TorchScript loader as the native path.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "model/model_store.h"
#include "model/unet.h"
#include "support/test_paths.h"
#include "train/trainer.h"

namespace {

TEST(TorchScript, ScriptedExportMatchesTheNativeUNet) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/python3"));
  ccdf::UNetConfig c;
  c.baseChannels = 16;
  c.headChannels = 8;
  c.channelMultipliers = {1, 2, 2};
  c.resBlocksPerLevel = 1;
  c.attentionDownsampling = {2};
  c.dropout = 0.0;
  c.learnedVariance = true;
  ccdf::UNet net(c);
  {
    torch::NoGradGuard g;
    for (auto& p : net->parameters()) p.normal_(0.0, 0.1);
  }
  const auto root = ccdf::test::makeTempDirectory("ccdf-ts");
  ccdf::TrainerOptions o;
  o.outputDirectory = root + "/native";
  o.modelName = "tiny";
  o.dataSource = "random weights (test)";
  ccdf::exportUnetModel(net, ccdf::NoiseSchedule::vpLinear(), o, nlohmann::json::object());

  const std::string command = "/usr/bin/python3 " +
                              ccdf::test::sourcePath("scripts/export_torchscript_unet.py") + " " +
                              root + "/native " + root + "/scripted > " + root + "/export.log 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "export failed; see " << root << "/export.log "
                                             << "(needs Debian's python3-torch)";

  auto native = ccdf::loadModel(root + "/native", {}, torch::kCPU);
  auto scripted = ccdf::loadModel(root + "/scripted", {}, torch::kCPU);
  EXPECT_EQ(scripted.info.kind, "torchscript");
  torch::NoGradGuard g;
  auto x = torch::randn({2, 1, 16, 24});  // non-square, too
  for (int64_t level : {1, 250, 999}) {
    const auto a = (*native.denoiser)(x, level);
    const auto b = (*scripted.denoiser)(x, level);
    const double scale = a.eps.abs().max().item<double>();
    EXPECT_LT((a.eps - b.eps).abs().max().item<double>(), 1e-5 * std::max(1.0, scale)) << level;
    EXPECT_LT((a.x0 - b.x0).abs().max().item<double>(),
              1e-4 * std::max(1.0, a.x0.abs().max().item<double>()))
        << level;
    EXPECT_LT((a.varianceV - b.varianceV).abs().max().item<double>(), 1e-5) << level;
  }
}

}  // namespace
