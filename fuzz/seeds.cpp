// Seed inputs for the fuzz targets (seeds.h). Every seed is small (a few KiB at most) and valid:
// tests/tst_fuzz_corpus.cpp fails when a seed is not accepted by its target.
#include "fuzz/seeds.h"

// DCMTK wants its configuration header first.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/oflog/oflog.h>
#include <hdf5.h>
#include <ismrmrd/dataset.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "fuzz/targets.h"
#include "io/image_io.h"
#include "io/kspace_io.h"
#include "model/safetensors.h"
#include "support/fixtures/dicom_fixtures.h"
#include "support/fixtures/hdf5_fixtures.h"
#include "util/sha256.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace ccdf::fuzz {
namespace {

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error("fuzz seeds: " + why); }

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Seeds are collected as (name, bytes) and written by writeSeeds.
using Seeds = std::vector<std::pair<std::string, std::string>>;

// A scratch file in the fuzz work directory (removed after use).
class Scratch {
 public:
  explicit Scratch(const std::string& name)
      : path_((fs::path(workDirectory()) / ("seed-scratch-" + name)).string()) {
    remove();
  }
  ~Scratch() { remove(); }
  const std::string& path() const { return path_; }
  std::string bytes() const { return readAll(path_); }

 private:
  void remove() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string path_;
};

std::string withMode(uint8_t mode, const std::string& file) {
  return std::string(1, char(mode)) + file;
}

// [1, C, H, W] smooth values in [0, 1].
torch::Tensor rampImage(int64_t c, int64_t h, int64_t w) {
  const torch::Tensor y = torch::linspace(0.0, 1.0, h).view({1, 1, h, 1});
  const torch::Tensor x = torch::linspace(0.0, 1.0, w).view({1, 1, 1, w});
  const torch::Tensor k = torch::linspace(0.2, 1.0, c).view({1, c, 1, 1});
  return ((y + x) * 0.5 * k).expand({1, c, h, w}).contiguous();
}

torch::Tensor complexRamp(std::vector<int64_t> shape) {
  int64_t n = 1;
  for (const int64_t s : shape) n *= s;
  const torch::Tensor re = torch::arange(n, torch::kFloat).div(7).sin();
  const torch::Tensor im = torch::arange(n, torch::kFloat).div(5).cos();
  return torch::complex(re, im).view(shape);
}

// ---- images ----------------------------------------------------------------------------------

std::string imageBytes(const std::string& ext, const torch::Tensor& image, int bitDepth) {
  Scratch f("image" + ext);
  saveImage(f.path(), image, bitDepth);
  return f.bytes();
}

Seeds imageSeeds() {
  const torch::Tensor grey = rampImage(1, 6, 5), rgb = rampImage(3, 5, 7);
  const uint8_t asGrey = 1 << 3, asRgb = 2 << 3;
  return {
      {"png-grey8", withMode(kPng, imageBytes(".png", grey, 8))},
      {"png-rgb16", withMode(kPng | kFixPngChecksums, imageBytes(".png", rgb, 16))},
      {"png-grey8-as-rgb", withMode(kPng | asRgb, imageBytes(".png", grey, 8))},
      {"jpeg-grey", withMode(kJpeg, imageBytes(".jpg", grey, 8))},
      {"jpeg-rgb-as-grey", withMode(kJpeg | asGrey, imageBytes(".jpg", rgb, 8))},
      {"tiff-grey16", withMode(kTiff, imageBytes(".tif", grey, 16))},
      {"tiff-rgb8", withMode(kTiff, imageBytes(".tif", rgb, 8))},
      {"bmp-rgb", withMode(kBmp, imageBytes(".bmp", rgb, 8))},
      {"bmp-grey", withMode(kBmp | asGrey, imageBytes(".bmp", grey, 8))},
  };
}

std::string maskBytes(const std::string& ext) {
  const torch::Tensor mask = (torch::arange(64).view({8, 8}) % 3 != 0).to(torch::kFloat);
  Scratch f("mask" + ext);
  if (ext == ".png")
    saveMask(f.path(), mask);
  else
    saveImage(f.path(), mask, 8);
  return f.bytes();
}

