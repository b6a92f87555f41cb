// Weights (safetensors) and manifest validation: save -> load gives identical outputs, and every
// bad case gives one clear error naming the problem, without half-loading the model.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "model/model_store.h"
#include "model/network_models.h"
#include "model/safetensors.h"
#include "model/unet.h"
#include "support/test_paths.h"
#include "train/trainer.h"
#include "util/sha256.h"

namespace fs = std::filesystem;

namespace {

ccdf::UNetConfig tinyConfig() {
  ccdf::UNetConfig c;
  c.baseChannels = 8;
  c.headChannels = 8;
  c.channelMultipliers = {1, 2};
  c.resBlocksPerLevel = 1;
  c.attentionDownsampling = {2};
  c.dropout = 0.0;
  c.learnedVariance = true;
  return c;
}

// A model folder with random (non-zero) weights, written by the trainer's exporter.
std::string writeModel(ccdf::UNet& net) {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-model");
  {
    torch::NoGradGuard g;
    for (auto& p : net->parameters()) p.normal_(0.0, 0.05);
  }
  ccdf::TrainerOptions o;
  o.outputDirectory = dir;
  o.modelName = "tiny";
  o.dataSource = "random weights (test)";
  o.resolution = 16;
  ccdf::exportUnetModel(net, ccdf::NoiseSchedule::vpLinear(), o, nlohmann::json::object());
  return dir;
}

nlohmann::json readJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void writeJson(const std::string& path, const nlohmann::json& j) {
  std::ofstream(path) << j.dump(2);
}

std::string loadError(const std::string& dir) {
  try {
    ccdf::loadModel(dir, {}, torch::kCPU);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(ccdf::sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ccdf::sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ccdf::sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Safetensors, RoundTripKeepsValuesDtypesAndShapes) {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-st");
  ccdf::NamedTensors in{{"a", torch::randn({3, 4})},
                        {"b.c", torch::arange(10, torch::kInt64)},
                        {"scalar", torch::tensor(2.5f).reshape({})}};
  ccdf::writeSafetensors(dir + "/t.safetensors", in);
  const auto out = ccdf::readSafetensors(dir + "/t.safetensors");
  ASSERT_EQ(out.size(), in.size());
  for (const auto& [k, v] : in) EXPECT_TRUE(torch::equal(out.at(k), v)) << k;
  ccdf::writeSafetensors(dir + "/h.safetensors", in, {}, true);
  EXPECT_EQ(ccdf::readSafetensors(dir + "/h.safetensors").at("a").scalar_type(), torch::kFloat16);
}

TEST(Safetensors, CorruptFilesGiveClearErrors) {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-st");
  ccdf::writeSafetensors(dir + "/t.safetensors", {{"a", torch::randn({64})}});
  const auto size = fs::file_size(dir + "/t.safetensors");
  fs::resize_file(dir + "/t.safetensors", size - 10);
  EXPECT_THROW(ccdf::readSafetensors(dir + "/t.safetensors"), std::runtime_error);
  std::ofstream(dir + "/junk.safetensors") << "\xff\xff\xff\xff\xff\xff\xff\x7fgarbage";
  EXPECT_THROW(ccdf::readSafetensors(dir + "/junk.safetensors"), std::runtime_error);
  EXPECT_THROW(ccdf::readSafetensors(dir + "/missing.safetensors"), std::runtime_error);
}

TEST(ModelFiles, SaveLoadGivesIdenticalOutputs) {
  ccdf::UNet net(tinyConfig());
  net->eval();
  const auto dir = writeModel(net);
  auto loaded = ccdf::loadModel(dir, {}, torch::kCPU);
  EXPECT_EQ(loaded.info.name, "tiny");
  EXPECT_EQ(loaded.info.channels, 1);
  auto x = torch::randn({2, 1, 16, 16});
  torch::NoGradGuard g;
  const auto out = (*loaded.denoiser)(x, 300);
  const auto direct =
      net->forward(x, torch::full({2}, ccdf::NoiseSchedule::vpLinear().conditioning(300)));
  EXPECT_TRUE(torch::equal(out.varianceV, direct.narrow(1, 1, 1)));
  // VP exports clamp x0 to the data range [-1, 1] (manifest clip_x0) and recompute eps from it.
  EXPECT_EQ(readJson(dir + "/manifest.json").at("clip_x0").get<double>(), 1.0);
  const auto s = ccdf::NoiseSchedule::vpLinear();
  const double a = s.signalScale(300), b = s.noiseScale(300);
  const auto x0 = ((x - b * direct.narrow(1, 0, 1)) / a).clamp(-1, 1);
  EXPECT_TRUE(torch::allclose(out.x0, x0, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(out.eps, (x - a * x0) / b, 1e-4, 1e-5));
}

TEST(ModelFiles, EveryBadCaseHasItsOwnError) {
  ccdf::UNet net(tinyConfig());
  const auto dir = writeModel(net);
  const auto manifestPath = dir + "/manifest.json";
  const auto good = readJson(manifestPath);
  const auto weights = dir + "/weights.safetensors";
  const auto tensors = ccdf::readSafetensors(weights);
  auto rewriteWeights = [&](const ccdf::NamedTensors& t) {
    ccdf::writeSafetensors(weights, t);
    auto m = good;
    m["weights"]["sha256"] = ccdf::sha256OfFile(weights);
    writeJson(manifestPath, m);
  };
  ASSERT_EQ(loadError(dir), "");

  // Missing tensor.
  auto missing = tensors;
  missing.erase(missing.begin());
  rewriteWeights(missing);
  EXPECT_NE(loadError(dir).find("missing tensor"), std::string::npos) << loadError(dir);
  // Wrong shape.
  auto reshaped = tensors;
  reshaped.begin()->second = torch::zeros({3, 3});
  rewriteWeights(reshaped);
  EXPECT_NE(loadError(dir).find("has shape"), std::string::npos) << loadError(dir);
  // Wrong dtype.
  auto integer = tensors;
  integer.begin()->second = integer.begin()->second.to(torch::kInt32);
  rewriteWeights(integer);
  EXPECT_NE(loadError(dir).find("dtype"), std::string::npos) << loadError(dir);
  // Hash mismatch (weights changed behind the manifest's back).
  rewriteWeights(tensors);
  auto m = readJson(manifestPath);
  m["weights"]["sha256"] = std::string(64, '0');
  writeJson(manifestPath, m);
  EXPECT_NE(loadError(dir).find("SHA-256 mismatch"), std::string::npos) << loadError(dir);
  // Unknown field values.
  for (const auto& [field, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"prediction", "velocity"}, {"kind", "diffusers"}}) {
    auto bad = good;
    bad[field] = value;
    writeJson(manifestPath, bad);
    EXPECT_NE(loadError(dir).find(value.get<std::string>()), std::string::npos)
        << field << ": " << loadError(dir);
  }
  auto badSchedule = good;
  badSchedule["schedule"]["type"] = "vp-quadratic";
  writeJson(manifestPath, badSchedule);
  EXPECT_NE(loadError(dir).find("vp-quadratic"), std::string::npos) << loadError(dir);
  // Architecture disagreeing with the declared channels.
  auto badChannels = good;
  badChannels["channels"] = 3;
  writeJson(manifestPath, badChannels);
  EXPECT_NE(loadError(dir).find("channels"), std::string::npos) << loadError(dir);
  // Missing field, and a manifest that is not JSON.
  auto noWeights = good;
  noWeights.erase("weights");
  writeJson(manifestPath, noWeights);
  EXPECT_NE(loadError(dir).find("weights"), std::string::npos) << loadError(dir);
  std::ofstream(manifestPath) << "{ not json";
  EXPECT_NE(loadError(dir), "");
}

}  // namespace
