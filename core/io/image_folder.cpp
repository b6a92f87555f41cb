#include "io/image_folder.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "io/image_io.h"

namespace ccdf {

FolderImages loadImageFolder(const std::string& folder, int64_t channels, int64_t maxShortSide) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(folder)) throw std::invalid_argument("'" + folder + "' is not a folder");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const auto ext = fileExtension(entry.path().string());
    if (entry.is_regular_file() && (ext == ".png" || ext == ".jpg" || ext == ".jpeg" ||
                                    ext == ".tif" || ext == ".tiff" || ext == ".bmp"))
      files.push_back(entry.path());
  }
  if (files.empty()) throw std::invalid_argument("no images in '" + folder + "'");
  std::sort(files.begin(), files.end());

  FolderImages out;
  ImageLoadOptions options;
  options.channels = channels;
  for (const auto& file : files) {
    auto image = loadImage(file.string(), options).image;  // [1, C, H, W] in [0, 1]
    const int64_t shortSide = std::min(image.size(2), image.size(3));
    if (maxShortSide > 0 && shortSide > maxShortSide) {
      const double scale = double(maxShortSide) / double(shortSide);
      const std::vector<int64_t> size{std::max<int64_t>(1, int64_t(image.size(2) * scale + 0.5)),
                                      std::max<int64_t>(1, int64_t(image.size(3) * scale + 0.5))};
      image = torch::nn::functional::interpolate(
          image, torch::nn::functional::InterpolateFuncOptions().size(size).mode(torch::kArea));
    }
    out.images.push_back((image[0] * 2.0 - 1.0).contiguous());
    out.names.push_back(file.filename().string());
  }
  return out;
}

}  // namespace ccdf
