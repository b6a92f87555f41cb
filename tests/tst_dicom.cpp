// DICOM read / write: every supported layout written with DCMTK and read back exactly, series
// sorting, compressed transfer syntaxes, the derived Secondary Capture writer (checked with
// dciodvfy) and clear one-line errors for damaged or unsupported files.
#include <gtest/gtest.h>
#include <torch/torch.h>

// DCMTK (only for making fixtures and inspecting written files).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "io/dicom_io.h"
#include "support/fixtures/dicom_fixtures.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using ccdf::test::makeTempDirectory;
using ccdf::test::thrownMessage;

namespace {

constexpr const char* kSeriesUid = "1.2.826.0.1.3680043.2.1125.77.1";
constexpr const char* kStudyUid = "1.2.826.0.1.3680043.2.1125.77.2";
constexpr int kDamageTrials = 500;  // per file; 3000 were run once under valgrind

using Spec = ccdf::test::DicomImageSpec;

std::unique_ptr<DcmFileFormat> makeFile(const Spec& s) {
  auto file = std::make_unique<DcmFileFormat>();
  DcmDataset& ds = *file->getDataset();
  char uid[100];
  ds.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid));
  ds.putAndInsertString(DCM_StudyInstanceUID, kStudyUid);
  ds.putAndInsertString(DCM_SeriesInstanceUID, kSeriesUid);
  ds.putAndInsertString(DCM_PatientName, "Doe^Jane");
  ds.putAndInsertString(DCM_PatientID, "P-0042");
  ds.putAndInsertString(DCM_PatientBirthDate, "19800102");
  ds.putAndInsertString(DCM_PatientSex, "F");
  ds.putAndInsertString(DCM_StudyDate, "20240131");
  ds.putAndInsertString(DCM_StudyTime, "101500");
  ds.putAndInsertString(DCM_StudyID, "S1");
  ds.putAndInsertString(DCM_AccessionNumber, "ACC7");
  ds.putAndInsertString(DCM_StudyDescription, "Knee phantom");
  ds.putAndInsertString(DCM_SeriesNumber, "3");
  ds.putAndInsertString(DCM_Modality, "MR");
  ccdf::test::putDicomImage(ds, s);
  return file;
}

// Saves the fixture, compressed when `xfer` is encapsulated.
void save(DcmFileFormat& file, const std::string& path,
          E_TransferSyntax xfer = EXS_LittleEndianExplicit,
          const DcmRepresentationParameter* param = nullptr) {
  ccdf::test::registerDicomEncoders();
  DcmDataset& ds = *file.getDataset();
  if (DcmXfer(xfer).isEncapsulated()) {
    ASSERT_TRUE(ds.chooseRepresentation(xfer, param).good()) << DcmXfer(xfer).getXferName();
    ASSERT_TRUE(ds.canWriteXfer(xfer)) << DcmXfer(xfer).getXferName();
  }
  const OFCondition status = file.saveFile(path.c_str(), xfer);
  ASSERT_TRUE(status.good()) << status.text();
}

void save(const Spec& s, const std::string& path, E_TransferSyntax xfer = EXS_LittleEndianExplicit,
          const DcmRepresentationParameter* param = nullptr) {
  auto file = makeFile(s);
  save(*file, path, xfer, param);
}

// A smooth-ish ramp of `n` values in [0, levels).
std::vector<uint32_t> ramp(size_t n, uint32_t levels, uint32_t step = 37) {
  std::vector<uint32_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint32_t((i * step) % levels);
  return v;
}

torch::Tensor tensorOf(const std::vector<float>& values, std::vector<int64_t> shape) {
  return torch::tensor(values, torch::kFloat32).reshape(shape);
}

