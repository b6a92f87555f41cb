// TensorFlow.js layers-model import (core/model/tfjs_layers.h).
//  * Every supported layer on tiny hand-written model.json + shard files, against values computed
//    here by hand or by a direct NHWC loop written from the Keras / TF definitions.
//  * The clear one-line errors (unknown layer, missing shard, shape mismatch, truncated shard,
//  ...).
//  * Whole networks against TensorFlow.js itself: the @upscalerjs ESRGAN models installed by
//    scripts/setup.sh into tools/tfjs/node_modules are run by tools/tfjs/reference.js (pure-JS CPU
//    backend) on a small deterministic image, and the C++ output must agree to 1e-4 of the
//    package's output range (see WholeNetAgreesWithTfjs for why that tolerance).
// Node and tools/tfjs/node_modules are required: without them the tfjs tests FAIL (never skip).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/tfjs_layers.h"
#include "support/test_paths.h"

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Tiny model writer

struct WeightSpec {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> values;  // float32 data (used when raw is empty)
  json quantization;          // null, or a TF.js quantization object (then raw holds the bytes)
  std::string raw;
};

struct WriteOptions {
  int shards = 1;          // split the weight bytes over this many files
  int64_t dropBytes = 0;   // remove bytes from the end of the last shard
  int64_t extraBytes = 0;  // append bytes to the last shard
};

class TinyModel {
 public:
  explicit TinyModel(int64_t channels, const std::string& input = "in") : output_(input) {
    layers_.push_back({{"class_name", "InputLayer"},
                       {"name", input},
                       {"config",
                        {{"batch_input_shape", json::array({nullptr, nullptr, nullptr, channels})},
                         {"dtype", "float32"},
                         {"name", input}}},
                       {"inbound_nodes", json::array()}});
    input_ = input;
  }

  TinyModel& layer(const std::string& cls, const std::string& name, json config,
                   const std::vector<std::string>& inputs) {
    config["name"] = name;
    json node = json::array();
    for (const auto& i : inputs) node.push_back(json::array({i, 0, 0, json::object()}));
    layers_.push_back({{"class_name", cls},
                       {"name", name},
                       {"config", config},
                       {"inbound_nodes", json::array({node})}});
    output_ = name;
    return *this;
  }

  TinyModel& conv(const std::string& name, const std::string& input, int64_t kh, int64_t kw,
                  int64_t cin, int64_t cout, const std::vector<float>& kernelHWIO,
                  const std::vector<float>& bias, json extra = json::object()) {
    json c = {{"filters", cout},   {"kernel_size", {kh, kw}},        {"strides", {1, 1}},
              {"padding", "same"}, {"data_format", "channels_last"}, {"dilation_rate", {1, 1}},
              {"groups", 1},       {"activation", "linear"},         {"use_bias", !bias.empty()}};
    for (auto& [k, v] : extra.items()) c[k] = v;
    layer("Conv2D", name, c, {input});
    weights_.push_back({name + "/kernel", {kh, kw, cin, cout}, kernelHWIO, nullptr, ""});
    if (!bias.empty()) weights_.push_back({name + "/bias", {cout}, bias, nullptr, ""});
    return *this;
  }

  TinyModel& weight(WeightSpec w) {
    weights_.push_back(std::move(w));
    return *this;
  }
  json& layerJson(const std::string& name) {
    for (auto& l : layers_) {
      if (l["name"] == name) return l;
    }
    throw std::runtime_error("no layer " + name);
  }
  std::vector<WeightSpec>& weights() { return weights_; }

  // Writes <dir>/model.json and its shard(s); returns the model.json path.
  std::string write(const std::string& dir, const WriteOptions& o = {}) const {
    fs::create_directories(dir);
    std::string bytes;
    json specs = json::array();
    for (const auto& w : weights_) {
      json s = {{"name", w.name}, {"shape", w.shape}, {"dtype", "float32"}};
      if (!w.quantization.is_null()) {
        s["quantization"] = w.quantization;
        bytes += w.raw;
      } else {
        bytes.append(reinterpret_cast<const char*>(w.values.data()), w.values.size() * 4);
      }
      specs.push_back(s);
    }
    if (o.dropBytes > 0) bytes.resize(bytes.size() - static_cast<size_t>(o.dropBytes));
    bytes.append(static_cast<size_t>(o.extraBytes), '\0');
    json paths = json::array();
    const size_t per = (bytes.size() + o.shards - 1) / std::max(o.shards, 1);
    for (int i = 0; i < o.shards; ++i) {
      const std::string file =
          "group1-shard" + std::to_string(i + 1) + "of" + std::to_string(o.shards) + ".bin";
      std::ofstream(dir + "/" + file, std::ios::binary)
          << bytes.substr(std::min(bytes.size(), i * per), per);
      paths.push_back(file);
    }
    json doc = {{"format", "layers-model"},
                {"generatedBy", "keras v2.10.0"},
                {"convertedBy", "tst_tfjs_import"},
                {"modelTopology",
                 {{"keras_version", "2.10.0"},
                  {"backend", "tensorflow"},
                  {"model_config",
                   {{"class_name", "Functional"},
                    {"config",
                     {{"name", "tiny"},
                      {"layers", layers_},
                      {"input_layers", json::array({json::array({input_, 0, 0})})},
                      {"output_layers", json::array({json::array({output_, 0, 0})})}}}}}}},
                {"weightsManifest", json::array({{{"paths", paths}, {"weights", specs}}})}};
    std::ofstream(dir + "/model.json") << doc.dump(1);
    return dir + "/model.json";
  }

