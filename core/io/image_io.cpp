// Image and mask files through OpenCV (private to ccdf_io).
#include "io/image_io.h"

#include <zlib.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>

namespace fs = std::filesystem;

namespace ccdf {
namespace {

void silenceOpenCv() {
  static const bool done = [] {
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    return true;
  }();
  (void)done;
}

std::vector<unsigned char> readWholeFile(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw IoError("cannot read '" + path + "': no such file");
  if (fs::is_directory(st)) throw IoError("cannot read '" + path + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot read '" + path + "': " + std::strerror(errno));
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  if (in.bad()) throw IoError("cannot read '" + path + "': read error");
  if (bytes.empty()) throw IoError("cannot read '" + path + "': the file is empty");
  return bytes;
}

uint32_t be32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}
uint16_t be16(const unsigned char* p) { return uint16_t((p[0] << 8) | p[1]); }
int32_t le32(const unsigned char* p) {
  return int32_t(uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) |
                 (uint32_t(p[3]) << 24));
}

// Width and height read from the header of PNG, JPEG and BMP files, so that huge images are
// refused before they are decoded. Other formats are checked after decoding.
std::optional<std::pair<int64_t, int64_t>> peekSize(const std::vector<unsigned char>& b) {
  const size_t n = b.size();
  if (n >= 24 && std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) == 0)
    return std::make_pair(int64_t(be32(&b[16])), int64_t(be32(&b[20])));
  if (n >= 26 && b[0] == 'B' && b[1] == 'M') {
    const int64_t w = le32(&b[18]), h = le32(&b[22]);
    return std::make_pair(w < 0 ? -w : w, h < 0 ? -h : h);
  }
  if (n >= 4 && b[0] == 0xFF && b[1] == 0xD8) {
    size_t i = 2;
    while (i + 9 < n) {
      if (b[i] != 0xFF) return std::nullopt;
      const unsigned char m = b[i + 1];
      if (m == 0xFF) {
        ++i;
        continue;
      }
      if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
        i += 2;
        continue;
      }
      const size_t len = be16(&b[i + 2]);
      const bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
      if (sof) return std::make_pair(int64_t(be16(&b[i + 7])), int64_t(be16(&b[i + 5])));
      if (m == 0xDA || len < 2) return std::nullopt;
      i += 2 + len;
    }
  }
  return std::nullopt;
}

// libpng and libjpeg print their own messages on stderr for damaged files before OpenCV gives
// up, so the common damage (truncation, bad chunks) is found here first, with a clear message.
void checkStructure(const std::string& path, const std::vector<unsigned char>& b) {
  const size_t n = b.size();
  if (n >= 8 && std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) == 0) {
    size_t i = 8;
    bool first = true;
    while (true) {
      if (i + 12 > n) throw IoError("cannot read '" + path + "': truncated PNG file");
      const uint32_t len = be32(&b[i]);
      const unsigned char* type = &b[i + 4];
      if (len > n - i - 12) throw IoError("cannot read '" + path + "': truncated PNG file");
      if (first && std::memcmp(type, "IHDR", 4) != 0)
        throw IoError("cannot read '" + path + "': corrupt PNG file (no IHDR chunk)");
      first = false;
      const uLong crc = crc32(crc32(0L, Z_NULL, 0), type, static_cast<uInt>(len + 4));
      if (crc != be32(&b[i + 8 + len])) {
        // The chunk name is quoted printable, so the error stays one line (found by fuzz_image).
        std::string name(reinterpret_cast<const char*>(type), 4);
        for (char& c : name)
          if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
        throw IoError("cannot read '" + path + "': corrupt PNG file (checksum error in chunk '" +
                      name + "')");
      }
      if (std::memcmp(type, "IEND", 4) == 0) return;
      i += 12 + len;
    }
  }
  if (n >= 2 && b[0] == 0xFF && b[1] == 0xD8) {
    // A complete JPEG ends with the EOI marker (possibly followed by padding or extra data).
    const size_t from = n > 65536 ? n - 65536 : 2;
    for (size_t i = n - 1; i > from; --i)
      if (b[i - 1] == 0xFF && b[i] == 0xD9) return;
    throw IoError("cannot read '" + path + "': truncated JPEG file (no end-of-image marker)");
  }
}