// [F, C, H, W] of the stored values mapped by f, from pixel-interleaved or planar order.
template <typename F>
torch::Tensor expected(const Spec& s, F f) {
  std::vector<float> out;
  const size_t plane = size_t(s.rows) * s.columns;
  for (size_t fr = 0; fr < s.frames; ++fr)
    for (size_t c = 0; c < s.samples; ++c)
      for (size_t p = 0; p < plane; ++p) {
        const size_t src =
            s.planar ? (fr * s.samples + c) * plane + p : (fr * plane + p) * s.samples + c;
        out.push_back(float(f(s.raw[src])));
      }
  return tensorOf(out, {s.frames, s.samples, s.rows, s.columns});
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

bool validUid(const std::string& uid) {
  static const std::regex pattern("^(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*$");
  return uid.size() <= 64 && std::regex_match(uid, pattern);
}

std::string attribute(const std::string& path, const DcmTagKey& tag) {
  DcmFileFormat file;
  EXPECT_TRUE(file.loadFile(path.c_str()).good()) << path;
  OFString value;
  file.getDataset()->findAndGetOFStringArray(tag, value);
  return value.c_str();
}

bool hasAttribute(const std::string& path, const DcmTagKey& tag) {
  DcmFileFormat file;
  EXPECT_TRUE(file.loadFile(path.c_str()).good()) << path;
  return file.getDataset()->tagExists(tag);
}

std::string runCommand(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  ::pclose(pipe);
  return output;
}

ccdf::DicomMetadata sourceMetadata() {
  ccdf::DicomMetadata m;
  m.patientName = "Doe^Jane";
  m.patientId = "P-0042";
  m.patientBirthDate = "19800102";
  m.patientSex = "F";
  m.studyInstanceUid = kStudyUid;
  m.studyId = "S1";
  m.studyDate = "20240131";
  m.studyTime = "101500";
  m.studyDescription = "Knee phantom";
  m.accessionNumber = "ACC7";
  m.referringPhysicianName = "House^Gregory";
  m.seriesInstanceUid = kSeriesUid;
  m.seriesNumber = "3";
  m.modality = "MR";
  m.sopClassUid = UID_MRImageStorage;
  m.sopInstanceUid = "1.2.826.0.1.3680043.2.1125.77.3";
  return m;
}

ccdf::DicomDerivation derivation() {
  ccdf::DicomDerivation d;
  d.task = "mri";
  d.model = "mri-phantom";
  d.sampler = "vepc";
  d.initialiser = "zero-filled";
  d.t0 = 0.2;
  d.steps = 20;
  d.seed = 0;
  d.extra = "acceleration 4";
  return d;
}

class DicomTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = makeTempDirectory("ccdf_tst_dicom"); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (fs::path(dir_) / name).string(); }
  void expectNoTempFiles() const {
    for (const auto& e : fs::directory_iterator(dir_))
      EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  }
  // readDicom must throw an IoError whose one-line message names the file.
  void expectReadError(const std::string& p, const std::string& reason = "") const {
    std::string message;
    try {
      ccdf::readDicom(p);
      ADD_FAILURE() << "no error for " << p;
    } catch (const ccdf::IoError& e) {
      message = e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not an IoError: " << e.what();
    }
    std::cout << "  " << message << "\n";
    EXPECT_NE(message.find(p), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    if (!reason.empty()) {
      EXPECT_NE(message.find(reason), std::string::npos) << message;
    }
  }
  // Checks the written file with dciodvfy: no line may contain "Error". Returns the output.
  std::string dciodvfy(const std::string& file) const {
    std::string tool = runCommand("command -v dciodvfy");
    while (!tool.empty() && std::isspace(static_cast<unsigned char>(tool.back()))) tool.pop_back();
    if (tool.empty()) {
      ADD_FAILURE() << "dciodvfy not found on PATH: install dicom3tools (Debian: apt-get install "
                       "dicom3tools) to validate written DICOM files";
      return "";
    }
    const std::string output = runCommand("'" + tool + "' '" + file + "' 2>&1");
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);)
      EXPECT_EQ(line.find("Error"), std::string::npos) << line;
    std::cout << "dciodvfy " << fs::path(file).filename().string() << ":\n" << output;
    return output;
  }

  std::string dir_;
};

// ---------------------------------------------------------------------------------------------
// Layouts

TEST_F(DicomTest, Monochrome2EightBitUnsigned) {
  Spec s;
  s.raw = ramp(20, 256, 13);
  s.raw[0] = 255;
  s.extra = {{DCM_InstanceNumber, "7"}, {DCM_PixelSpacing, "0.5\\0.25"}};
  save(s, path("mono8.dcm"));
  const auto image = ccdf::readDicom(path("mono8.dcm"));
  EXPECT_TRUE(torch::equal(image.frames, expected(s, [](uint32_t v) { return v; })));
  EXPECT_EQ(image.meta.patientName, "Doe^Jane");
  EXPECT_EQ(image.meta.patientId, "P-0042");
  EXPECT_EQ(image.meta.patientBirthDate, "19800102");
  EXPECT_EQ(image.meta.patientSex, "F");
  EXPECT_EQ(image.meta.studyInstanceUid, kStudyUid);
  EXPECT_EQ(image.meta.seriesInstanceUid, kSeriesUid);
  EXPECT_EQ(image.meta.studyDescription, "Knee phantom");
  EXPECT_EQ(image.meta.accessionNumber, "ACC7");
  EXPECT_EQ(image.meta.modality, "MR");
  EXPECT_EQ(image.meta.sopClassUid, UID_MRImageStorage);
  EXPECT_EQ(image.meta.photometricInterpretation, "MONOCHROME2");
  EXPECT_EQ(image.meta.transferSyntaxUid, UID_LittleEndianExplicitTransferSyntax);
  EXPECT_EQ(image.meta.instanceNumber, 7);
  EXPECT_EQ(image.meta.bitsStored, 8);
  EXPECT_FALSE(image.meta.pixelSigned);
  EXPECT_EQ(image.meta.pixelSpacing, (std::vector<double>{0.5, 0.25}));
  EXPECT_FALSE(image.hasWindow);
  EXPECT_EQ(image.path, path("mono8.dcm"));
}

