// ISMRMRD raw data (libismrmrd): Cartesian 2D acquisitions into [coils, H, W] k-space.
// H is the readout (samples), W is kspace_encode_step_1 (ky); both are centred in the file:
// ky's centre comes from encodingLimits, the readout's from center_sample.
#include <ismrmrd/dataset.h>
#include <ismrmrd/xml.h>

#include <complex>
#include <filesystem>
#include <memory>

#include "io/kspace_internal.h"

namespace fs = std::filesystem;

namespace ccdf::kspace_detail {
namespace {

// Geometry of the centred k-space grid, from the XML header and the first imaging line.
struct Grid {
  int64_t coils = 0, samples = 0, centreSample = 0;  // per readout, as stored
  int64_t h = 0, rowOffset = 0;                      // readout placed at rows rowOffset + s
  int64_t w = 0, kyCentre = 0;                       // ky placed at column ky - kyCentre + w / 2
  int64_t slices = 0;
  bool slicesFromHeader = false;  // else counted while scanning the lines
};

// Lines that are not image k-space (noise, navigators, phase correction, ...) are skipped, as
// are all but the first contrast / phase / repetition / set and other encoding spaces.
bool isImagingLine(ISMRMRD::Acquisition& a) {
  for (const auto flag :
       {ISMRMRD::ISMRMRD_ACQ_IS_NOISE_MEASUREMENT, ISMRMRD::ISMRMRD_ACQ_IS_NAVIGATION_DATA,
        ISMRMRD::ISMRMRD_ACQ_IS_PHASECORR_DATA, ISMRMRD::ISMRMRD_ACQ_IS_HPFEEDBACK_DATA,
        ISMRMRD::ISMRMRD_ACQ_IS_DUMMYSCAN_DATA, ISMRMRD::ISMRMRD_ACQ_IS_RTFEEDBACK_DATA,
        ISMRMRD::ISMRMRD_ACQ_IS_SURFACECOILCORRECTIONSCAN_DATA,
        ISMRMRD::ISMRMRD_ACQ_IS_PHASE_STABILIZATION_REFERENCE,
        ISMRMRD::ISMRMRD_ACQ_IS_PHASE_STABILIZATION})
    if (a.isFlagSet(flag)) return false;
  const auto& idx = a.idx();
  return a.encoding_space_ref() == 0 && idx.contrast == 0 && idx.phase == 0 &&
         idx.repetition == 0 && idx.set == 0;
}

void ignoreIsmrmrdError(const char*, int, const char*, int, const char*) {}

// libismrmrd's default handler prints every error to stderr; the same text still reaches the
// exceptions it throws, which become IoError. There is no getter to restore the old handler,
// and nothing else in the process uses libismrmrd, so the silent one stays installed.
void silenceIsmrmrd() {
  static std::once_flag once;
  std::call_once(once, [] { ISMRMRD::ismrmrd_set_error_handler(ignoreIsmrmrdError); });
}

// "ISMRMRD Runtime Error in fn (file.c:12: No XML Header found.\n..." -> "No XML Header found."
std::string reasonOf(const std::exception& e) {
  takeHdf5Error();
  std::string first = e.what();
  first = first.substr(0, first.find('\n'));
  const size_t colon = first.rfind(": ");
  return colon == std::string::npos ? first : first.substr(colon + 2);
}

std::unique_ptr<ISMRMRD::Dataset> openDataset(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) fail(path, "no such file");
  try {
    return std::make_unique<ISMRMRD::Dataset>(path.c_str(), "dataset", false);
  } catch (const std::exception& e) {
    fail(path, "cannot open the ISMRMRD dataset: " + reasonOf(e));
  }
}

ISMRMRD::Encoding readEncoding(ISMRMRD::Dataset& ds, const std::string& path) {
  std::string xml;
  ISMRMRD::IsmrmrdHeader header;
  try {
    ds.readHeader(xml);
    ISMRMRD::deserialize(xml.c_str(), header);
  } catch (const std::exception& e) {
    fail(path, "cannot read the ISMRMRD XML header: " + reasonOf(e));
  }
  if (header.encoding.empty()) fail(path, "the ISMRMRD header has no encoding");
  const ISMRMRD::Encoding& enc = header.encoding[0];
  if (enc.trajectory != ISMRMRD::TrajectoryType::CARTESIAN)
    fail(path, "only Cartesian ISMRMRD trajectories are supported");
  return enc;
}

Grid gridFromHeader(const ISMRMRD::Encoding& enc, const std::string& path) {
  Grid g;
  g.w = enc.encodedSpace.matrixSize.y;
  if (g.w == 0) fail(path, "the ISMRMRD encoded matrix has size 0 along y");
  const auto& ky = enc.encodingLimits.kspace_encoding_step_1;
  g.kyCentre = ky ? ky->center : g.w / 2;
  if (enc.encodingLimits.slice) {
    g.slices = int64_t(enc.encodingLimits.slice->maximum) + 1;
    g.slicesFromHeader = true;
  }
  return g;
}

// Fixes the readout geometry from the first imaging line: a readout whose centre sample is not
// in the middle (partial echo) is zero-padded so that its centre lands at row h / 2.
void setReadout(Grid& g, ISMRMRD::Acquisition& a, const std::string& path) {
  g.coils = a.active_channels();
  g.samples = a.number_of_samples();
  g.centreSample = a.center_sample();
  if (g.coils == 0 || g.samples == 0) fail(path, "an ISMRMRD acquisition has no samples");
  if (g.centreSample == 0 || g.centreSample == g.samples / 2) {
    g.h = g.samples;
  } else {
    g.h = 2 * std::max(g.centreSample, g.samples - g.centreSample);
    g.rowOffset = g.h / 2 - g.centreSample;
  }
  checkElementCount(path, g.coils * g.h * g.w, "one k-space slice");
}

void checkLine(const Grid& g, ISMRMRD::Acquisition& a, uint32_t i, const std::string& path) {
  const std::string which = "acquisition " + std::to_string(i);
  if (a.active_channels() != g.coils || a.number_of_samples() != g.samples ||
      a.center_sample() != g.centreSample)
    fail(path, which + " differs in coils, samples or centre sample from the first readout");
  if (a.idx().kspace_encode_step_2 != 0)
    fail(path, which + ": 3D encoding (kspace_encode_step_2) is not supported");
  if (g.slicesFromHeader && a.idx().slice >= g.slices)
    fail(path, which + ": slice " + std::to_string(a.idx().slice) +
                   " is beyond the header's encoding limits");
}

int64_t columnOf(const Grid& g, ISMRMRD::Acquisition& a, uint32_t i, const std::string& path) {
  const int64_t col = int64_t(a.idx().kspace_encode_step_1) - g.kyCentre + g.w / 2;
  if (col < 0 || col >= g.w)
    fail(path, "acquisition " + std::to_string(i) + ": ky index " +
                   std::to_string(a.idx().kspace_encode_step_1) +
                   " is outside the encoded matrix (" + std::to_string(g.w) + " lines)");
  return col;
}

// libismrmrd 1.8 copies number_of_samples x active_channels samples (and the trajectory) out of a
// record's variable-length arrays without comparing their lengths with the header: a damaged file
// made it read far past a heap buffer (found by fuzz_ismrmrd). Each record is checked here with
// libhdf5 before libismrmrd reads it.
class RecordCheck {
 public:
  explicit RecordCheck(const std::string& path) : path_(path) {
    file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const htri_t exists = file_ >= 0 ? H5Lexists(file_, "/dataset/data", H5P_DEFAULT) : -1;
    data_ = exists > 0 ? H5Dopen2(file_, "/dataset/data", H5P_DEFAULT) : -1;
    takeHdf5Error();
    // libismrmrd sizes its count of the records by the list's rank without checking that the
    // list opens: an unreadable list, or one of another rank, crashed it (found by fuzz_ismrmrd).
    if (exists > 0) {
      const hid_t space = data_ >= 0 ? H5Dget_space(data_) : -1;
      const int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
      if (space >= 0) H5Sclose(space);
      // A record is a 340-byte header and two variable-length arrays; libhdf5 allocates by the
      // stored size, which a damaged file can make gigabytes.
      const hid_t type = data_ >= 0 ? H5Dget_type(data_) : -1;
      const size_t recordBytes = type >= 0 ? H5Tget_size(type) : 0;
      if (type >= 0) H5Tclose(type);
      std::string problem;
      if (rank < 0 || recordBytes == 0)
        problem = "cannot be read";
      else if (rank != 1)
        problem = "has rank " + std::to_string(rank) + " (expected 1)";
      else if (recordBytes > 65536)
        problem = "has records of " + std::to_string(recordBytes) + " bytes (damaged)";
      if (!problem.empty()) {  // the destructor does not run when the constructor throws
        if (data_ >= 0) H5Dclose(data_);
        H5Fclose(file_);
        takeHdf5Error();
        fail(path, "the ISMRMRD acquisition list " + problem);
      }
    }
    head_ = H5Tcreate(H5T_COMPOUND, sizeof(Head));
    H5Tinsert(head_, "number_of_samples", HOFFSET(Head, samples), H5T_NATIVE_UINT16);
    H5Tinsert(head_, "active_channels", HOFFSET(Head, channels), H5T_NATIVE_UINT16);
    H5Tinsert(head_, "trajectory_dimensions", HOFFSET(Head, trajectory), H5T_NATIVE_UINT16);
    floats_ = H5Tvlen_create(H5T_NATIVE_FLOAT);
    record_ = H5Tcreate(H5T_COMPOUND, sizeof(Record));
    H5Tinsert(record_, "head", HOFFSET(Record, head), head_);
    H5Tinsert(record_, "traj", HOFFSET(Record, traj), floats_);
    H5Tinsert(record_, "data", HOFFSET(Record, data), floats_);
  }
  ~RecordCheck() {
    for (const hid_t t : {record_, floats_, head_})
      if (t >= 0) H5Tclose(t);
    if (data_ >= 0) H5Dclose(data_);
    if (file_ >= 0) H5Fclose(file_);
  }
  RecordCheck(const RecordCheck&) = delete;
  RecordCheck& operator=(const RecordCheck&) = delete;

