// The fuzz targets (see targets.h and docs/FUZZING.md).
#include "fuzz/targets.h"

#include <spdlog/spdlog.h>
#include <torch/script.h>
#include <torch/torch.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "io/image_io.h"
#include "io/input_image.h"
#include "io/kspace_io.h"
#include "io/mri_input.h"
#include "model/model_store.h"
#include "model/safetensors.h"
#include "model/tfjs_layers.h"
#include "model/unet.h"
#include "schedule/noise_schedule.h"
#include "train/trainer.h"
#include "util/sha256.h"

namespace fs = std::filesystem;

namespace ccdf::fuzz {

const char kSplit[] = "\n--ccdf-fuzz-split--\n";

namespace {

// Image targets refuse larger images (the project's default is 2^26): the same code path, but
// a fuzz iteration stays in the millisecond range.
constexpr int64_t kFuzzMaxPixels = int64_t(1) << 20;

// A loaded result that breaks the loader's documented contract: one line, then abort, so that
// libFuzzer records the input like a crash.
[[noreturn]] void violated(const std::string& what) {
  std::fprintf(stderr, "ccdf-fuzz: contract violated: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void require(bool ok, const std::string& what) {
  if (!ok) violated(what);
}

class WorkDirectory {
 public:
  WorkDirectory() {
    std::string pattern = (fs::temp_directory_path() / "ccdf-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::perror("ccdf-fuzz: mkdtemp");
      std::abort();
    }
    path_ = pattern;
  }
  ~WorkDirectory() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes bytes to <work>/<name> (creating folders); a failure here is the harness's, not the
// loader's, so it aborts.
std::string writeFile(const std::string& name, const void* data, size_t size) {
  const fs::path path = fs::path(workDirectory()) / name;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), std::streamsize(size));
  out.close();
  if (!out) violated("cannot write the harness file " + path.string());
  return path.string();
}

std::string writeFile(const std::string& name, const std::string& bytes) {
  return writeFile(name, bytes.data(), bytes.size());
}

// A fresh, empty folder <work>/<name>.
std::string freshFolder(const std::string& name) {
  const fs::path path = fs::path(workDirectory()) / name;
  std::error_code ec;
  fs::remove_all(path, ec);
  fs::create_directories(path, ec);
  if (ec) violated("cannot create the harness folder " + path.string());
  return path.string();
}

// Runs a load and turns the documented exceptions into a rejection. Every loader documents one
// line per failure: a multi-line message (a libtorch error with its backtrace, say) is a finding.
template <typename F>
Result guarded(F&& load) {
  initialise();
  Result r;
  try {
    load();
    r.accepted = true;
  } catch (const std::exception& e) {
    r.message = e.what();
  }
  const size_t line = r.message.find('\n');
  require(line == std::string::npos,
          "the error is not one line: " + r.message.substr(0, std::min<size_t>(line, 300)));
  return r;
}

// ---- contract checks on accepted results ----------------------------------------------------

bool allFinite(const torch::Tensor& t) {
  if (t.is_complex()) return torch::isfinite(torch::view_as_real(t)).all().item<bool>();
  return torch::isfinite(t).all().item<bool>();
}

std::string shapeOf(const torch::Tensor& t) { return c10::str(t.sizes()); }

// float32 [1, C, H, W] in [0, 1], C = 1 or 3 (or exactly `channels` when 1 or 3 was asked).
void checkUnitImage(const torch::Tensor& t, int64_t channels, int64_t maxPixels,
                    const std::string& what) {
  require(t.defined(), what + ": no image");
  require(t.scalar_type() == torch::kFloat, what + ": not float32");
  require(t.dim() == 4 && t.size(0) == 1 && (t.size(1) == 1 || t.size(1) == 3) && t.size(2) > 0 &&
              t.size(3) > 0,
          what + ": shape " + shapeOf(t) + " is not [1, 1|3, H, W]");
  require(
      channels == 0 || t.size(1) == channels,
      what + ": " + std::to_string(t.size(1)) + " channels, asked for " + std::to_string(channels));
  require(t.size(2) * t.size(3) <= maxPixels, what + ": more pixels than the limit");
  require(allFinite(t), what + ": non-finite values");
  require(t.min().item<float>() >= 0.0f && t.max().item<float>() <= 1.0f,
          what + ": values outside [0, 1]");
}

void checkBinary(const torch::Tensor& m, const std::string& what) {
  require(m.scalar_type() == torch::kFloat, what + ": not float32");
  require(((m == 0) | (m == 1)).all().item<bool>(), what + ": values other than 0 and 1");
}

// complex64 [coils, H, W]; mask float [H, W] in {0, 1} when present; slice within the file.
void checkKspace(const KspaceData& d, const std::string& format) {
  const std::string what = "loadKspace (" + format + ")";
  require(d.format == format, what + ": format '" + d.format + "'");
  const torch::Tensor& k = d.kspace;
  require(k.defined() && k.scalar_type() == torch::kComplexFloat, what + ": not complex64");
  require(k.dim() == 3 && k.size(0) > 0 && k.size(1) > 0 && k.size(2) > 0,
          what + ": shape " + shapeOf(k) + " is not [coils, H, W]");
  require(k.numel() <= (int64_t(1) << 28), what + ": more than 2^28 elements");
  require(d.slices >= 1 && d.slice >= 0 && d.slice < d.slices,
          what + ": slice " + std::to_string(d.slice) + " of " + std::to_string(d.slices));
  if (d.mask.defined()) {
    require(d.mask.dim() == 2 && d.mask.size(0) == k.size(1) && d.mask.size(1) == k.size(2),
            what + ": mask shape " + shapeOf(d.mask) + " for k-space " + shapeOf(k));
    checkBinary(d.mask, what + " mask");
  }
  if (d.reference.defined())
    require(d.reference.dim() == 2 && d.reference.scalar_type() == torch::kFloat,
            what + ": reference shape " + shapeOf(d.reference));
}

// ---- PNG checksums ---------------------------------------------------------------------------

uint32_t be32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

// Recomputes the CRC of every complete chunk, so that mutated chunks pass the project's
// structure check and reach libpng.
void fixPngChecksums(std::string& b) {
  if (b.size() < 8 || std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) != 0) return;
  auto* p = reinterpret_cast<unsigned char*>(b.data());
  size_t i = 8;
  while (i + 12 <= b.size()) {
    const uint32_t len = be32(p + i);
    if (len > b.size() - i - 12) return;
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), p + i + 4, uInt(len + 4));
    for (int k = 0; k < 4; ++k)
      p[i + 8 + len + k] = static_cast<unsigned char>(crc >> (24 - 8 * k));
    if (std::memcmp(p + i + 4, "IEND", 4) == 0) return;
    i += 12 + len;
  }
}