Seeds maskPngSeeds() {
  return {{"png", withMode(kPng, maskBytes(".png"))},
          {"png-fixed-crc", withMode(kPng | kFixPngChecksums, maskBytes(".png"))},
          {"bmp", withMode(kBmp, maskBytes(".bmp"))},
          {"tiff", withMode(kTiff, maskBytes(".tif"))}};
}

// ---- .npy ------------------------------------------------------------------------------------

std::string npyBytes(const torch::Tensor& t) {
  Scratch f("array.npy");
  saveNpy(f.path(), t);
  return f.bytes();
}

// A hand-written .npy (any descr / order / version), as NumPy lays it out.
std::string npyBytes(const std::string& descr, bool fortran, const std::string& shape,
                     const void* data, size_t bytes, int version = 1) {
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  const size_t prefix = version == 1 ? 10 : 12;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string file = "\x93NUMPY";
  file += char(version);
  file += '\0';
  const size_t n = header.size();
  file += char(n & 0xFF);
  file += char((n >> 8) & 0xFF);
  if (version != 1) {
    file += char((n >> 16) & 0xFF);
    file += char((n >> 24) & 0xFF);
  }
  file += header;
  file.append(static_cast<const char*>(data), bytes);
  return file;
}

Seeds maskNpySeeds() {
  const int64_t n = fixture::kMriInputSize;
  const torch::Tensor mask = (torch::arange(n * n).view({n, n}) % 2 == 0).to(torch::kFloat);
  const torch::Tensor columns = (torch::arange(n) % 2 == 0).to(torch::kDouble).expand({n, n});
  const torch::Tensor f64 = columns.t().contiguous();  // Fortran order of `columns`
  const std::string shape = "(" + std::to_string(n) + ", " + std::to_string(n) + ")";
  return {
      {"float32", npyBytes(mask)},
      {"float64-fortran", npyBytes("<f8", true, shape, f64.data_ptr(), size_t(f64.numel()) * 8)}};
}

Seeds npySeeds() {
  const torch::Tensor c128 = complexRamp({4, 6}).to(torch::kComplexDouble).t().contiguous();
  const torch::Tensor v2 = complexRamp({2, 3, 4});
  return {{"complex64-hw", npyBytes(complexRamp({8, 6}))},
          {"complex64-coils", npyBytes(complexRamp({2, 4, 6}))},
          {"complex64-slices", npyBytes(complexRamp({3, 2, 4, 4}))},
          {"complex128-fortran",
           npyBytes("<c16", true, "(4, 6)", c128.data_ptr(), size_t(c128.numel()) * 16)},
          {"complex64-v2",
           npyBytes("<c8", false, "(2, 3, 4)", v2.data_ptr(), size_t(v2.numel()) * 8, 2)}};
}

// ---- BART ------------------------------------------------------------------------------------

std::string cflSeed(const torch::Tensor& data) {
  Scratch f("bart");
  fs::create_directories(f.path());
  const std::string base = f.path() + "/k";
  writeCfl(base, data);
  return joinParts({readAll(base + ".hdr"), readAll(base + ".cfl")});
}

Seeds cflSeeds() {
  const torch::Tensor slices = complexRamp({2, 4, 4}).contiguous();
  const std::string raw(static_cast<const char*>(slices.data_ptr()), size_t(slices.numel()) * 8);
  return {{"hw", cflSeed(complexRamp({6, 8}))},
          {"slices-z", cflSeed(complexRamp({2, 4, 6}))},
          {"coils", cflSeed(complexRamp({3, 1, 4, 6}))},
          {"slices-dim13", joinParts({"# Dimensions\n4 4 1 1 1 1 1 1 1 1 1 1 1 2 1 1 \n", raw})}};
}

// ---- HDF5: fastMRI ---------------------------------------------------------------------------

