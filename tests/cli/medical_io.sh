#!/usr/bin/env bash
# `ccdf restore` end to end on medical inputs: multi-coil BART k-space (retrospective, designed
# mask, SENSE) written as a derived DICOM series that dciodvfy accepts; that DICOM read back as
# an input; a prospective single-coil .npy whose mask is its non-zero samples; clear errors.
# Usage: medical_io.sh <binary dir> <source dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v bart >/dev/null || fail "bart is not installed (Debian package bart)"
command -v dciodvfy >/dev/null || fail "dciodvfy is not installed (Debian package dicom3tools)"

(cd "$T" && bart phantom -k -s 4 -x 64 coils >/dev/null)
mri=(--task mri --model mri-phantom --sampler vepc --dc-noise clean --seed 1)
"$CCDF" restore "${mri[@]}" --input "$T/coils.cfl" --pattern gaussian --accel 3 --acs 12 \
  --t0 0.3 --steps 10 --save-mask "$T/mask.png" --output "$T/recon.dcm" >"$T/mc.txt"
cat "$T/mc.txt"
grep -q "^mri input: cfl, 4 coil(s), 64x64, .*mask designed (gaussian) R = 3.05" "$T/mc.txt" ||
  fail "summary line"
grep -q "^reference: fully sampled RSS" "$T/mc.txt" || fail "no fully sampled reference"
rss=$(sed -n 's/^psnr_zero_filled_rss: //p' "$T/mc.txt")
ccdf=$(sed -n 's/^psnr: //p' "$T/mc.txt")
awk -v a="$ccdf" -v b="$rss" 'BEGIN { exit !(a > b + 1.0) }' ||
  fail "CCDF ($ccdf dB) does not beat zero-filled RSS ($rss dB) by 1 dB"
[[ -f "$T/mask.png" ]] || fail "mask not saved"

dciodvfy "$T/recon.dcm" >"$T/dciodvfy.txt" 2>&1 || true
if grep -q "^Error" "$T/dciodvfy.txt"; then cat "$T/dciodvfy.txt"; fail "dciodvfy errors"; fi

# The derived DICOM is itself an input (retrospective single coil from a magnitude image).
"$CCDF" restore "${mri[@]}" --input "$T/recon.dcm" --pattern equispaced --accel 2 --acs 8 \
  --t0 0.2 --steps 4 --output "$T/again.png" >"$T/again.txt"
grep -q "^mri input: DICOM 64x64" "$T/again.txt" || fail "DICOM input not recognised"
grep -q "^psnr: " "$T/again.txt" || fail "no metrics against the DICOM image"

# Prospective: zero-filled single-coil k-space; the mask is where samples are.
"$CCDF" simulate --task mri --input "$S/astronaut.png" --crop 64 --channels 1 --accel 4 \
  --out-dir "$T/sim" >/dev/null
"$CCDF" restore "${mri[@]}" --input "$T/sim/kspace.npy" --t0 0.3 --steps 4 \
  --output "$T/prosp.png" >"$T/prosp.txt"
grep -q "mask data (non-zero samples) R = 4" "$T/prosp.txt" || fail "prospective mask"

# Errors: fully sampled data without a mask; a corrupt k-space file.
if "$CCDF" restore "${mri[@]}" --input "$T/coils.cfl" --output "$T/x.png" 2>"$T/err.txt"; then
  fail "fully sampled data accepted without a mask"
fi
grep -q "fully sampled" "$T/err.txt" || fail "unclear fully-sampled error: $(cat "$T/err.txt")"
head -c 100 "$T/coils.cfl" >"$T/bad.cfl"
cp "$T/coils.hdr" "$T/bad.hdr"
if "$CCDF" restore "${mri[@]}" --input "$T/bad.cfl" --pattern gaussian --output "$T/x.png" \
  2>"$T/err.txt"; then
  fail "truncated cfl accepted"
fi
grep -q "bad.cfl" "$T/err.txt" || fail "error does not name the file: $(cat "$T/err.txt")"
[[ ! -e "$T/x.png" ]] || fail "a failed run wrote output"
echo "medical_io: ok"