 private:
  json layers_ = json::array();
  std::vector<WeightSpec> weights_;
  std::string input_;
  std::string output_;
};

// NHWC (batch 1) float buffer <-> NCHW tensor.
torch::Tensor toNchw(const std::vector<float>& nhwc, int64_t h, int64_t w, int64_t c) {
  return torch::from_blob(const_cast<float*>(nhwc.data()), {1, h, w, c}, torch::kFloat)
      .permute({0, 3, 1, 2})
      .clone();
}
std::vector<float> toNhwc(const torch::Tensor& nchw) {
  auto t = nchw.detach().to(torch::kCPU, torch::kFloat).permute({0, 2, 3, 1}).contiguous();
  return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

std::vector<float> ramp(int64_t n, float scale = 0.1f, float offset = -1.0f) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[i] = offset + scale * static_cast<float>((i * 7) % 23);
  return v;
}

// Runs the model on an NHWC image and returns the NHWC output (with its NCHW shape).
std::vector<float> run(const std::string& modelJson, const std::vector<float>& nhwc, int64_t h,
                       int64_t w, int64_t c, std::vector<int64_t>* shape = nullptr) {
  auto model = ccdf::loadTfjsLayersModel(modelJson);
  torch::NoGradGuard g;
  auto y = model->forward(toNchw(nhwc, h, w, c));
  if (shape) *shape = y.sizes().vec();
  return toNhwc(y);
}

void expectNear(const std::vector<float>& got, const std::vector<double>& want, double tol,
                const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_NEAR(got[i], want[i], tol) << what << " at " << i;
  }
}

// Direct NHWC convolution from the Keras/TF definition: HWIO kernel, "same" pads
// total = max((ceil(in/s)-1)*s + (k-1)*d + 1 - in, 0) with floor(total/2) before.
std::vector<double> referenceConv(const std::vector<float>& x, int64_t h, int64_t w, int64_t cin,
                                  const std::vector<float>& k, int64_t kh, int64_t kw, int64_t cout,
                                  const std::vector<float>& bias, int64_t s, int64_t d, bool same,
                                  int64_t& oh, int64_t& ow) {
  int64_t padTop = 0, padLeft = 0;
  if (same) {
    oh = (h + s - 1) / s;
    ow = (w + s - 1) / s;
    padTop = std::max<int64_t>((oh - 1) * s + (kh - 1) * d + 1 - h, 0) / 2;
    padLeft = std::max<int64_t>((ow - 1) * s + (kw - 1) * d + 1 - w, 0) / 2;
  } else {
    oh = (h - (kh - 1) * d - 1) / s + 1;
    ow = (w - (kw - 1) * d - 1) / s + 1;
  }
  std::vector<double> y(static_cast<size_t>(oh * ow * cout));
  for (int64_t r = 0; r < oh; ++r)
    for (int64_t q = 0; q < ow; ++q)
      for (int64_t co = 0; co < cout; ++co) {
        double acc = bias.empty() ? 0.0 : bias[co];
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t j = 0; j < kw; ++j) {
            const int64_t yy = r * s + i * d - padTop, xx = q * s + j * d - padLeft;
            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
            for (int64_t ci = 0; ci < cin; ++ci) {
              acc += double(x[(yy * w + xx) * cin + ci]) * k[((i * kw + j) * cin + ci) * cout + co];
            }
          }
        y[(r * ow + q) * cout + co] = acc;
      }
  return y;
}

