#!/usr/bin/env bash
# Destinations that cannot take the result, and runs over the memory limit: `ccdf restore` exits
# non-zero with one "ccdf: error:" line that names the file and the cause, leaves no partial
# output or temporary file behind, and never touches its inputs.
#   - a file-size limit (ulimit -f, SIGXFSZ ignored) for .png, .tif and .dcm: "File too large";
#   - a full file system and a read-only one (a tiny / read-only tmpfs in a private mount
#     namespace; skipped where `unshare -m` is not allowed);
#   - /proc (takes no new files) and a path under a regular file: refused before the run;
#   - the output naming the input: refused;
#   - --max-memory and CCDF_MAX_MEMORY_GIB: refused before the run, naming estimate and limit.
# Usage: disk_errors.sh <binary dir> <source dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
failures=0
fail() {
  echo "FAIL [$1]: $2"
  failures=$((failures + 1))
}

set -e
"$CCDF" simulate --task inpaint --input "$S/astronaut.png" --crop 64 --out-dir "$T/in" >/dev/null
set +e
BASE=(--task inpaint --input "$T/in/masked.png" --mask "$T/in/mask.png" --model gaussian-photo
  --steps 3)
IN=("${BASE[@]}" --t0 0.2)
sums() { md5sum "$T/in/masked.png" "$T/in/mask.png"; }
SUMS_BEFORE=$(sums)

# check <case> <rc> <stderr> <folder that must hold no out.* / temp file> <pattern>...
check() {
  local name="$1" rc="$2" err="$3" dir="$4"
  shift 4
  local ok=1
  if ((rc == 0)); then fail "$name" "exit code 0"; ok=0; fi
  if ((rc >= 128)); then fail "$name" "killed by a signal (exit $rc)"; ok=0; fi
  if [[ "$(wc -l <<<"$err")" != 1 || "$err" != "ccdf: error: "* ]]; then
    fail "$name" "stderr is not one 'ccdf: error:' line: $err"
    ok=0
  fi
  for pattern in "$@"; do
    if ! grep -qF -- "$pattern" <<<"$err"; then fail "$name" "message lacks '$pattern': $err"; ok=0; fi
  done
  if [[ -d "$dir" ]] && find "$dir" -maxdepth 1 \( -name 'out*' -o -name '.*tmp-*' -o -name '.ccdf-probe-*' \) | grep -q .; then
    fail "$name" "left files behind: $(ls -A "$dir")"
    ok=0
  fi
  if [[ "$(sums)" != "$SUMS_BEFORE" ]]; then fail "$name" "an input was modified"; ok=0; fi
  if ((ok)); then echo "ok [$name]: exit $rc: $err"; fi
}

# Baseline: without a limit every format is written, and is larger than the 1 KiB limit below.
mkdir -p "$T/good"
for ext in png tif dcm; do
  if ! "$CCDF" restore "${IN[@]}" --output "$T/good/out.$ext" >/dev/null 2>"$T/err"; then
    fail "baseline .$ext" "$(cat "$T/err")"
  elif (($(stat -c %s "$T/good/out.$ext") <= 1024)); then
    fail "baseline .$ext" "the result is too small to test a 1 KiB file-size limit"
  else
    echo "ok [baseline .$ext]: $(stat -c %s "$T/good/out.$ext") bytes"
  fi
done

# File-size limit: write() fails with EFBIG once SIGXFSZ is ignored.
mkdir -p "$T/full"
for ext in png tif dcm; do
  out="$T/full/out.$ext"
  err=$( (trap '' XFSZ; ulimit -f 1; exec "$CCDF" restore "${IN[@]}" --output "$out" 2>&1 >/dev/null))
  rc=$?
  check "file-size limit .$ext" "$rc" "$err" "$T/full" "$out" "File too large"
done
# A sweep: the first result that does not fit stops it, nothing is left.
err=$( (trap '' XFSZ; ulimit -f 1; exec "$CCDF" restore "${BASE[@]}" --t0 0.2,0.3 --output "$T/full/out.png" 2>&1 >/dev/null))
check "file-size limit, sweep" $? "$err" "$T/full" "File too large"

