// BART .cfl/.hdr: the .hdr is text ("# Dimensions" then up to 16 sizes), the .cfl raw
// little-endian complex64 in column-major order (dim 0 fastest).
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/kspace_internal.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, ".cfl files are little-endian");

namespace fs = std::filesystem;

namespace ccdf {
namespace {

using namespace kspace_detail;

constexpr int kBartDims = 16;
constexpr int kSliceDim = 13;  // BART's SLICE_DIM, an alternative to dim 2 for 2D slices

struct CflPair {
  std::string hdr, cfl;
};

CflPair cflPair(const std::string& path) {
  const std::string ext = fileExtension(path);
  const std::string base =
      (ext == ".cfl" || ext == ".hdr") ? path.substr(0, path.size() - ext.size()) : path;
  return {base + ".hdr", base + ".cfl"};
}

// "[6, 4, 2]": the BART dims without the trailing 1s.
std::string dimsText(std::vector<int64_t> dims) {
  while (dims.size() > 1 && dims.back() == 1) dims.pop_back();
  return shapeText(dims);
}

bool parseSizes(const std::string& line, std::vector<int64_t>& dims) {
  std::istringstream in(line);
  std::string token;
  while (in >> token) {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(token.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || v < 0 || v > (int64_t(1) << 40)) return false;
    dims.push_back(v);
  }
  return !dims.empty() && dims.size() <= size_t(kBartDims);
}

// The 16 BART dimensions (missing trailing ones are 1), validated.
std::vector<int64_t> readHeader(const std::string& hdr) {
  std::error_code ec;
  if (!fs::exists(hdr, ec)) fail(hdr, "no such file");
  std::ifstream in(hdr);
  if (!in) fail(hdr, std::strerror(errno));
  std::string line;
  bool found = false;
  while (!found && std::getline(in, line)) found = line.rfind("# Dimensions", 0) == 0;
  if (!found) fail(hdr, "not a BART header (no '# Dimensions' line)");
  std::vector<int64_t> dims;
  if (!std::getline(in, line) || !parseSizes(line, dims))
    fail(hdr, "bad '# Dimensions' line (expected 1 to 16 non-negative integers): '" +
                  line.substr(0, 80) + "'");
  dims.resize(kBartDims, 1);
  int64_t count = 1;
  for (const int64_t d : dims) {
    if (d == 0) fail(hdr, "the dimensions " + dimsText(dims) + " include a zero size");
    checkElementCount(hdr, d, "the array");  // keeps the product below from overflowing
    count *= d;
    checkElementCount(hdr, count, "the array");
  }
  return dims;
}

int64_t product(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (const int64_t d : dims) n *= d;
  return n;
}

void checkDataSize(const CflPair& f, const std::vector<int64_t>& dims) {
  std::error_code ec;
  if (!fs::exists(f.cfl, ec)) fail(f.cfl, "no such file (the data beside '" + f.hdr + "')");
  const uintmax_t have = fs::file_size(f.cfl, ec);
  const uintmax_t need = uintmax_t(product(dims)) * 8;
  if (ec || have != need)
    fail(f.cfl, "size " + std::to_string(have) + " bytes does not match the .hdr dimensions " +
                    dimsText(dims) + " (" + std::to_string(need) + " bytes)");
}

void readBytes(std::ifstream& in, int64_t offsetElements, int64_t elements, void* out,
               const std::string& path) {
  in.seekg(std::streamoff(offsetElements * 8));
  if (!in.read(static_cast<char*>(out), std::streamsize(elements * 8)))
    fail(path, "read error (truncated file?)");
}

std::ifstream openData(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, std::strerror(errno));
  return in;
}

// Adds the .cfl / .hdr siblings of every input that names a BART pair (or its base).
std::vector<std::string> withCflSiblings(const std::vector<std::string>& inputs) {
  std::vector<std::string> all = inputs;
  for (const std::string& p : inputs) {
    const std::string ext = fileExtension(p);
    if (ext.empty() || ext == ".cfl" || ext == ".hdr") {
      const CflPair f = cflPair(p);
      all.push_back(f.hdr);
      all.push_back(f.cfl);
    }
  }
  return all;
}

}  // namespace

