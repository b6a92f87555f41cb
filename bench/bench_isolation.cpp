// What reading a file in a child process first costs (core/util/isolated_call.h): loadKspace of a
// fastMRI-shaped multi-coil HDF5 file with and without the child, interleaved round by round, and
// a bare fork + wait from a process that holds `--resident-mib` of touched memory (fork copies
// page tables, so its cost grows with the parent's size).
//
//   bench_isolation [--slices 8] [--coils 15] [--height 640] [--width 368] [--repeats 7]
//                   [--resident-mib 2048] [--dir /tmp]
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_common.h"
#include "io/kspace_io.h"
#include "support/fixtures/hdf5_fixtures.h"
#include "util/isolated_call.h"

using ccdf::bench::Clock;
using ccdf::bench::seconds;

int main(int argc, char** argv) {
  long slices = 8, coils = 15, height = 640, width = 368, repeats = 7, residentMib = 2048;
  std::string dir = "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--slices")
      slices = std::stol(value);
    else if (key == "--coils")
      coils = std::stol(value);
    else if (key == "--height")
      height = std::stol(value);
    else if (key == "--width")
      width = std::stol(value);
    else if (key == "--repeats")
      repeats = std::stol(value);
    else if (key == "--resident-mib")
      residentMib = std::stol(value);
    else if (key == "--dir")
      dir = value;
    else {
      std::fprintf(stderr, "bench_isolation: unknown option %s\n", key.c_str());
      return 2;
    }
  }
  const std::string path = dir + "/ccdf-bench-isolation.h5";
  {  // fastMRI layout: "kspace" = compound {r, i} float32, [slices, coils, H, W]
    ccdf::test::H5Writer h5(path);
    h5.writeComplex("kspace", torch::randn({slices, coils, height, width}, torch::kComplexFloat));
  }
  const double fileMib = double(std::filesystem::file_size(path)) / (1 << 20);

  std::vector<double> inProcess, isolated;
  for (long r = 0; r <= repeats; ++r) {  // round 0 warms the page cache and is not counted
    for (bool child : {false, true}) {
      ccdf::setProcessIsolationEnabled(child);
      const auto t0 = Clock::now();
      const ccdf::KspaceData d = ccdf::loadKspace(path);
      const double s = seconds(t0, Clock::now());
      if (d.kspace.size(0) != coils) return 1;
      if (r > 0) (child ? isolated : inProcess).push_back(s);
    }
  }
  ccdf::setProcessIsolationEnabled(true);

  // A bare child from a small process, then from one holding residentMib of touched memory.
  const auto forkCost = [&] {
    std::vector<double> t;
    for (long r = 0; r < repeats; ++r) {
      const auto t0 = Clock::now();
      ccdf::runIsolated([] {});
      t.push_back(seconds(t0, Clock::now()));
    }
    return ccdf::bench::median(t);
  };
  const double forkSmall = forkCost();
  std::vector<char> ballast(size_t(residentMib) << 20);
  std::memset(ballast.data(), 1, ballast.size());
  const double forkLarge = forkCost();

  const double a = ccdf::bench::median(inProcess), b = ccdf::bench::median(isolated);
  std::printf("file: fastMRI [%ld, %ld, %ld, %ld] complex64, %.0f MiB; one slice read\n", slices,
              coils, height, width, fileMib);
  std::printf("loadKspace in-process:        median %.1f ms over %ld\n", 1e3 * a, repeats);
  std::printf("loadKspace child first:       median %.1f ms (+%.1f ms, %.2fx)\n", 1e3 * b,
              1e3 * (b - a), b / a);
  std::printf("bare fork + wait:             median %.2f ms (parent peak RSS before ballast)\n",
              1e3 * forkSmall);
  std::printf("bare fork + wait, +%ld MiB:  median %.2f ms (peak RSS %.0f MiB)\n", residentMib,
              1e3 * forkLarge, ccdf::bench::peakRssMiB());
  std::filesystem::remove(path);
  return 0;
}
