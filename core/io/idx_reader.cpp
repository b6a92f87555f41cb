#include "io/idx_reader.h"

#include <zlib.h>

#include <filesystem>
#include <stdexcept>
#include <vector>

namespace ccdf {

torch::Tensor readIdx(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");  // reads plain files too
  if (!file) throw std::runtime_error(path + ": cannot open");
  std::vector<unsigned char> bytes;
  unsigned char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0)
    bytes.insert(bytes.end(), buffer, buffer + n);
  const bool failed = n < 0;
  gzclose(file);
  if (failed) throw std::runtime_error(path + ": corrupt gzip data");
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
    throw std::runtime_error(path + ": not an unsigned-byte IDX file");
  const int dims = bytes[3];
  if (dims < 1 || dims > 3 || bytes.size() < size_t(4 + 4 * dims))
    throw std::runtime_error(path + ": bad IDX header");
  std::vector<int64_t> shape;
  int64_t count = 1;
  for (int d = 0; d < dims; ++d) {
    const unsigned char* p = &bytes[4 + 4 * d];
    shape.push_back(int64_t(p[0]) << 24 | int64_t(p[1]) << 16 | int64_t(p[2]) << 8 | p[3]);
    count *= shape.back();
  }
  const size_t offset = 4 + 4 * dims;
  if (bytes.size() - offset != size_t(count))
    throw std::runtime_error(path + ": size does not match its header");
  return torch::from_blob(bytes.data() + offset, shape, torch::kUInt8).clone();
}

static std::string idxPath(const std::string& folder, const std::string& split, const char* kind) {
  if (split != "train" && split != "t10k")
    throw std::invalid_argument("Fashion-MNIST split must be 'train' or 't10k'");
  for (const char* ext : {".gz", ""}) {
    const auto p = std::filesystem::path(folder) / (split + "-" + kind + ext);
    if (std::filesystem::exists(p)) return p.string();
  }
  throw std::runtime_error(folder + ": no Fashion-MNIST " + split + " " + kind +
                           " (install the Debian package dataset-fashion-mnist)");
}

torch::Tensor loadFashionMnistImages(const std::string& folder, const std::string& split) {
  auto raw = readIdx(idxPath(folder, split, "images-idx3-ubyte"));
  auto x = raw.to(torch::kFloat).div(127.5).sub(1.0).unsqueeze(1);
  return torch::constant_pad_nd(x, {2, 2, 2, 2}, -1.0);
}

torch::Tensor loadFashionMnistLabels(const std::string& folder, const std::string& split) {
  return readIdx(idxPath(folder, split, "labels-idx1-ubyte"));
}

}  // namespace ccdf
