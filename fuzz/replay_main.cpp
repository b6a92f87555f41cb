// fuzz_replay TARGET FILE...: runs files through a fuzz target without libFuzzer (any build),
// in this process (no child-process isolation), so it reproduces what the fuzzer saw;
// printing "accepted" or "rejected: <message>" per file. With no FILE, lists the targets.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/targets.h"
#include "util/isolated_call.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fuzz_replay TARGET FILE...\ntargets:\n");
    for (const auto& t : ccdf::fuzz::targets())
      std::fprintf(stderr, "  %-13s %s\n", t.name, t.description);
    return 2;
  }
  const ccdf::fuzz::Target* target = ccdf::fuzz::findTarget(argv[1]);
  if (!target) {
    std::fprintf(stderr, "fuzz_replay: no target '%s'\n", argv[1]);
    return 2;
  }
  // In-process, as the fuzzer ran it: a library crash shows here instead of being contained by
  // the application's child-process reading (util/isolated_call.h).
  ccdf::setProcessIsolationEnabled(false);
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "fuzz_replay: cannot read %s\n", argv[i]);
      return 1;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const ccdf::fuzz::Result r =
        target->run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    std::printf("%s: %s%s\n", argv[i], r.accepted ? "accepted" : "rejected: ", r.message.c_str());
  }
  return 0;
}
