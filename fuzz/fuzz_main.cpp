// The libFuzzer entry point of fuzz_<name>: CCDF_FUZZ_TARGET names the target (targets.h).
#include <cstdio>
#include <cstdlib>

#include "fuzz/targets.h"
#include "util/isolated_call.h"

#ifndef CCDF_FUZZ_TARGET
#error "CCDF_FUZZ_TARGET must name a target"
#endif

namespace {
const ccdf::fuzz::Target* target = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  target = ccdf::fuzz::findTarget(CCDF_FUZZ_TARGET);
  if (!target) {
    std::fprintf(stderr, "no fuzz target '%s'\n", CCDF_FUZZ_TARGET);
    std::abort();
  }
  // bench/fuzz.sh asks for the target's -max_len this way.
  if (const char* info = std::getenv("CCDF_FUZZ_INFO"); info && *info) {
    std::printf("name=%s\nmax_len=%zu\ndescription=%s\n", target->name, target->maxLen,
                target->description);
    std::exit(0);
  }
  // The application reads HDF5 and TorchScript files in a child process first; the fuzzer must
  // see a crash in its own process (and follow its coverage), so it reads them here.
  ccdf::setProcessIsolationEnabled(false);
  ccdf::fuzz::initialise();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  target->run(data, size);
  return 0;
}
