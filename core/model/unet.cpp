#include "model/unet.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ccdf {
namespace nn = torch::nn;

namespace {

int64_t groupsFor(int64_t channels) {
  for (int64_t g : {32, 16, 8, 4, 2})
    if (channels % g == 0) return g;
  return 1;
}

nn::GroupNorm groupNorm(int64_t channels) {
  return nn::GroupNorm(nn::GroupNormOptions(groupsFor(channels), channels).eps(1e-5));
}

nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2));
}

void zeroInit(nn::Conv2d& c) {
  torch::NoGradGuard g;
  c->weight.zero_();
  c->bias.zero_();
}

class ResBlockImpl : public EmbeddedLayerImpl {
 public:
  ResBlockImpl(int64_t in, int64_t out, int64_t embeddingDim, double dropout) {
    norm1_ = register_module("norm1", groupNorm(in));
    conv1_ = register_module("conv1", conv(in, out, 3));
    embed_ = register_module("embed", nn::Linear(embeddingDim, out));
    norm2_ = register_module("norm2", groupNorm(out));
    dropout_ = register_module("dropout", nn::Dropout(dropout));
    conv2_ = register_module("conv2", conv(out, out, 3));
    zeroInit(conv2_);  // each block starts as the identity
    if (in != out) skip_ = register_module("skip", conv(in, out, 1));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb) override {
    auto h = conv1_(torch::silu(norm1_(x)));
    h = h + embed_(torch::silu(emb)).unsqueeze(-1).unsqueeze(-1);
    h = conv2_(dropout_(torch::silu(norm2_(h))));
    return (skip_ ? skip_(x) : x) + h;
  }

 private:
  nn::GroupNorm norm1_{nullptr}, norm2_{nullptr};
  nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, skip_{nullptr};
  nn::Linear embed_{nullptr};
  nn::Dropout dropout_{nullptr};
};

class AttentionBlockImpl : public EmbeddedLayerImpl {
 public:
  AttentionBlockImpl(int64_t channels, int64_t headChannels)
      : heads_(std::max<int64_t>(1, channels / headChannels)) {
    norm_ = register_module("norm", groupNorm(channels));
    qkv_ = register_module("qkv", conv(channels, 3 * channels, 1));
    proj_ = register_module("proj", conv(channels, channels, 1));
    zeroInit(proj_);
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor&) override {
    const int64_t B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
    const int64_t d = C / heads_;
    auto qkv = qkv_(norm_(x)).reshape({B * heads_, 3 * d, H * W});
    auto chunks = qkv.chunk(3, 1);
    const double scale = 1.0 / std::sqrt(std::sqrt(double(d)));
    auto weights = torch::einsum("bct,bcs->bts", {chunks[0] * scale, chunks[1] * scale});
    weights = torch::softmax(weights, -1);
    auto h = torch::einsum("bts,bcs->bct", {weights, chunks[2]}).reshape({B, C, H, W});
    return x + proj_(h);
  }

 private:
  int64_t heads_;
  nn::GroupNorm norm_{nullptr};
  nn::Conv2d qkv_{nullptr}, proj_{nullptr};
};

class DownsampleImpl : public EmbeddedLayerImpl {
 public:
  explicit DownsampleImpl(int64_t channels) {
    conv_ = register_module("conv", conv(channels, channels, 3, 2));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor&) override { return conv_(x); }

 private:
  nn::Conv2d conv_{nullptr};
};

class UpsampleImpl : public EmbeddedLayerImpl {
 public:
  explicit UpsampleImpl(int64_t channels) {
    conv_ = register_module("conv", conv(channels, channels, 3));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor&) override {
    namespace F = torch::nn::functional;
    auto up = F::interpolate(x, F::InterpolateFuncOptions()
                                    .scale_factor(std::vector<double>{2.0, 2.0})
                                    .mode(torch::kNearest));
    return conv_(up);
  }

 private:
  nn::Conv2d conv_{nullptr};
};

