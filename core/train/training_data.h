#pragma once
// Sources of training images, all in the model's range [-1, 1], shape [C, H, W] per item.
#include <torch/torch.h>

#include <memory>
#include <string>

namespace ccdf {

class TrainingData {
 public:
  virtual ~TrainingData() = default;
  virtual std::string description() const = 0;
  virtual int64_t channels() const = 0;
  // A batch [n, C, R, R] of training images at resolution R, drawn with `gen`.
  virtual torch::Tensor batch(int64_t n, int64_t resolution, torch::Generator& gen) = 0;
};

// Images held in memory ([N, C, H, W] in [-1, 1]): random crops of the training resolution
// (or the whole image, zero-padded with -1 when smaller) and random horizontal flips.
class TensorImageData : public TrainingData {
 public:
  TensorImageData(torch::Tensor images, std::string description, bool flips);
  std::string description() const override { return description_; }
  int64_t channels() const override { return images_.size(1); }
  torch::Tensor batch(int64_t n, int64_t resolution, torch::Generator& gen) override;
  const torch::Tensor& images() const { return images_; }

 private:
  torch::Tensor images_;
  std::string description_;
  bool flips_;
};

}  // namespace ccdf