TEST_F(DicomTest, TwelveBitUnsignedIgnoresBitsAboveBitsStored) {
  Spec s;
  s.bitsAllocated = 16;
  s.bitsStored = 12;
  const auto values = ramp(20, 4096, 211);
  for (size_t i = 0; i < values.size(); ++i) s.raw.push_back(values[i] | ((i % 3) << 12));
  save(s, path("mono12.dcm"));
  const auto image = ccdf::readDicom(path("mono12.dcm"));
  EXPECT_TRUE(torch::equal(image.frames, expected(s, [](uint32_t v) { return v & 0xfff; })));
  EXPECT_EQ(image.meta.bitsStored, 12);
}

// Every uncompressed transfer syntax, including the OW byte swapping of big-endian files.
TEST_F(DicomTest, SixteenBitSignedCtRescaleInEveryUncompressedSyntax) {
  Spec s;
  s.bitsAllocated = s.bitsStored = 16;
  s.pixelRepresentation = 1;
  s.extra = {{DCM_RescaleSlope, "1"}, {DCM_RescaleIntercept, "-1024"}};
  for (int v : {-32768, -2000, -1, 0, 1, 1023, 3071, 32767}) s.raw.push_back(uint16_t(int16_t(v)));
  s.raw.resize(20, uint16_t(int16_t(-5)));
  const auto want = expected(s, [](uint32_t v) { return int16_t(v) - 1024.0; });
  for (E_TransferSyntax xfer : {EXS_LittleEndianImplicit, EXS_LittleEndianExplicit,
                                EXS_BigEndianExplicit, EXS_DeflatedLittleEndianExplicit}) {
    const std::string p = path(std::string("ct_") + std::to_string(int(xfer)) + ".dcm");
    save(s, p, xfer);
    const auto image = ccdf::readDicom(p);
    EXPECT_TRUE(torch::equal(image.frames, want)) << DcmXfer(xfer).getXferName();
    EXPECT_TRUE(image.meta.pixelSigned);
    EXPECT_EQ(image.meta.transferSyntaxUid, DcmXfer(xfer).getXferID());
  }
}

TEST_F(DicomTest, TwelveBitSignedIsSignExtendedWithNonIntegerSlope) {
  Spec s;
  s.bitsAllocated = 16;
  s.bitsStored = 12;
  s.pixelRepresentation = 1;
  s.extra = {{DCM_RescaleSlope, "0.25"}, {DCM_RescaleIntercept, "10.5"}};
  for (int v : {-2048, -1000, -1, 0, 1, 999, 2047}) s.raw.push_back(uint32_t(v) & 0xfff);
  s.raw.resize(20, 0x800);  // -2048
  save(s, path("s12.dcm"));
  const auto image = ccdf::readDicom(path("s12.dcm"));
  const auto want = expected(s, [](uint32_t v) {
    const int stored = (v & 0x800) ? int(v) - 4096 : int(v);
    return stored * 0.25 + 10.5;
  });
  EXPECT_TRUE(torch::equal(image.frames, want)) << image.frames;
}

TEST_F(DicomTest, ThirtyTwoBitSigned) {
  Spec s;
  s.bitsAllocated = s.bitsStored = 32;
  s.pixelRepresentation = 1;
  for (int v : {-1000000, -70000, -1, 0, 1, 65536, 16777216}) s.raw.push_back(uint32_t(v));
  s.raw.resize(20, uint32_t(-3));
  for (E_TransferSyntax xfer : {EXS_LittleEndianExplicit, EXS_BigEndianExplicit}) {
    save(s, path("s32.dcm"), xfer);
    EXPECT_TRUE(torch::equal(ccdf::readDicom(path("s32.dcm")).frames,
                             expected(s, [](uint32_t v) { return int32_t(v); })))
        << DcmXfer(xfer).getXferName();
  }
}

// MONOCHROME1 is inverted within the stored range, then rescaled; the window follows.
TEST_F(DicomTest, Monochrome1IsInverted) {
  Spec s;
  s.photometric = "MONOCHROME1";
  s.raw = ramp(20, 256, 29);
  s.extra = {{DCM_RescaleSlope, "2"},
             {DCM_RescaleIntercept, "1"},
             {DCM_WindowCenter, "100"},
             {DCM_WindowWidth, "50"}};
  save(s, path("mono1.dcm"));
  const auto image = ccdf::readDicom(path("mono1.dcm"));
  EXPECT_TRUE(
      torch::equal(image.frames, expected(s, [](uint32_t v) { return (255.0 - v) * 2 + 1; })));
  EXPECT_EQ(image.meta.photometricInterpretation, "MONOCHROME1");
  ASSERT_TRUE(image.hasWindow);
  EXPECT_DOUBLE_EQ(image.windowCenter, 255 * 2 + 2 - 100);  // modality(0) + modality(255) - c
  EXPECT_DOUBLE_EQ(image.windowWidth, 50);
}