torch::Tensor readCfl(const std::string& base) {
  const CflPair f = cflPair(base);
  const std::vector<int64_t> dims = readHeader(f.hdr);
  checkDataSize(f, dims);
  // C-order shape: BART dims reversed, without the trailing size-1 BART dims (at least one).
  int rank = kBartDims;
  while (rank > 1 && dims[size_t(rank) - 1] == 1) --rank;
  const std::vector<int64_t> shape(dims.rend() - rank, dims.rend());
  torch::Tensor t = torch::empty(shape, torch::kComplexFloat);
  std::ifstream in = openData(f.cfl);
  readBytes(in, 0, t.numel(), t.data_ptr(), f.cfl);
  return t;
}

void writeCfl(const std::string& base, const torch::Tensor& data,
              const std::vector<std::string>& inputPaths) {
  const CflPair f = cflPair(base);
  if (!data.defined()) throw IoError("cannot write '" + f.cfl + "': no data");
  if (data.dim() > kBartDims)
    throw IoError("cannot write '" + f.cfl + "': BART arrays have at most 16 dimensions");
  if (data.numel() == 0) throw IoError("cannot write '" + f.cfl + "': the array is empty");
  const std::vector<std::string> inputs = withCflSiblings(inputPaths);
  refuseOverwriteOfInputs(f.cfl, inputs);
  refuseOverwriteOfInputs(f.hdr, inputs);

  const torch::Tensor t = data.detach().to(torch::kCPU).to(torch::kComplexFloat).contiguous();
  std::string text = "# Dimensions\n";
  for (int d = 0; d < kBartDims; ++d)
    text += std::to_string(d < t.dim() ? t.size(t.dim() - 1 - d) : 1) + " ";
  text += "\n";
  const auto* p = static_cast<const unsigned char*>(t.data_ptr());
  writeFileAtomically(f.cfl, std::vector<unsigned char>(p, p + t.numel() * 8), inputs);
  writeFileAtomically(f.hdr, std::vector<unsigned char>(text.begin(), text.end()), inputs);
}

namespace kspace_detail {

// dims 0 (x, readout) -> H, 1 (y) -> W, 2 or 13 -> slices, 3 -> coils; others must be 1.
KspaceData loadCflKspace(const std::string& path, const KspaceLoadOptions& options) {
  const CflPair f = cflPair(path);
  const std::vector<int64_t> dims = readHeader(f.hdr);
  for (int d = 4; d < kBartDims; ++d)
    if (d != kSliceDim && dims[size_t(d)] != 1)
      fail(f.hdr, "BART dimension " + std::to_string(d) + " has size " +
                      std::to_string(dims[size_t(d)]) +
                      "; k-space uses only dims 0-3 (x, y, z, coils) and 13 (slices)");
  if (dims[2] > 1 && dims[kSliceDim] > 1)
    fail(f.hdr, "both BART dims 2 (z) and 13 (slice) are larger than 1");
  checkDataSize(f, dims);
  const int sliceDim = dims[kSliceDim] > 1 ? kSliceDim : 2;
  const int64_t h = dims[0], w = dims[1], coils = dims[3];
  std::vector<int64_t> stride(kBartDims, 1);
  for (int d = 1; d < kBartDims; ++d)
    stride[size_t(d)] = stride[size_t(d) - 1] * dims[size_t(d) - 1];

  KspaceData d;
  d.format = "cfl";
  d.slices = dims[size_t(sliceDim)];
  d.slice = pickSlice(path, options.slice, d.slices);
  // Each coil's plane is contiguous, column-major: C order [W, H], transposed below.
  torch::Tensor planes = torch::empty({coils, w, h}, torch::kComplexFloat);
  std::ifstream in = openData(f.cfl);
  for (int64_t c = 0; c < coils; ++c)
    readBytes(in, d.slice * stride[size_t(sliceDim)] + c * stride[3], h * w, planes[c].data_ptr(),
              f.cfl);
  d.kspace = kspaceFromCentred(planes.transpose(1, 2).contiguous());
  return d;
}

}  // namespace kspace_detail
}  // namespace ccdf
