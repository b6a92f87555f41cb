#!/usr/bin/env bash
# Every bad input makes `ccdf` exit non-zero with exactly one stderr line starting with
# "ccdf: error: ", writes no output file and leaves no temporary file.
# Usage: bad_input.sh <binary dir> <source dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
failures=0
set -e
"$CCDF" simulate --task sr --input "$S/astronaut.png" --crop 32 --scale 4 --out-dir "$T/sr" >/dev/null
"$CCDF" simulate --task inpaint --input "$S/astronaut.png" --crop 32 --out-dir "$T/inp" >/dev/null
"$CCDF" simulate --task inpaint --input "$S/astronaut.png" --crop 48 --out-dir "$T/inp48" >/dev/null
"$CCDF" simulate --task mri --input "$S/camera.png" --crop 32 --out-dir "$T/mri" >/dev/null
set +e
printf 'this is not a PNG file' >"$T/corrupt.png"
head -c 200 "$S/camera.png" >"$T/truncated.png"
OUT="$T/out.png"

# expect_error "<case>" <file that must not exist or "-"> ccdf args...
expect_error() {
  local name="$1" out="$2"
  shift 2
  rm -f "$T/stderr"
  "$CCDF" "$@" >"$T/stdout" 2>"$T/stderr"
  local rc=$?
  local lines first
  lines=$(wc -l <"$T/stderr")
  first=$(head -n1 "$T/stderr")
  local ok=1
  if ((rc == 0)); then echo "FAIL [$name]: exit code 0"; ok=0; fi
  if ((rc >= 128)); then echo "FAIL [$name]: crashed (exit $rc)"; ok=0; fi
  if [[ "$lines" != 1 || "$first" != "ccdf: error: "* ]]; then
    echo "FAIL [$name]: stderr is not one 'ccdf: error:' line:"
    cat "$T/stderr"
    ok=0
  fi
  if [[ "$out" != "-" && -e "$out" ]]; then echo "FAIL [$name]: wrote $out"; ok=0; fi
  if find "$T" -name '.*.tmp-*' | grep -q .; then echo "FAIL [$name]: temp file left"; ok=0; fi
  if ((ok)); then echo "ok [$name]: exit $rc: $first"; else failures=$((failures + 1)); fi
  rm -f "$out" 2>/dev/null || true
}

SR=(--task sr --input "$T/sr/lowres.png" --model gaussian-photo)
expect_error "missing input" "$OUT" restore --task sr --input "$T/nope.png" --model gaussian-photo --output "$OUT"
expect_error "corrupt input" "$OUT" restore --task sr --input "$T/corrupt.png" --model gaussian-photo --output "$OUT"
expect_error "truncated input" "$OUT" restore --task sr --input "$T/truncated.png" --model gaussian-grey --output "$OUT"
expect_error "unknown option" "$OUT" restore "${SR[@]}" --bogus 1 --output "$OUT"
expect_error "unknown sampler" "$OUT" restore "${SR[@]}" --sampler euler --output "$OUT"
expect_error "unknown task" "$OUT" restore --task deblur --input "$T/sr/lowres.png" --model gaussian-photo --output "$OUT"
expect_error "unknown init" "$OUT" restore "${SR[@]}" --init zeros --output "$OUT"
expect_error "unknown variance" "$OUT" restore "${SR[@]}" --variance huge --output "$OUT"
expect_error "missing option value" "$OUT" restore "${SR[@]}" --output "$OUT" --t0
expect_error "t0 = 0" "$OUT" restore "${SR[@]}" --t0 0 --output "$OUT"
expect_error "t0 > 1" "$OUT" restore "${SR[@]}" --t0 1.5 --output "$OUT"
expect_error "t0 not a number" "$OUT" restore "${SR[@]}" --t0 abc --output "$OUT"
expect_error "steps = 0" "$OUT" restore "${SR[@]}" --steps 0 --output "$OUT"
expect_error "lambda > 1" "$OUT" restore "${SR[@]}" --lambda 2 --output "$OUT"
expect_error "unknown model" "$OUT" restore --task sr --input "$T/sr/lowres.png" --model no-such-model --output "$OUT"
expect_error "model/channel mismatch" "$OUT" restore --task sr --input "$T/sr/lowres.png" --model gaussian-grey --output "$OUT"
expect_error "sampler/schedule mismatch" "$OUT" restore "${SR[@]}" --sampler vepc --output "$OUT"
expect_error "learned variance missing" "$OUT" restore "${SR[@]}" --variance learned --output "$OUT"
expect_error "bicubic for inpainting" "$OUT" restore --task inpaint --input "$T/inp/masked.png" --mask "$T/inp/mask.png" --model gaussian-photo --init bicubic --output "$OUT"
expect_error "reference of the wrong size" "$OUT" restore "${SR[@]}" --reference "$T/inp48/ground_truth.png" --output "$OUT"
expect_error "mask of the wrong shape" "$OUT" restore --task inpaint --input "$T/inp/masked.png" --mask "$T/inp48/mask.png" --model gaussian-photo --output "$OUT"
expect_error "inpainting without mask" "$OUT" restore --task inpaint --input "$T/inp/masked.png" --model gaussian-photo --output "$OUT"
expect_error "mri mask of the wrong shape" "$OUT" restore --task mri --input "$T/mri/kspace.npy" --mask "$T/inp48/mask.png" --model gaussian-grey --output "$OUT"
expect_error "mri image without a mask" "$OUT" restore --task mri --input "$T/mri/mask.png" --model gaussian-grey --output "$OUT"
printf 'not hdf5' >"$T/fake.h5"
expect_error "mri corrupt h5" "$OUT" restore --task mri --input "$T/fake.h5" --pattern gaussian --model gaussian-grey --output "$OUT"
expect_error "mri mask file and design" "$OUT" restore --task mri --input "$T/mri/kspace.npy" --mask "$T/mri/mask.png" --accel 4 --model gaussian-grey --output "$OUT"
expect_error "mri channel mismatch" "$OUT" restore --task mri --input "$T/mri/kspace.npy" --mask "$T/mri/mask.png" --model gaussian-photo --output "$OUT"
expect_error "unsupported output format" "$T/out.xyz" restore "${SR[@]}" --output "$T/out.xyz"
expect_error "output folder missing" "$T/nodir/out.png" restore "${SR[@]}" --output "$T/nodir/out.png"