TEST_F(DicomTest, RgbPixelAndPlaneInterleaved) {
  for (Uint16 planar : {0, 1}) {
    Spec s;
    s.samples = 3;
    s.photometric = "RGB";
    s.planar = planar;
    s.rows = 3;  // 45 bytes: odd, padded in the file
    s.raw = ramp(45, 256, 17);
    const std::string p = path("rgb" + std::to_string(planar) + ".dcm");
    save(s, p);
    const auto image = ccdf::readDicom(p);
    ASSERT_EQ(image.frames.sizes(), (std::vector<int64_t>{1, 3, 3, 5}));
    EXPECT_TRUE(torch::equal(image.frames, expected(s, [](uint32_t v) { return v; })))
        << "planar " << planar;
  }
}

TEST_F(DicomTest, MultiFrame) {
  Spec s;
  s.frames = 3;
  s.bitsAllocated = s.bitsStored = 16;
  s.raw = ramp(60, 65536, 4099);
  save(s, path("multi.dcm"));
  const auto image = ccdf::readDicom(path("multi.dcm"));
  ASSERT_EQ(image.frames.sizes(), (std::vector<int64_t>{3, 1, 4, 5}));
  EXPECT_TRUE(torch::equal(image.frames, expected(s, [](uint32_t v) { return v; })));
}

TEST_F(DicomTest, FirstOfSeveralWindows) {
  Spec s;
  s.raw = ramp(20, 256);
  s.extra = {{DCM_WindowCenter, "40\\400"}, {DCM_WindowWidth, "80\\2000"}};
  save(s, path("windows.dcm"));
  const auto image = ccdf::readDicom(path("windows.dcm"));
  ASSERT_TRUE(image.hasWindow);
  EXPECT_DOUBLE_EQ(image.windowCenter, 40);
  EXPECT_DOUBLE_EQ(image.windowWidth, 80);
}

// A dataset without the 128-byte preamble and meta header is still read.
TEST_F(DicomTest, BareDatasetWithoutMetaHeader) {
  Spec s;
  s.raw = ramp(20, 256);
  auto file = makeFile(s);
  ASSERT_TRUE(file->saveFile(path("bare.dcm").c_str(), EXS_LittleEndianImplicit, EET_ExplicitLength,
                             EGL_recalcGL, EPD_noChange, 0, 0, EWM_dataset)
                  .good());
  EXPECT_TRUE(ccdf::isDicomFile(path("bare.dcm")));
  const auto image = ccdf::readDicom(path("bare.dcm"));
  EXPECT_TRUE(torch::equal(image.frames, expected(s, [](uint32_t v) { return v; })));
}

// ---------------------------------------------------------------------------------------------
// Series

