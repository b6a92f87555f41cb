// DICOM images in and out with DCMTK, which stays private to this file. Pixel data is unpacked
// here from the uncompressed representation (DCMTK's codecs decompress first), so every layout
// goes through one exact path: bits stored / high bit masking, sign extension, rescale.
#include "io/dicom_io.h"

// DCMTK wants its configuration header first.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

namespace fs = std::filesystem;

namespace ccdf {
namespace {

constexpr int64_t kMaxSamples = int64_t(1) << 28;  // 1 GiB of float32

// ---------------------------------------------------------------------------------------------
// Small helpers

// Exception messages stay on one line even when DCMTK's text has line breaks.
std::string oneLine(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

[[noreturn]] void failRead(const std::string& path, const std::string& why) {
  throw IoError(oneLine("cannot read DICOM '" + path + "': " + why));
}

[[noreturn]] void failWrite(const std::string& path, const std::string& why) {
  throw IoError(oneLine("cannot write DICOM '" + path + "': " + why));
}

// Decoders are registered once per process; a function-local static is initialised thread-safely.
// DCMTK's own log is limited to fatal messages: every failure reaches the caller as an IoError.
void registerCodecs() {
  static const bool registered = [] {
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
    return true;
  }();
  (void)registered;
}

std::string getString(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value).bad()) return "";
  return value.c_str();
}

std::vector<double> getDoubles(DcmItem& item, const DcmTagKey& tag) {
  std::vector<double> values;
  Float64 v = 0.0;
  for (unsigned long i = 0; item.findAndGetFloat64(tag, v, i).good(); ++i) values.push_back(v);
  return values;
}

// An unsigned short attribute, or `fallback` when it is absent.
long getUint16(DcmItem& item, const DcmTagKey& tag, long fallback) {
  Uint16 v = 0;
  return item.findAndGetUint16(tag, v).good() ? long(v) : fallback;
}

bool hasDicmPrefix(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char buffer[132] = {};
  return in.read(buffer, sizeof buffer) && std::memcmp(buffer + 128, "DICM", 4) == 0;
}

// Files without the DICM prefix are accepted as bare datasets only when DCMTK parses them and
// they carry image attributes; otherwise any file would "parse" as a few garbage elements.
OFCondition loadDataset(DcmFileFormat& file, const std::string& path, bool& isDicom) {
  const bool prefixed = hasDicmPrefix(path);
  const OFCondition status =
      file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                    prefixed ? ERM_fileOnly : ERM_dataset);
  DcmDataset& ds = *file.getDataset();
  isDicom =
      prefixed || (status.good() && (ds.tagExists(DCM_SOPClassUID) || ds.tagExists(DCM_Rows)));
  return status;
}

void checkReadablePath(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) failRead(path, "no such file");
  if (fs::is_directory(path, ec)) failRead(path, "it is a directory");
  if (fs::file_size(path, ec) == 0 && !ec) failRead(path, "empty file");
}

// ---------------------------------------------------------------------------------------------
// Reading

struct PixelLayout {
  int64_t rows = 0, columns = 0, frames = 1, samples = 1;
  int bitsAllocated = 0, bitsStored = 0, highBit = 0;
  bool isSigned = false;
  bool planar = false;  // Planar Configuration 1: one plane per sample
  std::string photometric;

  int64_t sampleCount() const { return rows * columns * frames * samples; }
};

// Dimensions only, checked before any pixel data is touched or decompressed.
PixelLayout readDimensions(DcmItem& ds, const std::string& path) {
  PixelLayout l;
  l.rows = getUint16(ds, DCM_Rows, -1);
  l.columns = getUint16(ds, DCM_Columns, -1);
  if (l.rows < 0 || l.columns < 0) failRead(path, "no Rows / Columns (not an image)");
  if (l.rows == 0 || l.columns == 0) failRead(path, "image has zero Rows or Columns");
  l.samples = getUint16(ds, DCM_SamplesPerPixel, 1);
  if (l.samples != 1 && l.samples != 3)
    failRead(path, "Samples per Pixel " + std::to_string(l.samples) + " is not supported");
  Sint32 frames = 1;
  if (ds.tagExistsWithValue(DCM_NumberOfFrames) &&
      ds.findAndGetSint32(DCM_NumberOfFrames, frames).bad())
    failRead(path, "unreadable Number of Frames");
  if (frames < 1) failRead(path, "Number of Frames is " + std::to_string(frames));
  l.frames = frames;
  // In double: the int64 product of four header values can overflow.
  if (double(l.rows) * double(l.columns) * double(l.frames) * double(l.samples) >
      double(kMaxSamples))
    failRead(path, "image too large (" + std::to_string(l.rows) + " x " +
                       std::to_string(l.columns) + " x " + std::to_string(l.frames) + " frames x " +
                       std::to_string(l.samples) + " samples > 2^28)");
  return l;
}

