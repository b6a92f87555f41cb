#pragma once
// Runs a piece of parsing in a forked child process, so that a third-party library that crashes,
// hangs or allocates without bound on a damaged file (libhdf5 1.10, libtorch's unpickler; see
// docs/SECURITY.md) takes down the child, not the application. The child's address space is
// capped; its outcome comes back as a value. POSIX only: elsewhere `work` runs in-process.
//
// The child runs `work` and leaves with _exit (no atexit handlers, no destructors of the
// parent's objects). It must not start threads. Callers must make sure no other thread holds a
// lock `work` needs at the moment of the fork (the k-space reader holds its HDF5 lock across
// the call and tells the child that it already owns it).
#include <cstdint>
#include <functional>
#include <string>

namespace ccdf {

struct IsolationLimits {
  // Address space the child may add to what the parent had mapped at the fork. Not applied
  // under AddressSanitizer / ThreadSanitizer: their allocators hand out address space reserved
  // at start-up, so the cap would not bite (their max_allocation_size_mb option does).
  uint64_t extraAddressSpace = uint64_t(6) << 30;
  double timeoutSeconds = 300;  // the child is killed (SIGKILL) after this long
};

struct IsolatedOutcome {
  enum class Kind {
    Finished,     // `work` returned
    Threw,        // `work` threw; `message` is what() (one line)
    OutOfMemory,  // std::bad_alloc, or the capped address space ran out in a library
    Crashed,      // killed by a signal: `signal` says which
    TimedOut,     // killed after timeoutSeconds
  };
  Kind kind = Kind::Finished;
  std::string message;
  int signal = 0;
  // "signal 11 (Segmentation fault)", "timed out after 300 s", ... for error messages.
  std::string describe() const;
};

IsolatedOutcome runIsolated(const std::function<void()>& work, const IsolationLimits& limits = {});

// False in ASan / TSan builds, where IsolationLimits::extraAddressSpace is not applied.
bool addressSpaceCapApplies();

// True in the child of runIsolated while `work` runs (lets code skip locks the parent holds).
bool inIsolatedChild();

// Callers skip the child when this is false. The fuzzers turn it off (once, before any thread
// starts): a crash must happen in their process for them to see it and follow its coverage.
bool processIsolationEnabled();
void setProcessIsolationEnabled(bool enabled);

}  // namespace ccdf
