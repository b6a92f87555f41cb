#!/usr/bin/env bash
# The reproduction study of docs/RESULTS.md (issue 7): one command per study.
#
#   bench/studies.sh NAME|all [--quick] [--out DIR]      NAME: mri sr inpaint contraction speed regime
#
# For each study: runs its executable (build/bench/study_*; this script builds nothing, so build
# first), which writes docs/results/NAME.md and docs/results/NAME.csv; draws the study's plots
# with build/bench/plot_csv (plot_NAME below); then splices docs/results/NAME.md and its plots
# into docs/RESULTS.md between <!-- BEGIN study:NAME --> and <!-- END study:NAME -->, under
# "## Reproduction study (issue 7)" (created at the end of the file when missing). Headings of
# the study's markdown are moved down two levels there ("# T" becomes "### T").
# `--quick` is each study's small size (at most 10 minutes on a 2-core CPU). Prints the wall
# time of each study. Timings are only meaningful on a quiet machine: on a shared one, run it
# under the project's lock (flock /tmp/ccdf-build.lock bench/studies.sh ...).
# `--out DIR` leaves docs/ alone: the study files go to DIR and are spliced into a copy of
# docs/RESULTS.md in DIR (.ci/run uses it for the --quick smoke check).
set -euo pipefail
cd "$(dirname "$0")/.."

B=build/bench
OUT=docs/results
RESULTS=docs/RESULTS.md
SECTION="## Reproduction study (issue 7)"
ALL=(mri sr inpaint contraction speed regime)

usage() {
  echo "usage: bench/studies.sh NAME|all [--quick] [--out DIR]   (NAME: ${ALL[*]})" >&2
  exit 2
}

# The executable and the leading arguments of each study.
study_command() {
  case "$1" in
    mri | sr | inpaint) echo "$B/study_restoration $1" ;;
    contraction) echo "$B/study_contraction" ;;
    regime) echo "$B/study_regime" ;;
    speed) echo "$B/study_speed" ;;
    *) return 1 ;;
  esac
}

# plot NAME.csv into PNG: plot CSV_NAME PNG_NAME ARGS... (paths under docs/results)
plot() {
  local csv="$OUT/$1.csv" png="$OUT/$2.png"
  shift 2
  "$B/plot_csv" --csv "$csv" --out "$png" "$@" || return 1
  PLOTS+=("$png")
}

# ---- plots per study: each plot_NAME draws docs/results/NAME.png (the first plot is the one
# ---- embedded first) and may draw more; every PNG drawn through `plot` is embedded.

# One chart per value of the `plot` column of NAME_plot.csv (written by study_restoration):
# charts NAME XLABEL [plot_csv options...]
charts() {
  local name="$1" xlabel="$2" chart slug
  shift 2
  while IFS= read -r chart; do
    slug="$(tr -c 'A-Za-z0-9\n' '_' <<<"$chart" | tr -s '_' | sed 's/_$//')"
    plot "${name}_plot" "${name}_${slug}" --where "plot=$chart" --x x --y y --series series \
      --title "$chart" --xlabel "$xlabel" --ylabel "PSNR (dB)" "$@" || return 1
  done < <(tail -n +2 "$OUT/${name}_plot.csv" | cut -d, -f1 | awk '!seen[$0]++')
}

plot_mri() {
  charts mri "NFE (network evaluations)" --logx || return 1
}

plot_sr() {
  charts sr "t0 (DDPM charts) or NFE (DDIM charts)" || return 1
}

plot_inpaint() {
  charts inpaint "t0" || return 1
}

plot_contraction() {
  # Clean-estimate error against step (step 0 = the start's ε0) at t0 = 0.3 and 0.5, then the
  # restored image's error against t0, one line per start.
  plot contraction contraction --x step --y error --series start --where t0=0.3 --logy \
    --title "MRI ×4: error of the clean estimate along the chain, t0 = 0.3" \
    --xlabel "reverse step (2 NFE each; 0 = the start)" \
    --ylabel "‖x̂0 − x‖² / n (model range)" || return 1
  plot contraction contraction_t05 --x step --y error --series start --where t0=0.5 --logy \
    --title "MRI ×4: error of the clean estimate along the chain, t0 = 0.5" \
    --xlabel "reverse step (2 NFE each; 0 = the start)" \
    --ylabel "‖x̂0 − x‖² / n (model range)" || return 1
  plot contraction contraction_t0 --x t0 --y state_error --series start --where final=1 --logy \
    --title "MRI ×4: error of the restored image against t0 (t0·100 steps)" \
    --xlabel "t0" --ylabel "‖x − x_true‖² / n (model range)" || return 1
}

plot_regime() {
  # ΔPSNR (CCDF with automatic t0 − from-noise baseline, same NFE) against NFE, one line per
  # size and start; one chart per task present in the CSV.
  if grep -q '^mri,' "$OUT/regime.csv"; then
    plot regime regime --x nfe --y delta_psnr --series size,init --where task=mri \
      --where method=ccdf-auto --title "CS-MRI ×4: CCDF (auto t0) − from-noise baseline" \
      --xlabel "NFE (both sides)" --ylabel "ΔPSNR (dB)" || return 1
  fi
  if grep -q '^sr,' "$OUT/regime.csv"; then
    plot regime regime_sr --x nfe --y delta_psnr --series size,init --where task=sr \
      --where method=ccdf-auto --title "SR ×4: CCDF (auto t0) − from-noise baseline" \
      --xlabel "NFE (both sides)" --ylabel "ΔPSNR (dB)" || return 1
  fi
}

# Functions run inside `if`, where `set -e` does not apply: end each command with `|| return 1`.

