// Minimal NumPy .npy reader / writer: little-endian float32/float64/complex64/complex128,
// format versions 1.0 to 3.0. Reads C and Fortran order (as the same C-order tensor); writes
// C order.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/image_io.h"

namespace fs = std::filesystem;

namespace ccdf {
namespace {

const char kMagic[] = "\x93NUMPY";

// One line even when `why` quotes the header (found by fuzz_mask_npy: a dtype with a newline).
[[noreturn]] void bad(const std::string& path, const std::string& why) {
  std::string line = "cannot read '" + path + "': " + why;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  throw IoError(line);
}

// The value text after 'key': in the header dictionary.
std::string valueAfterKey(const std::string& header, const std::string& key,
                          const std::string& path) {
  for (const char q : {'\'', '"'}) {
    const std::string k = std::string(1, q) + key + std::string(1, q);
    const size_t pos = header.find(k);
    if (pos == std::string::npos) continue;
    size_t i = header.find(':', pos + k.size());
    if (i == std::string::npos) break;
    ++i;
    while (i < header.size() && std::isspace(static_cast<unsigned char>(header[i]))) ++i;
    return header.substr(i);
  }
  bad(path, "not a valid .npy file (header has no '" + key + "')");
}

}  // namespace

torch::Tensor loadNpy(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) bad(path, "no such file");
  if (fs::is_directory(path, ec)) bad(path, "it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) bad(path, std::strerror(errno));
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || std::memcmp(bytes.data(), kMagic, 6) != 0)
    bad(path, "not a .npy file (bad magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen = 0, offset = 0;
  if (major == 1) {
    headerLen = size_t(static_cast<unsigned char>(bytes[8])) |
                (size_t(static_cast<unsigned char>(bytes[9])) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) bad(path, "truncated .npy header");
    headerLen = 0;
    for (int k = 0; k < 4; ++k)
      headerLen |= size_t(static_cast<unsigned char>(bytes[8 + k])) << (8 * k);
    offset = 12;
  } else {
    bad(path, "unsupported .npy format version " + std::to_string(major));
  }
  if (bytes.size() < offset + headerLen) bad(path, "truncated .npy header");
  const std::string header(bytes.data() + offset, headerLen);
  offset += headerLen;

  // descr
  std::string d = valueAfterKey(header, "descr", path);
  if (d.empty() || (d[0] != '\'' && d[0] != '"')) bad(path, "unsupported .npy dtype description");
  const size_t end = d.find(d[0], 1);
  if (end == std::string::npos) bad(path, "malformed .npy header");
  const std::string descr = d.substr(1, end - 1);
  torch::ScalarType fileType;
  size_t itemSize = 0;
  if (descr == "<f4" || descr == "=f4") {
    fileType = torch::kFloat;
    itemSize = 4;
  } else if (descr == "<f8" || descr == "=f8") {
    fileType = torch::kDouble;
    itemSize = 8;
  } else if (descr == "<c8" || descr == "=c8") {
    fileType = torch::kComplexFloat;
    itemSize = 8;
  } else if (descr == "<c16" || descr == "=c16") {
    fileType = torch::kComplexDouble;
    itemSize = 16;
  } else {
    bad(path, "unsupported .npy dtype '" + descr +
                  "' (expected little-endian float32, float64, complex64 or complex128)");
  }
  // fortran_order
  const std::string fo = valueAfterKey(header, "fortran_order", path);
  const bool fortranOrder = fo.rfind("True", 0) == 0;
  if (!fortranOrder && fo.rfind("False", 0) != 0)
    bad(path, "malformed .npy header (fortran_order)");
  // shape
  const std::string sh = valueAfterKey(header, "shape", path);
  if (sh.empty() || sh[0] != '(') bad(path, "malformed .npy header (shape)");
  const size_t close = sh.find(')');
  if (close == std::string::npos) bad(path, "malformed .npy header (shape)");
  std::vector<int64_t> shape;
  {
    const std::string inner = sh.substr(1, close - 1);
    size_t i = 0;
    while (i < inner.size()) {
      while (i < inner.size() &&
             (std::isspace(static_cast<unsigned char>(inner[i])) || inner[i] == ','))
        ++i;
      if (i >= inner.size()) break;
      if (!std::isdigit(static_cast<unsigned char>(inner[i])))
        bad(path, "malformed .npy header (shape)");
      int64_t v = 0;
      while (i < inner.size() && std::isdigit(static_cast<unsigned char>(inner[i]))) {
        v = v * 10 + (inner[i] - '0');
        if (v > (int64_t(1) << 40)) bad(path, "implausible .npy shape");
        ++i;
      }
      while (i < inner.size() && (inner[i] == 'L' || inner[i] == 'l')) ++i;
      shape.push_back(v);
    }
  }
  // Checked before multiplying (the product of sizes up to 2^40 overflows), and over the non-zero
  // sizes too: libtorch cannot describe a shape like (0, 2^40, 2^40) either.
  int64_t count = 1, extent = 1;
  for (const int64_t s : shape) {
    if (s > 1 && extent > (int64_t(1) << 40) / s) bad(path, "implausible .npy shape");
    extent *= std::max<int64_t>(s, 1);
    count *= s;
  }
  const size_t need = size_t(count) * itemSize;
  const size_t have = bytes.size() - offset;
  if (have < need)
    bad(path,
        "truncated .npy data (" + std::to_string(have) + " of " + std::to_string(need) + " bytes)");
  if (have > need) bad(path, "corrupt .npy file (" + std::to_string(have - need) + " extra bytes)");
  // Fortran order is C order of the reversed shape: read it so, then reverse the axes back.
  const std::vector<int64_t> stored =
      fortranOrder ? std::vector<int64_t>(shape.rbegin(), shape.rend()) : shape;
  torch::Tensor t = torch::empty(stored, torch::TensorOptions().dtype(fileType));
  if (need > 0) std::memcpy(t.data_ptr(), bytes.data() + offset, need);
  if (fortranOrder && t.dim() > 1) {
    std::vector<int64_t> reversed(size_t(t.dim()));
    for (int64_t d = 0; d < t.dim(); ++d) reversed[size_t(d)] = t.dim() - 1 - d;
    t = t.permute(reversed).contiguous();
  }
  if (fileType == torch::kDouble) t = t.to(torch::kFloat);
  if (fileType == torch::kComplexDouble) t = t.to(torch::kComplexFloat);
  return t;
}

void saveNpy(const std::string& path, const torch::Tensor& tensor,
             const std::vector<std::string>& inputPaths) {
  if (!tensor.defined()) throw IoError("cannot write '" + path + "': no data");
  torch::Tensor t = tensor.detach().to(torch::kCPU);
  std::string descr;
  if (t.is_complex()) {
    t = t.to(torch::kComplexFloat).contiguous();
    descr = "<c8";
  } else {
    t = t.to(torch::kFloat).contiguous();
    descr = "<f4";
  }
  std::string shape = "(";
  for (int64_t d = 0; d < t.dim(); ++d) shape += std::to_string(t.size(d)) + ", ";
  if (t.dim() > 1) shape.resize(shape.size() - 2);
  if (t.dim() == 1) shape.resize(shape.size() - 1);  // "(5,)"
  shape += ")";
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes; end with a newline.
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  if (header.size() > 65535) throw IoError("cannot write '" + path + "': header too long");
  std::vector<unsigned char> bytes(kMagic, kMagic + 6);
  bytes.push_back(1);
  bytes.push_back(0);
  bytes.push_back(static_cast<unsigned char>(header.size() & 0xFF));
  bytes.push_back(static_cast<unsigned char>(header.size() >> 8));
  bytes.insert(bytes.end(), header.begin(), header.end());
  const size_t n = size_t(t.numel()) * t.element_size();
  const auto* p = static_cast<const unsigned char*>(t.data_ptr());
  bytes.insert(bytes.end(), p, p + n);
  writeFileAtomically(path, bytes, inputPaths);
}

}  // namespace ccdf
