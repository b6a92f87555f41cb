// runIsolated (util/isolated_call.h): the child's outcome comes back as a value and nothing the
// child does (crash, hang, unbounded allocation, writes to memory) reaches this process.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <vector>

#include "util/isolated_call.h"

using ccdf::IsolatedOutcome;
using ccdf::runIsolated;
using Kind = IsolatedOutcome::Kind;

TEST(Isolation, FinishedWorkLeavesThisProcessUntouched) {
  int value = 1;
  const IsolatedOutcome out = runIsolated([&] {
    EXPECT_TRUE(ccdf::inIsolatedChild());
    value = 2;  // the child's copy
  });
  EXPECT_EQ(out.kind, Kind::Finished);
  EXPECT_EQ(value, 1);
  EXPECT_FALSE(ccdf::inIsolatedChild());
}

TEST(Isolation, AnExceptionComesBackAsOneLine) {
  const IsolatedOutcome out =
      runIsolated([] { throw std::invalid_argument("bad header\nsecond line"); });
  EXPECT_EQ(out.kind, Kind::Threw);
  EXPECT_EQ(out.message, "bad header second line");
}

TEST(Isolation, ACrashIsReportedWithItsSignal) {
  const IsolatedOutcome out = runIsolated([] { std::raise(SIGSEGV); });
  ASSERT_EQ(out.kind, Kind::Crashed);
  // Sanitizer runtimes turn the SIGSEGV into their own report and abort or exit.
  EXPECT_NE(out.describe().find("crashed"), std::string::npos) << out.describe();
  EXPECT_FALSE(out.describe().empty());
}

TEST(Isolation, AnAllocationBeyondTheAllowanceIsOutOfMemory) {
  if (!ccdf::addressSpaceCapApplies())
    GTEST_SKIP() << "ASan's and TSan's allocators hand out address space reserved at start-up, "
                    "so no address-space cap can bite; runIsolated does not set one under them";
  ccdf::IsolationLimits limits;
  limits.extraAddressSpace = uint64_t(256) << 20;
  const IsolatedOutcome out = runIsolated(
      [] {
        std::vector<char> huge(size_t(8) << 30);  // 8 GiB against a 256 MiB allowance
        huge[12345] = 1;
      },
      limits);
  EXPECT_EQ(out.kind, Kind::OutOfMemory) << out.describe();
}

TEST(Isolation, AHangIsKilledAtTheTimeout) {
  ccdf::IsolationLimits limits;
  limits.timeoutSeconds = 0.5;
  const auto start = std::chrono::steady_clock::now();
  const IsolatedOutcome out = runIsolated([] { sleep(60); }, limits);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(out.kind, Kind::TimedOut);
  EXPECT_LT(seconds, 10.0);
}

TEST(Isolation, CanBeTurnedOffForFuzzers) {
  EXPECT_TRUE(ccdf::processIsolationEnabled());
  ccdf::setProcessIsolationEnabled(false);
  EXPECT_FALSE(ccdf::processIsolationEnabled());
  ccdf::setProcessIsolationEnabled(true);
  // Inside a child there is nothing more to isolate: nested calls run in place.
  const IsolatedOutcome out = runIsolated([] {
    if (ccdf::processIsolationEnabled()) throw std::runtime_error("isolation would nest");
  });
  EXPECT_EQ(out.kind, Kind::Finished) << out.describe();
}