// The error message must be one line naming the model.json and containing `needle`.
void expectLoadError(const std::string& modelJson, const std::string& needle) {
  try {
    ccdf::loadTfjsLayersModel(modelJson);
    ADD_FAILURE() << "no error for " << modelJson << " (expected '" << needle << "')";
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(modelJson), std::string::npos) << m;
    EXPECT_NE(m.find(needle), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
}

// ---------------------------------------------------------------------------------------------
// Layers against hand-computed values

TEST(TfjsLayers, Conv2DHandComputedCase) {
  // 3x3 image 1..9, one channel, 3x3 kernel of ones, bias 0.5, "same": each output is the sum of
  // the 3x3 neighbourhood (zeros outside) plus 0.5.
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  TinyModel m(1);
  m.conv("c", "in", 3, 3, 1, 1, std::vector<float>(9, 1.0f), {0.5f});
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  expectNear(run(m.write(dir), x, 3, 3, 1), {12.5, 21.5, 16.5, 27.5, 45.5, 33.5, 24.5, 39.5, 28.5},
             1e-5, "ones kernel");
  // "valid" keeps only the centre.
  TinyModel v(1);
  v.conv("c", "in", 3, 3, 1, 1, std::vector<float>(9, 1.0f), {0.5f}, {{"padding", "valid"}});
  std::vector<int64_t> shape;
  expectNear(run(v.write(dir + "/valid"), x, 3, 3, 1, &shape), {45.5}, 1e-5, "valid");
  EXPECT_EQ(shape, (std::vector<int64_t>{1, 1, 1, 1}));
}

TEST(TfjsLayers, Conv2DMatchesADirectNhwcLoop) {
  struct Case {
    int64_t h, w, cin, cout, kh, kw, s, d;
    std::string padding, activation;
    bool bias;
  };
  const std::vector<Case> cases = {
      {5, 6, 2, 3, 3, 3, 1, 1, "same", "linear", true},
      {5, 6, 2, 3, 3, 3, 1, 1, "same", "relu", true},
      {4, 5, 3, 2, 2, 2, 1, 1, "same", "linear", true},  // even kernel: asymmetric padding
      {6, 7, 2, 2, 3, 3, 2, 1, "same", "linear", true},  // stride 2 on even/odd sizes
      {7, 7, 2, 2, 3, 3, 1, 2, "same", "tanh", false},   // dilation, no bias
      {7, 8, 2, 3, 3, 2, 1, 2, "valid", "sigmoid", true},
      {7, 8, 2, 3, 1, 1, 2, 1, "valid", "linear", true},
  };
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  int n = 0;
  for (const auto& c : cases) {
    const auto kernel = ramp(c.kh * c.kw * c.cin * c.cout, 0.05f, -0.5f);
    const std::vector<float> bias = c.bias ? ramp(c.cout, 0.3f, -0.2f) : std::vector<float>{};
    TinyModel m(c.cin);
    m.conv("conv", "in", c.kh, c.kw, c.cin, c.cout, kernel, bias,
           {{"padding", c.padding},
            {"strides", {c.s, c.s}},
            {"dilation_rate", {c.d, c.d}},
            {"activation", c.activation}});
    const auto x = ramp(c.h * c.w * c.cin, 0.1f, -1.0f);
    int64_t oh = 0, ow = 0;
    auto want = referenceConv(x, c.h, c.w, c.cin, kernel, c.kh, c.kw, c.cout, bias, c.s, c.d,
                              c.padding == "same", oh, ow);
    for (auto& v : want) {
      if (c.activation == "relu") v = std::max(v, 0.0);
      if (c.activation == "tanh") v = std::tanh(v);
      if (c.activation == "sigmoid") v = 1.0 / (1.0 + std::exp(-v));
    }
    std::vector<int64_t> shape;
    const auto got = run(m.write(dir + "/" + std::to_string(n++)), x, c.h, c.w, c.cin, &shape);
    EXPECT_EQ(shape, (std::vector<int64_t>{1, c.cout, oh, ow}));
    expectNear(got, want, 1e-5, "conv case " + std::to_string(n));
  }
}

TEST(TfjsLayers, ActivationsFollowTheKerasDefinitions) {
  const std::vector<float> x = {-3.0f, -1.0f, -0.2f, 0.0f, 0.3f, 1.0f, 2.5f, 7.0f};
  const auto sig = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  const std::vector<std::pair<std::string, std::function<double(double)>>> acts = {
      {"linear", [](double v) { return v; }},
      {"relu", [](double v) { return std::max(v, 0.0); }},
      {"relu6", [](double v) { return std::min(std::max(v, 0.0), 6.0); }},
      {"sigmoid", sig},
      {"tanh", [](double v) { return std::tanh(v); }},
      {"elu", [](double v) { return v > 0 ? v : std::exp(v) - 1; }},
      {"selu",
       [](double v) {
         return 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (std::exp(v) - 1));
       }},
      {"softplus", [](double v) { return std::log1p(std::exp(v)); }},
      {"softsign", [](double v) { return v / (1 + std::abs(v)); }},
      {"swish", [&](double v) { return v * sig(v); }},
      {"hard_sigmoid", [](double v) { return std::min(std::max(0.2 * v + 0.5, 0.0), 1.0); }},
      {"exponential", [](double v) { return std::exp(v); }},
  };
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  for (const auto& [name, f] : acts) {
    TinyModel m(1);
    m.layer("Activation", "act", {{"activation", name}}, {"in"});
    const auto got = run(m.write(dir + "/" + name), x, 1, 8, 1);
    ASSERT_EQ(got.size(), x.size());
    for (size_t i = 0; i < x.size(); ++i) {
      const double want = f(x[i]);
      EXPECT_NEAR(got[i], want, 1e-6 * std::max(1.0, std::abs(want))) << name << " at " << x[i];
    }
  }
  // softmax runs over the channels (Keras axis -1).
  TinyModel m(4);
  m.layer("Activation", "act", {{"activation", "softmax"}}, {"in"});
  const std::vector<float> y = {1, 2, 3, 4, 0, 0, 0, 0};  // two pixels, 4 channels
  const double z = std::exp(1) + std::exp(2) + std::exp(3) + std::exp(4);
  expectNear(
      run(m.write(dir + "/softmax"), y, 1, 2, 4),
      {std::exp(1) / z, std::exp(2) / z, std::exp(3) / z, std::exp(4) / z, 0.25, 0.25, 0.25, 0.25},
      1e-6, "softmax");
}

