#pragma once
// libFuzzer targets for every loader the project owns or wraps (docs/FUZZING.md). Each target
// writes the fuzz input to a private temporary file (or several: see splitInput) with the right
// name, calls the project's loader and catches what the loader is documented to throw
// (std::exception, which covers IoError, std::runtime_error, std::invalid_argument and
// c10::Error). Anything else is a finding: a crash, a sanitizer report, a hang, an exception of
// another type (it escapes and terminates), or a loaded result that breaks the loader's documented
// contract (checked here; a violation prints one line and aborts).
//
// The targets are a plain library (ccdf_fuzz_targets): the libFuzzer executables fuzz_<name>
// (CCDF_FUZZ=ON) call them, and tests/tst_fuzz_corpus.cpp replays the seed corpora and the crash
// regressions of tests/data/fuzz/<name>/ through them in the normal test suite.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ccdf::fuzz {

struct Result {
  bool accepted = false;  // the loader returned normally (and its result passed the checks)
  std::string message;    // the exception's text when rejected
};

using TargetFunction = Result (*)(const uint8_t* data, size_t size);

struct Target {
  const char* name;         // fuzz_<name>, tests/data/fuzz/<name>/, fuzz-seeds/<name>/
  TargetFunction run;       //
  size_t maxLen;            // -max_len for libFuzzer
  const char* description;  // what the input is and which loader it reaches
};

// Every target of this build (run_settings only when the GUI library is built).
const std::vector<Target>& targets();
const Target* findTarget(const std::string& name);

// Once per process (called by every target, idempotent): silences library logging, one torch
// thread, and writes the fixed fixture files some targets need beside the fuzzed one.
void initialise();

// Multi-file inputs (BART .hdr + .cfl, TF.js model.json + shards, DICOM series) are one fuzz
// input whose parts are separated by kSplit; the separator is in the dictionary (fuzz/dicts/).
extern const char kSplit[];
std::vector<std::string> splitInput(const uint8_t* data, size_t size, size_t maxParts);
std::string joinParts(const std::vector<std::string>& parts);

// Image targets: the first input byte chooses how the rest is written (see fuzzImage).
enum ImageMode : uint8_t {
  kPng = 0,
  kJpeg = 1,
  kTiff = 2,
  kBmp = 3,
  kFixPngChecksums = 4,  // recompute every PNG chunk CRC, so mutations reach libpng
};

// The individual targets.
Result fuzzImage(const uint8_t* data, size_t size);        // byte 0: mode; rest: the file
Result fuzzMaskPng(const uint8_t* data, size_t size);      // byte 0: mode; rest: the mask file
Result fuzzMaskNpy(const uint8_t* data, size_t size);      // a .npy mask for an 8x8 MRI input
Result fuzzDicom(const uint8_t* data, size_t size);        // one .dcm file
Result fuzzDicomSeries(const uint8_t* data, size_t size);  // kSplit-separated slices
Result fuzzFastMri(const uint8_t* data, size_t size);      // a fastMRI .h5 file
Result fuzzIsmrmrd(const uint8_t* data, size_t size);      // an ISMRMRD .h5 file
Result fuzzCfl(const uint8_t* data, size_t size);          // .hdr kSplit .cfl
Result fuzzNpy(const uint8_t* data, size_t size);          // a k-space .npy file
Result fuzzManifest(const uint8_t* data, size_t size);     // manifest.json (fixed weights beside)
Result fuzzSafetensors(const uint8_t* data, size_t size);
Result fuzzTorchScript(const uint8_t* data, size_t size);  // the .pt file of a torchscript model
Result fuzzTfjs(const uint8_t* data, size_t size);  // model.json kSplit shard1.bin kSplit ...
Result fuzzRunSettings(const uint8_t* data, size_t size);  // the GUI's run-settings JSON

// Fixed files beside the fuzzed ones (written by initialise() into the work directory; the
// seed writer uses the same functions, so seeds and fuzzer agree on names and checksums).
namespace fixture {
// A tiny UNet's weights (constant values, so the bytes are the same in every process).
void writeUnetWeights(const std::string& path);
// The manifest exportUnetModel writes for those weights, as `file` with SHA-256 `sha256`.
std::string unetManifest(const std::string& file, const std::string& sha256);
// A tiny TorchScript module with forward(x, c), saved by libtorch.
void writeTorchScript(const std::string& path);
std::string torchScriptManifest(const std::string& file, const std::string& sha256);
// The 8x8 grey PNG the .npy mask target uses as its MRI input.
void writeMriInputImage(const std::string& path);
constexpr int64_t kMriInputSize = 8;
}  // namespace fixture

// The private work directory of this process (created on first use, removed at exit).
const std::string& workDirectory();

}  // namespace ccdf::fuzz
