#include "train/training_data.h"

#include <stdexcept>

namespace ccdf {

namespace {
std::vector<torch::Tensor> unbindChecked(const torch::Tensor& images) {
  if (images.dim() != 4 || images.size(0) < 1)
    throw std::invalid_argument("training images must be a non-empty [N, C, H, W] tensor");
  return images.unbind(0);
}
}  // namespace

TensorImageData::TensorImageData(const torch::Tensor& images, std::string description, bool flips)
    : TensorImageData(unbindChecked(images), std::move(description), flips) {}

TensorImageData::TensorImageData(std::vector<torch::Tensor> images, std::string description,
                                 bool flips)
    : images_(std::move(images)), description_(std::move(description)), flips_(flips) {
  if (images_.empty()) throw std::invalid_argument("no training images");
  for (const auto& image : images_)
    if (image.dim() != 3 || image.size(0) != images_.front().size(0) || image.numel() == 0)
      throw std::invalid_argument(
          "training images must be non-empty [C, H, W] tensors with the same C");
}

torch::Tensor TensorImageData::batch(int64_t n, int64_t resolution, torch::Generator& gen) {
  const int64_t N = int64_t(images_.size());
  auto index = torch::randint(N, {n}, gen, torch::kLong);
  auto out = torch::full({n, channels(), resolution, resolution}, -1.0f);
  auto offsets = torch::rand({n, 2}, gen);
  auto flips = torch::rand({n}, gen);
  for (int64_t b = 0; b < n; ++b) {
    const auto& image = images_[size_t(index[b].item<int64_t>())];
    const int64_t H = image.size(1), W = image.size(2);
    const int64_t ch = std::min(H, resolution), cw = std::min(W, resolution);
    const int64_t oy = int64_t(offsets[b][0].item<float>() * float(H - ch + 1) * 0.999999f);
    const int64_t ox = int64_t(offsets[b][1].item<float>() * float(W - cw + 1) * 0.999999f);
    auto crop = image.narrow(1, oy, ch).narrow(2, ox, cw);
    if (flips_ && flips[b].item<float>() < 0.5f) crop = crop.flip({2});
    const int64_t py = (resolution - ch) / 2, px = (resolution - cw) / 2;
    out[b].narrow(1, py, ch).narrow(2, px, cw).copy_(crop);
  }
  return out;
}

}  // namespace ccdf
