#!/usr/bin/env bash
# Screenshot of CCDF Studio's main window mid-run under Xvfb, saved to docs/screenshot-main.png.
# usage: scripts/screenshot.sh [build-dir] [output.png]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
out="${2:-docs/screenshot-main.png}"
studio="$build/gui/ccdf-studio"
if [[ ! -x "$studio" ]]; then
  echo "screenshot.sh: $studio not found; build it first (cmake --build $build --target ccdf-studio)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
# A private settings folder, so the screenshot does not depend on (or change) the user's.
export XDG_CONFIG_HOME="$(mktemp -d)"
export XDG_DATA_HOME="$XDG_CONFIG_HOME"
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
export CCDF_THREADS="${CCDF_THREADS:-2}"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$studio" --task inpaint --model gaussian-grey --t0 0.5 --steps 200 \
            --screenshot "$out" --screenshot-after 70
echo "screenshot: $out"