// Slices written out of order; Instance Number wins over position, which wins over file name.
TEST_F(DicomTest, SeriesSortedByInstanceNumber) {
  const std::string folder = path("series");
  fs::create_directory(folder);
  const std::vector<std::pair<std::string, int>> files = {
      {"a.dcm", 3}, {"b.dcm", 1}, {"c.dcm", 4}, {"d.dcm", 2}};
  for (const auto& [name, instance] : files) {
    Spec s;
    s.raw.assign(20, uint32_t(instance * 10));
    s.extra = {{DCM_InstanceNumber, std::to_string(instance)},
               {DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0"},
               {DCM_ImagePositionPatient, "0\\0\\" + std::to_string(-instance)}};
    save(s, (fs::path(folder) / name).string());
  }
  std::ofstream(fs::path(folder) / "notes.txt") << "not an image\n";
  const auto order = ccdf::listDicomSeries(folder);
  ASSERT_EQ(order.size(), 4u);
  for (size_t i = 0; i < order.size(); ++i)
    EXPECT_EQ(fs::path(order[i]).stem().string(), std::string(1, "bdac"[i]));
  const auto series = ccdf::readDicomSeries(folder);
  ASSERT_EQ(series.frames.sizes(), (std::vector<int64_t>{4, 1, 4, 5}));
  for (int64_t i = 0; i < 4; ++i)
    EXPECT_EQ(series.frames[i].max().item<float>(), float((i + 1) * 10)) << i;
  EXPECT_EQ(series.meta.instanceNumber, 1);
  EXPECT_EQ(series.path, folder);
}

TEST_F(DicomTest, SeriesWithoutInstanceNumbersSortedAlongTheNormal) {
  const std::string folder = path("positions");
  fs::create_directory(folder);
  // Axial slices at z = 2, 0, 1 in files a, b, c: the normal of this orientation is +z.
  for (const auto& [name, z] :
       std::vector<std::pair<std::string, int>>{{"a", 2}, {"b", 0}, {"c", 1}}) {
    Spec s;
    s.raw.assign(20, uint32_t(z));
    s.extra = {{DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0"},
               {DCM_ImagePositionPatient, "-10\\-10\\" + std::to_string(z)}};
    save(s, (fs::path(folder) / (name + ".dcm")).string());
  }
  const auto order = ccdf::listDicomSeries(folder);
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(fs::path(order[0]).stem().string(), "b");
  EXPECT_EQ(fs::path(order[1]).stem().string(), "c");
  EXPECT_EQ(fs::path(order[2]).stem().string(), "a");
}

TEST_F(DicomTest, SeriesErrorsNameTheFolderOrFile) {
  const std::string folder = path("mixed");
  fs::create_directory(folder);
  Spec s;
  s.raw = ramp(20, 256);
  s.extra = {{DCM_InstanceNumber, "1"}};
  save(s, (fs::path(folder) / "one.dcm").string());
  Spec big = s;
  big.rows = 5;
  big.raw = ramp(25, 256);
  big.extra = {{DCM_InstanceNumber, "2"}};
  save(big, (fs::path(folder) / "two.dcm").string());
  const std::string sizeError = thrownMessage([&] { ccdf::readDicomSeries(folder); });
  EXPECT_NE(sizeError.find("two.dcm"), std::string::npos) << sizeError;

  const std::string empty = path("empty");
  fs::create_directory(empty);
  const std::string none = thrownMessage([&] { ccdf::listDicomSeries(empty); });
  EXPECT_NE(none.find(empty), std::string::npos) << none;
  const std::string missing = thrownMessage([&] { ccdf::listDicomSeries(path("nope")); });
  EXPECT_NE(missing.find(path("nope")), std::string::npos) << missing;
}

// ---------------------------------------------------------------------------------------------
// Compressed transfer syntaxes

TEST_F(DicomTest, RleIsExact) {
  Spec grey;
  grey.frames = 3;
  grey.bitsAllocated = 16;
  grey.bitsStored = 12;
  grey.raw = ramp(60, 4096, 211);
  save(grey, path("rle16.dcm"), EXS_RLELossless);
  const auto a = ccdf::readDicom(path("rle16.dcm"));
  EXPECT_TRUE(torch::equal(a.frames, expected(grey, [](uint32_t v) { return v; })));
  EXPECT_EQ(a.meta.transferSyntaxUid, UID_RLELosslessTransferSyntax);

  Spec rgb;
  rgb.samples = 3;
  rgb.photometric = "RGB";
  rgb.raw = ramp(60, 256, 7);
  save(rgb, path("rlergb.dcm"), EXS_RLELossless);
  const auto b = ccdf::readDicom(path("rlergb.dcm"));
  EXPECT_TRUE(torch::equal(b.frames, expected(rgb, [](uint32_t v) { return v; })));
}

TEST_F(DicomTest, JpegLsAndJpegLosslessAreExact) {
  Spec s;
  s.rows = s.columns = 16;
  s.bitsAllocated = s.bitsStored = 16;
  s.raw = ramp(256, 65536, 977);
  const auto want = expected(s, [](uint32_t v) { return v; });
  save(s, path("jls.dcm"), EXS_JPEGLSLossless);
  EXPECT_TRUE(torch::equal(ccdf::readDicom(path("jls.dcm")).frames, want));
  DJ_RPLossless lossless;
  save(s, path("jpegll.dcm"), EXS_JPEGProcess14SV1, &lossless);
  EXPECT_TRUE(torch::equal(ccdf::readDicom(path("jpegll.dcm")).frames, want));

  Spec eight = s;
  eight.bitsAllocated = eight.bitsStored = 8;
  eight.raw = ramp(256, 256, 5);
  save(eight, path("jpegll8.dcm"), EXS_JPEGProcess14SV1, &lossless);
  EXPECT_TRUE(torch::equal(ccdf::readDicom(path("jpegll8.dcm")).frames,
                           expected(eight, [](uint32_t v) { return v; })));
}

// DCMTK's lossy encoder maps [min, min + 255] onto the 8-bit output, so the fixtures span 0..255.
TEST_F(DicomTest, JpegBaselineIsClose) {
  Spec s;
  s.rows = s.columns = 32;
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 32; ++x) s.raw.push_back(uint32_t(std::lround(255.0 * (x + y) / 62)));
  DJ_RPLossy quality(95);
  save(s, path("jpeg8.dcm"), EXS_JPEGProcess1, &quality);
  const auto grey = ccdf::readDicom(path("jpeg8.dcm"));
  EXPECT_LE(maxAbsDiff(grey.frames, expected(s, [](uint32_t v) { return v; })), 4.0);
  EXPECT_EQ(grey.meta.transferSyntaxUid, UID_JPEGProcess1TransferSyntax);

  Spec rgb = s;  // stored as YCbCr by the encoder, converted back to RGB by the decoder
  rgb.samples = 3;
  rgb.photometric = "RGB";
  rgb.raw.clear();
  for (int p = 0; p < 32 * 32; ++p)
    for (int c = 0; c < 3; ++c)
      rgb.raw.push_back(uint32_t(std::lround(255.0 * (p % 32 + c * 10) / 51)));
  save(rgb, path("jpegrgb.dcm"), EXS_JPEGProcess1, &quality);
  const auto colour = ccdf::readDicom(path("jpegrgb.dcm"));
  ASSERT_EQ(colour.frames.size(1), 3);
  EXPECT_EQ(colour.meta.photometricInterpretation.rfind("YBR_FULL", 0), 0u)
      << colour.meta.photometricInterpretation;
  EXPECT_LE(maxAbsDiff(colour.frames, expected(rgb, [](uint32_t v) { return v; })), 12.0);
}

// Decoders are registered once, thread-safely, by whichever read comes first.
TEST_F(DicomTest, ConcurrentReads) {
  Spec s;
  s.bitsAllocated = s.bitsStored = 16;
  s.raw = ramp(20, 65536, 3001);
  save(s, path("rle.dcm"), EXS_RLELossless);
  const auto want = expected(s, [](uint32_t v) { return v; });
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i)
        ok[t] += torch::equal(ccdf::readDicom(path("rle.dcm")).frames, want);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, std::vector<int>(4, 10));
}