TEST(TfjsLayers, ConcatenateAddAndMultiplyBeta) {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  const std::vector<float> x = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12};  // 2x3, 2 channels
  {  // channels: [x, 0.2 x] per pixel, for axis -1 and axis 3
    for (int axis : {-1, 3}) {
      TinyModel m(2);
      m.layer("MultiplyBeta", "beta", {{"beta", 0.2}}, {"in"})
          .layer("Concatenate", "cat", {{"axis", axis}}, {"in", "beta"});
      std::vector<double> want;
      for (int p = 0; p < 6; ++p) {
        want.push_back(x[2 * p]);
        want.push_back(x[2 * p + 1]);
        want.push_back(0.2 * x[2 * p]);
        want.push_back(0.2 * x[2 * p + 1]);
      }
      std::vector<int64_t> shape;
      expectNear(run(m.write(dir + "/cat" + std::to_string(axis + 1)), x, 2, 3, 2, &shape), want,
                 1e-6, "concat axis " + std::to_string(axis));
      EXPECT_EQ(shape, (std::vector<int64_t>{1, 4, 2, 3}));
    }
  }
  {  // Keras axis 1 (height) and 2 (width)
    for (int axis : {1, 2}) {
      TinyModel m(2);
      m.layer("Activation", "r", {{"activation", "relu"}}, {"in"})
          .layer("Concatenate", "cat", {{"axis", axis}}, {"in", "r"});
      std::vector<int64_t> shape;
      const auto got = run(m.write(dir + "/hw" + std::to_string(axis)), x, 2, 3, 2, &shape);
      std::vector<double> want;
      if (axis == 1) {  // rows of x then rows of relu(x)
        for (float v : x) want.push_back(v);
        for (float v : x) want.push_back(std::max(v, 0.0f));
        EXPECT_EQ(shape, (std::vector<int64_t>{1, 2, 4, 3}));
      } else {  // each row: x's 3 pixels then relu's 3 pixels
        for (int r = 0; r < 2; ++r) {
          for (int q = 0; q < 6; ++q) want.push_back(x[r * 6 + q]);
          for (int q = 0; q < 6; ++q) want.push_back(std::max(x[r * 6 + q], 0.0f));
        }
        EXPECT_EQ(shape, (std::vector<int64_t>{1, 2, 2, 6}));
      }
      expectNear(got, want, 1e-6, "concat axis " + std::to_string(axis));
    }
  }
  {  // Add with three inputs: x + relu(x) + 0.2 x
    TinyModel m(2);
    m.layer("Activation", "r", {{"activation", "relu"}}, {"in"})
        .layer("MultiplyBeta", "b", {{"beta", 0.2}}, {"in"})
        .layer("Add", "sum", json::object(), {"in", "r", "b"});
    std::vector<double> want;
    for (float v : x) want.push_back(v + std::max(v, 0.0f) + 0.2 * v);
    expectNear(run(m.write(dir + "/add"), x, 2, 3, 2), want, 1e-5, "add");
  }
}

// tf.depthToSpace(x, S, 'NHWC'): out[h*S+i][w*S+j][c] = in[h][w][(i*S+j)*C + c].
TEST(TfjsLayers, PixelShuffleIsDepthToSpaceNhwc) {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  {  // the smallest case by hand: one pixel with channels a b c d -> [[a b] [c d]]
    TinyModel m(4);
    m.layer("PixelShuffle2x", "ps", {{"scale", 2}}, {"in"});
    std::vector<int64_t> shape;
    expectNear(run(m.write(dir + "/one"), {1, 2, 3, 4}, 1, 1, 4, &shape), {1, 2, 3, 4}, 0, "2x2");
    EXPECT_EQ(shape, (std::vector<int64_t>{1, 1, 2, 2}));
    // two output channels: channels (i, j, c) ordered i, j, c -> pixel (i, j) gets [ch(i,j,0),
    // ch(i,j,1)]
    TinyModel m2(8);
    m2.layer("PixelShuffle2x", "ps", {{"scale", 2}}, {"in"});
    expectNear(run(m2.write(dir + "/two"), {10, 11, 20, 21, 30, 31, 40, 41}, 1, 1, 8, &shape),
               {10, 11, 20, 21, 30, 31, 40, 41}, 0, "2x2x2");
    EXPECT_EQ(shape, (std::vector<int64_t>{1, 2, 2, 2}));
    // torch::pixel_shuffle orders channels (c, i, j): it would give a different picture.
    auto t = toNhwc(torch::pixel_shuffle(toNchw({10, 11, 20, 21, 30, 31, 40, 41}, 1, 1, 8), 2));
    EXPECT_NE(t, (std::vector<float>{10, 11, 20, 21, 30, 31, 40, 41}));
  }
  for (int64_t s : {2, 3, 4}) {
    const int64_t h = 2, w = 3, c = 3, cin = s * s * c;
    std::vector<float> x(static_cast<size_t>(h * w * cin));
    for (int64_t y = 0; y < h; ++y)
      for (int64_t q = 0; q < w; ++q)
        for (int64_t ch = 0; ch < cin; ++ch) x[(y * w + q) * cin + ch] = 1000 * y + 100 * q + ch;
    std::vector<double> want(x.size());
    for (int64_t y = 0; y < h * s; ++y)
      for (int64_t q = 0; q < w * s; ++q)
        for (int64_t ch = 0; ch < c; ++ch) {
          const int64_t i = y % s, j = q % s;
          want[(y * w * s + q) * c + ch] = x[((y / s) * w + q / s) * cin + (i * s + j) * c + ch];
        }
    TinyModel m(cin);
    m.layer("PixelShuffle" + std::to_string(s) + "x", "ps", {{"scale", s}}, {"in"});
    std::vector<int64_t> shape;
    expectNear(run(m.write(dir + "/s" + std::to_string(s)), x, h, w, cin, &shape), want, 0,
               "scale " + std::to_string(s));
    EXPECT_EQ(shape, (std::vector<int64_t>{1, c, h * s, w * s}));
  }
}

