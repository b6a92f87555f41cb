#pragma once
// Private to the k-space readers (kspace_*.cpp, target ccdf_io): shared checks, the HDF5
// session guard and the per-format loaders.
#include <hdf5.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "io/kspace_io.h"

namespace ccdf::kspace_detail {

// Larger arrays (complex elements) are refused before anything is allocated.
constexpr int64_t kMaxElements = int64_t(1) << 28;

// Throws IoError "cannot read '<path>': <why>" (why is flattened to one line).
[[noreturn]] void fail(const std::string& path, const std::string& why);
// Refuses n > kMaxElements; `what` names the array in the message.
void checkElementCount(const std::string& path, int64_t n, const std::string& what);
// Resolves `requested` (-1 = the middle slice) against `slices`, or fails.
int64_t pickSlice(const std::string& path, int64_t requested, int64_t slices);
std::string shapeText(const std::vector<int64_t>& dims);  // "[2, 3, 4]"

// The process-wide HDF5 lock (the serial libhdf5 is not thread-safe, and libismrmrd calls it too).
std::mutex& hdf5Mutex();

// While alive: holds the process-wide HDF5 lock (the serial libhdf5 is not thread-safe, and
// libismrmrd calls it too) and silences HDF5's automatic error printing, so that failures
// surface only as IoError. Declare it before any handle so that handles close first.
class Hdf5Session {
 public:
  Hdf5Session();
  ~Hdf5Session();
  Hdf5Session(const Hdf5Session&) = delete;
  Hdf5Session& operator=(const Hdf5Session&) = delete;

 private:
  std::unique_lock<std::mutex> lock_;  // empty in an isolated child: the parent holds it
  H5E_auto2_t oldFunc_ = nullptr;
  void* oldData_ = nullptr;
};

// The innermost message on HDF5's error stack ("" when empty); clears the stack.
std::string takeHdf5Error();

enum class Hdf5Layout { FastMri, Ismrmrd };
// Opens `path` with libhdf5 and looks for "/kspace" or "/dataset"; fails otherwise.
Hdf5Layout probeHdf5Layout(const std::string& path);
bool hasHdf5Signature(const std::string& path);

KspaceData loadFastMri(const std::string& path, const KspaceLoadOptions& options);
KspaceData loadIsmrmrd(const std::string& path, const KspaceLoadOptions& options);
KspaceData loadCflKspace(const std::string& path, const KspaceLoadOptions& options);

}  // namespace ccdf::kspace_detail
