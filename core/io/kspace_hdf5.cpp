// fastMRI HDF5 k-space (libhdf5 C API) and the HDF5 plumbing shared with the ISMRMRD reader.
// fastMRI layout: "kspace" complex {r, i} [slices, H, W] or [slices, coils, H, W], centred;
// optional "mask" ([W] or [H, W], centred) and "reconstruction_rss" / "_esc" [slices, h, w].
#include <cstring>
#include <filesystem>
#include <utility>

#include "io/kspace_internal.h"
#include "util/isolated_call.h"

namespace fs = std::filesystem;

namespace ccdf::kspace_detail {

std::mutex& hdf5Mutex() {
  static std::mutex m;
  return m;
}

Hdf5Session::Hdf5Session()
    : lock_(inIsolatedChild() ? std::unique_lock<std::mutex>()
                              : std::unique_lock<std::mutex>(hdf5Mutex())) {
  H5Eget_auto2(H5E_DEFAULT, &oldFunc_, &oldData_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Hdf5Session::~Hdf5Session() {
  H5Eclear2(H5E_DEFAULT);
  H5Eset_auto2(H5E_DEFAULT, oldFunc_, oldData_);
}

namespace {

herr_t keepInnermost(unsigned, const H5E_error2_t* e, void* out) {
  if (e->desc && *e->desc) *static_cast<std::string*>(out) = e->desc;
  return 0;
}

}  // namespace

std::string takeHdf5Error() {
  std::string innermost;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keepInnermost, &innermost);
  H5Eclear2(H5E_DEFAULT);
  return innermost;
}

namespace {

// Owns one HDF5 identifier and closes it with the matching H5?close.
class Hid {
 public:
  using Closer = herr_t (*)(hid_t);
  Hid(hid_t id, Closer close) : id_(id), close_(close) {}
  Hid(Hid&& o) noexcept : id_(std::exchange(o.id_, -1)), close_(o.close_) {}
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  Hid& operator=(Hid&&) = delete;
  ~Hid() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_;
  Closer close_;
};

[[noreturn]] void failHdf5(const std::string& path, const std::string& why) {
  const std::string reason = takeHdf5Error();
  fail(path, reason.empty() ? why : why + " (" + reason + ")");
}

Hid openFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) fail(path, "no such file");
  if (fs::is_directory(path, ec)) fail(path, "it is a directory");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    takeHdf5Error();
    fail(path, "not an HDF5 file");
  }
  Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid()) failHdf5(path, "cannot open the HDF5 file (truncated or corrupt?)");
  return file;
}

bool linkExists(const Hid& loc, const char* name) {
  const htri_t r = H5Lexists(loc.get(), name, H5P_DEFAULT);
  if (r < 0) takeHdf5Error();
  return r > 0;
}

Hid openDataset(const Hid& file, const std::string& path, const char* name) {
  Hid d(H5Dopen2(file.get(), name, H5P_DEFAULT), H5Dclose);
  if (!d.valid()) failHdf5(path, std::string("cannot open dataset '") + name + "'");
  return d;
}

std::vector<int64_t> datasetDims(const Hid& dset, const std::string& path, const char* name) {
  Hid space(H5Dget_space(dset.get()), H5Sclose);
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank < 0) failHdf5(path, std::string("cannot read the shape of '") + name + "'");
  std::vector<hsize_t> dims(size_t(rank) + 1);
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  // Each size fits an int64 and a product of two cannot overflow.
  for (int d = 0; d < rank; ++d)
    if (dims[size_t(d)] > hsize_t(kMaxElements))
      fail(path, std::string("dataset '") + name + "' has a dimension of " +
                     std::to_string(dims[size_t(d)]) + " elements (at most " +
                     std::to_string(kMaxElements) + ")");
  return std::vector<int64_t>(dims.begin(), dims.begin() + rank);
}