// The full layout of the (uncompressed) pixel data.
PixelLayout readLayout(DcmItem& ds, const std::string& path) {
  PixelLayout l = readDimensions(ds, path);
  l.bitsAllocated = int(getUint16(ds, DCM_BitsAllocated, 0));
  l.bitsStored = int(getUint16(ds, DCM_BitsStored, l.bitsAllocated));
  l.highBit = int(getUint16(ds, DCM_HighBit, l.bitsStored - 1));
  l.isSigned = getUint16(ds, DCM_PixelRepresentation, 0) == 1;
  l.planar = l.samples > 1 && getUint16(ds, DCM_PlanarConfiguration, 0) == 1;
  l.photometric = getString(ds, DCM_PhotometricInterpretation);
  if (l.bitsAllocated != 8 && l.bitsAllocated != 16 && l.bitsAllocated != 32)
    failRead(path, "Bits Allocated " + std::to_string(l.bitsAllocated) + " is not supported");
  if (l.bitsStored < 1 || l.bitsStored > l.bitsAllocated || l.highBit >= l.bitsAllocated ||
      l.highBit + 1 < l.bitsStored)
    failRead(path, "inconsistent Bits Stored " + std::to_string(l.bitsStored) + " / High Bit " +
                       std::to_string(l.highBit) + " for Bits Allocated " +
                       std::to_string(l.bitsAllocated));
  const bool mono = l.photometric == "MONOCHROME1" || l.photometric == "MONOCHROME2";
  if (!(mono && l.samples == 1) && !(l.photometric == "RGB" && l.samples == 3))
    failRead(path, "Photometric Interpretation '" + l.photometric + "' with " +
                       std::to_string(l.samples) + " samples per pixel is not supported");
  return l;
}

// Compressed transfer syntaxes are converted to Explicit VR Little Endian in place.
void decompress(DcmDataset& ds, const std::string& path) {
  const DcmXfer xfer(ds.getOriginalXfer());
  if (!xfer.isEncapsulated()) return;
  const OFCondition status = ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
  if (status.bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit))
    failRead(path, std::string("cannot decompress ") + xfer.getXferName() + ": " +
                       (status.bad() ? status.text() : "no decoder"));
}

// The pixel data as a little-endian byte stream (OW words are held in host order by DCMTK).
struct PixelBytes {
  const uint8_t* data = nullptr;
  size_t size = 0;
  std::vector<uint8_t> swapped;  // storage when the host is big-endian
};

PixelBytes pixelBytes(DcmDataset& ds, const PixelLayout& l, const std::string& path) {
  DcmElement* element = nullptr;
  if (ds.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) {
    if (ds.tagExists(DCM_FloatPixelData) || ds.tagExists(DCM_DoubleFloatPixelData))
      failRead(path, "float pixel data is not supported");
    failRead(path, "no Pixel Data");
  }
  PixelBytes bytes;
  bytes.size = element->getLength();
  if (element->getTag().getEVR() == EVR_OW) {
    Uint16* words = nullptr;
    if (element->getUint16Array(words).bad() || words == nullptr) failRead(path, "no Pixel Data");
    bytes.data = reinterpret_cast<const uint8_t*>(words);
    if (gLocalByteOrder == EBO_BigEndian) {
      bytes.swapped.resize(bytes.size);
      for (size_t i = 0; i < bytes.size / 2; ++i) {
        bytes.swapped[2 * i] = uint8_t(words[i] & 0xff);
        bytes.swapped[2 * i + 1] = uint8_t(words[i] >> 8);
      }
      bytes.data = bytes.swapped.data();
    }
  } else {
    Uint8* raw = nullptr;
    if (element->getUint8Array(raw).bad() || raw == nullptr) failRead(path, "no Pixel Data");
    bytes.data = raw;
  }
  const size_t expected = size_t(l.sampleCount()) * size_t(l.bitsAllocated / 8);
  if (bytes.size < expected)
    failRead(path, "Pixel Data has " + std::to_string(bytes.size) + " bytes, " +
                       std::to_string(expected) + " expected for " + std::to_string(l.rows) +
                       " x " + std::to_string(l.columns) + " x " + std::to_string(l.frames) +
                       " frames at " + std::to_string(l.bitsAllocated) + " bits allocated");
  return bytes;
}

