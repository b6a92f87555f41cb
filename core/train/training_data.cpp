#include "train/training_data.h"

#include <stdexcept>

namespace ccdf {

TensorImageData::TensorImageData(torch::Tensor images, std::string description, bool flips)
    : images_(std::move(images)), description_(std::move(description)), flips_(flips) {
  if (images_.dim() != 4 || images_.size(0) < 1)
    throw std::invalid_argument("training images must be a non-empty [N, C, H, W] tensor");
}

torch::Tensor TensorImageData::batch(int64_t n, int64_t resolution, torch::Generator& gen) {
  const int64_t N = images_.size(0), H = images_.size(2), W = images_.size(3);
  auto index = torch::randint(N, {n}, gen, torch::kLong);
  auto out = torch::full({n, images_.size(1), resolution, resolution}, -1.0f);
  const int64_t ch = std::min(H, resolution), cw = std::min(W, resolution);
  auto offsets = torch::rand({n, 2}, gen);
  auto flips = torch::rand({n}, gen);
  for (int64_t b = 0; b < n; ++b) {
    const int64_t oy = int64_t(offsets[b][0].item<float>() * float(H - ch + 1) * 0.999999f);
    const int64_t ox = int64_t(offsets[b][1].item<float>() * float(W - cw + 1) * 0.999999f);
    auto crop = images_[index[b].item<int64_t>()].narrow(1, oy, ch).narrow(2, ox, cw);
    if (flips_ && flips[b].item<float>() < 0.5f) crop = crop.flip({2});
    const int64_t py = (resolution - ch) / 2, px = (resolution - cw) / 2;
    out[b].narrow(1, py, ch).narrow(2, px, cw).copy_(crop);
  }
  return out;
}

}  // namespace ccdf