TEST(TfjsLayers, UpSampling2DNearest) {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  TinyModel m(1);
  m.layer("UpSampling2D", "up",
          {{"size", {2, 3}}, {"data_format", "channels_last"}, {"interpolation", "nearest"}},
          {"in"});
  std::vector<int64_t> shape;
  expectNear(run(m.write(dir), {1, 2, 3, 4}, 2, 2, 1, &shape),
             {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4}, 0, "up");
  EXPECT_EQ(shape, (std::vector<int64_t>{1, 1, 4, 6}));
}

TEST(TfjsLayers, WeightsSplitOverShardsAndQuantized) {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  // A 1x1 conv, 3 -> 1 channels, on an image of ones: output = sum(kernel) + bias.
  TinyModel m(3);
  m.conv("c", "in", 1, 1, 3, 1, {0.25f, -1.5f, 2.0f}, {0.125f});
  const std::vector<float> ones = {1, 1, 1};
  expectNear(run(m.write(dir + "/three", {3}), ones, 1, 1, 3), {0.875}, 1e-6, "3 shards");
  // The kernel weights transposed HWIO -> OIHW.
  auto model = ccdf::loadTfjsLayersModel(dir + "/three/model.json");
  auto params = model->named_parameters();
  ASSERT_TRUE(params.contains("c/kernel"));
  EXPECT_EQ(params["c/kernel"].sizes().vec(), (std::vector<int64_t>{1, 3, 1, 1}));
  EXPECT_EQ(model->info().parameterCount, 4);
  EXPECT_EQ(model->info().weightBytes, 16);
  EXPECT_EQ(model->info().inputChannels, 3);
  EXPECT_EQ(model->info().outputChannels, 1);

  // uint8: value = q * scale + min; q = 0, 10, 255 with scale 0.01, min -1 -> -1, -0.9, 1.55.
  auto& k = m.weights()[0];
  k.quantization = {{"dtype", "uint8"}, {"scale", 0.01}, {"min", -1.0}};
  k.raw = std::string("\x00\x0a\xff", 3);
  expectNear(run(m.write(dir + "/u8"), ones, 1, 1, 3), {-1 - 0.9 + 1.55 + 0.125}, 1e-6, "uint8");
  // uint16: q = 0, 1000, 65535 with scale 0.001, min -2 -> -2, -1, 63.535.
  k.quantization = {{"dtype", "uint16"}, {"scale", 0.001}, {"min", -2.0}};
  const uint16_t q16[3] = {0, 1000, 65535};
  k.raw = std::string(reinterpret_cast<const char*>(q16), 6);
  expectNear(run(m.write(dir + "/u16"), ones, 1, 1, 3), {-2 - 1 + 63.535 + 0.125}, 1e-4, "uint16");
  // float16: 0.5, -1.25, 3 are exact in half precision.
  k.quantization = {{"dtype", "float16"}};
  auto half = torch::tensor({0.5f, -1.25f, 3.0f}).to(torch::kHalf);
  k.raw = std::string(static_cast<const char*>(half.data_ptr()), 6);
  expectNear(run(m.write(dir + "/f16"), ones, 1, 1, 3), {2.25 + 0.125}, 1e-6, "float16");
  // Unsupported quantization.
  k.quantization = {{"dtype", "int4"}};
  expectLoadError(m.write(dir + "/int4"), "quantization dtype 'int4'");
}

// ---------------------------------------------------------------------------------------------
// Clear errors

