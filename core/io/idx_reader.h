#pragma once
// IDX files (MNIST / Fashion-MNIST), plain or gzip-compressed.
#include <torch/torch.h>

#include <string>

namespace ccdf {

// Images as uint8 [N, H, W] or labels as uint8 [N]. Throws std::runtime_error naming the file.
torch::Tensor readIdx(const std::string& path);

// Fashion-MNIST split ("train" or "t10k") from a folder (Debian: /usr/share/datasets/fashion-mnist)
// as float [N, 1, 32, 32] in [-1, 1], zero-padded (background -1) from 28x28.
torch::Tensor loadFashionMnistImages(const std::string& folder, const std::string& split);
torch::Tensor loadFashionMnistLabels(const std::string& folder, const std::string& split);

}  // namespace ccdf