plot_speed() {
  plot speed speed --x size --y value --series model,blas --where metric=forward_ms \
    --logx --logy --title "Denoiser forward time on this CPU (batch 1)" \
    --xlabel "image size (pixels per side)" --ylabel "ms per NFE" || return 1
}

# ---- splicing into docs/RESULTS.md

# Adds the section heading and the marker pairs of every study (in the order of ALL) when the
# section is missing; adds a missing marker pair for NAME at the end of the section otherwise.
ensure_markers() {
  local name="$1" tmp
  if ! grep -qxF "$SECTION" "$RESULTS"; then
    { # appended in one write, from a complete block

      printf '\n%s\n\n' "$SECTION"
      echo "Each study below is regenerated by \`bench/studies.sh NAME [--quick]\` (\`bench/studies.sh all\` runs them all)."
      for s in "${ALL[@]}"; do
        printf '\n<!-- BEGIN study:%s -->\n<!-- END study:%s -->\n' "$s" "$s"
      done
    } >"$RESULTS.section" || return 1
    cat "$RESULTS.section" >>"$RESULTS" && rm -f "$RESULTS.section" || return 1
  fi
  if ! grep -qxF "<!-- BEGIN study:$name -->" "$RESULTS"; then
    # Insert before the first level-2 heading after the section, or at the end of the file.
    tmp="$(mktemp "$RESULTS.XXXXXX")" || return 1
    awk -v section="$SECTION" -v name="$name" '
      function block() { printf "\n<!-- BEGIN study:%s -->\n<!-- END study:%s -->\n\n", name, name; done = 1 }
      in_section && !done && /^## / { block() }
      { print }
      $0 == section { in_section = 1; next }
      END { if (!done) block() }
    ' "$RESULTS" >"$tmp" || { rm -f "$tmp"; return 1; }
    chmod --reference="$RESULTS" "$tmp" && mv "$tmp" "$RESULTS" || return 1
  fi
}

# Replaces what lies between the markers of NAME with the study's markdown and its plots.
splice() {
  local name="$1" begin="<!-- BEGIN study:$1 -->" end="<!-- END study:$1 -->" body tmp png
  ensure_markers "$name" || return 1
  local nb ne
  nb="$(grep -cxF "$begin" "$RESULTS" || true)"
  ne="$(grep -cxF "$end" "$RESULTS" || true)"
  if [[ "$nb" != 1 || "$ne" != 1 ]]; then
    echo "studies: error: $RESULTS has $nb '$begin' and $ne '$end' lines (want one each)" >&2
    return 1
  fi
  if ! awk -v b="$begin" -v e="$end" '$0 == b { sb = NR } $0 == e { se = NR } END { exit !(sb < se) }' "$RESULTS"; then
    echo "studies: error: in $RESULTS '$end' comes before '$begin'" >&2
    return 1
  fi
  [[ -f "$OUT/$name.md" ]] || { echo "studies: error: $OUT/$name.md was not written" >&2; return 1; }
  body="$(mktemp)" || return 1
  {
    # Headings two levels down, except inside code fences.
    awk '/^```/ { fence = !fence } !fence && /^#/ { $0 = "##" $0 } { print }' "$OUT/$name.md"
    for png in "${PLOTS[@]}"; do
      [[ ! -f "$png" ]] || printf '\n![%s](results/%s)\n' "$(basename "$png" .png)" "$(basename "$png")"
    done
  } >"$body" || { rm -f "$body"; return 1; }
  tmp="$(mktemp "$RESULTS.XXXXXX")" || { rm -f "$body"; return 1; }
  awk -v b="$begin" -v e="$end" -v body="$body" '
    $0 == b { print; while ((getline line < body) > 0) print line; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }
  ' "$RESULTS" >"$tmp" || { rm -f "$tmp" "$body"; return 1; }
  rm -f "$body"
  chmod --reference="$RESULTS" "$tmp" && mv "$tmp" "$RESULTS" || return 1
}

# ---- main

[[ $# -ge 1 ]] || usage
target="$1"
shift
quick=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=(--quick) ;;
    --out)
      [[ $# -ge 2 ]] || usage
      OUT="$2"
      shift
      mkdir -p "$OUT"
      cp docs/RESULTS.md "$OUT/RESULTS.md"
      RESULTS="$OUT/RESULTS.md"
      ;;
    *) usage ;;
  esac
  shift
done
if [[ "$target" == all ]]; then
  names=("${ALL[@]}")
else
  study_command "$target" >/dev/null || usage
  names=("$target")
fi
[[ -x "$B/plot_csv" ]] || {
  echo "studies: error: $B/plot_csv is missing; build it: cmake --build build --target plot_csv" >&2
  exit 1
}
mkdir -p "$OUT"

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

failed=()
total_start=$(date +%s.%N)
for name in "${names[@]}"; do
  read -r -a cmd <<<"$(study_command "$name")"
  if [[ ! -x "${cmd[0]}" ]]; then
    echo "studies: error: ${cmd[0]} is missing; build it: cmake --build build --target $(basename "${cmd[0]}")" >&2
    failed+=("$name (not built)")
    continue
  fi
  start=$(date +%s.%N)
  echo "== $name: ${cmd[*]} --out $OUT${quick[*]:+ ${quick[*]}}"
  PLOTS=()
  if "${cmd[@]}" --out "$OUT" "${quick[@]}" && "plot_$name" && splice "$name"; then
    printf 'studies: %s done in %s s (%s/%s.md, spliced into %s)\n' "$name" \
      "$(since "$start")" "$OUT" "$name" "$RESULTS"
  else
    printf 'studies: %s FAILED after %s s\n' "$name" "$(since "$start")" >&2
    failed+=("$name")
  fi
done
printf 'studies: total %s s\n' "$(since "$total_start")"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "studies: failed: ${failed[*]}" >&2
  exit 1
fi