// How stored values become modality values (Rescale Slope / Intercept, MONOCHROME1 inversion).
struct ValueMapping {
  double slope = 1.0, intercept = 0.0;
  bool invert = false;
  int64_t storedMin = 0, storedMax = 0;  // the range of the stored bits

  double operator()(int64_t stored) const {
    if (invert) stored = storedMin + storedMax - stored;
    return double(stored) * slope + intercept;
  }
};

ValueMapping readMapping(DcmItem& ds, const PixelLayout& l, const std::string& path) {
  ValueMapping m;
  if (l.samples == 1) {  // a Modality LUT is not defined for colour images
    Float64 v = 0.0;
    if (ds.findAndGetFloat64(DCM_RescaleSlope, v).good()) m.slope = v;
    if (ds.findAndGetFloat64(DCM_RescaleIntercept, v).good()) m.intercept = v;
    if (!std::isfinite(m.slope) || m.slope == 0.0 || !std::isfinite(m.intercept))
      failRead(path, "invalid Rescale Slope / Intercept");
    if (ds.tagExists(DCM_ModalityLUTSequence) && !ds.tagExists(DCM_RescaleSlope))
      failRead(path, "Modality LUT Sequence is not supported");
  }
  m.invert = l.photometric == "MONOCHROME1";
  m.storedMin = l.isSigned ? -(int64_t(1) << (l.bitsStored - 1)) : 0;
  m.storedMax =
      l.isSigned ? (int64_t(1) << (l.bitsStored - 1)) - 1 : (int64_t(1) << l.bitsStored) - 1;
  return m;
}

template <int Bytes>
uint32_t readLittleEndian(const uint8_t* p) {
  uint32_t v = 0;
  for (int k = 0; k < Bytes; ++k) v |= uint32_t(p[k]) << (8 * k);
  return v;
}

// Unpacks samples into [F, C, H, W] order from pixel- or plane-interleaved storage.
template <int Bytes>
void unpackSamples(const uint8_t* bytes, const PixelLayout& l, const ValueMapping& map,
                   float* out) {
  const int shift = l.highBit + 1 - l.bitsStored;
  const uint64_t mask = (uint64_t(1) << l.bitsStored) - 1;
  const uint64_t signBit = uint64_t(1) << (l.bitsStored - 1);
  const int64_t plane = l.rows * l.columns;
  for (int64_t f = 0; f < l.frames; ++f) {
    for (int64_t c = 0; c < l.samples; ++c) {
      for (int64_t p = 0; p < plane; ++p) {
        const int64_t src =
            l.planar ? (f * l.samples + c) * plane + p : (f * plane + p) * l.samples + c;
        const uint64_t bits =
            (uint64_t(readLittleEndian<Bytes>(bytes + src * Bytes)) >> shift) & mask;
        const int64_t stored =
            (l.isSigned && (bits & signBit)) ? int64_t(bits) - int64_t(mask) - 1 : int64_t(bits);
        *out++ = float(map(stored));
      }
    }
  }
}

torch::Tensor unpackFrames(const PixelBytes& bytes, const PixelLayout& l, const ValueMapping& map) {
  torch::Tensor frames = torch::empty({l.frames, l.samples, l.rows, l.columns}, torch::kFloat32);
  float* out = frames.data_ptr<float>();
  switch (l.bitsAllocated) {
    case 8:
      unpackSamples<1>(bytes.data, l, map, out);
      break;
    case 16:
      unpackSamples<2>(bytes.data, l, map, out);
      break;
    default:
      unpackSamples<4>(bytes.data, l, map, out);
      break;
  }
  return frames;
}

// Window Center / Width in modality units of the returned (non-inverted) values.
void readWindow(DcmItem& ds, const ValueMapping& map, DicomImage& image) {
  Float64 center = 0.0, width = 0.0;
  if (ds.findAndGetFloat64(DCM_WindowCenter, center, 0).bad() ||
      ds.findAndGetFloat64(DCM_WindowWidth, width, 0).bad() || !(width > 0.0) ||
      !std::isfinite(center) || !std::isfinite(width))
    return;
  if (map.invert) {  // the same displayed picture after inverting the values
    center = double(map.storedMin + map.storedMax) * map.slope + 2.0 * map.intercept - center;
  }
  image.hasWindow = true;
  image.windowCenter = center;
  image.windowWidth = width;
}