  void check(uint32_t i) {
    const std::string which = "acquisition " + std::to_string(i);
    if (data_ < 0) fail(path_, "cannot read " + which + reason());
    const hsize_t start = i, count = 1;
    const hid_t fileSpace = H5Dget_space(data_), memSpace = H5Screate_simple(1, &count, nullptr);
    Record r{};
    const bool read =
        fileSpace >= 0 && memSpace >= 0 &&
        H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nullptr, &count, nullptr) >= 0 &&
        H5Dread(data_, record_, memSpace, fileSpace, H5P_DEFAULT, &r) >= 0;
    const size_t samples = size_t(2) * r.head.samples * r.head.channels;
    const size_t trajectory = size_t(r.head.samples) * r.head.trajectory;
    const size_t haveSamples = r.data.len, haveTrajectory = r.traj.len;
    if (memSpace >= 0) H5Dvlen_reclaim(record_, memSpace, H5P_DEFAULT, &r);
    if (memSpace >= 0) H5Sclose(memSpace);
    if (fileSpace >= 0) H5Sclose(fileSpace);
    if (!read) fail(path_, "cannot read " + which + reason());
    if (haveSamples != samples || haveTrajectory != trajectory)
      fail(path_, which + " holds " + std::to_string(haveSamples) + " sample values and " +
                      std::to_string(haveTrajectory) + " trajectory values, its header says " +
                      std::to_string(samples) + " and " + std::to_string(trajectory));
  }