Seeds fastMriSeeds() {
  Seeds seeds;
  {
    Scratch f("single.h5");
    { test::H5Writer(f.path()).writeComplex("kspace", complexRamp({1, 8, 6})); }
    seeds.emplace_back("single-coil", f.bytes());
  }
  {
    Scratch f("multi.h5");
    {
      test::H5Writer h(f.path());
      h.writeComplex("kspace", complexRamp({2, 2, 8, 6}));
      h.writeFloat("mask", torch::tensor({1, 0, 1, 1, 0, 1}));
      h.writeFloat("reconstruction_rss", torch::linspace(0, 1, 32).view({2, 4, 4}));
    }
    seeds.emplace_back("multi-coil-mask-rss", f.bytes());
  }
  {
    Scratch f("latest.h5");
    {
      test::H5Writer h(f.path(), true);
      h.writeComplex("kspace", complexRamp({3, 4, 4}));
      const torch::Tensor mask = (torch::arange(16).view({4, 4}) % 3 != 1).to(torch::kUInt8);
      h.write("mask", H5T_NATIVE_UINT8, {4, 4}, mask.data_ptr());
      h.writeFloat("reconstruction_esc", torch::linspace(0, 1, 12).view({3, 2, 2}));
    }
    seeds.emplace_back("latest-format-mask2d-esc", f.bytes());
  }
  {
    Scratch f("bool.h5");
    {
      test::H5Writer h(f.path());
      h.writeComplex("kspace", complexRamp({1, 2, 4, 4}));
      const hid_t boolType = H5Tenum_create(H5T_NATIVE_INT8);
      const int8_t no = 0, yes = 1;
      H5Tenum_insert(boolType, "FALSE", &no);
      H5Tenum_insert(boolType, "TRUE", &yes);
      const int8_t mask[4] = {1, 0, 1, 0};
      h.write("mask", boolType, {4}, mask);
      H5Tclose(boolType);
    }
    seeds.emplace_back("h5py-bool-mask", f.bytes());
  }
  return seeds;
}

// ---- ISMRMRD ---------------------------------------------------------------------------------

using test::ismrmrdHeader;

// A readout whose sample s of coil c is (s - ky) + i (c + slice).
ISMRMRD::Acquisition readout(int coils, int samples, int slice, int ky, int centreSample) {
  const torch::Tensor re = (torch::arange(samples, torch::kFloat) - ky).expand({coils, samples});
  const torch::Tensor im = (torch::arange(coils, torch::kFloat) + slice).view({coils, 1});
  return test::ismrmrdReadout(torch::complex(re, im.expand({coils, samples})), slice, ky,
                              centreSample);
}

Seeds ismrmrdSeeds() {
  Seeds seeds;
  {
    Scratch f("simple.h5");
    {
      ISMRMRD::Dataset ds(f.path().c_str(), "dataset", true);
      ds.writeHeader(ismrmrdHeader(8, 4, 2, 1));
      for (int ky = 0; ky < 4; ++ky) ds.appendAcquisition(readout(1, 8, 0, ky, 4));
    }
    seeds.emplace_back("single-coil", f.bytes());
  }
  {
    Scratch f("multi.h5");
    {
      ISMRMRD::Dataset ds(f.path().c_str(), "dataset", true);
      ds.writeHeader(ismrmrdHeader(6, 4, 2, 2));
      ISMRMRD::Acquisition noise = readout(2, 6, 0, 1, 3);
      noise.setFlag(ISMRMRD::ISMRMRD_ACQ_IS_NOISE_MEASUREMENT);
      ds.appendAcquisition(noise);
      for (int slice = 0; slice < 2; ++slice)
        for (int ky = 0; ky < 4; ky += 2) {
          ISMRMRD::Acquisition a = readout(2, 6, slice, ky, 2);  // partial echo
          if (ky == 2) a.setFlag(ISMRMRD::ISMRMRD_ACQ_IS_REVERSE);
          ds.appendAcquisition(a);
        }
      ISMRMRD::Acquisition again = readout(2, 6, 1, 2, 2);
      again.idx().average = 1;
      ds.appendAcquisition(again);
    }
    seeds.emplace_back("two-coils-two-slices-partial-echo", f.bytes());
  }
  return seeds;
}

// ---- DICOM -----------------------------------------------------------------------------------

void registerEncoders() {
  static const bool quiet = [] {
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);  // the encoders' notes are not news here
    return true;
  }();
  (void)quiet;
  test::registerDicomEncoders();
}

// A fixture image (its pixels are filled in by makeDicom) and its instance number.
struct DicomSpec : test::DicomImageSpec {
  std::string instance = "1";
};