// ---------------------------------------------------------------------------------------------
// Writing derived series

TEST_F(DicomTest, WriteDerivedGreyRoundTrip) {
  torch::manual_seed(3);
  const torch::Tensor image = torch::rand({1, 1, 24, 17}) * 1238.2 - 3.7;
  const std::string out = path("derived.dcm");
  ccdf::writeDicomDerived(out, image, sourceMetadata(), derivation());
  expectNoTempFiles();

  const auto back = ccdf::readDicom(out);
  const double step = (image.max().item<double>() - image.min().item<double>()) / 65535.0;
  ASSERT_EQ(back.frames.sizes(), image.sizes());
  EXPECT_LE(maxAbsDiff(back.frames, image), step);
  EXPECT_EQ(back.meta.bitsStored, 16);
  EXPECT_FALSE(back.meta.pixelSigned);
  EXPECT_EQ(back.meta.sopClassUid, UID_SecondaryCaptureImageStorage);
  EXPECT_TRUE(validUid(back.meta.sopInstanceUid)) << back.meta.sopInstanceUid;
  EXPECT_TRUE(validUid(back.meta.seriesInstanceUid)) << back.meta.seriesInstanceUid;
  EXPECT_NE(back.meta.seriesInstanceUid, kSeriesUid);
  EXPECT_NE(back.meta.sopInstanceUid, sourceMetadata().sopInstanceUid);
  EXPECT_EQ(back.meta.studyInstanceUid, kStudyUid);
  EXPECT_EQ(back.meta.patientName, "Doe^Jane");
  EXPECT_EQ(back.meta.patientId, "P-0042");
  EXPECT_EQ(back.meta.patientBirthDate, "19800102");
  EXPECT_EQ(back.meta.patientSex, "F");
  EXPECT_EQ(back.meta.studyDate, "20240131");
  EXPECT_EQ(back.meta.studyId, "S1");
  EXPECT_EQ(back.meta.accessionNumber, "ACC7");
  EXPECT_EQ(back.meta.referringPhysicianName, "House^Gregory");
  EXPECT_EQ(back.meta.modality, "MR");
  EXPECT_EQ(back.meta.seriesNumber, "1003");
  EXPECT_EQ(back.meta.seriesDescription,
            "CCDF mri: mri-phantom vepc zero-filled t0 0.2 20 steps seed 0");
  EXPECT_TRUE(back.hasWindow);
  EXPECT_NEAR(back.windowCenter, (image.min().item<double>() + image.max().item<double>()) / 2,
              1e-3);
  EXPECT_NEAR(back.windowWidth, image.max().item<double>() - image.min().item<double>(), 1e-3);

  EXPECT_EQ(
      attribute(out, DCM_DerivationDescription),
      "CCDF mri: model mri-phantom, sampler vepc, init zero-filled, t0 0.2, 20 steps, seed 0; "
      "acceleration 4");
  EXPECT_EQ(attribute(out, DCM_ImageType), "DERIVED\\SECONDARY");
  EXPECT_EQ(attribute(out, DCM_ConversionType), "WSD");
  EXPECT_EQ(attribute(out, DCM_RescaleType), "US");
  EXPECT_EQ(attribute(out, DCM_BitsAllocated), "16");
  EXPECT_EQ(attribute(out, DCM_HighBit), "15");
  EXPECT_EQ(attribute(out, DCM_PixelRepresentation), "0");
  EXPECT_EQ(attribute(out, DCM_PhotometricInterpretation), "MONOCHROME2");
}

TEST_F(DicomTest, WriteDerivedWithEmptySourceMakesNewStudy) {
  const std::string out = path("nosource.dcm");
  ccdf::writeDicomDerived(out, torch::rand({8, 8}), ccdf::DicomMetadata{}, derivation());
  const auto back = ccdf::readDicom(out);
  EXPECT_TRUE(validUid(back.meta.studyInstanceUid)) << back.meta.studyInstanceUid;
  EXPECT_EQ(back.meta.modality, "OT");
  for (const DcmTagKey& tag :
       {DCM_PatientName, DCM_PatientID, DCM_PatientBirthDate, DCM_PatientSex, DCM_StudyDate,
        DCM_StudyTime, DCM_StudyID, DCM_AccessionNumber, DCM_ReferringPhysicianName}) {
    EXPECT_TRUE(hasAttribute(out, tag)) << DcmTag(tag).getTagName();
    EXPECT_EQ(attribute(out, tag), "") << DcmTag(tag).getTagName();
  }
  // Two writes give two different studies.
  ccdf::writeDicomDerived(path("second.dcm"), torch::rand({8, 8}), {}, derivation());
  EXPECT_NE(ccdf::readDicom(path("second.dcm")).meta.studyInstanceUid, back.meta.studyInstanceUid);
}