// Strings are converted to UTF-8 when the file declares another character set (best effort).
void convertToUtf8(DcmFileFormat& file) {
  const std::string charset = getString(*file.getDataset(), DCM_SpecificCharacterSet);
  if (!charset.empty() && charset != "ISO_IR 192" && charset != "ISO_IR 6")
    (void)file.convertToUTF8();
}

DicomMetadata readMetadata(DcmFileFormat& file) {
  DcmDataset& ds = *file.getDataset();
  DicomMetadata m;
  m.patientName = getString(ds, DCM_PatientName);
  m.patientId = getString(ds, DCM_PatientID);
  m.patientBirthDate = getString(ds, DCM_PatientBirthDate);
  m.patientSex = getString(ds, DCM_PatientSex);
  m.studyInstanceUid = getString(ds, DCM_StudyInstanceUID);
  m.studyId = getString(ds, DCM_StudyID);
  m.studyDate = getString(ds, DCM_StudyDate);
  m.studyTime = getString(ds, DCM_StudyTime);
  m.studyDescription = getString(ds, DCM_StudyDescription);
  m.accessionNumber = getString(ds, DCM_AccessionNumber);
  m.referringPhysicianName = getString(ds, DCM_ReferringPhysicianName);
  m.seriesInstanceUid = getString(ds, DCM_SeriesInstanceUID);
  m.seriesDescription = getString(ds, DCM_SeriesDescription);
  m.seriesNumber = getString(ds, DCM_SeriesNumber);
  m.modality = getString(ds, DCM_Modality);
  m.sopClassUid = getString(ds, DCM_SOPClassUID);
  m.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
  m.frameOfReferenceUid = getString(ds, DCM_FrameOfReferenceUID);
  m.photometricInterpretation = getString(ds, DCM_PhotometricInterpretation);
  m.transferSyntaxUid = DcmXfer(ds.getOriginalXfer()).getXferID();
  m.pixelSpacing = getDoubles(ds, DCM_PixelSpacing);
  m.imagePositionPatient = getDoubles(ds, DCM_ImagePositionPatient);
  m.imageOrientationPatient = getDoubles(ds, DCM_ImageOrientationPatient);
  Sint32 instance = 0;
  if (ds.findAndGetSint32(DCM_InstanceNumber, instance).good()) m.instanceNumber = instance;
  m.bitsStored = int(getUint16(ds, DCM_BitsStored, getUint16(ds, DCM_BitsAllocated, 0)));
  m.pixelSigned = getUint16(ds, DCM_PixelRepresentation, 0) == 1;
  return m;
}

// Loads a file with the checks shared by readDicom and the series listing.
void loadChecked(DcmFileFormat& file, const std::string& path) {
  checkReadablePath(path);
  bool isDicom = false;
  const OFCondition status = loadDataset(file, path, isDicom);
  if (!isDicom) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    failRead(path, size < 132 ? "not a DICOM file (only " + std::to_string(size) + " bytes)"
                              : "not a DICOM file");
  }
  if (status.bad()) failRead(path, std::string("corrupt or truncated file: ") + status.text());
}

// ---------------------------------------------------------------------------------------------
// Series listing

struct SliceKey {
  std::string path, seriesUid;
  bool hasInstance = false, hasPosition = false;
  int64_t instance = 0;
  double position = 0.0;  // along the slice normal

  // Slices with the key come first, so the order is a strict weak ordering even when mixed.
  auto tie() const {
    return std::make_tuple(!hasInstance, instance, !hasPosition, position,
                           fs::path(path).filename().string(), path);
  }
};

SliceKey sliceKey(const std::string& path, DcmDataset& ds) {
  SliceKey key;
  key.path = path;
  key.seriesUid = getString(ds, DCM_SeriesInstanceUID);
  Sint32 instance = 0;
  key.hasInstance = ds.findAndGetSint32(DCM_InstanceNumber, instance).good();
  key.instance = instance;
  const auto pos = getDoubles(ds, DCM_ImagePositionPatient);
  const auto dir = getDoubles(ds, DCM_ImageOrientationPatient);
  if (pos.size() == 3 && dir.size() == 6) {
    const double n[3] = {dir[1] * dir[5] - dir[2] * dir[4], dir[2] * dir[3] - dir[0] * dir[5],
                         dir[0] * dir[4] - dir[1] * dir[3]};
    key.hasPosition = true;
    key.position = pos[0] * n[0] + pos[1] * n[1] + pos[2] * n[2];
  }
  return key;
}

[[noreturn]] void failSeries(const std::string& folder, const std::string& why) {
  throw IoError(oneLine("cannot read DICOM series '" + folder + "': " + why));
}