// Byte 0 of an image input: extension (bits 0-1), PNG checksum repair (bit 2) and the channels
// asked for (bits 3-4: 0 keep, 1 grey, 2 RGB, 3 keep).
struct ImageInput {
  std::string path;
  ImageLoadOptions options;
};

ImageInput writeImageInput(const std::string& stem, const uint8_t* data, size_t size) {
  static const char* const extensions[] = {".png", ".jpg", ".tif", ".bmp"};
  const uint8_t mode = data[0];
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode & kFixPngChecksums) fixPngChecksums(bytes);
  ImageInput in;
  in.path = writeFile(stem + extensions[mode & 3], bytes);
  static const int64_t channels[] = {0, 1, 3, 0};
  in.options.channels = channels[(mode >> 3) & 3];
  in.options.maxPixels = kFuzzMaxPixels;
  return in;
}

Result rejectEmpty() { return Result{false, "empty input"}; }

// The tiny UNet the safetensors target loads weights into (its architecture is the fixture's).
UNetConfig tinyUnetConfig() {
  UNetConfig c;
  c.baseChannels = 4;
  c.headChannels = 4;
  c.channelMultipliers = {1, 2};
  c.resBlocksPerLevel = 1;
  c.attentionDownsampling = {};
  c.middleAttention = false;
  c.dropout = 0.0;
  c.learnedVariance = false;
  return c;
}

// The model folder exported for the fixture UNet, once per process.
struct ExportedUnet {
  std::string weights;   // bytes of weights.safetensors
  std::string manifest;  // manifest.json text
};

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const ExportedUnet& exportedUnet() {
  static const ExportedUnet exported = [] {
    UNet net(tinyUnetConfig());
    {
      torch::NoGradGuard noGrad;
      for (auto& p : net->parameters()) p.fill_(0.01);
    }
    const std::string dir = (fs::path(workDirectory()) / "unet-export").string();
    TrainerOptions o;
    o.outputDirectory = dir;
    o.modelName = "fuzz-unet";
    o.dataSource = "constant weights (fuzz fixture)";
    o.resolution = 16;
    o.fp16Weights = true;
    exportUnetModel(net, NoiseSchedule::vpLinear(), o, nlohmann::json::object());
    ExportedUnet e{readAll(dir + "/weights.safetensors"), readAll(dir + "/manifest.json")};
    std::error_code ec;
    fs::remove_all(dir, ec);
    return e;
  }();
  return exported;
}

}  // namespace

