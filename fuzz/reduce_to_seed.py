#!/usr/bin/env python3
"""Reduces a crashing input to the fewest bytes that differ from a seed of the same size.

    fuzz/reduce_to_seed.py TARGET CRASH SEED_DIR SIGNATURE OUT [--libfuzzer]

Structured files (HDF5, zip) do not survive libFuzzer's byte removal, but a crash found by
mutating a seed in place is usually caused by one or two of the changed bytes. This takes the
same-size seed closest to CRASH and runs delta debugging over the differing positions: a
candidate (the seed with a subset of CRASH's bytes) still "crashes" when SIGNATURE appears in the
output of build-asan/fuzz/fuzz_replay TARGET (or, with --libfuzzer, of build-asan/fuzz/fuzz_TARGET
with -malloc_limit_mb=512, for out-of-memory findings). Run it with the build that still has the
bug. Writes the reduced input to OUT (CRASH unchanged when no seed has its size).
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    target, crash, seed_dir, signature, out = sys.argv[1:6]
    libfuzzer = "--libfuzzer" in sys.argv[6:]
    data = open(crash, "rb").read()
    seeds = [open(os.path.join(seed_dir, f), "rb").read() for f in sorted(os.listdir(seed_dir))]
    same = [s for s in seeds if len(s) == len(data)]
    if not same:
        print("no seed of the same size: kept as it is")
        open(out, "wb").write(data)
        return
    base = min(same, key=lambda s: sum(a != b for a, b in zip(s, data)))
    diff = [i for i in range(len(data)) if data[i] != base[i]]
    print("differing bytes:", len(diff))
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1")
    runs = 0

    def crashes(keep):
        nonlocal runs
        runs += 1
        candidate = bytearray(base)
        for i in keep:
            candidate[i] = data[i]
        with tempfile.NamedTemporaryFile(delete=False) as f:
            f.write(candidate)
            name = f.name
        if libfuzzer:
            cmd = [os.path.join(ROOT, "build-asan/fuzz/fuzz_" + target), "-malloc_limit_mb=512",
                   "-rss_limit_mb=8000", name]
        else:
            cmd = [os.path.join(ROOT, "build-asan/fuzz/fuzz_replay"), target, name]
        r = subprocess.run(cmd, capture_output=True, env=env, timeout=300)
        os.unlink(name)
        return signature.encode() in r.stdout + r.stderr

    if not crashes(diff):
        sys.exit("the crash does not reproduce with this build")
    n = 2
    while len(diff) >= 2:
        chunk = (len(diff) + n - 1) // n
        reduced = False
        for start in range(0, len(diff), chunk):
            rest = diff[:start] + diff[start + chunk:]
            if rest and crashes(rest):
                diff, n, reduced = rest, max(n - 1, 2), True
                break
        if not reduced:
            if n >= len(diff):
                break
            n = min(len(diff), 2 * n)
    result = bytearray(base)
    for i in diff:
        result[i] = data[i]
    open(out, "wb").write(result)
    print("kept", len(diff), "changed byte(s) at", diff[:20], "after", runs, "runs")


if __name__ == "__main__":
    main()