TEST_F(DicomTest, WriteDerivedConstantAndShapes) {
  for (const auto& shape : std::vector<std::vector<int64_t>>{{6, 7}, {1, 6, 7}, {1, 1, 6, 7}}) {
    const std::string out = path("const.dcm");
    ccdf::writeDicomDerived(out, torch::full(shape, 42.5f), sourceMetadata(), derivation());
    const auto back = ccdf::readDicom(out);
    ASSERT_EQ(back.frames.sizes(), (std::vector<int64_t>{1, 1, 6, 7}));
    EXPECT_TRUE(torch::equal(back.frames, torch::full({1, 1, 6, 7}, 42.5f)));
    EXPECT_EQ(attribute(out, DCM_RescaleSlope), "1");
  }
  for (const auto& bad : {torch::zeros({2, 1, 4, 4}), torch::zeros({2, 4, 4}), torch::zeros({4})}) {
    const std::string message = thrownMessage(
        [&] { ccdf::writeDicomDerived(path("bad.dcm"), bad, sourceMetadata(), derivation()); });
    EXPECT_NE(message.find(path("bad.dcm")), std::string::npos) << message;
  }
  torch::Tensor nan = torch::zeros({4, 4});
  nan[1][1] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(ccdf::writeDicomDerived(path("nan.dcm"), nan, {}, derivation()), ccdf::IoError);
  EXPECT_FALSE(fs::exists(path("bad.dcm")));
  EXPECT_FALSE(fs::exists(path("nan.dcm")));
  expectNoTempFiles();
}

// RGB is written as 8-bit sample values 0..255 (what readDicom returns), rounded and clamped.
TEST_F(DicomTest, WriteDerivedRgb) {
  const torch::Tensor image = torch::randint(0, 256, {1, 3, 5, 7}).to(torch::kFloat32);
  ccdf::writeDicomDerived(path("rgb.dcm"), image, sourceMetadata(), derivation());
  const auto back = ccdf::readDicom(path("rgb.dcm"));
  EXPECT_TRUE(torch::equal(back.frames, image));
  EXPECT_EQ(back.meta.photometricInterpretation, "RGB");
  EXPECT_EQ(attribute(path("rgb.dcm"), DCM_BitsAllocated), "8");

  const torch::Tensor wild = torch::tensor({-20.0f, 300.0f, 127.4f}).reshape({3, 1, 1});
  ccdf::writeDicomDerived(path("clamped.dcm"), wild, {}, derivation());
  EXPECT_TRUE(torch::equal(ccdf::readDicom(path("clamped.dcm")).frames.flatten(),
                           torch::tensor({0.0f, 255.0f, 127.0f})));
}

TEST_F(DicomTest, WriteRefusesToReplaceAnInput) {
  Spec s;
  s.raw = ramp(20, 256);
  const std::string input = path("input.dcm");
  save(s, input);
  const auto before = fs::file_size(input);
  const std::string message = thrownMessage([&] {
    ccdf::writeDicomDerived(input, torch::rand({4, 5}), sourceMetadata(), derivation(), {input});
  });
  EXPECT_NE(message.find(input), std::string::npos) << message;
  EXPECT_EQ(fs::file_size(input), before);
  EXPECT_TRUE(
      torch::equal(ccdf::readDicom(input).frames, expected(s, [](uint32_t v) { return v; })));
  expectNoTempFiles();
}

TEST_F(DicomTest, WrittenFilesPassDciodvfy) {
  torch::manual_seed(5);
  ccdf::DicomMetadata source = sourceMetadata();
  source.patientName = "Müller^Jörg";  // UTF-8: Specific Character Set ISO_IR 192
  ccdf::writeDicomDerived(path("grey.dcm"), torch::rand({1, 1, 16, 12}), source, derivation());
  ccdf::writeDicomDerived(path("colour.dcm"), torch::rand({1, 3, 9, 11}) * 255, sourceMetadata(),
                          derivation());
  ccdf::writeDicomDerived(path("plain.dcm"), torch::rand({5, 5}), {}, ccdf::DicomDerivation{});
  dciodvfy(path("grey.dcm"));
  dciodvfy(path("colour.dcm"));
  dciodvfy(path("plain.dcm"));
  EXPECT_EQ(ccdf::readDicom(path("grey.dcm")).meta.patientName, "Müller^Jörg");
}

// ---------------------------------------------------------------------------------------------
// Damaged and unsupported files

