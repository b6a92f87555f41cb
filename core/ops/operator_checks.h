#pragma once
// Argument checks and noise helpers shared by the operators (not part of the public API).
#include <torch/torch.h>

#include <string>
#include <vector>

namespace ccdf::detail {

std::string shapeString(torch::IntArrayRef shape);
// Throws unless shape is [B, C, H, W] with positive sizes.
void checkImageShape(const std::vector<int64_t>& shape, const std::string& who);
// Operators accept any batch and channel count; the spatial grid must be the operator's own.
void checkSpatial(const torch::Tensor& t, int64_t height, int64_t width, const std::string& who,
                  const char* what);
// Standard normal noise drawn on the CPU from `gen` (identical runs on every device), real, with
// the real dtype that matches `like`.
torch::Tensor realNormalLike(const torch::Tensor& like, torch::Generator& gen);
// A 0/1 float mask; anything else would make M^2 != M and the DC map stop being a projection.
torch::Tensor binaryMaskOrThrow(const torch::Tensor& mask, const std::string& who);

}  // namespace ccdf::detail
