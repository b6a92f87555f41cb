#!/usr/bin/env bash
# ccdf-train: a tiny run writes a loadable model folder, resumes from its checkpoint, and refuses
# bad options with one clear line.
set -euo pipefail
BIN="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--data phantoms:16 --resolution 16 --schedule ve --sigma-min 0.01 --sigma-max 20 --loss dsm
        --base-channels 8 --head-channels 8 --mults 1,2 --res-blocks 1 --attention none
        --middle-attention 0 --batch 4 --checkpoint-every 2 --threads 1 --name tiny-phantom)
"$BIN/ccdf-train" "${common[@]}" --out "$work/m" --steps 3 > "$work/first.log"
test -s "$work/m/manifest.json"
test -s "$work/m/weights.safetensors"
grep -q '"kind": "unet"' "$work/m/manifest.json"
grep -q '"steps": 3' "$work/m/manifest.json"
"$BIN/ccdf-train" "${common[@]}" --out "$work/m" --steps 5 > "$work/second.log"
grep -q "resumed from step 3" "$work/second.log"
grep -q '"steps": 5' "$work/m/manifest.json"
# The model card's training section is regenerated, text outside its markers is kept.
grep -q "Steps done: 5 of 5" "$work/m/MODEL_CARD.md"
echo "hand-written evaluation" >> "$work/m/MODEL_CARD.md"
"$BIN/ccdf-train" "${common[@]}" --out "$work/m" --steps 6 > "$work/third.log"
grep -q "Steps done: 6 of 6" "$work/m/MODEL_CARD.md"
grep -q "hand-written evaluation" "$work/m/MODEL_CARD.md"
test "$(grep -c "training:begin" "$work/m/MODEL_CARD.md")" -eq 1
# The exported model loads through the model store.
CCDF_MODELS_DIR="$work" "$BIN/ccdf" info > "$work/info.log"
grep -q "tiny-phantom" "$work/info.log"
# The recorded command runs as it is: arguments with spaces are shell-quoted.
"$BIN/ccdf-train" "${common[@]}" --out "$work/q" --steps 1 --data-description "two words" > /dev/null
grep -q "data-description 'two words'" "$work/q/MODEL_CARD.md"
# The restoration objective writes an initialiser folder, not a prior.
"$BIN/ccdf-train" "${common[@]}" --out "$work/u" --steps 2 --objective mri-restoration --acs-lines 2 \
  --schedule vp-linear --loss eps > /dev/null
grep -q '"kind": "mri-unet"' "$work/u/initialiser.json"
test ! -e "$work/u/manifest.json"
# Bad options: one line, non-zero exit.
if "$BIN/ccdf-train" "${common[@]}" --out "$work/bad" --steps 1 --bogus 3 2> "$work/err.log"; then
  echo "accepted an unknown option"; exit 1
fi
grep -q "ccdf-train: error: unknown option --bogus" "$work/err.log"
if "$BIN/ccdf-train" "${common[@]}" --out "$work/bad" --steps 1 --loss hybrid 2> "$work/err2.log"; then
  echo "accepted hybrid loss without learned variance"; exit 1
fi
test "$(wc -l < "$work/err2.log")" -eq 1
echo "train_resume: ok"
