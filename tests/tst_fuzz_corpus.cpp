// The fuzz corpora in the normal test suite (docs/FUZZING.md):
//  * every fuzz target's seeds (fuzz/seeds.cpp) are written to <build>/fuzz-seeds/<target>/ for
//    bench/fuzz.sh, and every seed must be accepted by its target's loader;
//  * every file in tests/data/fuzz/<target>/ (inputs the fuzzer once crashed on, minimised) is
//    replayed twice: it must return, and its suffix says what the loader must do with it —
//    ".reject" (refused with an exception), ".accept" (loaded) or ".any" (either);
//  * every prefix of every seed (truncated files) must be handled without a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "fuzz/seeds.h"
#include "fuzz/targets.h"

// LeakSanitizer (the ASan build): when opening a damaged dataset fails, libhdf5 1.10.8 keeps
// the objects it had read (H5D_open), cannot shut down at exit ("infinite loop closing library")
// and everything it still holds is reported as leaked. Damaged HDF5 files are what this test
// feeds it; tst_kspace_io checks the readers' own handles without this suppression.
extern "C" const char* __lsan_default_suppressions() { return "leak:libhdf5_serial.so\n"; }

namespace fs = std::filesystem;
using ccdf::fuzz::Result;
using ccdf::fuzz::Target;

namespace {

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Result run(const Target& target, const std::string& bytes) {
  return target.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::vector<fs::path> filesIn(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

fs::path seedFolder(const Target& t) { return fs::path(CCDF_BINARY_DIR) / "fuzz-seeds" / t.name; }
fs::path regressionFolder(const std::string& name) {
  return fs::path(CCDF_SOURCE_DIR) / "tests" / "data" / "fuzz" / name;
}

std::vector<const Target*> allTargets() {
  std::vector<const Target*> all;
  for (const Target& t : ccdf::fuzz::targets()) all.push_back(&t);
  return all;
}

class FuzzTarget : public ::testing::TestWithParam<const Target*> {};

std::string targetName(const ::testing::TestParamInfo<const Target*>& info) {
  return info.param->name;
}

TEST_P(FuzzTarget, SeedsAreWrittenAndAccepted) {
  const Target& t = *GetParam();
  const fs::path folder = seedFolder(t);
  std::error_code ec;
  fs::remove_all(folder, ec);
  const std::vector<std::string> seeds = ccdf::fuzz::writeSeeds(t.name, folder.string());
  ASSERT_FALSE(seeds.empty());
  for (const std::string& path : seeds) {
    const std::string bytes = readFile(path);
    EXPECT_LE(bytes.size(), t.maxLen) << path << " is longer than the target's -max_len";
    const Result r = run(t, bytes);
    EXPECT_TRUE(r.accepted) << path << " was refused: " << r.message;
  }
}

TEST_P(FuzzTarget, TruncatedSeedsAreHandled) {
  const Target& t = *GetParam();
  const std::vector<std::string> seeds = ccdf::fuzz::writeSeeds(t.name, seedFolder(t).string());
  size_t refused = 0, tried = 0;
  for (const std::string& path : seeds) {
    const std::string bytes = readFile(path);
    for (size_t k = 0; k < 8; ++k) {
      const Result r = run(t, bytes.substr(0, bytes.size() * k / 8));
      ++tried;
      refused += r.accepted ? 0 : 1;
    }
  }
  // The empty and most short prefixes are not valid inputs of any format.
  EXPECT_GT(refused, tried / 2) << t.name;
}

TEST_P(FuzzTarget, CrashRegressionsAreReplayed) {
  const Target& t = *GetParam();
  for (const fs::path& path : filesIn(regressionFolder(t.name))) {
    const std::string ext = path.extension().string();
    if (ext == ".md") continue;
    ASSERT_TRUE(ext == ".reject" || ext == ".accept" || ext == ".any")
        << path << ": name regression inputs *.reject, *.accept or *.any";
    // Twice, as libFuzzer's leak check runs an input: one crash needed a second read in the
    // same process. Each run must return (no crash, no sanitizer report).
    for (int k = 0; k < 2; ++k) {
      const Result r = run(t, readFile(path));
      if (ext == ".reject") EXPECT_FALSE(r.accepted) << path << " was loaded";
      if (ext == ".accept") EXPECT_TRUE(r.accepted) << path << " was refused: " << r.message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fuzz, FuzzTarget, ::testing::ValuesIn(allTargets()), targetName);

// Every folder of tests/data/fuzz names a target of this build (or one only built with the GUI).
TEST(FuzzCorpus, RegressionFoldersNameTargets) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(regressionFolder(""), ec)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(ccdf::fuzz::findTarget(name) || name == "run_settings") << name;
  }
}

TEST(FuzzCorpus, SplitAndJoinAreInverse) {
  using ccdf::fuzz::joinParts;
  using ccdf::fuzz::splitInput;
  const std::vector<std::string> parts{"# Dimensions\n2 2\n", "", std::string("\0\1\2", 3)};
  const std::string joined = joinParts(parts);
  const auto* data = reinterpret_cast<const uint8_t*>(joined.data());
  EXPECT_EQ(splitInput(data, joined.size(), 8), parts);
  // At most maxParts: the last part keeps the remaining separators.
  const auto two = splitInput(data, joined.size(), 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0], parts[0]);
  EXPECT_EQ(two[1], joinParts({parts[1], parts[2]}));
  EXPECT_EQ(splitInput(nullptr, 0, 3), std::vector<std::string>{""});
}

}  // namespace