std::unique_ptr<DcmFileFormat> makeDicom(DicomSpec s) {
  auto file = std::make_unique<DcmFileFormat>();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  ds.putAndInsertString(DCM_SOPInstanceUID,
                        ("1.2.826.0.1.3680043.2.1125.77.9." + s.instance).c_str());
  ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.2.1125.77.2");
  ds.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.2.1125.77.1");
  ds.putAndInsertString(DCM_PatientName, "Doe^Jane");
  ds.putAndInsertString(DCM_PatientID, "P-0042");
  ds.putAndInsertString(DCM_Modality, "MR");
  ds.putAndInsertString(DCM_InstanceNumber, s.instance.c_str());
  const size_t n = size_t(s.rows) * s.columns * s.frames * s.samples;
  const uint32_t levels = s.bitsStored >= 32 ? 0xFFFFFFFFu : (1u << s.bitsStored) - 1;
  s.raw.resize(n);
  for (size_t i = 0; i < n; ++i) s.raw[i] = uint32_t((i * 37) % (uint64_t(levels) + 1));
  test::putDicomImage(ds, s);
  return file;
}

std::string dicomBytes(const DicomSpec& s, E_TransferSyntax xfer = EXS_LittleEndianExplicit,
                       const DcmRepresentationParameter* param = nullptr, bool bare = false) {
  registerEncoders();
  auto file = makeDicom(s);
  DcmDataset& ds = *file->getDataset();
  if (DcmXfer(xfer).isEncapsulated() &&
      (ds.chooseRepresentation(xfer, param).bad() || !ds.canWriteXfer(xfer)))
    fail(std::string("cannot encode DICOM as ") + DcmXfer(xfer).getXferName());
  Scratch f("image.dcm");
  const OFCondition status = bare ? file->saveFile(f.path().c_str(), xfer, EET_ExplicitLength,
                                                   EGL_recalcGL, EPD_noChange, 0, 0, EWM_dataset)
                                  : file->saveFile(f.path().c_str(), xfer);
  if (status.bad()) fail(std::string("cannot write DICOM: ") + status.text());
  return f.bytes();
}

Seeds dicomSeeds() {
  DicomSpec mono8;
  DicomSpec mono1 = mono8;
  mono1.bitsAllocated = 16;
  mono1.bitsStored = 12;
  mono1.photometric = "MONOCHROME1";
  mono1.extra = {{DCM_WindowCenter, "1000\\2000"}, {DCM_WindowWidth, "400\\800"}};
  DicomSpec signed16 = mono8;
  signed16.bitsAllocated = signed16.bitsStored = 16;
  signed16.pixelRepresentation = 1;
  signed16.extra = {{DCM_RescaleSlope, "0.5"}, {DCM_RescaleIntercept, "-1024"}};
  DicomSpec rgbPlanar = mono8;
  rgbPlanar.samples = 3;
  rgbPlanar.photometric = "RGB";
  rgbPlanar.planar = 1;
  DicomSpec frames = mono8;
  frames.frames = 3;
  DicomSpec wide = mono8;
  wide.bitsAllocated = wide.bitsStored = 32;
  DicomSpec lossless = mono8;
  lossless.rows = lossless.columns = 8;
  lossless.bitsAllocated = lossless.bitsStored = 16;
  DicomSpec baseline = mono8;
  baseline.rows = baseline.columns = 8;
  DicomSpec rgb8 = baseline;
  rgb8.samples = 3;
  rgb8.photometric = "RGB";
  DJ_RPLossless losslessParam;
  DJ_RPLossy quality(90);
  return {
      {"mono8-explicit-le", dicomBytes(mono8)},
      {"mono1-12bit-window", dicomBytes(mono1)},
      {"signed16-rescale-implicit", dicomBytes(signed16, EXS_LittleEndianImplicit)},
      {"rgb-planar-big-endian", dicomBytes(rgbPlanar, EXS_BigEndianExplicit)},
      {"multiframe-deflated", dicomBytes(frames, EXS_DeflatedLittleEndianExplicit)},
      {"mono32", dicomBytes(wide)},
      {"rle16", dicomBytes(lossless, EXS_RLELossless)},
      {"jpeg-lossless16", dicomBytes(lossless, EXS_JPEGProcess14SV1, &losslessParam)},
      {"jpeg-baseline8", dicomBytes(baseline, EXS_JPEGProcess1, &quality)},
      {"jpeg-baseline-rgb", dicomBytes(rgb8, EXS_JPEGProcess1, &quality)},
      {"jpeg-ls16", dicomBytes(lossless, EXS_JPEGLSLossless)},
      {"bare-dataset", dicomBytes(mono8, EXS_LittleEndianImplicit, nullptr, true)},
  };
}