// Reads the block start .. start + count of `dset` (all dims) as `memType` into `out`.
void readBlock(const Hid& dset, hid_t memType, const std::vector<int64_t>& start,
               const std::vector<int64_t>& count, void* out, const std::string& path,
               const char* name) {
  const std::vector<hsize_t> s(start.begin(), start.end()), c(count.begin(), count.end());
  Hid fileSpace(H5Dget_space(dset.get()), H5Sclose);
  Hid memSpace(H5Screate_simple(int(c.size()), c.data(), nullptr), H5Sclose);
  // libhdf5 reads contiguous and compact data by the size their layout records; a damaged size
  // made it copy from outside its buffers (found by fuzz_fastmri). Such data is exactly as large
  // as the dataset, and within the file.
  Hid plist(H5Dget_create_plist(dset.get()), H5Pclose);
  const H5D_layout_t layout = plist.valid() ? H5Pget_layout(plist.get()) : H5D_LAYOUT_ERROR;
  if (fileSpace.valid() && (layout == H5D_CONTIGUOUS || layout == H5D_COMPACT)) {
    Hid type(H5Dget_type(dset.get()), H5Tclose);
    const hssize_t points = H5Sget_simple_extent_npoints(fileSpace.get());
    const hsize_t need = points > 0 && type.valid() ? hsize_t(points) * H5Tget_size(type.get()) : 0;
    const hsize_t stored = H5Dget_storage_size(dset.get());
    std::error_code ec;
    const uintmax_t fileBytes = fs::file_size(path, ec);
    if (need == 0 || stored != need || (!ec && stored > fileBytes))
      fail(path, std::string("dataset '") + name + "' stores " + std::to_string(stored) +
                     " bytes; its shape and type take " + std::to_string(need) +
                     (ec ? "" : " (the file has " + std::to_string(fileBytes) + ")"));
  }
  if (!fileSpace.valid() || !memSpace.valid() ||
      H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, s.data(), nullptr, c.data(), nullptr) <
          0 ||
      H5Dread(dset.get(), memType, memSpace.get(), fileSpace.get(), H5P_DEFAULT, out) < 0)
    failHdf5(path, std::string("cannot read dataset '") + name + "' (truncated or corrupt?)");
}

std::string typeText(hid_t type) {
  const size_t bits = H5Tget_size(type) * 8;
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      return std::to_string(bits) + "-bit integers";
    case H5T_FLOAT:
      return std::to_string(bits) + "-bit real floats";
    case H5T_ENUM:
      return "enumerated values";
    case H5T_STRING:
      return "strings";
    case H5T_COMPOUND:
      return "a compound type";
    default:
      return "an unsupported type";
  }
}

bool isFloatMember(hid_t compound, int index, const char* expectedName) {
  char* name = H5Tget_member_name(compound, unsigned(index));
  const bool nameOk = name && std::strcmp(name, expectedName) == 0;
  if (name) H5free_memory(name);
  if (!nameOk || H5Tget_member_class(compound, unsigned(index)) != H5T_FLOAT) return false;
  // libhdf5 does not check that a member lies inside its compound: a damaged offset made its
  // conversion copy from far outside the buffer (found by fuzz_fastmri).
  Hid member(H5Tget_member_type(compound, unsigned(index)), H5Tclose);
  const size_t offset = H5Tget_member_offset(compound, unsigned(index));
  const size_t size = member.valid() ? H5Tget_size(member.get()) : 0;
  return size > 0 && offset <= H5Tget_size(compound) && size <= H5Tget_size(compound) - offset;
}

// fastMRI (h5py) stores complex64 as the compound {r, i} of two floats.
void checkComplexType(const Hid& dset, const std::string& path) {
  Hid type(H5Dget_type(dset.get()), H5Tclose);
  if (!type.valid()) failHdf5(path, "cannot read the type of 'kspace'");
  // At most two doubles: libhdf5 allocates its conversion buffer by the stored type size, and a
  // damaged size made it take gigabytes for a few elements (found by fuzz_fastmri).
  const bool ok = H5Tget_class(type.get()) == H5T_COMPOUND && H5Tget_nmembers(type.get()) == 2 &&
                  H5Tget_size(type.get()) <= 2 * sizeof(double) &&
                  isFloatMember(type.get(), 0, "r") && isFloatMember(type.get(), 1, "i");
  if (!ok)
    fail(path, "dataset 'kspace' holds " + typeText(type.get()) +
                   ", expected complex values (compound {r, i} of floats)");
}

Hid complexMemoryType() {
  Hid t(H5Tcreate(H5T_COMPOUND, 2 * sizeof(float)), H5Tclose);
  H5Tinsert(t.get(), "r", 0, H5T_NATIVE_FLOAT);
  H5Tinsert(t.get(), "i", sizeof(float), H5T_NATIVE_FLOAT);
  return t;
}

// A real dataset block as float32 (floats and integers convert in HDF5; enums such as h5py's
// bool are read as their integer codes).
torch::Tensor readRealBlock(const Hid& dset, const std::vector<int64_t>& start,
                            const std::vector<int64_t>& count, const std::string& path,
                            const char* name) {
  Hid type(H5Dget_type(dset.get()), H5Tclose);
  const H5T_class_t cls = type.valid() ? H5Tget_class(type.get()) : H5T_NO_CLASS;
  torch::Tensor out = torch::empty(count, torch::kFloat);
  if ((cls == H5T_FLOAT || cls == H5T_INTEGER) && H5Tget_size(type.get()) <= 8) {  // as above
    readBlock(dset, H5T_NATIVE_FLOAT, start, count, out.data_ptr(), path, name);
    return out;
  }
  if (cls == H5T_ENUM && H5Tget_size(type.get()) == 1) {
    Hid native(H5Tget_native_type(type.get(), H5T_DIR_DEFAULT), H5Tclose);
    torch::Tensor codes = torch::empty(count, torch::kInt8);
    readBlock(dset, native.get(), start, count, codes.data_ptr(), path, name);
    return codes.to(torch::kFloat);
  }
  fail(path, std::string("dataset '") + name + "' holds " + typeText(type.get()) +
                 ", expected real numbers");
}