 private:
  static std::string reason() {
    const std::string e = takeHdf5Error();
    return e.empty() ? " (truncated or corrupt file)" : " (" + e + ")";
  }
  struct Head {
    uint16_t samples, channels, trajectory;
  };
  struct Record {
    Head head;
    hvl_t traj, data;
  };
  std::string path_;
  hid_t file_ = -1, data_ = -1, head_ = -1, floats_ = -1, record_ = -1;
};

class Reader {
 public:
  Reader(ISMRMRD::Dataset& ds, const std::string& path) : ds_(ds), path_(path), check_(path) {
    try {
      count_ = ds.getNumberOfAcquisitions();
    } catch (const std::exception& e) {
      fail(path, "cannot count the ISMRMRD acquisitions: " + reasonOf(e));
    }
  }
  uint32_t count() const { return count_; }
  ISMRMRD::Acquisition& read(uint32_t i) {
    check_.check(i);
    try {
      ds_.readAcquisition(i, acq_);
    } catch (const std::exception& e) {
      fail(path_, "cannot read acquisition " + std::to_string(i) + ": " + reasonOf(e));
    }
    return acq_;
  }

 private:
  ISMRMRD::Dataset& ds_;
  std::string path_;
  uint32_t count_ = 0;
  RecordCheck check_;
  ISMRMRD::Acquisition acq_;
};