Seeds dicomSeriesSeeds() {
  std::vector<std::string> slices, compressed;
  for (int i = 0; i < 3; ++i) {
    DicomSpec s;
    s.instance = std::to_string(3 - i);  // out of order: Instance Number decides
    s.extra = {{DCM_ImagePositionPatient, "0\\0\\" + std::to_string(i)},
               {DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0"}};
    slices.push_back(dicomBytes(s));
    if (i < 2) compressed.push_back(dicomBytes(s, EXS_RLELossless));
  }
  DicomSpec one;
  return {{"three-slices", joinParts(slices)},
          {"two-rle-slices", joinParts(compressed)},
          {"one-slice", dicomBytes(one)}};
}

// ---- models ----------------------------------------------------------------------------------

// The SHA-256 of a fixture written under `name` (libtorch archives record their file's stem).
std::string fixtureSha(const std::function<void(const std::string&)>& write,
                       const std::string& name) {
  Scratch folder("fixture");
  fs::create_directories(folder.path());
  const std::string path = folder.path() + "/" + name;
  write(path);
  return sha256OfFile(path);
}

std::string powerLawManifest(int channels, const json& schedule) {
  json list = json::array();
  for (int c = 0; c < channels; ++c) list.push_back(0.1 * (c + 1));
  const json j = {
      {"name", "fuzz-gaussian"},
      {"kind", "gaussian-powerlaw"},
      {"description", "fuzz seed"},
      {"licence", "CC0-1.0"},
      {"data_source", json::array({"none", "synthetic"})},
      {"channels", channels},
      {"value_range", {-1.0, 1.0}},
      {"resolution", 0},
      {"fully_convolutional", true},
      {"size_multiple", 1},
      {"schedule", schedule},
      {"spectrum",
       {{"channel_mean", list}, {"scale", list}, {"corner_frequency", list}, {"exponent", list}}}};
  return j.dump(2) + "\n";
}

Seeds manifestSeeds() {
  const std::string unetSha = fixtureSha(fixture::writeUnetWeights, "weights.safetensors");
  const std::string tsSha = fixtureSha(fixture::writeTorchScript, "model.pt");
  return {
      {"unet", fixture::unetManifest("weights.safetensors", unetSha)},
      {"torchscript", fixture::torchScriptManifest("model.pt", tsSha)},
      {"gaussian-grey-vp-linear",
       powerLawManifest(
           1, {{"type", "vp-linear"}, {"N", 1000}, {"beta_start", 0.0001}, {"beta_end", 0.02}})},
      {"gaussian-rgb-vp-cosine", powerLawManifest(3, {{"type", "vp-cosine"}, {"N", 500}})},
      {"gaussian-grey-ve",
       powerLawManifest(
           1, {{"type", "ve-geometric"}, {"N", 100}, {"sigma_min", 0.01}, {"sigma_max", 50.0}})},
  };
}

std::string safetensorsBytes(const NamedTensors& tensors,
                             const std::map<std::string, std::string>& metadata, bool half) {
  Scratch f("weights.safetensors");
  writeSafetensors(f.path(), tensors, metadata, half);
  return f.bytes();
}

Seeds safetensorsSeeds() {
  Scratch unet("unet.safetensors");
  fixture::writeUnetWeights(unet.path());
  NamedTensors mixed{{"f32", torch::arange(6, torch::kFloat).view({2, 3})},
                     {"f64", torch::linspace(0, 1, 4, torch::kDouble)},
                     {"i64", torch::arange(3, torch::kLong)},
                     {"i32", torch::arange(5, torch::kInt)},
                     {"u8", torch::arange(7, torch::kByte)},
                     {"scalar", torch::tensor(2.5f).reshape({})},
                     {"empty", torch::zeros({0, 3})}};
  NamedTensors half{{"a.weight", torch::linspace(-1, 1, 12).view({3, 4})},
                    {"a.bias", torch::ones({3})}};
  return {{"unet-f16", unet.bytes()},
          {"mixed-dtypes", safetensorsBytes(mixed, {{"format", "pt"}}, false)},
          {"half", safetensorsBytes(half, {}, true)}};
}

Seeds torchScriptSeeds() {
  Scratch f("model.pt");
  fixture::writeTorchScript(f.path());
  return {{"tiny-module", f.bytes()}};
}

// ---- TF.js -----------------------------------------------------------------------------------

// A TF.js layers model.json whose weights live in shard1.bin .. shardN.bin.
class TfjsSeed {
 public:
  TfjsSeed& input(const std::string& name, int channels, const char* key = "batch_input_shape") {
    layers_.push_back({{"class_name", "InputLayer"},
                       {"name", name},
                       {"config", {{key, {nullptr, nullptr, nullptr, channels}}, {"name", name}}},
                       {"inbound_nodes", json::array()}});
    input_ = name;
    return *this;
  }
  TfjsSeed& layer(const std::string& cls, const std::string& name, json config,
                  const std::vector<std::string>& inputs) {
    config["name"] = name;
    json node = json::array();
    for (const auto& i : inputs) node.push_back({i, 0, 0, json::object()});
    layers_.push_back({{"class_name", cls},
                       {"name", name},
                       {"config", config},
                       {"inbound_nodes", json::array({node})}});
    output_ = name;
    return *this;
  }
  // A Conv2D layer with float32 (or quantized) kernel and optional bias.
  TfjsSeed& conv(const std::string& name, const std::string& in, int k, int cin, int cout,
                 bool bias, const std::string& padding, const json& quantization = nullptr) {
    layer("Conv2D", name,
          {{"filters", cout},
           {"kernel_size", {k, k}},
           {"strides", {1, 1}},
           {"padding", padding},
           {"data_format", "channels_last"},
           {"dilation_rate", {1, 1}},
           {"activation", bias ? "relu" : "linear"},
           {"use_bias", bias}},
          {in});
    weight(name + "/kernel", {k, k, cin, cout}, quantization);
    if (bias) weight(name + "/bias", {cout}, quantization);
    return *this;
  }
  TfjsSeed& weight(const std::string& name, const std::vector<int64_t>& shape,
                   const json& quantization) {
    int64_t n = 1;
    for (const int64_t s : shape) n *= s;
    json spec = {{"name", name}, {"shape", shape}, {"dtype", "float32"}};
    if (quantization.is_null()) {
      for (int64_t i = 0; i < n; ++i) {
        const float v = 0.01f * float((i * 7) % 13) - 0.05f;
        bytes_.append(reinterpret_cast<const char*>(&v), 4);
      }
    } else {
      spec["quantization"] = quantization;
      const std::string dtype = quantization["dtype"];
      const size_t per = dtype == "uint8" ? 1 : 2;
      for (int64_t i = 0; i < n; ++i) {
        const uint16_t q = uint16_t(dtype == "float16" ? 0x2E66 : (i * 5) % 251);
        bytes_.append(reinterpret_cast<const char*>(&q), per);
      }
    }
    specs_.push_back(spec);
    return *this;
  }
  std::string write(int shards, bool wrapped) const {
    json paths = json::array();
    std::vector<std::string> parts(1);
    const size_t per = (bytes_.size() + size_t(shards) - 1) / size_t(shards);
    for (int i = 0; i < shards; ++i) {
      paths.push_back("shard" + std::to_string(i + 1) + ".bin");
      parts.push_back(bytes_.substr(std::min(bytes_.size(), size_t(i) * per), per));
    }
    const json config = {{"name", "seed"},
                         {"layers", layers_},
                         {"input_layers", {{input_, 0, 0}}},
                         {"output_layers", {{output_, 0, 0}}}};
    const json modelConfig = {{"class_name", wrapped ? "Functional" : "Model"}, {"config", config}};
    json topology = modelConfig;
    if (wrapped)
      topology = {
          {"keras_version", "2.10.0"}, {"backend", "tensorflow"}, {"model_config", modelConfig}};
    const json doc = {{"format", "layers-model"},
                      {"generatedBy", "keras v2.10.0"},
                      {"convertedBy", "ccdf fuzz seeds"},
                      {"modelTopology", topology},
                      {"weightsManifest", {{{"paths", paths}, {"weights", specs_}}}}};
    parts[0] = doc.dump();
    return joinParts(parts);
  }

 private:
  json layers_ = json::array(), specs_ = json::array();
  std::string input_, output_, bytes_;
};

Seeds tfjsSeeds() {
  TfjsSeed full;
  full.input("in", 3)
      .conv("c1", "in", 3, 3, 4, true, "same")
      .conv("c2", "c1", 1, 4, 4, false, "valid")
      .layer("Concatenate", "cat", {{"axis", -1}}, {"c1", "c2"})
      .layer("MultiplyBeta", "beta", json::object(), {"cat"})
      .layer("Add", "add", json::object(), {"beta", "cat"})
      .layer("UpSampling2D", "up", {{"size", {2, 2}}, {"interpolation", "nearest"}}, {"add"})
      .conv("c3", "up", 3, 8, 12, true, "same")
      .layer("PixelShuffle2x", "ps", {{"scale", 2}}, {"c3"})
      .layer("Activation", "act", {{"activation", "sigmoid"}}, {"ps"});
  TfjsSeed quantized;
  quantized.input("x", 1, "batch_shape")
      .conv("q", "x", 3, 1, 2, true, "same", {{"dtype", "uint8"}, {"scale", 0.004}, {"min", -0.5}})
      .conv("h", "q", 1, 2, 1, false, "same", {{"dtype", "float16"}});
  return {{"all-layers-two-shards", full.write(2, true)},
          {"quantized-unwrapped", quantized.write(1, false)}};
}

// ---- run settings ----------------------------------------------------------------------------

Seeds runSettingsSeeds() {
  const json inpaint = {{"task", "inpaint"}, {"model", "gaussian-grey"},
                        {"sampler", "ddpm"}, {"variance", "small"},
                        {"init", "telea"},   {"t0", 0.3},
                        {"steps", 20},       {"seed", "7"},
                        {"lambda", 1.0},     {"dc_noise", "diffused"}};
  const json sr = {{"task", "sr"},
                   {"scale", 4},
                   {"simulate_from_image", true},
                   {"model", "fashion-32"},
                   {"sampler", "ddim"},
                   {"eta", 0.5},
                   {"init", "bicubic"},
                   {"t0", 0.5},
                   {"steps", 50},
                   {"seed", "18446744073709551615"}};
  const json mri = {{"task", "mri"},
                    {"simulate_from_image", true},
                    {"mask_pattern", "poisson"},
                    {"acceleration", 4.5},
                    {"acs_lines", 16},
                    {"mask_seed", "3"},
                    {"model", "mri-phantom"},
                    {"sampler", "vepc"},
                    {"correctors", 2},
                    {"snr", 0.16},
                    {"init", "zero-filled"},
                    {"t0_auto", true},
                    {"steps", 20},
                    {"dc_noise", "clean"},
                    {"nfe", 60}};
  return {{"inpaint", inpaint.dump(2)}, {"sr-ddim", sr.dump(2)}, {"mri-vepc", mri.dump(2)}};
}

}  // namespace

std::vector<std::string> writeSeeds(const std::string& target, const std::string& directory) {
  initialise();
  static const std::map<std::string, std::function<Seeds()>> writers = {
      {"image", imageSeeds},
      {"mask_png", maskPngSeeds},
      {"mask_npy", maskNpySeeds},
      {"dicom", dicomSeeds},
      {"dicom_series", dicomSeriesSeeds},
      {"fastmri", fastMriSeeds},
      {"ismrmrd", ismrmrdSeeds},
      {"cfl", cflSeeds},
      {"npy", npySeeds},
      {"manifest", manifestSeeds},
      {"safetensors", safetensorsSeeds},
      {"torchscript", torchScriptSeeds},
      {"tfjs", tfjsSeeds},
      {"run_settings", runSettingsSeeds},
  };
  const auto it = writers.find(target);
  if (it == writers.end()) fail("no seeds for target '" + target + "'");
  fs::create_directories(directory);
  std::vector<std::string> paths;
  for (const auto& [name, bytes] : it->second()) {
    const std::string path = (fs::path(directory) / ("seed-" + name)).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.close();
    if (!out) fail("cannot write " + path);
    paths.push_back(path);
  }
  return paths;
}

}  // namespace ccdf::fuzz