const std::string& workDirectory() {
  static WorkDirectory dir;
  return dir.path();
}

// ---- splitting -------------------------------------------------------------------------------

std::vector<std::string> splitInput(const uint8_t* data, size_t size, size_t maxParts) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const size_t n = std::strlen(kSplit);
  std::vector<std::string> parts;
  size_t from = 0;
  while (parts.size() + 1 < maxParts) {
    const size_t at = all.find(kSplit, from);
    if (at == std::string::npos) break;
    parts.push_back(all.substr(from, at - from));
    from = at + n;
  }
  parts.push_back(all.substr(from));  // the last part keeps any further separators
  return parts;
}

std::string joinParts(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? kSplit : "") + parts[i];
  return out;
}

// ---- fixtures --------------------------------------------------------------------------------

namespace fixture {

void writeUnetWeights(const std::string& path) {
  const std::string& bytes = exportedUnet().weights;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), std::streamsize(bytes.size()));
}

std::string unetManifest(const std::string& file, const std::string& sha256) {
  nlohmann::json j = nlohmann::json::parse(exportedUnet().manifest);
  j["weights"] = {{"file", file}, {"sha256", sha256}};
  return j.dump(2) + "\n";
}

void writeTorchScript(const std::string& path) {
  torch::jit::Module m("FuzzDenoiser");
  m.register_parameter("scale", torch::full({1}, 0.5), false);
  m.define(R"JIT(
def forward(self, x, c):
    return x * self.scale + 0.0 * c.view(-1, 1, 1, 1)
)JIT");
  m.save(path);
}

std::string torchScriptManifest(const std::string& file, const std::string& sha256) {
  const nlohmann::json j = {
      {"format", "ccdf-model/1"},
      {"name", "fuzz-torchscript"},
      {"kind", "torchscript"},
      {"description", "TorchScript fuzz fixture"},
      {"licence", "MIT"},
      {"channels", 1},
      {"value_range", {-1.0, 1.0}},
      {"resolution", 0},
      {"fully_convolutional", true},
      {"size_multiple", 1},
      {"schedule",
       {{"type", "vp-linear"}, {"N", 1000}, {"beta_start", 0.0001}, {"beta_end", 0.02}}},
      {"prediction", "eps"},
      {"conditioning", "index1000"},
      {"learned_variance", false},
      {"weights", {{"file", file}, {"sha256", sha256}}}};
  return j.dump(2) + "\n";
}

void writeMriInputImage(const std::string& path) {
  const torch::Tensor ramp = torch::linspace(0.0, 1.0, kMriInputSize * kMriInputSize)
                                 .view({1, 1, kMriInputSize, kMriInputSize});
  saveImage(path, ramp, 8);
}

}  // namespace fixture

// ---- initialisation --------------------------------------------------------------------------

namespace {
std::string modelFolder() { return (fs::path(workDirectory()) / "model").string(); }
std::string mriInputImage() { return (fs::path(workDirectory()) / "mri-input.png").string(); }
}  // namespace

void initialise() {
  static std::once_flag once;
  std::call_once(once, [] {
    spdlog::set_level(spdlog::level::off);
    torch::set_num_threads(1);
    fs::create_directories(modelFolder());
    fixture::writeUnetWeights(modelFolder() + "/weights.safetensors");
    fixture::writeTorchScript(modelFolder() + "/model.pt");
    fixture::writeMriInputImage(mriInputImage());
  });
}

// ---- images ----------------------------------------------------------------------------------

Result fuzzImage(const uint8_t* data, size_t size) {
  if (size < 1) return rejectEmpty();
  initialise();
  const ImageInput in = writeImageInput("image", data, size);
  return guarded([&] {
    const InputImage image = loadInputImage(in.path, -1, in.options);
    checkUnitImage(image.image, in.options.channels, in.options.maxPixels, "loadInputImage");
    require(image.bitDepth == 8 || image.bitDepth == 16, "loadInputImage: bit depth");
  });
}

