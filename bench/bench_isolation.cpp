// What reading a file in a child process first costs (core/util/isolated_call.h): loadKspace of a
// fastMRI-shaped multi-coil HDF5 file with and without the child, interleaved round by round, and
// a bare fork + wait from a process that holds `--resident-mib` of touched memory (fork copies
// page tables, so its cost grows with the parent's size).
//
//   bench_isolation [--slices 8] [--coils 15] [--height 640] [--width 368] [--repeats 7]
//                   [--resident-mib 2048] [--dir /tmp]
#include <hdf5.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_common.h"
#include "io/kspace_io.h"
#include "util/isolated_call.h"

namespace {

using ccdf::bench::Clock;
using ccdf::bench::seconds;

// fastMRI layout: "kspace" = compound {r, i} float32, [slices, coils, H, W].
void writeFastMri(const std::string& path, const std::vector<hsize_t>& dims) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t type = H5Tcreate(H5T_COMPOUND, 8);
  H5Tinsert(type, "r", 0, H5T_NATIVE_FLOAT);
  H5Tinsert(type, "i", 4, H5T_NATIVE_FLOAT);
  const hid_t space = H5Screate_simple(int(dims.size()), dims.data(), nullptr);
  const hid_t set = H5Dcreate2(file, "kspace", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  size_t n = 1;
  for (hsize_t d : dims) n *= d;
  std::vector<float> values(2 * n);
  for (size_t i = 0; i < values.size(); ++i) values[i] = float((i * 2654435761u) % 1000) / 1000.f;
  H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Dclose(set);
  H5Sclose(space);
  H5Tclose(type);
  H5Fclose(file);
}

}  // namespace

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
  writeFastMri(path, {hsize_t(slices), hsize_t(coils), hsize_t(height), hsize_t(width)});
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
