// Raw k-space: format dispatch, the centred <-> project conversion and the .npy reader.
// The HDF5 formats live in kspace_hdf5.cpp / kspace_ismrmrd.cpp, BART in kspace_cfl.cpp.
#include "io/kspace_io.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "io/kspace_internal.h"
#include "util/isolated_call.h"

namespace fs = std::filesystem;

namespace ccdf {
namespace kspace_detail {

void fail(const std::string& path, const std::string& why) {
  std::string line = why;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  throw IoError("cannot read '" + path + "': " + line);
}

void checkElementCount(const std::string& path, int64_t n, const std::string& what) {
  if (n > kMaxElements)
    fail(path, what + " is too large (" + std::to_string(n) + " elements; at most " +
                   std::to_string(kMaxElements) + ")");
}

int64_t pickSlice(const std::string& path, int64_t requested, int64_t slices) {
  if (requested == -1) return slices / 2;
  if (requested < 0 || requested >= slices)
    fail(path, "slice " + std::to_string(requested) + " is out of range (the file has " +
                   std::to_string(slices) + " slice" + (slices == 1 ? "" : "s") + ")");
  return requested;
}

std::string shapeText(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

}  // namespace kspace_detail

namespace {

using namespace kspace_detail;

// e^{sign 2 pi i k floor(n/2) / n} for k = 0..n-1: the Fourier image of a roll by n/2. For even
// n the factors are exactly +-1, so even-sized conversions are bit-exact sign flips.
torch::Tensor shiftPhase(int64_t n, double sign) {
  torch::Tensor phase = torch::empty({n}, torch::kComplexDouble);
  auto* p = phase.data_ptr<c10::complex<double>>();
  const int64_t s = n / 2;
  for (int64_t k = 0; k < n; ++k) {
    const int64_t m = (k * s) % n;
    if (m == 0) {
      p[k] = {1.0, 0.0};
    } else if (2 * m == n) {
      p[k] = {-1.0, 0.0};
    } else {
      const double a = sign * 2.0 * M_PI * double(m) / double(n);
      p[k] = {std::cos(a), std::sin(a)};
    }
  }
  return phase;
}

torch::Tensor shiftPhase2d(const torch::Tensor& like, double sign) {
  const int64_t h = like.size(-2), w = like.size(-1);
  const torch::Tensor p = shiftPhase(h, sign).unsqueeze(1) * shiftPhase(w, sign).unsqueeze(0);
  return p.to(like.device(), like.scalar_type());
}

void checkComplex2d(const torch::Tensor& k, const char* fn) {
  if (!k.defined() || !k.is_complex() || k.dim() < 2)
    throw std::invalid_argument(std::string(fn) + " needs a complex tensor [..., H, W]");
}

KspaceData loadNpyKspace(const std::string& path, const KspaceLoadOptions& options) {
  std::error_code ec;
  const auto bytes = fs::file_size(path, ec);
  // loadNpy reads the whole file: refuse absurd files before it allocates.
  if (!ec && bytes > uint64_t(kMaxElements) * 16 + (1u << 20))
    fail(path, ".npy file is too large for k-space (" + std::to_string(bytes) + " bytes)");
  torch::Tensor k = loadNpy(path);
  if (!k.is_complex())
    fail(path, "the .npy array is real; k-space must be complex64 or complex128");
  const std::vector<int64_t> shape(k.sizes().begin(), k.sizes().end());
  if (k.dim() < 2 || k.dim() > 4)
    fail(path, "k-space .npy has shape " + shapeText(shape) +
                   ", expected [H, W], [coils, H, W] or [slices, coils, H, W]");
  if (k.numel() == 0) fail(path, "k-space .npy has a zero-size dimension " + shapeText(shape));
  KspaceData d;
  if (k.dim() == 4) {
    d.slices = k.size(0);
    d.slice = pickSlice(path, options.slice, d.slices);
    k = k[d.slice];
  } else {
    pickSlice(path, options.slice, 1);  // only -1 or 0 make sense
  }
  if (k.dim() == 2) k = k.unsqueeze(0);
  k = k.contiguous();
  d.kspace = options.npyLayout == KspaceLayout::Centred ? kspaceFromCentred(k) : k;
  d.format = "npy";
  return d;
}

bool startsWith(const std::string& path, const char* magic, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string head(n, '\0');
  return in.read(head.data(), std::streamsize(n)) && std::memcmp(head.data(), magic, n) == 0;
}

KspaceData readHdf5Kspace(const std::string& path, const KspaceLoadOptions& options) {
  return probeHdf5Layout(path) == Hdf5Layout::FastMri ? loadFastMri(path, options)
                                                      : loadIsmrmrd(path, options);
}

// Reads the file once in a child process; only a file the child read without crashing, hanging
// or running out of memory is read again here. The HDF5 lock is held across the fork, so no
// other thread is inside libhdf5 when the child's copy of it starts.
KspaceData loadHdf5Kspace(const std::string& path, const KspaceLoadOptions& options) {
  if (!processIsolationEnabled()) return readHdf5Kspace(path, options);
  IsolatedOutcome outcome;
  {
    std::lock_guard<std::mutex> noReaderDuringFork(hdf5Mutex());
    outcome = runIsolated([&] { readHdf5Kspace(path, options); });
  }
  using Kind = IsolatedOutcome::Kind;
  switch (outcome.kind) {
    case Kind::Finished:
      return readHdf5Kspace(path, options);
    case Kind::Threw:
      throw IoError(outcome.message);  // already "cannot read '<path>': ..."
    case Kind::OutOfMemory:
      fail(path, "damaged HDF5 file: reading it needs more memory than any valid k-space file");
    case Kind::Crashed:
    case Kind::TimedOut:
      fail(path, "damaged HDF5 file: libhdf5 " + outcome.describe() +
                     " reading it in a separate process; nothing was loaded");
  }
  fail(path, "unreachable");
}

// Files without a known extension: BART base names, then the content's signature.
KspaceData loadByContent(const std::string& path, const KspaceLoadOptions& options) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (fs::exists(path + ".hdr", ec)) return loadCflKspace(path, options);
    fail(path, "no such file");
  }
  if (fs::is_directory(path, ec)) fail(path, "it is a directory");
  if (startsWith(path, "\x93NUMPY", 6)) return loadNpyKspace(path, options);
  if (hasHdf5Signature(path)) return loadHdf5Kspace(path, options);
  fail(path, "unknown k-space format (expected fastMRI / ISMRMRD .h5, BART .cfl/.hdr or .npy)");
}

}  // namespace

