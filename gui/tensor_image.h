#pragma once
// Conversions between core tensors and Qt images. Internal to the torch translation units of
// ccdf_gui (worker, image files); widget headers never include this.
#include <torch/torch.h>

#include <QImage>

#include "image_data.h"

namespace ccdf::gui {

struct ImageData::Storage {
  torch::Tensor unit;  // float32 [1, C, H, W] in [0, 1] on the CPU
  int bitDepth = 8;
};

ImageData imageFromTensor(const torch::Tensor& unitImage, int bitDepth = 8);
const torch::Tensor& tensorOf(const ImageData& image);  // throws on a null image

// [1, C, H, W] / [C, H, W] / [H, W] with C = 1 or 3, values in [0, 1] (clamped) -> 8-bit QImage.
QImage qimageFromTensor(const torch::Tensor& unitImage);
// 8-bit mask image (>= 128 = known) -> float [1, 1, H, W] in {0, 1}; and back (255 = known).
torch::Tensor maskTensorFromQImage(const QImage& mask);
QImage qimageFromMaskTensor(const torch::Tensor& mask);

}  // namespace ccdf::gui
