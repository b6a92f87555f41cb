#!/usr/bin/env bash
# Regenerates the measurements of docs/RESULTS.md (NN init vs classical init at several t0, and
# automatic t0 against the best fixed t0, on held-out data). Logs and crop sheets go to bench/out/.
# Needs a build (scripts/setup.sh) and the held-out photos (scripts/gather_photos.sh).
# About 45 minutes on a 2-core CPU; `--quick` runs 2 images per setting instead of 4.
set -euo pipefail
cd "$(dirname "$0")/.."
count=4
[[ "${1:-}" == "--quick" ]] && count=2
[[ -d out/photos/heldout ]] || scripts/gather_photos.sh
B=build/bench
O=bench/out
mkdir -p "$O"
run() {  # run NAME ARGS...: one study, its log in bench/out/NAME.txt
  local name="$1"
  shift
  echo "== $name: eval_auto_t0 $*"
  "$B/eval_auto_t0" "$@" --count "$count" | tee "$O/$name.txt"
}
run mri_zero_filled --task mri --levels 2,4,6 --init zero-filled
run mri_unet --task mri --levels 4,6 --init mri-unet
run sr_bicubic --task sr --model photo-patch --levels 4 --init bicubic --sheet "$O/sr_bicubic.png"
run sr_esrgan_thick --task sr --model photo-patch --levels 4 --init esrgan-thick \
  --sheet "$O/sr_esrgan_thick.png"
run inpaint_telea --task inpaint --model photo-patch --levels 0.25,0.4 --init telea \
  --sheet "$O/inpaint_telea.png"
run inpaint_adjoint --task inpaint --model photo-patch --levels 0.25 --init adjoint