// ---------------------------------------------------------------------------------------------
// Writing

// DS values hold at most 16 characters.
std::string formatDecimalString(double v) {
  char text[32];
  for (int precision = 16; precision > 0; --precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, v);
    if (std::strlen(text) <= 16) break;
  }
  return text;
}

double parseDecimalString(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

// At most `n` characters of UTF-8 text (continuation bytes do not count).
std::string truncateChars(const std::string& s, size_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == n) return s.substr(0, i);
  }
  return s;
}

// Text for LO / SH / PN values: no control characters or backslashes, limited length.
std::string cleanText(std::string s, size_t maxChars) {
  for (auto& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\') c = ' ';
  return truncateChars(s, maxChars);
}

bool allDigits(const std::string& s, size_t from = 0, size_t to = std::string::npos) {
  to = std::min(to, s.size());
  for (size_t i = from; i < to; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return from < to;
}

bool validUid(const std::string& uid) {
  if (uid.empty() || uid.size() > 64 || uid.front() == '.' || uid.back() == '.') return false;
  for (size_t i = 0; i < uid.size(); ++i) {
    const char c = uid[i];
    if (c == '.' ? uid[i + 1] == '.' : (c < '0' || c > '9')) return false;
    // components do not start with 0 unless they are 0
    if (c == '0' && (i == 0 || uid[i - 1] == '.') && i + 1 < uid.size() && uid[i + 1] != '.')
      return false;
  }
  return true;
}

// Copied values that would make the file invalid are dropped (the attribute stays, empty).
std::string validDate(const std::string& s) { return s.size() == 8 && allDigits(s) ? s : ""; }
std::string validTime(const std::string& s) {  // HH, HHMM or HHMMSS, then .F to .FFFFFF
  const size_t dot = std::min(s.find('.'), s.size());
  const bool ok = (dot == 2 || dot == 4 || dot == 6) && allDigits(s, 0, dot) &&
                  (dot == s.size() || (s.size() - dot <= 7 && allDigits(s, dot + 1)));
  return ok ? s : "";
}
std::string validSex(const std::string& s) { return s == "M" || s == "F" || s == "O" ? s : ""; }
std::string validModality(const std::string& s) {
  if (s.empty() || s.size() > 16) return "OT";
  for (const char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return "OT";
  return s;
}

std::string newUid(const char* root) {
  char uid[100];
  return dcmGenerateUniqueIdentifier(uid, root);
}

// "CCDF mri: model mri-phantom, sampler vepc, init zero-filled, t0 0.2, 20 steps, seed 0"; the
// compact form drops the labels and commas so that it fits Series Description (64 characters).
std::string derivationSettings(const DicomDerivation& d, bool compact) {
  std::vector<std::string> parts;
  const auto add = [&](const std::string& label, const std::string& value) {
    if (!value.empty()) parts.push_back(compact ? value : label + value);
  };
  add("model ", d.model);
  add("sampler ", d.sampler);
  add("init ", d.initialiser);
  char t0[32];
  std::snprintf(t0, sizeof t0, "t0 %g", d.t0);
  parts.push_back(t0);
  parts.push_back(std::to_string(d.steps) + " steps");
  parts.push_back("seed " + std::to_string(d.seed));
  std::string text = "CCDF " + (d.task.empty() ? std::string("restoration") : d.task) + ":";
  for (size_t i = 0; i < parts.size(); ++i) text += (i == 0 || compact ? " " : ", ") + parts[i];
  return text;
}

class DatasetWriter {
 public:
  DatasetWriter(DcmDataset& ds, const std::string& path) : ds_(ds), path_(path) {}

  void put(const DcmTagKey& tag, const std::string& value) {
    for (const unsigned char c : value) nonAscii_ |= c >= 0x80;
    const OFCondition status = ds_.putAndInsertString(tag, value.c_str());
    if (status.bad())
      failWrite(path_,
                std::string("cannot set ") + DcmTag(tag).getTagName() + ": " + status.text());
  }
  void putUint16(const DcmTagKey& tag, long value) {
    if (ds_.putAndInsertUint16(tag, Uint16(value)).bad())
      failWrite(path_, std::string("cannot set ") + DcmTag(tag).getTagName());
  }
  bool nonAscii() const { return nonAscii_; }
  DcmDataset& dataset() { return ds_; }
  const std::string& path() const { return path_; }

 private:
  DcmDataset& ds_;
  std::string path_;
  bool nonAscii_ = false;
};

void putPatientAndStudy(DatasetWriter& w, const DicomMetadata& s) {
  w.put(DCM_PatientName, cleanText(s.patientName, 64));
  w.put(DCM_PatientID, cleanText(s.patientId, 64));
  w.put(DCM_PatientBirthDate, validDate(s.patientBirthDate));
  w.put(DCM_PatientSex, validSex(s.patientSex));
  w.put(DCM_StudyInstanceUID,
        validUid(s.studyInstanceUid) ? s.studyInstanceUid : newUid(SITE_STUDY_UID_ROOT));
  w.put(DCM_StudyDate, validDate(s.studyDate));
  w.put(DCM_StudyTime, validTime(s.studyTime));
  w.put(DCM_ReferringPhysicianName, cleanText(s.referringPhysicianName, 64));
  w.put(DCM_StudyID, cleanText(s.studyId, 16));
  w.put(DCM_AccessionNumber, cleanText(s.accessionNumber, 16));
  if (!s.studyDescription.empty()) w.put(DCM_StudyDescription, cleanText(s.studyDescription, 64));
}

// General Series, General / SC Equipment, General Image and SOP Common (less the pixels).
void putSeriesAndInstance(DatasetWriter& w, const DicomMetadata& s, const DicomDerivation& d) {
  OFString date, time;
  DcmDate::getCurrentDate(date);
  DcmTime::getCurrentTime(time);
  w.put(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
  w.put(DCM_SOPInstanceUID, newUid(SITE_INSTANCE_UID_ROOT));
  w.put(DCM_InstanceCreationDate, date.c_str());
  w.put(DCM_InstanceCreationTime, time.c_str());
  w.put(DCM_Modality, validModality(s.modality));
  w.put(DCM_SeriesInstanceUID, newUid(SITE_SERIES_UID_ROOT));
  // The derived series is numbered after the source one (1000 + source number).
  long long sourceNumber = 0;
  if (!s.seriesNumber.empty() && allDigits(s.seriesNumber) && s.seriesNumber.size() < 9)
    sourceNumber = std::stoll(s.seriesNumber);
  w.put(DCM_SeriesNumber, std::to_string(1000 + sourceNumber));
  w.put(DCM_SeriesDate, date.c_str());
  w.put(DCM_SeriesTime, time.c_str());
  w.put(DCM_SeriesDescription, cleanText(derivationSettings(d, true), 64));
  w.put(DCM_Laterality, "");  // type 2C, unknown here: empty (dciodvfy warns) rather than absent
  w.put(DCM_Manufacturer, "CCDF Studio");
  w.put(DCM_ConversionType, "WSD");
  w.put(DCM_SecondaryCaptureDeviceManufacturer, "CCDF Studio");
  w.put(DCM_ImageType, "DERIVED\\SECONDARY");
  w.put(DCM_InstanceNumber, "1");
  w.put(DCM_PatientOrientation, "");
  w.put(DCM_ContentDate, date.c_str());
  w.put(DCM_ContentTime, time.c_str());
  w.put(DCM_DateOfSecondaryCapture, date.c_str());
  w.put(DCM_TimeOfSecondaryCapture, time.c_str());
  std::string description = derivationSettings(d, false);
  if (!d.extra.empty()) description += "; " + d.extra;
  std::replace_if(
      description.begin(), description.end(),
      [](char c) { return c == '\n' || c == '\r' || c == '\\'; }, ' ');
  w.put(DCM_DerivationDescription, truncateChars(description, 1024));
  w.put(DCM_BurnedInAnnotation, "NO");
  if (validUid(s.sopClassUid) && validUid(s.sopInstanceUid)) {
    DcmItem* item = nullptr;
    if (w.dataset().findOrCreateSequenceItem(DCM_SourceImageSequence, item, -2).good() && item) {
      item->putAndInsertString(DCM_ReferencedSOPClassUID, s.sopClassUid.c_str());
      item->putAndInsertString(DCM_ReferencedSOPInstanceUID, s.sopInstanceUid.c_str());
    }
  }
}

void putImagePixelCommon(DatasetWriter& w, int64_t samples, int64_t rows, int64_t columns,
                         int bits) {
  w.putUint16(DCM_SamplesPerPixel, samples);
  w.put(DCM_PhotometricInterpretation, samples == 3 ? "RGB" : "MONOCHROME2");
  if (samples == 3) w.putUint16(DCM_PlanarConfiguration, 0);
  w.putUint16(DCM_Rows, rows);
  w.putUint16(DCM_Columns, columns);
  w.putUint16(DCM_BitsAllocated, bits);
  w.putUint16(DCM_BitsStored, bits);
  w.putUint16(DCM_HighBit, bits - 1);
  w.putUint16(DCM_PixelRepresentation, 0);
}

// Grey: 16-bit unsigned; [min, max] maps onto [0, 65535] through Rescale Slope / Intercept.
// The stored values are computed with the slope and intercept as written (DS text), so a reader
// gets back each value within half a quantisation step plus the DS rounding.
void putGreyPixels(DatasetWriter& w, const torch::Tensor& image) {
  const int64_t rows = image.size(1), columns = image.size(2);
  const double lo = image.min().item<double>(), hi = image.max().item<double>();
  const std::string interceptText = formatDecimalString(lo);
  const std::string slopeText = formatDecimalString(hi > lo ? (hi - lo) / 65535.0 : 1.0);
  const double intercept = parseDecimalString(interceptText);
  const double slope = parseDecimalString(slopeText);
  putImagePixelCommon(w, 1, rows, columns, 16);
  w.put(DCM_RescaleIntercept, interceptText);
  w.put(DCM_RescaleSlope, slopeText);
  w.put(DCM_RescaleType, "US");
  // LINEAR_EXACT maps exactly [center - width/2, center + width/2] and allows widths below 1.
  w.put(DCM_WindowCenter, formatDecimalString((lo + hi) / 2.0));
  w.put(DCM_WindowWidth, formatDecimalString(hi > lo ? hi - lo : 1.0));
  w.put(DCM_VOILUTFunction, "LINEAR_EXACT");

  const torch::Tensor values = image.to(torch::kFloat64).contiguous();
  const double* v = values.data_ptr<double>();
  std::vector<Uint16> stored(size_t(rows * columns));
  for (size_t i = 0; i < stored.size(); ++i)
    stored[i] = Uint16(std::clamp(std::round((v[i] - intercept) / slope), 0.0, 65535.0));
  if (w.dataset().putAndInsertUint16Array(DCM_PixelData, stored.data(), stored.size()).bad())
    failWrite(w.path(), "cannot set Pixel Data");
}

// RGB: 8-bit, pixel-interleaved; values are sample values 0..255 (what readDicom returns for
// 8-bit RGB), rounded and clamped.
void putRgbPixels(DatasetWriter& w, const torch::Tensor& image) {
  const int64_t rows = image.size(1), columns = image.size(2);
  putImagePixelCommon(w, 3, rows, columns, 8);
  const torch::Tensor interleaved =
      image.round().clamp(0, 255).to(torch::kUInt8).permute({1, 2, 0}).contiguous();
  if (w.dataset()
          .putAndInsertUint8Array(DCM_PixelData, interleaved.data_ptr<uint8_t>(),
                                  interleaved.numel())
          .bad())
    failWrite(w.path(), "cannot set Pixel Data");
}

// [C, H, W] float32 on the CPU, C = 1 or 3, finite, within DICOM's 16-bit rows / columns.
torch::Tensor checkedImage(const std::string& path, const torch::Tensor& image) {
  if (!image.defined()) failWrite(path, "no image");
  torch::Tensor t = image.detach().to(torch::kCPU, torch::kFloat32);
  if (t.dim() == 2) t = t.unsqueeze(0);
  if (t.dim() == 4 && t.size(0) == 1) t = t.squeeze(0);
  if (t.dim() != 3 || (t.size(0) != 1 && t.size(0) != 3))
    failWrite(path, "expected an image [1, C, H, W], [C, H, W] or [H, W] with C = 1 or 3, got " +
                        std::string(c10::str(image.sizes())));
  if (t.size(1) < 1 || t.size(2) < 1 || t.size(1) > 65535 || t.size(2) > 65535)
    failWrite(path, "image size " + std::to_string(t.size(1)) + " x " + std::to_string(t.size(2)) +
                        " is outside 1..65535");
  if (!torch::isfinite(t).all().item<bool>()) failWrite(path, "image has non-finite values");
  return t.contiguous();
}

// The whole file (preamble, meta header, dataset) as Explicit VR Little Endian bytes.
std::vector<unsigned char> serialise(DcmFileFormat& file, const std::string& path) {
  std::vector<unsigned char> bytes;
  std::vector<unsigned char> chunk(1 << 16);
  DcmOutputBufferStream out(chunk.data(), offile_off_t(chunk.size()));
  file.transferInit();
  OFCondition status;
  do {  // the stream hands back full buffers with EC_StreamNotifyClient until the end
    status = file.write(out, EXS_LittleEndianExplicit, EET_ExplicitLength, nullptr, EGL_withoutGL,
                        EPD_noChange, 0, 0, 0, EWM_createNewMeta);
    void* data = nullptr;
    offile_off_t length = 0;
    out.flushBuffer(data, length);
    const auto* p = static_cast<const unsigned char*>(data);
    bytes.insert(bytes.end(), p, p + length);
  } while (status == EC_StreamNotifyClient);
  file.transferEnd();
  if (status.bad()) failWrite(path, std::string("encoding failed: ") + status.text());
  return bytes;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

bool isDicomFile(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) == 0) return false;
  if (hasDicmPrefix(path)) return true;
  registerCodecs();
  DcmFileFormat file;
  bool isDicom = false;
  return loadDataset(file, path, isDicom).good() && isDicom;
}

DicomImage readDicom(const std::string& path) {
  registerCodecs();
  DcmFileFormat file;
  loadChecked(file, path);
  DcmDataset& ds = *file.getDataset();
  readDimensions(ds, path);  // refuse absurd sizes before decompressing
  convertToUtf8(file);
  DicomImage image;
  image.path = path;
  image.meta = readMetadata(file);
  decompress(ds, path);
  const PixelLayout layout = readLayout(ds, path);
  const PixelBytes bytes = pixelBytes(ds, layout, path);
  const ValueMapping mapping = readMapping(ds, layout, path);
  image.frames = unpackFrames(bytes, layout, mapping);
  readWindow(ds, mapping, image);
  return image;
}

std::vector<std::string> listDicomSeries(const std::string& folder) {
  registerCodecs();
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) failSeries(folder, "not a folder");
  std::vector<SliceKey> slices;
  std::set<std::string> series;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || !entry.is_regular_file(ec)) continue;
    const std::string path = entry.path().string();
    if (!isDicomFile(path)) continue;  // notes, thumbnails, ...
    DcmFileFormat file;
    loadChecked(file, path);
    DcmDataset& ds = *file.getDataset();
    if (!ds.tagExists(DCM_PixelData)) continue;  // DICOMDIR, reports, presentation states
    slices.push_back(sliceKey(path, ds));
    series.insert(slices.back().seriesUid);
  }
  if (ec) failSeries(folder, ec.message());
  if (slices.empty()) failSeries(folder, "no DICOM images in the folder");
  if (series.size() > 1)
    failSeries(folder, "the folder holds " + std::to_string(series.size()) +
                           " series (Series Instance UIDs differ); choose one series");
  std::sort(slices.begin(), slices.end(),
            [](const SliceKey& a, const SliceKey& b) { return a.tie() < b.tie(); });
  std::vector<std::string> paths;
  for (const auto& s : slices) paths.push_back(s.path);
  return paths;
}

