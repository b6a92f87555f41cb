#!/usr/bin/env bash
# Destinations that cannot take the result, and runs over the memory limit: `ccdf restore` exits
# non-zero with one "ccdf: error:" line that names the file and the cause, leaves no partial
# output or temporary file behind, and never touches its inputs. A result that cannot be written
# after the run goes to a fallback file in $TMPDIR (ccdf-result-<pid>-<name>), exit status 1.
#   - a file-size limit (ulimit -f, SIGXFSZ ignored) for .png, .tif and .dcm: "File too large";
#     the fallback hits the same limit, so the error says both failed and $TMPDIR stays empty;
#   - a full file system (a tiny tmpfs in a private mount namespace; skipped where `unshare -m`
#     is not allowed): the result is saved to the fallback file, pixel for pixel the normal
#     run's output (cmp), and a file already holding the fallback name is left alone;
#   - a read-only file system (the same way): refused before the run;
#   - /proc (takes no new files) and a path under a regular file: refused before the run;
#   - the output naming the input: refused;
#   - --max-memory and CCDF_MAX_MEMORY_GIB: refused before the run, naming estimate and limit.
# Usage: disk_errors.sh <binary dir> <source dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
# Where fallback files go (std::filesystem::temp_directory_path).
export TMPDIR="$T/tmp"
mkdir -p "$TMPDIR"
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
  if [[ -n "$(ls -A "$TMPDIR")" ]]; then fail "$name" "left files in \$TMPDIR: $(ls -A "$TMPDIR")"; ok=0; fi
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
  ((rc == 1)) || fail "file-size limit .$ext" "exit $rc, expected 1"
  # The fallback in $TMPDIR is under the same limit: both fail, and it leaves nothing either.
  check "file-size limit .$ext" "$rc" "$err" "$T/full" "cannot write '$out': File too large" \
    "writing it to '$TMPDIR/ccdf-result-" "instead failed too (File too large): the result is lost"
done
# A sweep: every result is tried (and its fallback), nothing is left.
err=$( (trap '' XFSZ; ulimit -f 1; exec "$CCDF" restore "${BASE[@]}" --t0 0.2,0.3 --output "$T/full/out.png" 2>&1 >/dev/null))
check "file-size limit, sweep" $? "$err" "$T/full" "cannot write '$T/full/out-t0_0.2.png': File too large" \
  "failed too" "1 more result(s) could not be written"

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
# in_tmpfs <mount options> command...: stderr in $T/ns-err, the folder's files in $T/ns-left.
in_tmpfs() {
  local options="$1"
  shift
  unshare -m bash -c 'mount -t tmpfs -o "$1" tmpfs "$2" || exit 99
    mnt="$2"; shift 2
    "$@" >/dev/null 2>"$mnt/../ns-err"; rc=$?
    ls -A "$mnt" >"$mnt/../ns-left"; exit $rc' _ "$options" "$T/mnt" "$@"
}
if unshare -m true 2>/dev/null; then
  mkdir -p "$T/mnt"
  # Disk full after the run: the result goes to $TMPDIR (another file system). A file already
  # named ccdf-result-<pid>-out.png (made by the shell that then becomes ccdf) is not replaced.
  name="disk full"
  rm -f "$T/ns-err" "$T/ns-left"
  in_tmpfs size=8k sh -c 'printf decoy >"$TMPDIR/ccdf-result-$$-out.png"; exec "$@"' sh \
    "$CCDF" restore "${IN[@]}" --output "$T/mnt/out.png"
  rc=$?
  if ((rc == 99)); then
    echo "skip [$name]: cannot mount a tmpfs"
  else
    err=$(cat "$T/ns-err")
    decoy=$(find "$TMPDIR" -name 'ccdf-result-*-out.png' ! -name 'ccdf-result-*-*-out.png')
    saved=$(find "$TMPDIR" -name 'ccdf-result-*-2-out.png')
    ((rc == 1)) || fail "$name" "exit $rc, expected 1"
    if [[ -z "$saved" || "$(find "$TMPDIR" -type f | wc -l)" != 2 ]]; then
      fail "$name" "expected the decoy and one fallback file in \$TMPDIR: $(ls -A "$TMPDIR")"
    else
      [[ "$(cat "$decoy")" == decoy ]] || fail "$name" "the existing file $decoy was replaced"
      cmp -s "$saved" "$T/good/out.png" || fail "$name" "the fallback file differs from a normal run's output"
      rm -f "$decoy" "$saved"
    fi
    check "$name" "$rc" "$err" "$T/mnt" "cannot write '$T/mnt/out.png': No space left on device" \
      "the result was saved to '$saved' instead"
    if [[ -s "$T/ns-left" ]]; then fail "$name" "left files behind: $(cat "$T/ns-left")"; fi
  fi
  # A sweep on the full disk: each result goes to its own fallback file.
  name="disk full, sweep"
  in_tmpfs size=8k "$CCDF" restore "${BASE[@]}" --t0 0.2,0.3 --output "$T/mnt/out.png"
  rc=$?
  if ((rc != 99)); then
    saved=$(find "$TMPDIR" -name 'ccdf-result-*-out-t0_0.[23].png' | wc -l)
    ((saved == 2)) || fail "$name" "expected 2 fallback files in \$TMPDIR: $(ls -A "$TMPDIR")"
    rm -f "$TMPDIR"/ccdf-result-*
    check "$name" "$rc" "$(cat "$T/ns-err")" "$T/mnt" "No space left on device" \
      "the result was saved to '$TMPDIR/ccdf-result-" "1 more result(s) could not be written"
    if [[ -s "$T/ns-left" ]]; then fail "$name" "left files behind: $(cat "$T/ns-left")"; fi
  fi
  # Read-only: refused before the run, so there is no result and no fallback.
  name="read-only file system"
  rm -f "$T/ns-err" "$T/ns-left"
  in_tmpfs ro "$CCDF" restore "${IN[@]}" --output "$T/mnt/out.png"
  rc=$?
  if ((rc == 99)); then
    echo "skip [$name]: cannot mount a tmpfs"
  else
    check "$name" "$rc" "$(cat "$T/ns-err")" "$T/mnt" "$T/mnt/out.png" "Read-only file system"
    if [[ -s "$T/ns-left" ]]; then fail "$name" "left files behind: $(cat "$T/ns-left")"; fi
  fi
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
