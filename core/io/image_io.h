#pragma once
// Image, mask and .npy files at the edge of the application (target ccdf_io; OpenCV stays
// private to the .cpp files). Images travel as float tensors [1, C, H, W] in [0, 1], C = 1 (grey)
// or 3 (RGB order). Every write is atomic (a temporary file in the destination folder, then
// rename) and refuses to replace any of the given input files. Every failure throws IoError with
// one line naming the file and the reason.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccdf {

class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImageLoadOptions {
  // 0: keep the file's channels (grey stays 1, colour becomes 3 RGB, alpha dropped);
  // 1: convert to grey (BT.601 luma); 3: convert to RGB (grey is replicated).
  int64_t channels = 0;
  // Images with more pixels (width * height) are refused before or right after decoding.
  int64_t maxPixels = int64_t(1) << 26;  // 67 M pixels (8192 x 8192)
};

struct LoadedImage {
  torch::Tensor image;       // float32 [1, C, H, W] in [0, 1]
  int bitDepth = 8;          // 8 or 16: the sample depth of the file
  int64_t fileChannels = 0;  // channels stored in the file (before alpha removal / conversion)
};

LoadedImage loadImage(const std::string& path, const ImageLoadOptions& options = {});

// Saves [1, C, H, W], [C, H, W] or [H, W] (C = 1 or 3, RGB order) clamped to [0, 1].
// PNG and TIFF take bitDepth 8 or 16; JPEG and BMP only 8. The format follows the extension.
void saveImage(const std::string& path, const torch::Tensor& image, int bitDepth = 8,
               const std::vector<std::string>& inputPaths = {});

// Masks: 1 = known (white), 0 = unknown (black). Loaded as float [1, 1, H, W] in {0, 1}
// (a pixel is known when its grey value is >= 0.5); saved as an 8-bit PNG of 0 / 255.
torch::Tensor loadMask(const std::string& path, const ImageLoadOptions& options = {});
void saveMask(const std::string& path, const torch::Tensor& mask,
              const std::vector<std::string>& inputPaths = {});

// Minimal NumPy .npy files (C or Fortran order, same logical array either way): reads '<f4', '<f8' (as float32), '<c8', '<c16' (as
// complex64) of any shape; writes float32 or complex64 tensors (other dtypes are converted:
// real -> float32, complex -> complex64).
torch::Tensor loadNpy(const std::string& path);
void saveNpy(const std::string& path, const torch::Tensor& tensor,
             const std::vector<std::string>& inputPaths = {});

// True when both paths name the same file (canonical paths, following symlinks; the files need
// not exist).
bool samePath(const std::string& a, const std::string& b);
// Throws IoError when `path` names one of `inputPaths`.
void refuseOverwriteOfInputs(const std::string& path, const std::vector<std::string>& inputPaths);
// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed and synced,
// then renamed over `path`. Nothing is left behind on failure.
void writeFileAtomically(const std::string& path, const std::vector<unsigned char>& bytes,
                         const std::vector<std::string>& inputPaths = {});

// Lower-case extension with the dot (".png"), or "" when there is none.
std::string fileExtension(const std::string& path);

}  // namespace ccdf