TEST_F(DicomTest, DamagedFilesGiveOneLineErrorsNamingTheFile) {
  Spec s;
  s.rows = s.columns = 64;
  s.bitsAllocated = s.bitsStored = 16;
  s.raw = ramp(64 * 64, 65536, 12345);
  save(s, path("good.dcm"));
  std::ifstream in(path("good.dcm"), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t keep : {size_t(100), size_t(300), bytes.size() / 2, bytes.size() - 2}) {
    const std::string p = path("truncated_" + std::to_string(keep) + ".dcm");
    std::ofstream(p, std::ios::binary) << bytes.substr(0, keep);
    expectReadError(p);
  }
  std::ofstream(path("text.dcm")) << "Hello, this is not a DICOM file at all.\nSecond line.\n";
  expectReadError(path("text.dcm"), "not a DICOM file");
  std::ofstream(path("empty.dcm")).close();
  expectReadError(path("empty.dcm"), "empty");
  expectReadError(path("missing.dcm"), "no such file");
  expectReadError(dir_, "directory");

  Spec noPixels = s;
  noPixels.pixelData = false;
  save(noPixels, path("nopixels.dcm"));
  expectReadError(path("nopixels.dcm"), "no Pixel Data");

  Spec wrongBits = s;  // header says 16 bits but the pixel data holds one byte per pixel
  wrongBits.bitsAllocated = 8;
  auto file = makeFile(wrongBits);
  file->getDataset()->putAndInsertUint16(DCM_BitsAllocated, 16);
  save(*file, path("wrongbits.dcm"));
  expectReadError(path("wrongbits.dcm"), "expected");
}

// Random byte damage in uncompressed and compressed files: an image or an IoError, never a crash.
TEST_F(DicomTest, RandomDamageNeverCrashes) {
  Spec s;
  s.rows = s.columns = 16;
  s.bitsAllocated = s.bitsStored = 16;
  s.raw = ramp(256, 65536, 977);
  save(s, path("plain.dcm"));
  save(s, path("rle.dcm"), EXS_RLELossless);
  save(s, path("jls.dcm"), EXS_JPEGLSLossless);
  std::mt19937 random(11);
  int errors = 0, images = 0;
  for (const std::string name : {"plain.dcm", "rle.dcm", "jls.dcm"}) {
    std::ifstream in(path(name), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (int trial = 0; trial < kDamageTrials; ++trial) {
      std::string damaged = bytes;
      for (int k = 0; k < 1 + trial % 4; ++k)
        damaged[random() % damaged.size()] = char(random() % 256);
      std::ofstream(path("damaged.dcm"), std::ios::binary) << damaged;
      try {
        ccdf::readDicom(path("damaged.dcm"));
        ++images;
      } catch (const ccdf::IoError& e) {
        ++errors;
        EXPECT_NE(std::string(e.what()).find(path("damaged.dcm")), std::string::npos);
      }
    }
  }
  EXPECT_GT(errors, 0);
  EXPECT_GT(images, 0);
}

TEST_F(DicomTest, UnsupportedImagesGiveClearErrors) {
  Spec palette;
  palette.photometric = "PALETTE COLOR";
  palette.raw = ramp(20, 256);
  save(palette, path("palette.dcm"));
  expectReadError(path("palette.dcm"), "PALETTE COLOR");

  Spec ybr;
  ybr.samples = 3;
  ybr.photometric = "YBR_FULL";
  ybr.raw = ramp(60, 256);
  save(ybr, path("ybr.dcm"));
  expectReadError(path("ybr.dcm"), "YBR_FULL");

  Spec zero;
  zero.rows = 0;
  save(zero, path("zero.dcm"));
  expectReadError(path("zero.dcm"), "zero");

  Spec huge;  // 65535 x 65535 x 100: refused before anything is allocated
  huge.rows = huge.columns = 65535;
  huge.frames = 100;
  huge.raw = ramp(20, 256);
  save(huge, path("huge.dcm"));
  expectReadError(path("huge.dcm"), "too large");
  huge.samples = 3;  // the product of the header values would overflow 64 bits
  huge.photometric = "RGB";
  huge.extra = {{DCM_NumberOfFrames, "2147483647"}};
  save(huge, path("overflow.dcm"));
  expectReadError(path("overflow.dcm"), "too large");

  Spec oneBit;
  oneBit.bitsAllocated = oneBit.bitsStored = 1;
  oneBit.raw = ramp(4, 256);
  save(oneBit, path("onebit.dcm"));
  expectReadError(path("onebit.dcm"), "Bits Allocated");
}

TEST_F(DicomTest, IsDicomFile) {
  Spec s;
  s.raw = ramp(20, 256);
  save(s, path("image.dcm"));
  std::ofstream(path("text.txt"))
      << "plain text that is long enough to have 132 bytes, plain text "
         "that is long enough to have 132 bytes, plain text that is long";
  std::ofstream(path("empty")).close();
  EXPECT_TRUE(ccdf::isDicomFile(path("image.dcm")));
  EXPECT_FALSE(ccdf::isDicomFile(path("text.txt")));
  EXPECT_FALSE(ccdf::isDicomFile(path("empty")));
  EXPECT_FALSE(ccdf::isDicomFile(path("missing")));
  EXPECT_FALSE(ccdf::isDicomFile(dir_));
}

}  // namespace