TEST(TfjsLayers, ClearErrors) {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  const auto base = [] {
    TinyModel m(2);
    m.conv("c", "in", 3, 3, 2, 4, ramp(72), ramp(4));
    return m;
  };
  {
    TinyModel m = base();
    m.layer("BatchNormalization", "bn", {{"axis", -1}}, {"c"});
    expectLoadError(m.write(dir + "/unknown"), "unsupported class 'BatchNormalization'");
  }
  {
    TinyModel m = base();
    m.layer("Activation", "a", {{"activation", "gelu"}}, {"c"});
    expectLoadError(m.write(dir + "/act"), "unsupported activation 'gelu'");
  }
  {
    TinyModel m = base();
    m.layerJson("c")["config"]["activation"] = "mish";
    expectLoadError(m.write(dir + "/convact"), "unsupported activation 'mish'");
  }
  {  // missing shard file
    const auto path = base().write(dir + "/noshard", {2});
    fs::remove(dir + "/noshard/group1-shard2of2.bin");
    expectLoadError(path, "missing weight shard");
    expectLoadError(path, "group1-shard2of2.bin");
  }
  {  // shard paths that leave the model's folder
    const auto path = base().write(dir + "/escape", {1});
    std::ifstream in(path);
    const json original = json::parse(in);
    for (const std::string bad : {"../escape/group1-shard1of1.bin", "/etc/passwd", "a/../../x"}) {
      json edited = original;
      edited["weightsManifest"][0]["paths"][0] = bad;
      std::ofstream(path) << edited.dump();
      expectLoadError(path, "leaves the model's folder");
    }
  }
  {  // truncated shard and a shard with extra bytes
    expectLoadError(base().write(dir + "/short", {1, 4}), "truncated shard");
    expectLoadError(base().write(dir + "/long", {1, 0, 8}), "wrong or corrupted shard");
  }
  {  // kernel shape does not match the layer (filters 4, kernel says 3) / the input channels
    TinyModel m = base();
    m.weights()[0].shape = {3, 3, 2, 3};
    m.weights()[0].values.resize(54);
    expectLoadError(m.write(dir + "/shape"), "weight 'c/kernel' has shape [3,3,2,3], expected");
    TinyModel m2(3);
    m2.conv("c", "in", 3, 3, 2, 4, ramp(72), ramp(4));
    expectLoadError(m2.write(dir + "/cin"), "expected [3,3,3,4]");
  }
  {  // missing bias, unused weight
    TinyModel m = base();
    m.weights().pop_back();
    expectLoadError(m.write(dir + "/nobias"), "missing weight 'c/bias'");
    TinyModel m2 = base();
    m2.weight({"ghost/kernel", {1}, {1.0f}, nullptr, ""});
    expectLoadError(m2.write(dir + "/ghost"), "weight 'ghost/kernel' belongs to no layer");
  }
  {  // Add of different channel counts, PixelShuffle of the wrong channel count
    TinyModel m = base();
    m.layer("Add", "add", json::object(), {"c", "in"});
    expectLoadError(m.write(dir + "/add"), "inputs have 4 and 2 channels");
    TinyModel m2 = base();
    m2.layer("PixelShuffle3x", "ps", {{"scale", 3}}, {"c"});
    expectLoadError(m2.write(dir + "/ps"), "not a multiple of 9");
    TinyModel m3 = base();
    m3.layer("MultiplyBeta", "b", {{"beta", 0.5}}, {"c"});
    expectLoadError(m3.write(dir + "/beta"), "hard-codes");
  }
  {  // unknown input reference, bad JSON, missing file, graph model
    TinyModel m = base();
    m.layer("Activation", "a", {{"activation", "relu"}}, {"nowhere"});
    expectLoadError(m.write(dir + "/ref"), "unknown layer 'nowhere'");
    fs::create_directories(dir + "/bad");
    std::ofstream(dir + "/bad/model.json") << "{\"format\": \"layers-model\", ";
    expectLoadError(dir + "/bad/model.json", "not valid JSON");
    expectLoadError(dir + "/absent/model.json", "cannot open");
    std::ofstream(dir + "/bad/graph.json") << R"({"format": "graph-model", "modelTopology": {}})";
    expectLoadError(dir + "/bad/graph.json", "only TF.js layers models");
  }
  {  // wrong input at run time
    auto model = ccdf::loadTfjsLayersModel(base().write(dir + "/ok"));
    EXPECT_THROW(model->forward(torch::zeros({1, 3, 4, 4})), std::runtime_error);
    EXPECT_THROW(model->forward(torch::zeros({2, 4, 4})), std::runtime_error);
    EXPECT_EQ(model->forward(torch::zeros({2, 2, 5, 4})).sizes().vec(),
              (std::vector<int64_t>{2, 4, 5, 4}));
  }
}

// ---------------------------------------------------------------------------------------------
// Against TensorFlow.js

const char* kSetupHint =
    "run scripts/setup.sh (installs nodejs/npm and runs npm ci --prefix tools/tfjs)";

std::string packageModel(const std::string& package, int scale) {
  return ccdf::test::sourcePath("tools/tfjs/node_modules/@upscalerjs/" + package + "/models/x" +
                                std::to_string(scale) + "/model.json");
}

// Empty when node, TF.js and the three packages are there; otherwise what is missing.
std::string tfjsMissing() {
  if (std::system("node --version > /dev/null 2>&1") != 0) return "node is not on PATH";
  for (const std::string p : {"tools/tfjs/node_modules/@tensorflow/tfjs/package.json",
                              "tools/tfjs/node_modules/@upscalerjs/esrgan-slim/package.json",
                              "tools/tfjs/node_modules/@upscalerjs/esrgan-medium/package.json",
                              "tools/tfjs/node_modules/@upscalerjs/esrgan-thick/package.json"}) {
    if (!fs::exists(ccdf::test::sourcePath(p))) return ccdf::test::sourcePath(p) + " is missing";
  }
  return "";
}