# Output equal to an input (also through another spelling of the path): refused, input intact.
sum_before=$(md5sum <"$T/sr/lowres.png")
expect_error "output is the input" - restore "${SR[@]}" --output "$T/sr/lowres.png"
expect_error "output is the input (other spelling)" - restore "${SR[@]}" --output "$T/sr/../sr/./lowres.png"
ln -s "$T/sr/lowres.png" "$T/link.png"
expect_error "output is a link to the input" - restore "${SR[@]}" --output "$T/link.png"
expect_error "output is the reference" - restore "${SR[@]}" --reference "$T/sr/ground_truth.png" --output "$T/sr/ground_truth.png"
if [[ "$(md5sum <"$T/sr/lowres.png")" != "$sum_before" ]]; then
  echo "FAIL: the input was modified"
  failures=$((failures + 1))
fi

# simulate
expect_error "simulate: scale does not divide" "$T/sim1/lowres.png" simulate --task sr --input "$S/astronaut.png" --crop 50 --scale 4 --out-dir "$T/sim1"
expect_error "simulate: missing input" "$T/sim2/lowres.png" simulate --task sr --input "$T/nope.png" --out-dir "$T/sim2"
expect_error "simulate: bad mask fraction" "$T/sim3/mask.png" simulate --task inpaint --input "$S/astronaut.png" --mask-fraction 1.5 --out-dir "$T/sim3"
expect_error "simulate: mask of the wrong shape" "$T/sim4/mask.png" simulate --task inpaint --input "$S/astronaut.png" --crop 32 --mask "$T/inp48/mask.png" --out-dir "$T/sim4"
expect_error "simulate: unknown pattern" "$T/sim5/mask.png" simulate --task mri --input "$S/camera.png" --pattern spiral --out-dir "$T/sim5"
expect_error "simulate: unknown task" - simulate --task denoise --input "$S/camera.png" --out-dir "$T/sim6"
sum_before=$(md5sum <"$T/inp/ground_truth.png")
expect_error "simulate: would overwrite its input" - simulate --task inpaint --input "$T/inp/ground_truth.png" --out-dir "$T/inp"
if [[ "$(md5sum <"$T/inp/ground_truth.png")" != "$sum_before" ]]; then
  echo "FAIL: simulate modified its input"
  failures=$((failures + 1))
fi
expect_error "unknown command" - frobnicate
expect_error "fit-prior: no images" "$T/fit/manifest.json" fit-prior --channels 1 --out "$T/fit"
expect_error "fit-prior: bad channels" "$T/fit/manifest.json" fit-prior --images "$S/camera.png" --channels 2 --out "$T/fit"

# --help works for every subcommand.
for cmd in info simulate restore fit-prior; do
  # (Captured first: grep -q would close the pipe early and SIGPIPE a long help text.)
  if help=$("$CCDF" "$cmd" --help) && grep -q "usage: ccdf $cmd" <<<"$help"; then
    echo "ok [$cmd --help]"; else
    echo "FAIL [$cmd --help]"; failures=$((failures + 1)); fi
done

if ((failures)); then
  echo "$failures case(s) failed"
  exit 1
fi
echo "all bad-input cases passed"
