#!/usr/bin/env bash
# Builds the project with sanitizers and runs the whole test suite under them (issue 8).
#
#   scripts/test-sanitizers.sh asan|tsan [ctest args...]
#
# asan: clang, AddressSanitizer + UndefinedBehaviorSanitizer (+ libFuzzer coverage, so the same
#       tree builds the fuzz/ harnesses), build dir build-asan/.
# tsan: clang, ThreadSanitizer, build dir build-tsan/.
# libtorch, Qt, OpenCV, DCMTK and HDF5 come from Debian and are not instrumented (except QtCore
# under tsan, see below); the suppression files in scripts/sanitizers/ list what is silenced in
# them, each entry with its reason.
# Benchmarks are not built. Set CCDF_SANITIZER_CPU=N to pin everything to one CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-}"
shift || true
pin=()
qtcore=""
[[ -n "${CCDF_SANITIZER_CPU:-}" ]] && pin=(taskset -c "$CCDF_SANITIZER_CPU")
sup="$PWD/scripts/sanitizers"
case "$kind" in
  asan)
    dir=build-asan
    flags=(-DCCDF_SANITIZE=address,undefined -DCCDF_FUZZ=ON)
    # Leaks: see lsan.supp. The vptr check needs RTTI of libtorch's classes, which we have.
    # max_allocation_size_mb: see tsan below.
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:max_allocation_size_mb=4096"
    export LSAN_OPTIONS="suppressions=$sup/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$sup/ubsan.supp"
    ;;
  tsan)
    dir=build-tsan
    flags=(-DCCDF_SANITIZE=thread)
    # The damaged TorchScript and HDF5 inputs of tst_fuzz_corpus make libtorch / libhdf5 ask for
    # up to 23 GB in the child that reads them (core/util/isolated_call.h); the child's address
    # space cap does not bite under sanitizer allocators, this per-allocation limit does.
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$sup/tsan.supp:max_allocation_size_mb=4096"
    ;;
  *)
    echo "usage: scripts/test-sanitizers.sh asan|tsan [ctest args...]" >&2
    exit 2
    ;;
esac
scripts/setup.sh --no-build
if ! command -v clang++ >/dev/null || ! dpkg-query -W libclang-rt-14-dev >/dev/null 2>&1; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    clang libclang-rt-14-dev >/dev/null
fi
if [[ "$kind" == tsan ]]; then
  # Debian's QtCore synchronises through futexes TSan cannot see; run against the same QtCore
  # built with TSan instead (its mutexes, event queue and QThread are then visible).
  # Only the tests load it (Debian's moc and rcc, used by the build, are not instrumented).
  "${pin[@]}" scripts/sanitizers/build-qtcore-tsan.sh
  qtcore="$PWD/build-tsan-qt/lib"
fi
if [[ ! -f "$dir/build.ninja" ]]; then
  "${pin[@]}" cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCCDF_BUILD_BENCH=OFF "${flags[@]}"
fi
"${pin[@]}" cmake --build "$dir" -j"$(nproc)"
cd "$dir"
[[ -n "${qtcore:-}" ]] && export LD_LIBRARY_PATH="$qtcore${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
"${pin[@]}" ctest --output-on-failure --timeout 1800 -j1 "$@"
