#pragma once
// Sources of training images, all in the model's range [-1, 1], shape [C, H, W] per item.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace ccdf {

class TrainingData {
 public:
  virtual ~TrainingData() = default;
  virtual std::string description() const = 0;
  virtual int64_t channels() const = 0;
  // A batch [n, C, R, R] of training images at resolution R, drawn with `gen`.
  virtual torch::Tensor batch(int64_t n, int64_t resolution, torch::Generator& gen) = 0;
};

// Images held in memory (each [C, H, W] in [-1, 1], sizes may differ): each batch item is a
// uniformly chosen image, a random crop of the training resolution from it (or the whole image,
// padded with -1 when smaller) and a random horizontal flip.
class TensorImageData : public TrainingData {
 public:
  TensorImageData(const torch::Tensor& images, std::string description, bool flips);  // [N,C,H,W]
  TensorImageData(std::vector<torch::Tensor> images, std::string description, bool flips);
  std::string description() const override { return description_; }
  int64_t channels() const override { return images_.front().size(0); }
  torch::Tensor batch(int64_t n, int64_t resolution, torch::Generator& gen) override;

 private:
  std::vector<torch::Tensor> images_;
  std::string description_;
  bool flips_;
};

}  // namespace ccdf
