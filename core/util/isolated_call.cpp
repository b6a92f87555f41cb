#include "util/isolated_call.h"

#include <cstring>
#include <fstream>
#include <new>

#if defined(__unix__)
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CCDF_SANITIZER_RUNTIME 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CCDF_SANITIZER_RUNTIME 1
#endif
#endif

namespace ccdf {

namespace {

bool g_inChild = false;
bool g_isolationEnabled = true;

constexpr int kExitThrew = 3;
constexpr int kExitOutOfMemory = 4;
constexpr size_t kMaxMessage = 2048;

std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  if (s.size() > kMaxMessage) s.resize(kMaxMessage);
  return s;
}

#if defined(__unix__)
// Bytes of address space mapped now (VmSize), 0 when unknown.
uint64_t mappedBytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmSize:") {
      uint64_t kib = 0;
      status >> kib;
      return kib * 1024;
    }
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

[[noreturn]] void childMain(const std::function<void()>& work, const IsolationLimits& limits,
                            int reportFd) {
  g_inChild = true;
  if (const uint64_t now = addressSpaceCapApplies() ? mappedBytes() : 0) {
    const rlimit cap{now + limits.extraAddressSpace, now + limits.extraAddressSpace};
    setrlimit(RLIMIT_AS, &cap);
  }
  int code = 0;
  std::string message;
  try {
    work();
  } catch (const std::bad_alloc&) {
    code = kExitOutOfMemory;
  } catch (const std::exception& e) {
    code = kExitThrew;
    message = oneLine(e.what());
  } catch (...) {
    code = kExitThrew;
    message = "unknown exception";
  }
  for (size_t done = 0; done < message.size();) {
    const ssize_t n = write(reportFd, message.data() + done, message.size() - done);
    if (n <= 0) break;
    done += size_t(n);
  }
  _exit(code);
}
#endif

}  // namespace

bool inIsolatedChild() { return g_inChild; }

bool addressSpaceCapApplies() {
#ifdef CCDF_SANITIZER_RUNTIME
  return false;
#else
  return true;
#endif
}
bool processIsolationEnabled() { return g_isolationEnabled && !g_inChild; }
void setProcessIsolationEnabled(bool enabled) { g_isolationEnabled = enabled; }

std::string IsolatedOutcome::describe() const {
  switch (kind) {
    case Kind::Finished:
      return "finished";
    case Kind::Threw:
      return message;
    case Kind::OutOfMemory:
      return "ran out of its memory allowance";
    case Kind::Crashed:
      if (signal == 0) return "crashed (" + message + ")";
      return "crashed with signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    case Kind::TimedOut:
      return message;
  }
  return message;
}

#if defined(__unix__)
IsolatedOutcome runIsolated(const std::function<void()>& work, const IsolationLimits& limits) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const pid_t child = fork();
  if (child < 0) {
    const int err = errno;
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error(std::string("fork: ") + std::strerror(err));
  }
  if (child == 0) {
    close(fds[0]);
    childMain(work, limits, fds[1]);
  }
  close(fds[1]);

  IsolatedOutcome out;
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(int64_t(limits.timeoutSeconds * 1000));
  std::string message;
  bool timedOut = false;
  for (;;) {  // read the report until the child closes its end (it exits) or time runs out
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timedOut = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, int(std::min<int64_t>(left, 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buffer[512];
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (message.size() < kMaxMessage) message.append(buffer, size_t(n));
  }
  close(fds[0]);
  if (timedOut) kill(child, SIGKILL);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (timedOut) {
    out.kind = IsolatedOutcome::Kind::TimedOut;
    out.message = "did not finish within " + std::to_string(int(limits.timeoutSeconds)) + " s";
  } else if (WIFSIGNALED(status)) {
    out.kind = IsolatedOutcome::Kind::Crashed;
    out.signal = WTERMSIG(status);
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    out.kind = IsolatedOutcome::Kind::Finished;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == kExitThrew) {
    out.kind = IsolatedOutcome::Kind::Threw;
    out.message = oneLine(message);
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == kExitOutOfMemory) {
    out.kind = IsolatedOutcome::Kind::OutOfMemory;
  } else {  // a library called exit() itself
    out.kind = IsolatedOutcome::Kind::Crashed;
    out.message = "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return out;
}
#else
IsolatedOutcome runIsolated(const std::function<void()>& work, const IsolationLimits&) {
  IsolatedOutcome out;
  try {
    work();
  } catch (const std::bad_alloc&) {
    out.kind = IsolatedOutcome::Kind::OutOfMemory;
  } catch (const std::exception& e) {
    out.kind = IsolatedOutcome::Kind::Threw;
    out.message = oneLine(e.what());
  }
  return out;
}
#endif

}  // namespace ccdf
