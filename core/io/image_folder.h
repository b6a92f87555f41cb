#pragma once
// Training photographs from a folder: every PNG/JPEG/TIFF/BMP file in it (not recursive), in
// name order, converted to `channels` (1 or 3), downscaled (area average) so that the shorter
// side is at most `maxShortSide`, and mapped to [-1, 1]. Throws on an unreadable file or an
// empty folder, naming it.
#include <torch/torch.h>

#include <string>
#include <vector>

namespace ccdf {

struct FolderImages {
  std::vector<torch::Tensor> images;  // [C, H, W] in [-1, 1]
  std::vector<std::string> names;     // file names, same order
};

FolderImages loadImageFolder(const std::string& folder, int64_t channels, int64_t maxShortSide);

}  // namespace ccdf
