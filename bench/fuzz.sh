#!/usr/bin/env bash
# Bounded libFuzzer runs of the loaders' fuzz targets (docs/FUZZING.md).
#
#   bench/fuzz.sh [SECONDS_PER_TARGET (default 60)] [TARGET...]     (default: every fuzz_* built)
#
# Needs the fuzz build: cmake -S . -B build-asan -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
#   -DCMAKE_C_COMPILER=clang -DCCDF_SANITIZE=address,undefined -DCCDF_FUZZ=ON \
#   -DCCDF_BUILD_BENCH=OFF && cmake --build build-asan --target fuzzers tst_fuzz_corpus
# (CCDF_FUZZ_BUILD=DIR picks another build folder). Builds nothing itself.
#
# Each target fuzzes for SECONDS_PER_TARGET of wall time, starting from the seeds that
# tst_fuzz_corpus writes into <build>/fuzz-seeds/<target>/ (the test is run first when seeds are
# missing), with -timeout=10 -rss_limit_mb=4096 and the target's own -max_len. New inputs go to
# <build>/fuzz-work/corpus/<target>/ (kept between runs), crashing inputs to
# <build>/fuzz-work/crashes/<target>/ (emptied at the start of the target's run), the output to
# <build>/fuzz-work/logs/<target>.log. libFuzzer stops at the first crash; the run is restarted
# with the time left, so one crash does not end the target's budget. CCDF_FUZZ_CPU=N pins every
# run to CPU N (taskset). The summary (target, executions, exec/s, corpus, crashes) is printed and
# written to docs/results/fuzz.md (CCDF_FUZZ_SUMMARY=FILE writes it elsewhere).
#
# Leak detection is off (ASAN_OPTIONS=detect_leaks=0 and libFuzzer's -detect_leaks=0): libhdf5
# leaks the objects of a failed open of a damaged dataset and then cannot shut down, and libtorch,
# Qt and DCMTK keep process-lifetime caches. allocator_may_return_null=1 lets an impossible
# malloc (more than ASan's 1 TiB) return null as glibc's does, so libhdf5's refusal of absurd
# metadata sizes is seen as the error it is in a release build; allocations the process could
# make (above -malloc_limit_mb = -rss_limit_mb = 4096 MB) are still reported as out-of-memory.
# Set ASAN_OPTIONS to override.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CCDF_FUZZ_BUILD:-$root/build-asan}
seconds=${1:-60}
[[ $# -gt 0 ]] && shift
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
summary=${CCDF_FUZZ_SUMMARY:-$root/docs/results/fuzz.md}
pin=()
[[ -n ${CCDF_FUZZ_CPU:-} ]] && pin=(taskset -c "$CCDF_FUZZ_CPU")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export CCDF_THREADS=1

targets=("$@")
if ((${#targets[@]} == 0)); then
  for exe in "$build"/fuzz/fuzz_*; do
    [[ -x $exe && -f $exe && ${exe##*/} != fuzz_replay ]] && targets+=("${exe##*/fuzz_}")
  done
fi
if ((${#targets[@]} == 0)); then
  echo "bench/fuzz.sh: no fuzz_* executables in $build/fuzz (build the 'fuzzers' target)" >&2
  exit 1
fi
for t in "${targets[@]}"; do
  [[ -x $build/fuzz/fuzz_$t ]] || { echo "bench/fuzz.sh: no $build/fuzz/fuzz_$t" >&2; exit 1; }
done

seeds=$build/fuzz-seeds
missing=0
for t in "${targets[@]}"; do [[ -d $seeds/$t ]] || missing=1; done
if ((missing)); then
  echo "== writing seeds with tst_fuzz_corpus"
  "${pin[@]}" "$build/tests/tst_fuzz_corpus" \
    --gtest_filter='Fuzz/FuzzTarget.SeedsAreWrittenAndAccepted/*' > /dev/null
fi

work=$build/fuzz-work
mkdir -p "$work/logs" "$(dirname "$summary")"
rows=()
total_execs=0
for t in "${targets[@]}"; do
  exe=$build/fuzz/fuzz_$t
  corpus=$work/corpus/$t
  crashes=$work/crashes/$t
  log=$work/logs/$t.log
  mkdir -p "$corpus"
  rm -rf "$crashes" && mkdir -p "$crashes"
  : > "$log"
  max_len=$(CCDF_FUZZ_INFO=1 "$exe" 2>/dev/null | sed -n 's/^max_len=//p' || true)
  if [[ -z $max_len ]]; then
    echo "bench/fuzz.sh: fuzz_$t is not a libFuzzer target of this project" >&2
    exit 1
  fi
  dict=()
  [[ -f $root/fuzz/dicts/$t.dict ]] && dict=(-dict="$root/fuzz/dicts/$t.dict")
  echo "== $t: ${seconds} s, -max_len=$max_len, crashes -> $crashes/"
  start=$(date +%s)
  execs=0 runs=0
  while :; do
    left=$((seconds - ($(date +%s) - start)))
    ((left >= 2)) || break
    runs=$((runs + 1))
    out=$work/logs/$t.run
    set +e
    "${pin[@]}" "$exe" -max_total_time="$left" -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
      -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$crashes/" "${dict[@]}" \
      "$corpus" "$seeds/$t" > "$out" 2>&1
    rc=$?
    set -e
    cat "$out" >> "$log"
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    execs=$((execs + ${n:-0}))
    ((rc == 0)) && break
    # A crash (or a run that could not start): go on with the time left, unless it failed at once.
    grep -q "^==[0-9]*==\|^SUMMARY\|deadly signal\|ccdf-fuzz: contract\|Test unit written" "$out" ||
      { echo "   fuzz_$t failed to run (exit $rc); see $log" >&2; break; }
  done
  rm -f "$work/logs/$t.run"
  elapsed=$(($(date +%s) - start))
  ((elapsed > 0)) || elapsed=1
  units=$(find "$corpus" -type f | wc -l)
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  found=$(find "$crashes" -type f | wc -l)
  kinds=$(find "$crashes" -type f -printf '%f\n' | sed 's/-.*//' | sort | uniq -c |
    awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')
  rate=$((execs / elapsed))
  total_execs=$((total_execs + execs))
  printf '   %s executions in %s s (%s/s), %s run(s), corpus %s (%s new units kept), %s crash input(s)%s\n' \
    "$execs" "$elapsed" "$rate" "$runs" "${corp:-?}" "$units" "$found" "${kinds:+ ($kinds)}"
  rows+=("| $t | $elapsed | $runs | $execs | $rate | ${corp:-?} | $units | $found${kinds:+ ($kinds)} |")
done

{
  echo "# Fuzzing run"
  echo
  echo "Written by \`bench/fuzz.sh $seconds ${targets[*]}\` on $(date -u +%Y-%m-%d) at commit" \
    "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), build \`${build#"$root"/}\`" \
    "(libFuzzer, $(grep -o 'CCDF_SANITIZE:STRING=.*' "$build/CMakeCache.txt" 2>/dev/null |
      cut -d= -f2 || echo '?')), ASAN_OPTIONS=\`$ASAN_OPTIONS\`${CCDF_FUZZ_CPU:+, pinned to CPU $CCDF_FUZZ_CPU}."
  echo "Seconds of wall time per target, including start-up; a run ends early on a crash and is"
  echo "restarted with the time left. \"Corpus\" is libFuzzer's in-memory corpus at the end (seeds"
  echo "that add coverage included), \"kept\" the inputs saved in fuzz-work/corpus/<target>/ over"
  echo "all runs so far. Crash inputs: fuzz-work/crashes/<target>/ (see docs/FUZZING.md)."
  echo
  echo "| target | seconds | runs | executions | exec/s | corpus | kept | crash inputs |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Total: $total_execs executions."
} > "$summary"
echo "== summary: $summary"
