#!/usr/bin/env bash
# `ccdf restore --t0 A,B,C` writes one result per t0 (with metrics), and the t0 = A result equals
# a single run at that t0 with the sweep's step count when the sampler is deterministic;
# `--t0 auto` reports the t0 it chose and uses it; the new initialisers run end to end.
# Usage: sweep_and_auto.sh <binary dir> <source dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$CCDF" simulate --task sr --input "$S/astronaut.png" --crop 64 --scale 4 --out-dir "$T/sr" >/dev/null
common=(--task sr --input "$T/sr/lowres.png" --scale 4 --model gaussian-photo --sampler ddim
        --eta 0 --dc-noise clean --init lanczos --seed 3 --reference "$T/sr/ground_truth.png")
"$CCDF" restore "${common[@]}" --t0 0.25,0.5,1 --steps 20 --output "$T/sweep.png" >"$T/sweep.txt"
cat "$T/sweep.txt"
grep -q "20 network calls (35 for one run per t0)" "$T/sweep.txt" || fail "network-call count"
for t in 0.25 0.5 1; do
  [[ -f "$T/sweep-t0_$t.png" ]] || fail "missing sweep-t0_$t.png"
  grep -q "^t0 $t (.*psnr [0-9.]*, ssim [0-9.]*" "$T/sweep.txt" || fail "no metrics for t0 $t"
done
# The t0 = 0.5 chain: level 500, 10 steps: the same as a single run with those settings.
"$CCDF" restore "${common[@]}" --t0 0.5 --steps 10 --output "$T/single.png" --bit-depth 8 >/dev/null
cmp "$T/single.png" "$T/sweep-t0_0.5.png" || fail "sweep chain differs from the single run"

"$CCDF" restore "${common[@]}" --t0 auto --steps 10 --output "$T/auto.png" >"$T/auto.txt"
cat "$T/auto.txt"
chosen=$(sed -n 's/^auto t0: \([0-9.]*\) (estimated initial error.*/\1/p' "$T/auto.txt")
[[ -n "$chosen" ]] || fail "no 'auto t0:' line"
grep -q "^t0: $chosen (level" "$T/auto.txt" || fail "the run did not use the chosen t0"

"$CCDF" simulate --task inpaint --input "$S/astronaut.png" --crop 64 --out-dir "$T/inp" >/dev/null
for init in telea navier-stokes; do
  "$CCDF" restore --task inpaint --input "$T/inp/masked.png" --mask "$T/inp/mask.png" \
    --model gaussian-photo --init "$init" --t0 0.1 --steps 5 --output "$T/$init.png" >/dev/null
  [[ -f "$T/$init.png" ]] || fail "$init wrote nothing"
done
if "$CCDF" restore --task inpaint --input "$T/inp/masked.png" --mask "$T/inp/mask.png" \
  --model gaussian-photo --init lanczos --output "$T/x.png" 2>"$T/err.txt"; then
  fail "lanczos accepted for inpainting"
fi
grep -q "does not apply to --task inpaint" "$T/err.txt" || fail "unclear wrong-task error"
echo "sweep_and_auto: ok"