// Scans all lines once: readout geometry, consistency and (when the header has no slice
// limits) the slice count.
void scanLines(Reader& reader, Grid& g, const std::string& path) {
  for (uint32_t i = 0; i < reader.count(); ++i) {
    ISMRMRD::Acquisition& a = reader.read(i);
    if (!isImagingLine(a)) continue;
    if (g.coils == 0) setReadout(g, a, path);
    checkLine(g, a, i, path);
    columnOf(g, a, i, path);
    if (!g.slicesFromHeader) g.slices = std::max<int64_t>(g.slices, int64_t(a.idx().slice) + 1);
  }
  if (g.coils == 0) fail(path, "the ISMRMRD file has no imaging acquisitions");
}

// Centred k-space of one slice; lines met more than once (averages) are averaged.
void fillSlice(Reader& reader, const Grid& g, int64_t slice, torch::Tensor& k, torch::Tensor& mask,
               const std::string& path) {
  k = torch::zeros({g.coils, g.h, g.w}, torch::kComplexFloat);
  std::vector<int64_t> hits(size_t(g.w), 0);
  auto* out = k.data_ptr<c10::complex<float>>();
  for (uint32_t i = 0; i < reader.count(); ++i) {
    ISMRMRD::Acquisition& a = reader.read(i);
    if (!isImagingLine(a) || a.idx().slice != slice) continue;
    const int64_t col = columnOf(g, a, i, path);
    const bool reverse = a.isFlagSet(ISMRMRD::ISMRMRD_ACQ_IS_REVERSE);
    const std::complex<float>* data = a.getDataPtr();
    for (int64_t c = 0; c < g.coils; ++c)
      for (int64_t s = 0; s < g.samples; ++s) {
        const std::complex<float> v = data[c * g.samples + (reverse ? g.samples - 1 - s : s)];
        out[(c * g.h + g.rowOffset + s) * g.w + col] += c10::complex<float>(v.real(), v.imag());
      }
    ++hits[size_t(col)];
  }
  mask = torch::zeros({g.h, g.w}, torch::kFloat);
  for (int64_t col = 0; col < g.w; ++col) {
    if (hits[size_t(col)] == 0) continue;
    mask.index_put_({torch::indexing::Slice(g.rowOffset, g.rowOffset + g.samples), col}, 1.0f);
    if (hits[size_t(col)] > 1) k.select(2, col).div_(double(hits[size_t(col)]));
  }
  if (mask.sum().item<float>() == 0)
    fail(path, "slice " + std::to_string(slice) + " has no imaging acquisitions");
}

}  // namespace

KspaceData loadIsmrmrd(const std::string& path, const KspaceLoadOptions& options) {
  Hdf5Session session;
  silenceIsmrmrd();
  std::unique_ptr<ISMRMRD::Dataset> ds = openDataset(path);
  Grid g = gridFromHeader(readEncoding(*ds, path), path);
  Reader reader(*ds, path);
  scanLines(reader, g, path);

  KspaceData d;
  d.format = "ismrmrd";
  d.slices = g.slices;
  d.slice = pickSlice(path, options.slice, d.slices);
  torch::Tensor centred, centredMask;
  fillSlice(reader, g, d.slice, centred, centredMask, path);
  d.kspace = kspaceFromCentred(centred);
  d.mask = torch::fft::ifftshift(centredMask, std::vector<int64_t>{-2, -1}).contiguous();
  return d;
}

}  // namespace ccdf::kspace_detail