// Runs tools/tfjs/reference.js; returns the NHWC output and its NHWC shape.
std::vector<float> runTfjs(const std::string& modelJson, const std::vector<float>& nhwc, int64_t h,
                           int64_t w, int64_t c, std::vector<int64_t>& shape,
                           const std::string& extra = "") {
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs-ref");
  std::ofstream(dir + "/in.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(nhwc.data()),
             static_cast<std::streamsize>(nhwc.size() * 4));
  const std::string cmd = "node " + ccdf::test::sourcePath("tools/tfjs/reference.js") + " '" +
                          modelJson + "' " + dir + "/in.bin " + std::to_string(h) + " " +
                          std::to_string(w) + " " + dir + "/out.bin --channels " +
                          std::to_string(c) + " " + extra + " > " + dir + "/stdout.txt 2> " + dir +
                          "/stderr.txt";
  if (std::system(cmd.c_str()) != 0) {
    std::ifstream err(dir + "/stderr.txt");
    std::stringstream ss;
    ss << err.rdbuf();
    ADD_FAILURE() << "reference.js failed: " << cmd << "\n" << ss.str();
    return {};
  }
  std::ifstream out(dir + "/stdout.txt");
  std::string line, last;
  while (std::getline(out, line)) {
    if (!line.empty() && line[0] == '{') last = line;
  }
  shape = json::parse(last).at("shape").get<std::vector<int64_t>>();
  int64_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<float> y(static_cast<size_t>(n));
  std::ifstream bin(dir + "/out.bin", std::ios::binary);
  bin.read(reinterpret_cast<char*>(y.data()), static_cast<std::streamsize>(n * 4));
  EXPECT_TRUE(bin.good()) << "short output from reference.js";
  fs::remove_all(dir);
  return y;
}

// A smooth-but-detailed deterministic RGB image in [0, range].
std::vector<float> testImage(int64_t h, int64_t w, double range) {
  std::vector<float> x(static_cast<size_t>(h * w * 3));
  for (int64_t y = 0; y < h; ++y)
    for (int64_t q = 0; q < w; ++q)
      for (int64_t c = 0; c < 3; ++c) {
        const double v = 0.5 + 0.35 * std::sin(0.9 * q + 0.5 * y + 2.1 * c) +
                         0.15 * std::cos(1.7 * q * y / double(h) + c);
        x[(y * w + q) * 3 + c] = static_cast<float>(range * std::clamp(v, 0.0, 1.0));
      }
  return x;
}

struct Agreement {
  double maxAbs = 0;
  double outMin = 0, outMax = 0;
};

Agreement compareWithTfjs(const std::string& modelJson, int64_t h, int64_t w, double range,
                          int64_t scale) {
  const auto x = testImage(h, w, range);
  std::vector<int64_t> tfShape, ourShape;
  const auto want = runTfjs(modelJson, x, h, w, 3, tfShape);
  EXPECT_EQ(tfShape, (std::vector<int64_t>{1, scale * h, scale * w, 3}));
  const auto got = run(modelJson, x, h, w, 3, &ourShape);
  EXPECT_EQ(ourShape, (std::vector<int64_t>{1, 3, scale * h, scale * w}));
  Agreement a;
  if (got.size() != want.size() || got.empty()) {
    ADD_FAILURE() << "output sizes differ: " << got.size() << " vs " << want.size();
    return a;
  }
  a.outMin = a.outMax = want[0];
  for (size_t i = 0; i < got.size(); ++i) {
    a.maxAbs = std::max(a.maxAbs, std::abs(double(got[i]) - want[i]));
    a.outMin = std::min<double>(a.outMin, want[i]);
    a.outMax = std::max<double>(a.outMax, want[i]);
  }
  return a;
}

TEST(TfjsReference, NodeAndPackagesAreInstalled) {
  const auto missing = tfjsMissing();
  EXPECT_TRUE(missing.empty()) << missing << ": " << kSetupHint;
}

// Custom layers in a tiny model run by TF.js with the package's own setup(tf): the channel order
// of PixelShuffle and the beta of MultiplyBeta straight from the package's JS.
TEST(TfjsReference, CustomLayersAgreeWithThePackagesJs) {
  const auto missing = tfjsMissing();
  ASSERT_TRUE(missing.empty()) << missing << ": " << kSetupHint;
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  for (int s : {2, 3, 4}) {
    TinyModel m(3);
    const int64_t cout = 3 * s * s;
    m.conv("pre", "in", 3, 3, 3, 8, ramp(3 * 3 * 3 * 8, 0.02f, -0.2f), ramp(8, 0.1f, -0.5f))
        .layer("MultiplyBeta", "beta", {{"beta", 0.2}}, {"pre"})
        .conv("shuffle_in", "beta", 3, 3, 8, cout, ramp(9 * 8 * cout, 0.03f, -0.3f),
              ramp(cout, 0.05f, 0.0f))
        .layer("PixelShuffle" + std::to_string(s) + "x", "ps", {{"scale", s}}, {"shuffle_in"});
    const auto path = m.write(dir + "/s" + std::to_string(s));
    const auto x = testImage(5, 7, 1.0);
    std::vector<int64_t> tfShape, ourShape;
    const auto want = runTfjs(path, x, 5, 7, 3, tfShape,
                              "--setup @upscalerjs/esrgan-thick/" + std::to_string(s) + "x");
    EXPECT_EQ(tfShape, (std::vector<int64_t>{1, 5 * s, 7 * s, 3}));
    const auto got = run(path, x, 5, 7, 3, &ourShape);
    ASSERT_EQ(got.size(), want.size());
    double err = 0;
    for (size_t i = 0; i < got.size(); ++i) err = std::max(err, std::abs(double(got[i]) - want[i]));
    std::cout << "[ tfjs     ] conv + MultiplyBeta + PixelShuffle" << s
              << "x on 5x7: max |C++ - TF.js| = " << err << " (tolerance 1e-5)\n";
    EXPECT_LT(err, 1e-5) << "scale " << s;
  }
}