std::string depthName(int depth) {
  switch (depth) {
    case CV_8S:
      return "8-bit signed";
    case CV_16S:
      return "16-bit signed";
    case CV_32S:
      return "32-bit integer";
    case CV_32F:
      return "32-bit float";
    case CV_64F:
      return "64-bit float";
    default:
      return "unknown";
  }
}

void checkPixelLimit(const std::string& path, int64_t w, int64_t h, int64_t maxPixels) {
  // h > maxPixels / w is w * h > maxPixels without the overflow (header sizes reach 2^32 each).
  if (maxPixels > 0 && w > 0 && h > maxPixels / w)
    throw IoError("cannot read '" + path + "': image too large (" + std::to_string(w) + "x" +
                  std::to_string(h) + " pixels; limit " + std::to_string(maxPixels) + " pixels)");
}

// [H, W, C] float image (RGB order) from a [1, C, H, W] / [C, H, W] / [H, W] tensor in [0, 1].
cv::Mat toFloatMat(const std::string& path, const torch::Tensor& image) {
  if (!image.defined()) throw IoError("cannot write '" + path + "': no image");
  torch::Tensor t = image.detach().to(torch::kCPU);
  if (t.is_complex()) throw IoError("cannot write '" + path + "': the image is complex");
  t = t.to(torch::kFloat);
  if (t.dim() == 4) {
    if (t.size(0) != 1)
      throw IoError("cannot write '" + path + "': batch of " + std::to_string(t.size(0)) +
                    " images (expected 1)");
    t = t[0];
  }
  if (t.dim() == 2) t = t.unsqueeze(0);
  if (t.dim() != 3 || (t.size(0) != 1 && t.size(0) != 3))
    throw IoError("cannot write '" + path + "': expected a grey or RGB image, got shape " +
                  c10::str(t.sizes()));
  if (t.numel() == 0) throw IoError("cannot write '" + path + "': the image is empty");
  if (!torch::isfinite(t).all().item<bool>())
    throw IoError("cannot write '" + path + "': the image contains NaN or infinite values");
  const int c = static_cast<int>(t.size(0));
  t = t.clamp(0.0, 1.0).permute({1, 2, 0}).contiguous();
  cv::Mat m(static_cast<int>(t.size(0)), static_cast<int>(t.size(1)), CV_32FC(c), t.data_ptr());
  cv::Mat out = m.clone();
  if (c == 3) cv::cvtColor(out, out, cv::COLOR_RGB2BGR);
  return out;
}

void encodeAndWrite(const std::string& path, const cv::Mat& mat,
                    const std::vector<std::string>& inputPaths) {
  silenceOpenCv();
  refuseOverwriteOfInputs(path, inputPaths);
  std::string ext = fileExtension(path);
  std::vector<int> params;
  if (ext == ".jpg" || ext == ".jpeg") params = {cv::IMWRITE_JPEG_QUALITY, 95};
  std::vector<unsigned char> bytes;
  try {
    if (!cv::imencode(ext, mat, bytes, params))
      throw IoError("cannot write '" + path + "': encoding failed");
  } catch (const cv::Exception& e) {
    throw IoError("cannot write '" + path + "': encoding failed (" + e.err + ")");
  }
  writeFileAtomically(path, bytes, inputPaths);
}

}  // namespace

