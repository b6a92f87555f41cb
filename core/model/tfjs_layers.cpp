#include "model/tfjs_layers.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ccdf {

namespace {

using json = nlohmann::json;
namespace F = torch::nn::functional;

enum class Act {
  Linear,
  Relu,
  Relu6,
  Sigmoid,
  Tanh,
  Elu,
  Selu,
  Softplus,
  Softsign,
  Swish,
  HardSigmoid,
  Exponential,
  Softmax
};

const std::vector<std::pair<std::string, Act>>& activationNames() {
  static const std::vector<std::pair<std::string, Act>> names = {{"linear", Act::Linear},
                                                                 {"relu", Act::Relu},
                                                                 {"relu6", Act::Relu6},
                                                                 {"sigmoid", Act::Sigmoid},
                                                                 {"tanh", Act::Tanh},
                                                                 {"elu", Act::Elu},
                                                                 {"selu", Act::Selu},
                                                                 {"softplus", Act::Softplus},
                                                                 {"softsign", Act::Softsign},
                                                                 {"swish", Act::Swish},
                                                                 {"silu", Act::Swish},
                                                                 {"hard_sigmoid", Act::HardSigmoid},
                                                                 {"exponential", Act::Exponential},
                                                                 {"softmax", Act::Softmax}};
  return names;
}

torch::Tensor applyActivation(Act a, const torch::Tensor& x) {
  switch (a) {
    case Act::Linear:
      return x;
    case Act::Relu:
      return torch::relu(x);
    case Act::Relu6:
      return torch::clamp(x, 0.0, 6.0);
    case Act::Sigmoid:
      return torch::sigmoid(x);
    case Act::Tanh:
      return torch::tanh(x);
    case Act::Elu:
      return torch::elu(x);
    case Act::Selu:
      return torch::selu(x);
    case Act::Softplus:
      return torch::softplus(x);
    case Act::Softsign:
      return x / (1 + x.abs());
    case Act::Swish:
      return x * torch::sigmoid(x);
    case Act::HardSigmoid:
      return torch::clamp(x * 0.2 + 0.5, 0.0, 1.0);
    case Act::Exponential:
      return torch::exp(x);
    case Act::Softmax:
      return torch::softmax(x, 1);  // Keras axis -1 of NHWC = channels
  }
  return x;
}

enum class OpKind { Conv, Activation, Concat, Add, Scale, DepthToSpace, Upsample };

std::string shapeString(c10::IntArrayRef shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace

struct TfjsOp {
  OpKind kind = OpKind::Activation;
  std::string layer;        // Keras layer name (for messages)
  std::vector<int> inputs;  // value slots
  int output = -1;
  Act act = Act::Linear;
  // Conv2D (weight OIHW, bias may be undefined)
  torch::Tensor weight, bias;
  int64_t strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
  bool samePadding = false;
  int64_t dim = 1;           // Concatenate
  double factor = 1.0;       // MultiplyBeta
  int64_t block = 1;         // PixelShuffle (depth-to-space)
  int64_t upH = 1, upW = 1;  // UpSampling2D
};

class TfjsLayersModelImpl {
 public:
  std::vector<TfjsOp> ops;
  int inputSlot = 0;
  int outputSlot = 0;
  int slotCount = 0;
  std::vector<int> lastUse;  // per slot: the last op reading it (-1: none)
  std::vector<std::pair<std::string, torch::Tensor>> parameters;
};

namespace {

// TensorFlow's "same" padding: output ceil(in/stride), the odd pixel of padding goes after.
std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t kernel, int64_t stride,
                                        int64_t dilation) {
  const int64_t out = (in + stride - 1) / stride;
  const int64_t total = std::max<int64_t>((out - 1) * stride + (kernel - 1) * dilation + 1 - in, 0);
  return {total / 2, total - total / 2};
}

torch::Tensor runOp(const TfjsOp& op, const std::vector<torch::Tensor>& in) {
  switch (op.kind) {
    case OpKind::Conv: {
      torch::Tensor x = in[0];
      int64_t padH = 0, padW = 0;
      if (op.samePadding) {
        const auto [top, bottom] =
            samePadding(x.size(2), op.weight.size(2), op.strideH, op.dilationH);
        const auto [left, right] =
            samePadding(x.size(3), op.weight.size(3), op.strideW, op.dilationW);
        if (top == bottom && left == right) {
          padH = top;
          padW = left;
        } else {
          x = F::pad(x, F::PadFuncOptions({left, right, top, bottom}));
        }
      }
      auto y = torch::conv2d(x, op.weight, op.bias, {op.strideH, op.strideW}, {padH, padW},
                             {op.dilationH, op.dilationW}, 1);
      return applyActivation(op.act, y);
    }
    case OpKind::Activation:
      return applyActivation(op.act, in[0]);
    case OpKind::Concat:
      return torch::cat(in, op.dim);
    case OpKind::Add: {
      torch::Tensor y = in[0] + in[1];
      for (size_t i = 2; i < in.size(); ++i) y = y + in[i];
      return y;
    }
    case OpKind::Scale:
      return in[0] * op.factor;
    case OpKind::DepthToSpace: {
      // tf.depthToSpace(x, S, 'NHWC'): out[h*S+i, w*S+j, c] = in[h, w, (i*S+j)*C + c].
      const auto& x = in[0];
      const int64_t s = op.block, n = x.size(0), cin = x.size(1), h = x.size(2), w = x.size(3);
      if (cin % (s * s) != 0) {
        throw std::runtime_error("depth-to-space by " + std::to_string(s) +
                                 " needs channels divisible by " + std::to_string(s * s) +
                                 ", got " + std::to_string(cin));
      }
      const int64_t c = cin / (s * s);
      return x.reshape({n, s, s, c, h, w})
          .permute({0, 3, 4, 1, 5, 2})
          .reshape({n, c, h * s, w * s});
    }
    case OpKind::Upsample: {
      const auto& x = in[0];
      const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
      return x.reshape({n, c, h, 1, w, 1})
          .expand({n, c, h, op.upH, w, op.upW})
          .reshape({n, c, h * op.upH, w * op.upW});
    }
  }
  throw std::runtime_error("internal error: unknown op");
}

// ---------------------------------------------------------------------------------------------
// Loading

class Loader {
 public:
  explicit Loader(std::string path) : path_(std::move(path)) {}

  std::shared_ptr<TfjsLayersModel> load() {
    json doc = readJson();
    TfjsLayersModelInfo info;
    info.modelJsonPath = path_;
    try {
      if (!doc.is_object()) fail("model.json is not a JSON object");
      if (doc.contains("format") && doc["format"] != "layers-model") {
        fail("format is " + doc["format"].dump() +
             "; only TF.js layers models ('layers-model') are supported");
      }
      info.generatedBy = doc.value("generatedBy", "");
      info.convertedBy = doc.value("convertedBy", "");
      if (!doc.contains("modelTopology") || !doc["modelTopology"].is_object()) {
        fail("no modelTopology object (not a TF.js layers model?)");
      }
      const json& topology = doc["modelTopology"];
      const json& modelConfig =
          topology.contains("model_config") ? topology["model_config"] : topology;
      const std::string modelClass = modelConfig.value("class_name", "");
      if (modelClass != "Functional" && modelClass != "Model") {
        fail("model class '" + modelClass +
             "' is not supported (only Keras functional models: 'Functional' or 'Model')");
      }
      if (!doc.contains("weightsManifest") || !doc["weightsManifest"].is_array()) {
        fail("no weightsManifest array");
      }
      readWeights(doc["weightsManifest"], info);
      buildGraph(modelConfig.at("config"), info);
    } catch (const json::exception& e) {
      fail(std::string("malformed model.json (") + e.what() + ")");
    }
    return std::make_shared<TfjsLayersModel>(graph_, info);
  }

 private:
  struct LayerDef {
    std::string name;
    std::string cls;
    json config;
    json inboundNodes;
  };
  struct Value {
    int slot = -1;
    int64_t channels = -1;
  };

  [[noreturn]] void fail(const std::string& message) const {
    std::string line = path_ + ": " + message;  // one line, whatever names the file holds
    for (char& c : line)
      if (c == '\n' || c == '\r') c = ' ';
    throw std::runtime_error(line);
  }
  [[noreturn]] void failLayer(const LayerDef& l, const std::string& message) const {
    fail("layer '" + l.name + "' (" + l.cls + "): " + message);
  }

  json readJson() const {
    std::ifstream in(path_, std::ios::binary);
    if (!in) fail("cannot open the model file");
    try {
      return json::parse(in);
    } catch (const json::exception& e) {
      fail(std::string("not valid JSON (") + e.what() + ")");
    }
  }

  // --- weights --------------------------------------------------------------------------------

  // Shards are named relative to model.json; a file must not make the loader read elsewhere.
  static bool isInsideFolder(const std::string& relative) {
    const std::filesystem::path p(relative);
    if (relative.empty() || p.is_absolute() || p.has_root_name() || p.has_root_directory())
      return false;
    for (const auto& part : p)
      if (part == "..") return false;
    return true;
  }

  void readWeights(const json& manifest, TfjsLayersModelInfo& info) {
    const auto folder = std::filesystem::path(path_).parent_path();
    for (size_t g = 0; g < manifest.size(); ++g) {
      const json& group = manifest[g];
      std::vector<char> data;
      for (const auto& p : group.at("paths")) {
        const std::string name = p.get<std::string>();
        if (!isInsideFolder(name))
          fail("weight shard path '" + name + "' leaves the model's folder (absolute or '..')");
        const auto shard = folder / name;
        std::ifstream s(shard, std::ios::binary);
        if (!s) fail("missing weight shard " + shard.string());
        data.insert(data.end(), std::istreambuf_iterator<char>(s),
                    std::istreambuf_iterator<char>());
      }
      info.weightBytes += static_cast<int64_t>(data.size());
      size_t offset = 0;
      for (const auto& w : group.at("weights")) {
        const std::string name = w.at("name").get<std::string>();
        std::vector<int64_t> shape;
        int64_t numel = 1;
        for (const auto& d : w.at("shape")) {
          const int64_t v = d.get<int64_t>();
          if (v < 0) fail("weight '" + name + "' has a negative dimension");
          if (v > 0 && numel > (int64_t(1) << 40) / v) fail("weight '" + name + "' is too large");
          shape.push_back(v);
          numel *= v;
        }
        const std::string dtype = w.at("dtype").get<std::string>();
        if (dtype != "float32") {
          fail("weight '" + name + "' has dtype '" + dtype + "'; only float32 is supported");
        }
        std::string stored = "float32";
        double scale = 1.0, minimum = 0.0;
        if (w.contains("quantization") && !w["quantization"].is_null()) {
          const json& q = w["quantization"];
          stored = q.at("dtype").get<std::string>();
          if (stored == "uint8" || stored == "uint16") {
            scale = q.at("scale").get<double>();
            minimum = q.at("min").get<double>();
          } else if (stored != "float16") {
            fail("weight '" + name + "' uses quantization dtype '" + stored +
                 "'; only uint8, uint16 and float16 are supported");
          }
        }
        const size_t bytesPer = stored == "float32" ? 4 : stored == "uint8" ? 1 : 2;
        const size_t need = static_cast<size_t>(numel) * bytesPer;
        if (offset + need > data.size()) {
          fail("weight '" + name + "' needs bytes " + std::to_string(offset) + ".." +
               std::to_string(offset + need) + " but the shards of weight group " +
               std::to_string(g) + " hold only " + std::to_string(data.size()) +
               " bytes (truncated shard?)");
        }
        const char* src = data.data() + offset;
        torch::Tensor t;
        if (stored == "float32") {
          t = torch::empty({numel}, torch::kFloat);
          // Not for empty weights: both pointers may then be null (found by fuzz_tfjs, UBSan).
          if (need > 0) std::memcpy(t.data_ptr<float>(), src, need);
        } else if (stored == "float16") {
          auto h = torch::empty({numel}, torch::kHalf);
          if (need > 0) std::memcpy(h.data_ptr<at::Half>(), src, need);
          t = h.to(torch::kFloat);
        } else {
          t = torch::empty({numel}, torch::kFloat);
          float* dst = t.data_ptr<float>();
          for (int64_t i = 0; i < numel; ++i) {
            double q;
            if (bytesPer == 1) {
              q = static_cast<unsigned char>(src[i]);
            } else {
              uint16_t v;
              std::memcpy(&v, src + 2 * i, 2);
              q = v;
            }
            dst[i] = static_cast<float>(q * scale + minimum);  // as TF.js: q * scale + min
          }
        }
        if (!weights_.emplace(name, t.reshape(shape)).second) {
          fail("weight '" + name + "' appears twice in the manifest");
        }
        info.parameterCount += numel;
        offset += need;
      }
      if (offset != data.size()) {
        fail("the shards of weight group " + std::to_string(g) + " hold " +
             std::to_string(data.size()) + " bytes but its weights take " + std::to_string(offset) +
             " (wrong or corrupted shard)");
      }
    }
  }

  torch::Tensor takeWeight(const LayerDef& l, const std::string& suffix,
                           const std::vector<int64_t>& expected) {
    const std::string name = l.name + "/" + suffix;
    auto it = weights_.find(name);
    if (it == weights_.end()) failLayer(l, "missing weight '" + name + "'");
    const auto& t = it->second;
    bool ok = t.dim() == static_cast<int64_t>(expected.size());
    for (size_t i = 0; ok && i < expected.size(); ++i) {
      ok = expected[i] < 0 || t.size(static_cast<int64_t>(i)) == expected[i];
    }
    if (!ok) {
      std::string e = "[";
      for (size_t i = 0; i < expected.size(); ++i) {
        e += (i ? "," : "") + (expected[i] < 0 ? std::string("?") : std::to_string(expected[i]));
      }
      failLayer(
          l, "weight '" + name + "' has shape " + shapeString(t.sizes()) + ", expected " + e + "]");
    }
    used_.insert(name);
    return t;
  }

  // --- graph ----------------------------------------------------------------------------------

  static std::pair<int64_t, int64_t> pairOf(const json& cfg, const char* key, int64_t fallback) {
    if (!cfg.contains(key) || cfg[key].is_null()) return {fallback, fallback};
    const json& v = cfg[key];
    if (v.is_number_integer()) return {v.get<int64_t>(), v.get<int64_t>()};
    if (v.is_array() && v.size() == 2) return {v[0].get<int64_t>(), v[1].get<int64_t>()};
    if (v.is_array() && v.size() == 1) return {v[0].get<int64_t>(), v[0].get<int64_t>()};
    throw std::invalid_argument(std::string("'") + key + "' must be an integer or a pair");
  }

  Act parseActivation(const LayerDef& l, const json& cfg) const {
    if (!cfg.contains("activation") || cfg["activation"].is_null()) return Act::Linear;
    if (!cfg["activation"].is_string()) {
      failLayer(l, "unsupported activation " + cfg["activation"].dump());
    }
    const std::string a = cfg["activation"].get<std::string>();
    for (const auto& [n, act] : activationNames()) {
      if (n == a) return act;
    }
    std::string known;
    for (const auto& p : activationNames()) known += (known.empty() ? "" : ", ") + p.first;
    failLayer(l, "unsupported activation '" + a + "' (supported: " + known + ")");
  }

  void checkChannelsLast(const LayerDef& l) const {
    const std::string f = l.config.value("data_format", "channels_last");
    if (f != "channels_last") failLayer(l, "data_format '" + f + "' is not supported");
  }

  // The block size of a PixelShuffle<S>x layer; 0 when the class is not one.
  static int64_t pixelShuffleScale(const std::string& cls) {
    // At most three digits: larger blocks are no model's, and s * s must not overflow.
    static const std::regex re("PixelShuffle([0-9]{1,3})x");
    std::smatch m;
    return std::regex_match(cls, m, re) ? std::stoll(m[1].str()) : 0;
  }

  static bool supportedClass(const std::string& cls) {
    static const std::set<std::string> classes = {
        "InputLayer", "Conv2D", "Activation", "Concatenate", "Add", "UpSampling2D", "MultiplyBeta"};
    return classes.count(cls) > 0 || pixelShuffleScale(cls) > 0;
  }

  void buildGraph(const json& config, TfjsLayersModelInfo& info) {
    graph_ = std::make_shared<TfjsLayersModelImpl>();
    const json& layers = config.at("layers");
    if (!layers.is_array() || layers.empty()) fail("the model has no layers");
    for (const auto& j : layers) {
      LayerDef l;
      l.cls = j.at("class_name").get<std::string>();
      l.config = j.contains("config") ? j["config"] : json::object();
      l.name = j.contains("name") ? j["name"].get<std::string>()
                                  : l.config.at("name").get<std::string>();
      l.inboundNodes = j.contains("inbound_nodes") ? j["inbound_nodes"] : json::array();
      if (!supportedClass(l.cls)) {
        fail("layer '" + l.name + "' has unsupported class '" + l.cls +
             "' (supported: InputLayer, Conv2D, Activation, Concatenate, Add, UpSampling2D, "
             "MultiplyBeta, PixelShuffle<S>x)");
      }
      if (!l.inboundNodes.is_array()) {
        fail("layer '" + l.name + "': inbound_nodes is not a list (Keras 3 format?)");
      }
      if (!byName_.emplace(l.name, defs_.size()).second) {
        fail("two layers are named '" + l.name + "'");
      }
      ++info.layerCounts[l.cls];
      defs_.push_back(std::move(l));
    }

    const auto single = [&](const char* key) -> std::pair<std::string, int64_t> {
      const json& v = config.at(key);
      if (!v.is_array() || v.size() != 1) {
        fail(std::string("the model must have exactly one entry in ") + key + ", it has " +
             std::to_string(v.is_array() ? v.size() : 0));
      }
      const json& ref = v[0];
      if (!ref.is_array() || ref.size() < 3 || ref[2].get<int64_t>() != 0) {
        fail(std::string("unsupported reference in ") + key + ": " + ref.dump());
      }
      return {ref[0].get<std::string>(), ref[1].get<int64_t>()};
    };

    // The input.
    const auto [inputName, inputNode] = single("input_layers");
    auto it = byName_.find(inputName);
    if (it == byName_.end()) fail("input layer '" + inputName + "' is not in the layer list");
    const LayerDef& input = defs_[it->second];
    if (input.cls != "InputLayer") fail("input layer '" + inputName + "' is not an InputLayer");
    const json& cfg = input.config;
    const json* shape = cfg.contains("batch_input_shape") ? &cfg["batch_input_shape"]
                        : cfg.contains("batch_shape")     ? &cfg["batch_shape"]
                                                          : nullptr;
    if (!shape || !shape->is_array() || shape->size() != 4) {
      fail("input '" + inputName + "' has shape " + (shape ? shape->dump() : "(none)") +
           "; only 4-D NHWC image inputs are supported");
    }
    info.inputLayer = inputName;
    info.inputChannels = (*shape)[3].is_number_integer() ? (*shape)[3].get<int64_t>() : -1;
    graph_->inputSlot = graph_->slotCount++;
    values_[key(inputName, inputNode)] = Value{graph_->inputSlot, info.inputChannels};

    // Everything the output depends on, in dependency order.
    const auto [outputName, outputNode] = single("output_layers");
    info.outputLayer = outputName;
    const Value out = evaluate(outputName, outputNode, 0);
    graph_->outputSlot = out.slot;
    info.outputChannels = out.channels;

    // Weights that belong to no layer at all (TF.js, strict by default, refuses them too).
    for (const auto& [name, t] : weights_) {
      if (used_.count(name)) continue;
      const auto slash = name.rfind('/');
      if (slash == std::string::npos || !byName_.count(name.substr(0, slash))) {
        fail("weight '" + name + "' belongs to no layer of the model");
      }
    }

    graph_->lastUse.assign(graph_->slotCount, -1);
    for (size_t k = 0; k < graph_->ops.size(); ++k) {
      for (int s : graph_->ops[k].inputs) graph_->lastUse[s] = static_cast<int>(k);
    }
  }

  static std::string key(const std::string& layer, int64_t node) {
    return layer + "#" + std::to_string(node);
  }

  Value evaluate(const std::string& name, int64_t node, int depth) {
    auto done = values_.find(key(name, node));
    if (done != values_.end()) return done->second;
    auto it = byName_.find(name);
    if (it == byName_.end()) fail("a layer refers to an unknown layer '" + name + "'");
    const LayerDef& l = defs_[it->second];
    if (l.cls == "InputLayer") failLayer(l, "only one model input is supported");
    if (node < 0 || node >= static_cast<int64_t>(l.inboundNodes.size())) {
      failLayer(l, "node " + std::to_string(node) + " does not exist");
    }
    const std::string k = key(name, node);
    if (!visiting_.insert(k).second) failLayer(l, "the graph has a cycle");
    if (depth > 5000) failLayer(l, "graphs deeper than 5000 layers are not supported");

    std::vector<Value> inputs;
    const json& refs = l.inboundNodes[static_cast<size_t>(node)];
    if (!refs.is_array()) failLayer(l, "inbound node is not a list (Keras 3 format?)");
    for (const auto& ref : refs) {
      if (!ref.is_array() || ref.size() < 3) failLayer(l, "malformed inbound node " + ref.dump());
      if (ref[2].get<int64_t>() != 0) failLayer(l, "multi-output inputs are not supported");
      inputs.push_back(evaluate(ref[0].get<std::string>(), ref[1].get<int64_t>(), depth + 1));
    }
    Value v;
    try {
      v = addOp(l, inputs);
    } catch (const std::invalid_argument& e) {
      failLayer(l, e.what());
    } catch (const json::exception& e) {
      failLayer(l, std::string("malformed config (") + e.what() + ")");
    }
    visiting_.erase(k);
    values_[k] = v;
    return v;
  }

  Value addOp(const LayerDef& l, const std::vector<Value>& inputs) {
    const json& cfg = l.config;
    TfjsOp op;
    op.layer = l.name;
    for (const auto& v : inputs) op.inputs.push_back(v.slot);
    const auto needInputs = [&](size_t lo, size_t hi) {
      if (inputs.size() < lo || inputs.size() > hi) {
        failLayer(l, "takes " + std::to_string(lo) + (hi > lo ? " or more" : "") +
                         " input(s), got " + std::to_string(inputs.size()));
      }
    };
    int64_t channels = inputs.empty() ? -1 : inputs[0].channels;

    if (l.cls == "Conv2D") {
      needInputs(1, 1);
      checkChannelsLast(l);
      const int64_t filters = cfg.at("filters").get<int64_t>();
      const auto [kh, kw] = pairOf(cfg, "kernel_size", 1);
      std::tie(op.strideH, op.strideW) = pairOf(cfg, "strides", 1);
      std::tie(op.dilationH, op.dilationW) = pairOf(cfg, "dilation_rate", 1);
      if (cfg.value("groups", 1) != 1) failLayer(l, "grouped convolutions are not supported");
      const std::string padding = cfg.value("padding", "valid");
      if (padding != "same" && padding != "valid") {
        failLayer(l, "padding '" + padding + "' is not supported (same, valid)");
      }
      if (op.strideH < 1 || op.strideW < 1 || op.dilationH < 1 || op.dilationW < 1 || kh < 1 ||
          kw < 1 || filters < 1) {
        failLayer(l, "non-positive kernel size, stride, dilation or filter count");
      }
      op.samePadding = padding == "same";
      op.act = parseActivation(l, cfg);
      auto cached = convWeights_.find(l.name);  // a shared layer converts its weights once
      if (cached == convWeights_.end()) {
        torch::Tensor weight, bias;
        const auto kernel = takeWeight(l, "kernel", {kh, kw, channels, filters});  // HWIO
        weight = kernel.permute({3, 2, 0, 1}).contiguous();                        // OIHW
        graph_->parameters.emplace_back(l.name + "/kernel", weight);
        if (cfg.value("use_bias", true)) {
          bias = takeWeight(l, "bias", {filters});
          graph_->parameters.emplace_back(l.name + "/bias", bias);
        }
        cached = convWeights_.emplace(l.name, std::make_pair(weight, bias)).first;
      } else if (channels >= 0 && cached->second.first.size(1) != channels) {
        failLayer(l, "shared layer called on " + std::to_string(channels) +
                         " channels, its kernel takes " +
                         std::to_string(cached->second.first.size(1)));
      }
      op.weight = cached->second.first;
      op.bias = cached->second.second;
      op.kind = OpKind::Conv;
      channels = filters;
    } else if (l.cls == "Activation") {
      needInputs(1, 1);
      op.kind = OpKind::Activation;
      op.act = parseActivation(l, cfg);
    } else if (l.cls == "Concatenate") {
      needInputs(1, SIZE_MAX);
      int64_t axis = cfg.value("axis", static_cast<int64_t>(-1));
      if (axis < -4 || axis > 3) failLayer(l, "axis " + std::to_string(axis) + " out of range");
      if (axis < 0) axis += 4;
      static const int64_t nhwcToNchw[4] = {0, 2, 3, 1};
      op.dim = nhwcToNchw[axis];
      op.kind = OpKind::Concat;
      if (op.dim == 1) {
        channels = 0;
        for (const auto& v : inputs)
          channels = (channels < 0 || v.channels < 0) ? -1 : channels + v.channels;
      } else {
        checkSameChannels(l, inputs);
      }
    } else if (l.cls == "Add") {
      needInputs(2, SIZE_MAX);
      checkSameChannels(l, inputs);
      op.kind = OpKind::Add;
    } else if (l.cls == "MultiplyBeta") {
      needInputs(1, 1);
      const double beta = cfg.value("beta", 0.2);
      if (beta != 0.2) {
        failLayer(l, "beta " + std::to_string(beta) +
                         " differs from the 0.2 that the package's TF.js layer hard-codes");
      }
      op.kind = OpKind::Scale;
      op.factor = 0.2;
    } else if (const int64_t s = pixelShuffleScale(l.cls); s > 0) {
      needInputs(1, 1);
      if (cfg.contains("scale") && cfg["scale"].get<int64_t>() != s) {
        failLayer(l, "config scale " + cfg["scale"].dump() + " disagrees with the class name");
      }
      if (channels >= 0 && channels % (s * s) != 0) {
        failLayer(l, "input has " + std::to_string(channels) + " channels, not a multiple of " +
                         std::to_string(s * s));
      }
      op.kind = OpKind::DepthToSpace;
      op.block = s;
      if (channels >= 0) channels /= s * s;
    } else if (l.cls == "UpSampling2D") {
      needInputs(1, 1);
      checkChannelsLast(l);
      std::tie(op.upH, op.upW) = pairOf(cfg, "size", 2);
      if (op.upH < 1 || op.upW < 1) failLayer(l, "size must be positive");
      const std::string interpolation = cfg.value("interpolation", "nearest");
      if (interpolation != "nearest") {
        failLayer(l, "interpolation '" + interpolation + "' is not supported (nearest)");
      }
      op.kind = OpKind::Upsample;
    } else {
      failLayer(l, "unsupported layer class");
    }
    op.output = graph_->slotCount++;
    graph_->ops.push_back(std::move(op));
    return Value{graph_->ops.back().output, channels};
  }

  void checkSameChannels(const LayerDef& l, const std::vector<Value>& inputs) const {
    for (const auto& v : inputs) {
      if (v.channels >= 0 && inputs[0].channels >= 0 && v.channels != inputs[0].channels) {
        failLayer(l, "inputs have " + std::to_string(inputs[0].channels) + " and " +
                         std::to_string(v.channels) + " channels");
      }
    }
  }

  std::string path_;
  std::unordered_map<std::string, torch::Tensor> weights_;
  std::set<std::string> used_;
  std::unordered_map<std::string, std::pair<torch::Tensor, torch::Tensor>> convWeights_;
  std::vector<LayerDef> defs_;
  std::unordered_map<std::string, size_t> byName_;
  std::unordered_map<std::string, Value> values_;
  std::set<std::string> visiting_;
  std::shared_ptr<TfjsLayersModelImpl> graph_;
};

}  // namespace

TfjsLayersModel::TfjsLayersModel(std::shared_ptr<TfjsLayersModelImpl> graph,
                                 TfjsLayersModelInfo info)
    : graph_(std::move(graph)), info_(std::move(info)) {
  for (auto& [name, tensor] : graph_->parameters) {
    std::string safe = name;
    std::replace(safe.begin(), safe.end(), '.', '_');
    register_parameter(safe, tensor, /*requires_grad=*/false);
  }
}

torch::Tensor TfjsLayersModel::forward(const torch::Tensor& nchw) {
  if (nchw.dim() != 4) {
    throw std::runtime_error(info_.modelJsonPath + ": input must be [N, C, H, W], got " +
                             shapeString(nchw.sizes()));
  }
  if (info_.inputChannels > 0 && nchw.size(1) != info_.inputChannels) {
    throw std::runtime_error(info_.modelJsonPath + ": input has " + std::to_string(nchw.size(1)) +
                             " channels, the model takes " + std::to_string(info_.inputChannels));
  }
  const auto& g = *graph_;
  std::vector<torch::Tensor> values(static_cast<size_t>(g.slotCount));
  values[g.inputSlot] = nchw.to(torch::kFloat);
  std::vector<torch::Tensor> in;
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const auto& op = g.ops[k];
    in.clear();
    for (int s : op.inputs) in.push_back(values[s]);
    try {
      values[op.output] = runOp(op, in);
    } catch (const c10::Error& e) {
      std::string what = e.what_without_backtrace();
      what = what.substr(0, what.find('\n'));
      throw std::runtime_error(info_.modelJsonPath + ": layer '" + op.layer + "' failed: " + what);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(info_.modelJsonPath + ": layer '" + op.layer +
                               "' failed: " + e.what());
    }
    in.clear();
    for (int s : op.inputs) {
      if (g.lastUse[s] == static_cast<int>(k) && s != g.outputSlot) values[s] = torch::Tensor();
    }
  }
  return values[g.outputSlot];
}

std::shared_ptr<TfjsLayersModel> loadTfjsLayersModel(const std::string& modelJsonPath) {
  auto model = Loader(modelJsonPath).load();
  int layers = 0;
  for (const auto& [cls, n] : model->info().layerCounts) layers += n;
  spdlog::debug("tfjs: {}: {} layers, {} parameters", modelJsonPath, layers,
                model->info().parameterCount);
  return model;
}

}  // namespace ccdf