// Whole networks. Tolerance: max |C++ - TF.js| <= 1e-4 x (output range), i.e. 0.0255 for the
// [0, 255] RDN models and 1e-4 for the [0, 1] RRDN model: both sides compute in float32 but sum
// in different orders (oneDNN/OpenBLAS vs TF.js's JS loops), so agreement is to float32 rounding
// accumulated over 12-154 convolutions, far below one 8-bit grey level (1/255 of the range).
TEST(TfjsReference, WholeNetAgreesWithTfjs) {
  const auto missing = tfjsMissing();
  ASSERT_TRUE(missing.empty()) << missing << ": " << kSetupHint;
  struct Case {
    std::string package;
    int scale;
    int64_t h, w;
    double range;
  };
  const std::vector<Case> cases = {{"esrgan-slim", 4, 16, 16, 255.0},
                                   {"esrgan-slim", 2, 16, 12, 255.0},
                                   {"esrgan-medium", 4, 12, 12, 255.0},
                                   {"esrgan-thick", 4, 12, 12, 1.0}};
  for (const Case& c : cases) {
    const auto start = std::chrono::steady_clock::now();
    const auto a = compareWithTfjs(packageModel(c.package, c.scale), c.h, c.w, c.range, c.scale);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string label = c.package + " x" + std::to_string(c.scale);
    std::cout << "[ tfjs     ] " << label << " " << c.h << "x" << c.w
              << ": max |C++ - TF.js| = " << a.maxAbs << " (tolerance " << 1e-4 * c.range
              << "), TF.js output in [" << a.outMin << ", " << a.outMax << "], " << seconds
              << " s\n";
    ::testing::Test::RecordProperty(c.package + "_x" + std::to_string(c.scale) + "_max_abs_error",
                                    std::to_string(a.maxAbs));
    EXPECT_LE(a.maxAbs, 1e-4 * c.range) << label;
    // The comparison means something only if the output is a real picture in the range.
    EXPECT_GT(a.outMax - a.outMin, 0.3 * c.range) << label;
  }
}

TEST(TfjsReference, PackagesLoadWithTheExpectedGraphs) {
  const auto missing = tfjsMissing();
  ASSERT_TRUE(missing.empty()) << missing << ": " << kSetupHint;
  for (const std::string p : {"esrgan-slim", "esrgan-medium", "esrgan-thick"}) {
    for (int s : {2, 3, 4, 8}) {
      auto model = ccdf::loadTfjsLayersModel(packageModel(p, s));
      const auto& info = model->info();
      EXPECT_EQ(info.inputChannels, 3) << p << s;
      EXPECT_EQ(info.outputChannels, 3) << p << s;
      EXPECT_EQ(info.weightBytes, info.parameterCount * 4) << p << s;
      if (p == "esrgan-thick") {
        EXPECT_EQ(info.layerCounts.at("PixelShuffle" + std::to_string(s) + "x"), 1);
        EXPECT_EQ(info.layerCounts.at("MultiplyBeta"), 40);
        EXPECT_EQ(info.layerCounts.at("Conv2D"), 154);
      } else {
        EXPECT_EQ(info.layerCounts.at("UpSampling2D"), 1);
      }
      torch::NoGradGuard g;
      EXPECT_EQ(model->forward(torch::rand({1, 3, 5, 6})).sizes().vec(),
                (std::vector<int64_t>{1, 3, 5 * s, 6 * s}))
          << p << s;
    }
  }
  // A real package folder with a shard removed / truncated.
  const auto dir = ccdf::test::makeTempDirectory("ccdf-tfjs");
  const auto src = fs::path(packageModel("esrgan-thick", 2)).parent_path();
  fs::copy(src, dir + "/thick");
  fs::remove(dir + "/thick/group1-shard3of7.bin");
  expectLoadError(dir + "/thick/model.json", "missing weight shard");
  fs::copy(src / "group1-shard3of7.bin", dir + "/thick/group1-shard3of7.bin");
  fs::resize_file(dir + "/thick/group1-shard7of7.bin",
                  fs::file_size(dir + "/thick/group1-shard7of7.bin") - 4);
  expectLoadError(dir + "/thick/model.json", "truncated shard");
  fs::remove_all(dir);
}

}  // namespace