LoadedImage loadImage(const std::string& path, const ImageLoadOptions& options) {
  silenceOpenCv();
  if (options.channels != 0 && options.channels != 1 && options.channels != 3)
    throw IoError("cannot read '" + path + "': requested " + std::to_string(options.channels) +
                  " channels (expected 1 or 3)");
  const std::vector<unsigned char> bytes = readWholeFile(path);
  checkStructure(path, bytes);
  if (auto size = peekSize(bytes))
    checkPixelLimit(path, size->first, size->second, options.maxPixels);

  cv::Mat m;
  try {
    m = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw IoError("cannot read '" + path + "': cannot decode the image (" + e.err + ")");
  }
  if (m.empty())
    throw IoError("cannot read '" + path +
                  "': cannot decode the image (corrupt file or unsupported format)");
  checkPixelLimit(path, m.cols, m.rows, options.maxPixels);
  int bitDepth = 0;
  double scale = 1.0;
  if (m.depth() == CV_8U) {
    bitDepth = 8;
    scale = 1.0 / 255.0;
  } else if (m.depth() == CV_16U) {
    bitDepth = 16;
    scale = 1.0 / 65535.0;
  } else {
    throw IoError("cannot read '" + path + "': unsupported sample type (" + depthName(m.depth()) +
                  "); expected 8- or 16-bit unsigned integers");
  }
  const int fileChannels = m.channels();
  cv::Mat f;
  m.convertTo(f, CV_32F, scale);
  switch (fileChannels) {
    case 1:
      break;
    case 2:
      cv::extractChannel(f, f, 0);
      break;  // grey + alpha
    case 3:
      cv::cvtColor(f, f, cv::COLOR_BGR2RGB);
      break;
    case 4:
      cv::cvtColor(f, f, cv::COLOR_BGRA2RGB);
      break;
    default:
      throw IoError("cannot read '" + path + "': unsupported number of channels (" +
                    std::to_string(fileChannels) + ")");
  }
  if (options.channels == 1 && f.channels() == 3) cv::cvtColor(f, f, cv::COLOR_RGB2GRAY);
  if (options.channels == 3 && f.channels() == 1) cv::cvtColor(f, f, cv::COLOR_GRAY2RGB);
  if (!f.isContinuous()) f = f.clone();
  const int64_t c = f.channels();
  torch::Tensor t = torch::from_blob(f.data, {f.rows, f.cols, c}, torch::kFloat)
                        .permute({2, 0, 1})
                        .unsqueeze(0)
                        .contiguous()
                        .clone();
  LoadedImage out;
  out.image = t;
  out.bitDepth = bitDepth;
  out.fileChannels = fileChannels;
  return out;
}

void saveImage(const std::string& path, const torch::Tensor& image, int bitDepth,
               const std::vector<std::string>& inputPaths) {
  const std::string ext = fileExtension(path);
  const bool png = ext == ".png", tiff = ext == ".tif" || ext == ".tiff";
  const bool eightOnly = ext == ".jpg" || ext == ".jpeg" || ext == ".bmp";
  if (!png && !tiff && !eightOnly)
    throw IoError("cannot write '" + path + "': unsupported image format '" + ext +
                  "' (use .png, .tif, .tiff, .jpg or .bmp)");
  if (bitDepth != 8 && bitDepth != 16)
    throw IoError("cannot write '" + path + "': unsupported bit depth " + std::to_string(bitDepth) +
                  " (expected 8 or 16)");
  if (bitDepth == 16 && eightOnly)
    throw IoError("cannot write '" + path + "': " + ext + " files hold 8-bit samples only");
  refuseOverwriteOfInputs(path, inputPaths);
  cv::Mat f = toFloatMat(path, image);
  cv::Mat q;
  if (bitDepth == 8)
    f.convertTo(q, CV_8U, 255.0);
  else
    f.convertTo(q, CV_16U, 65535.0);
  encodeAndWrite(path, q, inputPaths);
}

torch::Tensor loadMask(const std::string& path, const ImageLoadOptions& options) {
  ImageLoadOptions o = options;
  o.channels = 1;
  LoadedImage img = loadImage(path, o);
  return (img.image >= 0.5).to(torch::kFloat);
}

void saveMask(const std::string& path, const torch::Tensor& mask,
              const std::vector<std::string>& inputPaths) {
  if (!mask.defined()) throw IoError("cannot write '" + path + "': no mask");
  torch::Tensor m = mask.detach().to(torch::kCPU).to(torch::kFloat);
  while (m.dim() > 2 && m.size(0) == 1) m = m[0];
  if (m.dim() != 2)
    throw IoError("cannot write '" + path + "': a mask must be [H, W] (got shape " +
                  c10::str(mask.sizes()) + ")");
  if (fileExtension(path) != ".png")
    throw IoError("cannot write '" + path + "': masks are written as .png");
  saveImage(path, (m >= 0.5).to(torch::kFloat), 8, inputPaths);
}

}  // namespace ccdf