KspaceData loadKspace(const std::string& path, const KspaceLoadOptions& options) {
  const std::string ext = fileExtension(path);
  KspaceData d;
  if (ext == ".npy") {
    d = loadNpyKspace(path, options);
  } else if (ext == ".cfl" || ext == ".hdr") {
    d = loadCflKspace(path, options);
  } else if (ext == ".h5" || ext == ".hdf5") {
    d = loadHdf5Kspace(path, options);
  } else {
    d = loadByContent(path, options);
  }
  d.path = path;
  return d;
}

bool isKspaceFile(const std::string& path) {
  const std::string ext = fileExtension(path);
  return ext == ".h5" || ext == ".hdf5" || ext == ".cfl" || ext == ".hdr" || ext == ".npy";
}

// k_ours = fft2(ifft2c(kc)) with ifft2c = fftshift . ifft2 . ifftshift; since fft2 of a roll by
// n/2 is a phase ramp, this is ifftshift(kc) times e^{-2 pi i (ky (H/2) / H + kx (W/2) / W)}.
torch::Tensor kspaceFromCentred(const torch::Tensor& centred) {
  checkComplex2d(centred, "kspaceFromCentred");
  const torch::Tensor k = torch::fft::ifftshift(centred, std::vector<int64_t>{-2, -1});
  return k * shiftPhase2d(k, -1.0);
}

torch::Tensor kspaceToCentred(const torch::Tensor& nonCentred) {
  checkComplex2d(nonCentred, "kspaceToCentred");
  return torch::fft::fftshift(nonCentred * shiftPhase2d(nonCentred, 1.0),
                              std::vector<int64_t>{-2, -1});
}

}  // namespace ccdf