void checkNoZeroDims(const std::vector<int64_t>& dims, const std::string& path, const char* name) {
  for (const int64_t d : dims)
    if (d == 0)
      fail(path,
           std::string("dataset '") + name + "' has a zero-size dimension " + shapeText(dims));
}

// "mask": [W] (columns, expanded over H) or [H, W]; centred like the k-space; nonzero = sampled.
torch::Tensor readMask(const Hid& file, const std::string& path, int64_t h, int64_t w) {
  if (!linkExists(file, "mask")) return {};
  Hid dset = openDataset(file, path, "mask");
  const std::vector<int64_t> dims = datasetDims(dset, path, "mask");
  const bool columns = dims.size() == 1 && dims[0] == w;
  if (!columns && !(dims.size() == 2 && dims[0] == h && dims[1] == w))
    fail(path, "dataset 'mask' has shape " + shapeText(dims) + ", expected [" + std::to_string(w) +
                   "] or [" + std::to_string(h) + ", " + std::to_string(w) + "]");
  torch::Tensor m = readRealBlock(dset, std::vector<int64_t>(dims.size(), 0), dims, path, "mask");
  m = (m != 0).to(torch::kFloat);
  if (columns) m = m.unsqueeze(0).expand({h, w});
  return torch::fft::ifftshift(m, std::vector<int64_t>{-2, -1}).contiguous();
}

// The first of reconstruction_rss / _esc, at `slice`; it must have the k-space's slice count.
void readReference(const Hid& file, const std::string& path, int64_t slice, KspaceData& d) {
  for (const char* name : {"reconstruction_rss", "reconstruction_esc"}) {
    if (!linkExists(file, name)) continue;
    Hid dset = openDataset(file, path, name);
    const std::vector<int64_t> dims = datasetDims(dset, path, name);
    if (dims.size() != 3 || dims[0] != d.slices)
      fail(path, std::string("dataset '") + name + "' has shape " + shapeText(dims) +
                     ", expected [" + std::to_string(d.slices) + ", h, w]");
    checkNoZeroDims(dims, path, name);
    checkElementCount(path, dims[1] * dims[2], name);
    d.reference = readRealBlock(dset, {slice, 0, 0}, {1, dims[1], dims[2]}, path, name)[0];
    d.referenceName = name;
    return;
  }
}

}  // namespace

bool hasHdf5Signature(const std::string& path) {
  Hdf5Session session;
  const htri_t r = H5Fis_hdf5(path.c_str());
  takeHdf5Error();
  return r > 0;
}

Hdf5Layout probeHdf5Layout(const std::string& path) {
  Hdf5Session session;
  Hid file = openFile(path);
  if (linkExists(file, "kspace")) return Hdf5Layout::FastMri;
  if (linkExists(file, "dataset")) return Hdf5Layout::Ismrmrd;
  fail(path, "HDF5 file has neither a 'kspace' dataset (fastMRI) nor a 'dataset' group (ISMRMRD)");
}

KspaceData loadFastMri(const std::string& path, const KspaceLoadOptions& options) {
  Hdf5Session session;
  Hid file = openFile(path);
  if (!linkExists(file, "kspace")) fail(path, "no dataset 'kspace' (not a fastMRI file)");
  Hid dset = openDataset(file, path, "kspace");
  checkComplexType(dset, path);
  const std::vector<int64_t> dims = datasetDims(dset, path, "kspace");
  if (dims.size() != 3 && dims.size() != 4)
    fail(path, "dataset 'kspace' has shape " + shapeText(dims) +
                   ", expected [slices, H, W] or [slices, coils, H, W]");
  checkNoZeroDims(dims, path, "kspace");
  const int64_t coils = dims.size() == 4 ? dims[1] : 1, h = dims.end()[-2], w = dims.back();
  checkElementCount(path, h * w, "one k-space slice");  // in steps: no product overflows
  checkElementCount(path, coils * h * w, "one k-space slice");

  KspaceData d;
  d.format = "fastmri";
  d.slices = dims[0];
  d.slice = pickSlice(path, options.slice, d.slices);
  std::vector<int64_t> start(dims.size(), 0), count = dims;
  start[0] = d.slice;
  count[0] = 1;
  torch::Tensor centred = torch::empty({coils, h, w}, torch::kComplexFloat);
  Hid memType = complexMemoryType();
  readBlock(dset, memType.get(), start, count, centred.data_ptr(), path, "kspace");
  d.kspace = kspaceFromCentred(centred);
  d.mask = readMask(file, path, h, w);
  readReference(file, path, d.slice, d);
  return d;
}

}  // namespace ccdf::kspace_detail