DicomImage readDicomSeries(const std::string& folder) {
  const std::vector<std::string> paths = listDicomSeries(folder);
  DicomImage first = readDicom(paths.front());
  std::vector<torch::Tensor> frames{first.frames};
  int64_t total = first.frames.numel();
  for (size_t i = 1; i < paths.size(); ++i) {
    const torch::Tensor slice = readDicom(paths[i]).frames;
    if (slice.sizes().slice(1) != first.frames.sizes().slice(1))
      failSeries(folder, "slice '" + paths[i] + "' has size " + c10::str(slice.sizes()) +
                             ", the first slice has " + c10::str(first.frames.sizes()));
    total += slice.numel();
    if (total > kMaxSamples) failSeries(folder, "series too large (> 2^28 samples)");
    frames.push_back(slice);
  }
  first.frames = frames.size() == 1 ? frames.front() : torch::cat(frames, 0);
  first.path = folder;
  return first;
}

void writeDicomDerived(const std::string& path, const torch::Tensor& image,
                       const DicomMetadata& source, const DicomDerivation& derivation,
                       const std::vector<std::string>& inputPaths) {
  refuseOverwriteOfInputs(path, inputPaths);
  const torch::Tensor pixels = checkedImage(path, image);
  DcmFileFormat file;
  DatasetWriter w(*file.getDataset(), path);
  putPatientAndStudy(w, source);
  putSeriesAndInstance(w, source, derivation);
  if (pixels.size(0) == 1)
    putGreyPixels(w, pixels);
  else
    putRgbPixels(w, pixels);
  if (w.nonAscii()) w.put(DCM_SpecificCharacterSet, "ISO_IR 192");
  writeFileAtomically(path, serialise(file, path), inputPaths);
}

}  // namespace ccdf