Result fuzzMaskPng(const uint8_t* data, size_t size) {
  if (size < 1) return rejectEmpty();
  initialise();
  const ImageInput in = writeImageInput("mask", data, size);
  return guarded([&] {
    const torch::Tensor mask = loadMask(in.path, in.options);
    require(mask.dim() == 4 && mask.size(0) == 1 && mask.size(1) == 1,
            "loadMask: shape " + shapeOf(mask));
    checkBinary(mask, "loadMask");
  });
}

Result fuzzMaskNpy(const uint8_t* data, size_t size) {
  initialise();
  const std::string path = writeFile("mask.npy", data, size);
  return guarded([&] {
    MriInputOptions o;
    o.input = mriInputImage();
    o.maskFile = path;
    const MriInput in = prepareMriInput(o);
    require(in.maskSource == "file", "prepareMriInput: mask source " + in.maskSource);
    require(in.mask.dim() == 2 && in.mask.size(0) == fixture::kMriInputSize &&
                in.mask.size(1) == fixture::kMriInputSize,
            "prepareMriInput: mask shape " + shapeOf(in.mask));
    checkBinary(in.mask, "prepareMriInput mask");
  });
}

// ---- DICOM -----------------------------------------------------------------------------------

namespace {
void checkDicomImage(const InputImage& image) {
  require(image.isDicom, "loadInputImage: DICOM input not marked as DICOM");
  checkUnitImage(image.image, 0, ImageLoadOptions{}.maxPixels, "loadInputImage (DICOM)");
  require(std::isfinite(image.valueMin) && std::isfinite(image.valueMax) &&
              image.valueMax > image.valueMin,
          "loadInputImage (DICOM): value range");
  require(image.frames >= 1 && image.frame >= 0 && image.frame < image.frames,
          "loadInputImage (DICOM): frame index");
}
}  // namespace

Result fuzzDicom(const uint8_t* data, size_t size) {
  initialise();
  const std::string path = writeFile("image.dcm", data, size);
  return guarded([&] { checkDicomImage(loadInputImage(path)); });
}

Result fuzzDicomSeries(const uint8_t* data, size_t size) {
  initialise();
  const std::vector<std::string> parts = splitInput(data, size, 4);
  const std::string folder = freshFolder("series");
  for (size_t i = 0; i < parts.size(); ++i)
    writeFile("series/slice" + std::to_string(i) + ".dcm", parts[i]);
  return guarded([&] { checkDicomImage(loadInputImage(folder)); });
}

// ---- k-space ---------------------------------------------------------------------------------

Result fuzzFastMri(const uint8_t* data, size_t size) {
  initialise();
  const std::string path = writeFile("fastmri.h5", data, size);
  return guarded([&] {
    const KspaceData d = loadKspace(path);
    checkKspace(d, d.format == "ismrmrd" ? "ismrmrd" : "fastmri");
  });
}

Result fuzzIsmrmrd(const uint8_t* data, size_t size) {
  initialise();
  const std::string path = writeFile("ismrmrd.h5", data, size);
  return guarded([&] {
    const KspaceData d = loadKspace(path);
    checkKspace(d, d.format == "fastmri" ? "fastmri" : "ismrmrd");
  });
}

Result fuzzCfl(const uint8_t* data, size_t size) {
  initialise();
  const std::vector<std::string> parts = splitInput(data, size, 2);
  if (parts.size() != 2) return Result{false, "needs a .hdr and a .cfl part"};
  writeFile("bart.hdr", parts[0]);
  const std::string cfl = writeFile("bart.cfl", parts[1]);
  const std::string base = cfl.substr(0, cfl.size() - 4);
  Result r = guarded([&] { checkKspace(loadKspace(cfl), "cfl"); });
  // The generic reader must agree: whatever loadKspace takes, readCfl takes.
  const Result raw = guarded([&] {
    const torch::Tensor t = readCfl(base);
    require(t.scalar_type() == torch::kComplexFloat && t.numel() > 0, "readCfl: result");
  });
  require(raw.accepted || !r.accepted, "readCfl refused what loadKspace read: " + raw.message);
  return r;
}

Result fuzzNpy(const uint8_t* data, size_t size) {
  initialise();
  const std::string path = writeFile("kspace.npy", data, size);
  return guarded([&] { checkKspace(loadKspace(path), "npy"); });
}

// ---- models ----------------------------------------------------------------------------------

