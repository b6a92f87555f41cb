#pragma once
// ADM / IDDPM-style UNet (libtorch C++ frontend): residual blocks with GroupNorm + SiLU and a
// sinusoidal noise-level embedding, self-attention at chosen down-sampling factors, optional
// learned-range variance (2C outputs). Fully convolutional: it runs on any H, W divisible by
// 2^(levels - 1); attention (if any) costs O((HW)^2) at its resolution.
#include <torch/torch.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

namespace ccdf {

struct UNetConfig {
  int64_t imageChannels = 1;
  int64_t baseChannels = 64;
  std::vector<int64_t> channelMultipliers{1, 2, 2};
  int64_t resBlocksPerLevel = 2;
  std::vector<int64_t> attentionDownsampling{2};  // e.g. {2}: attention at H/2 x W/2
  int64_t headChannels = 32;
  bool middleAttention = true;  // attention in the bottleneck (costly on large images)
  double dropout = 0.1;
  bool learnedVariance = false;

  int64_t outputChannels() const { return learnedVariance ? 2 * imageChannels : imageChannels; }
  int64_t sizeMultiple() const { return int64_t(1) << (channelMultipliers.size() - 1); }
  nlohmann::json toJson() const;
  static UNetConfig fromJson(const nlohmann::json& j);  // throws std::runtime_error
  void validate() const;                                // throws std::invalid_argument
};

// A layer of the UNet that may use the noise-level embedding.
class EmbeddedLayerImpl : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& embedding) = 0;
};

class UNetImpl : public torch::nn::Module {
 public:
  explicit UNetImpl(const UNetConfig& config);
  // x: [B, C, H, W]; conditioning: [B] noise level in [0, 1000].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& conditioning);
  const UNetConfig& config() const { return config_; }
  int64_t parameterCount() const;

 private:
  UNetConfig config_;
  torch::nn::Sequential timeEmbedding_{nullptr};
  torch::nn::Conv2d inputConv_{nullptr};
  std::vector<std::shared_ptr<EmbeddedLayerImpl>> down_, middle_, up_;
  std::vector<bool> upTakesSkip_;
  torch::nn::GroupNorm outputNorm_{nullptr};
  torch::nn::Conv2d outputConv_{nullptr};
};
TORCH_MODULE(UNet);

// Sinusoidal embedding of a [B] tensor into [B, dim].
torch::Tensor sinusoidalEmbedding(const torch::Tensor& values, int64_t dim);

}  // namespace ccdf