// A residual block optionally followed by attention, applied as one unit.
class ResAttentionImpl : public EmbeddedLayerImpl {
 public:
  ResAttentionImpl(int64_t in, int64_t out, int64_t embeddingDim, double dropout, bool attention,
                   int64_t headChannels) {
    res_ = register_module("res", std::make_shared<ResBlockImpl>(in, out, embeddingDim, dropout));
    if (attention)
      attn_ = register_module("attn", std::make_shared<AttentionBlockImpl>(out, headChannels));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb) override {
    auto h = res_->forward(x, emb);
    return attn_ ? attn_->forward(h, emb) : h;
  }

 private:
  std::shared_ptr<ResBlockImpl> res_;
  std::shared_ptr<AttentionBlockImpl> attn_;
};

}  // namespace

torch::Tensor sinusoidalEmbedding(const torch::Tensor& values, int64_t dim) {
  const int64_t half = dim / 2;
  auto freqs = torch::exp(-std::log(10000.0) *
                          torch::arange(half, values.options().dtype(torch::kFloat)) / half);
  auto args = values.to(torch::kFloat).unsqueeze(1) * freqs.unsqueeze(0);
  auto emb = torch::cat({torch::cos(args), torch::sin(args)}, 1);
  if (dim % 2) emb = torch::nn::functional::pad(emb, torch::nn::functional::PadFuncOptions({0, 1}));
  return emb.to(values.scalar_type());
}

nlohmann::json UNetConfig::toJson() const {
  return {{"image_channels", imageChannels},
          {"base_channels", baseChannels},
          {"channel_multipliers", channelMultipliers},
          {"res_blocks_per_level", resBlocksPerLevel},
          {"attention_downsampling", attentionDownsampling},
          {"head_channels", headChannels},
          {"middle_attention", middleAttention},
          {"dropout", dropout},
          {"learned_variance", learnedVariance}};
}

UNetConfig UNetConfig::fromJson(const nlohmann::json& j) {
  UNetConfig c;
  try {
    c.imageChannels = j.at("image_channels").get<int64_t>();
    c.baseChannels = j.at("base_channels").get<int64_t>();
    c.channelMultipliers = j.at("channel_multipliers").get<std::vector<int64_t>>();
    c.resBlocksPerLevel = j.at("res_blocks_per_level").get<int64_t>();
    c.attentionDownsampling = j.at("attention_downsampling").get<std::vector<int64_t>>();
    c.headChannels = j.at("head_channels").get<int64_t>();
    c.middleAttention = j.value("middle_attention", true);
    c.dropout = j.at("dropout").get<double>();
    c.learnedVariance = j.at("learned_variance").get<bool>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("invalid UNet architecture in manifest: ") + e.what());
  }
  c.validate();
  return c;
}

void UNetConfig::validate() const {
  if (imageChannels < 1 || baseChannels < 1 || resBlocksPerLevel < 1 || headChannels < 1 ||
      channelMultipliers.empty() || !(dropout >= 0 && dropout < 1))
    throw std::invalid_argument("invalid UNet configuration");
  for (auto m : channelMultipliers)
    if (m < 1) throw std::invalid_argument("UNet channel multipliers must be >= 1");
  // Attention splits channels into heads of headChannels each: they must divide evenly.
  for (size_t level = 0; level < channelMultipliers.size(); ++level) {
    const bool attention = std::find(attentionDownsampling.begin(), attentionDownsampling.end(),
                                     int64_t(1) << level) != attentionDownsampling.end() ||
                           (middleAttention && level + 1 == channelMultipliers.size());
    if (attention && (channelMultipliers[level] * baseChannels) % headChannels != 0)
      throw std::invalid_argument("UNet attention at level " + std::to_string(level) + " has " +
                                  std::to_string(channelMultipliers[level] * baseChannels) +
                                  " channels, not a multiple of head_channels " +
                                  std::to_string(headChannels));
  }
}