# Places that take no new file: refused before the run.
err=$("$CCDF" restore "${IN[@]}" --output "/proc/ccdf-test-$$.png" 2>&1 >/dev/null)
check "output in /proc" $? "$err" "/proc" "/proc/ccdf-test-$$.png" "cannot write in folder '/proc'"
printf 'not a folder' >"$T/file.txt"
err=$("$CCDF" restore "${IN[@]}" --output "$T/file.txt/out.png" 2>&1 >/dev/null)
check "output under a regular file" $? "$err" "$T" "$T/file.txt/out.png" "is not a folder"

# The output is the input.
err=$("$CCDF" restore "${IN[@]}" --output "$T/in/masked.png" 2>&1 >/dev/null)
check "output is the input" $? "$err" "$T/full" "it is an input file"

# A full and a read-only file system, each a tmpfs in a private mount namespace. The folder is
# listed before the namespace (and its tmpfs) goes away.
# in_tmpfs <mount options> ccdf args...: stderr in $T/ns-err, the folder's files in $T/ns-left.
in_tmpfs() {
  local options="$1"
  shift
  unshare -m bash -c 'mount -t tmpfs -o "$1" tmpfs "$2" || exit 99
    mnt="$2"; shift 2
    "$@" >/dev/null 2>"$mnt/../ns-err"; rc=$?
    ls -A "$mnt" >"$mnt/../ns-left"; exit $rc' _ "$options" "$T/mnt" "$CCDF" "$@"
}
if unshare -m true 2>/dev/null; then
  mkdir -p "$T/mnt"
  for fs in "disk full:size=8k:No space left on device" "read-only file system:ro:Read-only file system"; do
    IFS=: read -r name options cause <<<"$fs"
    rm -f "$T/ns-err" "$T/ns-left"
    in_tmpfs "$options" restore "${IN[@]}" --output "$T/mnt/out.png"
    rc=$?
    if ((rc == 99)); then
      echo "skip [$name]: cannot mount a tmpfs"
      continue
    fi
    check "$name" "$rc" "$(cat "$T/ns-err")" "$T/mnt" "$T/mnt/out.png" "$cause"
    if [[ -s "$T/ns-left" ]]; then fail "$name" "left files behind: $(cat "$T/ns-left")"; fi
  done
else
  echo "skip [disk full, read-only file system]: unshare -m is not allowed here"
fi

# Memory limits, checked before the run.
err=$("$CCDF" restore "${IN[@]}" --max-memory 0.01 --output "$T/full/out.png" 2>&1 >/dev/null)
check "--max-memory" $? "$err" "$T/full" "this run needs about" "64x64 image" "gaussian-photo" \
  "the limit is 10 MiB" "--max-memory"
err=$(CCDF_MAX_MEMORY_GIB=0.01 "$CCDF" restore "${IN[@]}" --output "$T/full/out.png" 2>&1 >/dev/null)
check "CCDF_MAX_MEMORY_GIB" $? "$err" "$T/full" "the limit is 10 MiB"
err=$("$CCDF" restore "${BASE[@]}" --t0 0.1,0.2,0.3,0.4 --max-memory 0.1 --output "$T/full/out.png" 2>&1 >/dev/null)
check "--max-memory, sweep" $? "$err" "$T/full" "4 64x64 images run together"
# 64x64 -> 4096x4096 super-resolution: refused in about a second, before any network runs.
start=$SECONDS
err=$("$CCDF" restore --task sr --scale 64 --input "$T/in/ground_truth.png" --model photo-patch \
  --max-memory 2 --output "$T/full/out.png" 2>&1 >/dev/null)
check "huge super-resolution" $? "$err" "$T/full" "4096x4096 image" "photo-patch" "the limit is 2.0 GiB"
if ((SECONDS - start > 30)); then fail "huge super-resolution" "took $((SECONDS - start)) s"; fi
err=$("$CCDF" restore "${IN[@]}" --max-memory abc --output "$T/full/out.png" 2>&1 >/dev/null)
check "--max-memory not a number" $? "$err" "$T/full" "--max-memory"

if ((failures)); then
  echo "$failures case(s) failed"
  exit 1
fi
echo "all disk-error cases passed"
