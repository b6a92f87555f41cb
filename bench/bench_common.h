#pragma once
// Helpers shared by the benchmarks and study executables: wall clock, medians, peak RSS, and two
// side-by-side measurements interleaved round by round so that both sides see the same machine
// state: engine overhead (stand-alone forwards against a run) and a batched t0 sweep against the
// same chains run one by one.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "ccdf/run.h"
#include "ccdf/sweep.h"

namespace ccdf::bench {

using Clock = std::chrono::steady_clock;

inline double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

inline double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Peak resident set size of this process so far (getrusage), in MiB.
inline double peakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}

// Median wall time of f() over `repeats` calls, after one warm-up call.
template <typename F>
double timeMedian(int repeats, F&& f) {
  std::vector<double> t;
  f();  // warm-up
  for (int r = 0; r < repeats; ++r) {
    const auto a = Clock::now();
    f();
    t.push_back(seconds(a, Clock::now()));
  }
  return median(t);
}

struct OverheadResult {
  double forwardSeconds = 0;  // median over rounds of the mean of `forwardsPerRound` forwards
  double runSeconds = 0;      // median over rounds of one run
  int64_t nfe = 0;            // network calls of one run
  double ratio() const { return runSeconds / (double(nfe) * forwardSeconds); }
};

// Engine overhead: `rounds` rounds (after one warm-up round) of `forwardsPerRound` stand-alone
// forwards followed by one run; `run()` performs the run and returns its NFE.
template <typename Forward, typename Run>
OverheadResult measureEngineOverhead(int rounds, int forwardsPerRound, Forward&& forward,
                                     Run&& run) {
  std::vector<double> forwards, runs;
  OverheadResult result;
  for (int r = 0; r < rounds + 1; ++r) {
    auto a = Clock::now();
    for (int k = 0; k < forwardsPerRound; ++k) forward();
    const double f = seconds(a, Clock::now()) / forwardsPerRound;
    a = Clock::now();
    result.nfe = run();
    const double t = seconds(a, Clock::now());
    if (r > 0) forwards.push_back(f), runs.push_back(t);  // round 0 is a warm-up
  }
  result.forwardSeconds = median(forwards);
  result.runSeconds = median(runs);
  return result;
}

struct SweepComparison {
  double sweepSeconds = 0;       // median over rounds of one batched runCcdfSweep
  double sequentialSeconds = 0;  // median over rounds of one runCcdf per chain
  int64_t sweepCalls = 0;        // batched network calls of the sweep
  int64_t sequentialCalls = 0;   // network calls of the separate runs
  std::vector<SweepChain> chains;
  double ratio() const { return sweepSeconds / sequentialSeconds; }
};

// `rounds` rounds after one warm-up round; each chain's separate run uses the t0 and step count
// the sweep gave it (options.steps is the step count of a t0 = 1 chain).
inline SweepComparison compareSweepWithSequential(const Problem& problem, Denoiser& denoiser,
                                                  Sampler& sampler, const std::vector<double>& t0s,
                                                  const RunOptions& options, int rounds) {
  SweepComparison c;
  std::vector<double> sweepTimes, sequentialTimes;
  for (int r = 0; r <= rounds; ++r) {
    auto a = Clock::now();
    const SweepResult sweep = runCcdfSweep(problem, denoiser, sampler, t0s, options);
    const double sweepSeconds = seconds(a, Clock::now());
    a = Clock::now();
    int64_t nfe = 0;
    for (const SweepChain& chain : sweep.chains) {
      RunOptions single = options;
      single.t0 = chain.t0;
      single.steps = chain.steps;
      nfe += runCcdf(problem, denoiser, sampler, single).nfe;
    }
    const double sequentialSeconds = seconds(a, Clock::now());
    c.sweepCalls = sweep.networkCalls;
    c.sequentialCalls = nfe;
    c.chains = sweep.chains;
    if (r > 0) sweepTimes.push_back(sweepSeconds), sequentialTimes.push_back(sequentialSeconds);
  }
  c.sweepSeconds = median(sweepTimes);
  c.sequentialSeconds = median(sequentialTimes);
  return c;
}

}  // namespace ccdf::bench