namespace {
void checkModel(const LoadedModel& m) {
  require(m.denoiser != nullptr, "loadModel: no denoiser");
  require(m.info.channels >= 1 && m.info.channels <= 4, "loadModel: channels");
  require(m.info.valueMax > m.info.valueMin, "loadModel: value range");
  require(m.denoiser->schedule().size() >= 1, "loadModel: empty schedule");
}
}  // namespace

Result fuzzManifest(const uint8_t* data, size_t size) {
  initialise();
  writeFile("model/manifest.json", data, size);
  return guarded([&] { checkModel(loadModel(modelFolder(), {}, torch::kCPU)); });
}

Result fuzzSafetensors(const uint8_t* data, size_t size) {
  initialise();
  const std::string path = writeFile("weights.safetensors", data, size);
  static UNet net(tinyUnetConfig());
  return guarded([&] {
    const NamedTensors tensors = readSafetensors(path);
    for (const auto& [name, t] : tensors) require(t.defined(), "readSafetensors: '" + name + "'");
    try {
      loadIntoModule(*net, tensors, path);  // its refusals are not the reader's
    } catch (const std::exception&) {
    }
  });
}

Result fuzzTorchScript(const uint8_t* data, size_t size) {
  initialise();
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  writeFile("torchscript/model.pt", bytes);
  writeFile("torchscript/manifest.json",
            fixture::torchScriptManifest("model.pt", sha256Hex(bytes)));
  const std::string folder = (fs::path(workDirectory()) / "torchscript").string();
  return guarded([&] { checkModel(loadModel(folder, {}, torch::kCPU)); });
}

Result fuzzTfjs(const uint8_t* data, size_t size) {
  initialise();
  const std::vector<std::string> parts = splitInput(data, size, 5);
  freshFolder("tfjs");
  const std::string json = writeFile("tfjs/model.json", parts[0]);
  for (size_t i = 1; i < parts.size(); ++i)
    writeFile("tfjs/shard" + std::to_string(i) + ".bin", parts[i]);
  return guarded([&] {
    const auto model = loadTfjsLayersModel(json);
    require(model != nullptr, "loadTfjsLayersModel: no model");
    require(model->info().parameterCount >= 0 && model->info().weightBytes >= 0,
            "loadTfjsLayersModel: counts");
  });
}

// ---- registry --------------------------------------------------------------------------------

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"image", fuzzImage, 64 << 10,
       "byte 0: extension / PNG CRC repair / channels; rest: the file -> loadInputImage"},
      {"mask_png", fuzzMaskPng, 16 << 10, "byte 0 as for image; rest: the mask file -> loadMask"},
      {"mask_npy", fuzzMaskNpy, 4 << 10,
       ".npy mask for an 8x8 image input -> prepareMriInput (--mask FILE.npy)"},
      {"dicom", fuzzDicom, 16 << 10, "one .dcm file -> loadInputImage (readDicom)"},
      {"dicom_series", fuzzDicomSeries, 32 << 10,
       "up to 4 slices separated by the split token -> loadInputImage(folder)"},
      {"fastmri", fuzzFastMri, 64 << 10, "a fastMRI .h5 file -> loadKspace"},
      {"ismrmrd", fuzzIsmrmrd, 64 << 10, "an ISMRMRD .h5 file -> loadKspace"},
      {"cfl", fuzzCfl, 16 << 10, ".hdr, split token, .cfl -> loadKspace and readCfl"},
      {"npy", fuzzNpy, 16 << 10, "a k-space .npy file -> loadKspace"},
      {"manifest", fuzzManifest, 16 << 10,
       "manifest.json beside fixed weights.safetensors and model.pt -> loadModel"},
      {"safetensors", fuzzSafetensors, 64 << 10, "weights -> readSafetensors, loadIntoModule"},
      {"torchscript", fuzzTorchScript, 32 << 10,
       "the .pt file of a torchscript model (manifest with its SHA-256) -> loadModel"},
      {"tfjs", fuzzTfjs, 32 << 10,
       "model.json, then shard1.bin .. shard4.bin, split token between -> loadTfjsLayersModel"},
#ifdef CCDF_FUZZ_HAVE_GUI
      {"run_settings", fuzzRunSettings, 4 << 10,
       "the GUI's run-settings JSON -> RunSettings::fromJson, problem, command lines"},
#endif
  };
  return all;
}

const Target* findTarget(const std::string& name) {
  for (const Target& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace ccdf::fuzz