UNetImpl::UNetImpl(const UNetConfig& config) : config_(config) {
  config_.validate();
  const int64_t ch = config_.baseChannels, embDim = 4 * ch;
  const auto& mults = config_.channelMultipliers;
  const auto attentionAt = [&](int64_t ds) {
    for (auto a : config_.attentionDownsampling)
      if (a == ds) return true;
    return false;
  };
  timeEmbedding_ = register_module(
      "time_embedding",
      nn::Sequential(nn::Linear(ch, embDim), nn::SiLU(), nn::Linear(embDim, embDim)));
  inputConv_ = register_module("input_conv", conv(config_.imageChannels, ch, 3));

  std::vector<int64_t> skipChannels{ch};
  int64_t current = ch, ds = 1;
  auto addDown = [&](std::shared_ptr<EmbeddedLayerImpl> layer) {
    down_.push_back(register_module("down" + std::to_string(down_.size()), layer));
    skipChannels.push_back(current);
  };
  for (size_t level = 0; level < mults.size(); ++level) {
    for (int64_t r = 0; r < config_.resBlocksPerLevel; ++r) {
      const int64_t in = current;
      current = mults[level] * ch;  // addDown records the layer's output channels
      addDown(std::make_shared<ResAttentionImpl>(in, current, embDim, config_.dropout,
                                                 attentionAt(ds), config_.headChannels));
    }
    if (level + 1 < mults.size()) {
      addDown(std::make_shared<DownsampleImpl>(current));
      ds *= 2;
    }
  }
  middle_.push_back(register_module("middle0", std::make_shared<ResAttentionImpl>(
                                                   current, current, embDim, config_.dropout,
                                                   config_.middleAttention, config_.headChannels)));
  middle_.push_back(register_module(
      "middle1", std::make_shared<ResAttentionImpl>(current, current, embDim, config_.dropout,
                                                    false, config_.headChannels)));
  for (size_t level = mults.size(); level-- > 0;) {
    for (int64_t r = 0; r <= config_.resBlocksPerLevel; ++r) {
      const int64_t out = mults[level] * ch;
      const int64_t skip = skipChannels.back();
      skipChannels.pop_back();
      up_.push_back(register_module(
          "up" + std::to_string(up_.size()),
          std::make_shared<ResAttentionImpl>(current + skip, out, embDim, config_.dropout,
                                             attentionAt(ds), config_.headChannels)));
      upTakesSkip_.push_back(true);
      current = out;
    }
    if (level > 0) {
      up_.push_back(register_module("up" + std::to_string(up_.size()),
                                    std::make_shared<UpsampleImpl>(current)));
      upTakesSkip_.push_back(false);
      ds /= 2;
    }
  }
  outputNorm_ = register_module("output_norm", groupNorm(current));
  outputConv_ = register_module("output_conv", conv(current, config_.outputChannels(), 3));
  zeroInit(outputConv_);
}

torch::Tensor UNetImpl::forward(const torch::Tensor& x, const torch::Tensor& conditioning) {
  const int64_t multiple = config_.sizeMultiple();
  if (x.dim() != 4 || x.size(1) != config_.imageChannels || x.size(2) % multiple ||
      x.size(3) % multiple)
    throw std::invalid_argument("UNet input " + c10::str(x.sizes()) + " must be [B, " +
                                std::to_string(config_.imageChannels) +
                                ", H, W] with H and W multiples of " + std::to_string(multiple));
  auto emb = timeEmbedding_->forward(
      sinusoidalEmbedding(conditioning, config_.baseChannels).to(x.dtype()));
  std::vector<torch::Tensor> skips;
  auto h = inputConv_(x);
  skips.push_back(h);
  for (auto& layer : down_) {
    h = layer->forward(h, emb);
    skips.push_back(h);
  }
  for (auto& layer : middle_) h = layer->forward(h, emb);
  for (size_t k = 0; k < up_.size(); ++k) {
    if (upTakesSkip_[k]) {
      h = torch::cat({h, skips.back()}, 1);
      skips.pop_back();
    }
    h = up_[k]->forward(h, emb);
  }
  return outputConv_(torch::silu(outputNorm_(h)));
}

int64_t UNetImpl::parameterCount() const {
  int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

}  // namespace ccdf
