#!/usr/bin/env bash
# The Debian package (issue #8): `cpack -G DEB` builds it, `dpkg-deb -x` extracts it into a scratch
# root, and the programs run from there with no environment variables, finding the packaged
# models and samples under <root>/usr/share/ccdf-studio (not the source tree's models/); lintian
# reports no errors. Usage: package_install.sh <binary dir> <source dir>. Takes about 30 s.
set -euo pipefail
BIN="$(cd "$1" && pwd)"
SRC="$(cd "$2" && pwd)"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
failures=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }

for tool in cpack dpkg-deb dpkg-shlibdeps lintian; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not found (scripts/setup.sh installs it)"; exit 1; }
done

# The build tree holding CPackConfig.cmake: the binary dir or one of its parents.
BUILD="$BIN"
while [[ ! -f "$BUILD/CPackConfig.cmake" && "$BUILD" != / ]]; do BUILD="$(dirname "$BUILD")"; done
[[ -f "$BUILD/CPackConfig.cmake" ]] || { echo "FAIL: no CPackConfig.cmake above $BIN"; exit 1; }

# 1. Build the package into the scratch folder (the build tree's own .deb is left alone).
(cd "$BUILD" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$T/pkg") >"$T/cpack.log" 2>&1 ||
  { cat "$T/cpack.log"; echo "FAIL: cpack -G DEB"; exit 1; }
DEB="$(ls "$T"/pkg/*.deb)"
echo "package: $(basename "$DEB") ($(du -h "$DEB" | cut -f1))"
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./|/|' >"$T/files.txt"
dpkg-deb -f "$DEB" Depends >"$T/depends.txt"
echo "Depends: $(cat "$T/depends.txt")"

for f in /usr/bin/ccdf /usr/bin/ccdf-train /usr/share/applications/ccdf-studio.desktop \
         /usr/share/metainfo/io.github.ccdf_studio.CcdfStudio.metainfo.xml \
         /usr/share/icons/hicolor/16x16/apps/ccdf-studio.png \
         /usr/share/icons/hicolor/256x256/apps/ccdf-studio.png \
         /usr/share/icons/hicolor/scalable/apps/ccdf-studio.svg \
         /usr/share/man/man1/ccdf.1.gz /usr/share/man/man1/ccdf-train.1.gz \
         /usr/share/doc/ccdf-studio/copyright /usr/share/doc/ccdf-studio/changelog.Debian.gz \
         /usr/share/ccdf-studio/models/gaussian-grey/manifest.json \
         /usr/share/ccdf-studio/models/mri-unet/initialiser.json \
         /usr/share/ccdf-studio/models/esrgan-slim/x2/model.json \
         /usr/share/ccdf-studio/samples/camera.png; do
  grep -qx "$f" "$T/files.txt" && ok "packaged $f" || bad "not packaged: $f"
done
grep -q "/checkpoints/" "$T/files.txt" && bad "training checkpoints are packaged" || ok "no checkpoints"
grep -q "/models/esrgan-thick/\|/node_modules/" "$T/files.txt" && bad "tools/tfjs content is packaged" ||
  ok "no esrgan-thick / node_modules"
grep -q "libtorch" "$T/depends.txt" && ok "Depends from dpkg-shlibdeps (libtorch)" ||
  bad "Depends lacks libtorch"

# 2. Extract into a scratch root and run from there without CCDF_MODELS_DIR.
ROOT="$T/root"
dpkg-deb -x "$DEB" "$ROOT"
MODELS="$ROOT/usr/share/ccdf-studio/models"
run() { env -u CCDF_MODELS_DIR -u CCDF_SAMPLES_DIR CCDF_THREADS="${CCDF_THREADS:-2}" "$@"; }
run "$ROOT/usr/bin/ccdf" info >"$T/info.txt" 2>&1 || { cat "$T/info.txt"; bad "ccdf info"; }
first_dir="$(sed -n '/^model folders:/{n;p}' "$T/info.txt" | awk '{print $1}')"
[[ "$first_dir" == "$MODELS" ]] && ok "first model folder is the packaged one" ||
  bad "first model folder is '$first_dir', not $MODELS"
folders="$(grep '^    folder: ' "$T/info.txt" | awk '{print $2}')"
outside="$(grep -v "^$MODELS/" <<<"$folders" || true)"
[[ -n "$folders" && -z "$outside" ]] && ok "every listed model is inside the scratch root" ||
  bad "models listed outside $MODELS: ${outside:-none listed}"
for m in gaussian-grey gaussian-photo mri-phantom fashion-32 photo-patch; do
  grep -qx "    folder: $MODELS/$m" "$T/info.txt" && ok "model $m found" || bad "model $m not found"
done

S="$ROOT/usr/share/ccdf-studio/samples"
run "$ROOT/usr/bin/ccdf" simulate --task inpaint --input "$S/camera.png" --crop 64 --channels 1 \
  --out-dir "$T/inp" >"$T/sim.log" 2>&1 || { cat "$T/sim.log"; bad "ccdf simulate"; }
if run "$ROOT/usr/bin/ccdf" restore --task inpaint --input "$T/inp/masked.png" \
     --mask "$T/inp/mask.png" --model gaussian-grey --steps 3 --output "$T/inp/restored.png" \
     --reference "$T/inp/ground_truth.png" >"$T/restore.log" 2>&1 && [[ -s "$T/inp/restored.png" ]]; then
  ok "ccdf restore (inpaint, gaussian-grey, 3 steps): $(grep '^psnr:' "$T/restore.log" || true)"
else
  cat "$T/restore.log"; bad "ccdf restore inpaint"
fi
# The TF.js initialiser weights come from the packaged esrgan-slim folder.
run "$ROOT/usr/bin/ccdf" simulate --task sr --scale 2 --input "$S/astronaut.png" --crop 64 \
  --channels 3 --out-dir "$T/sr" >"$T/sim-sr.log" 2>&1 || { cat "$T/sim-sr.log"; bad "ccdf simulate sr"; }
if run "$ROOT/usr/bin/ccdf" restore --task sr --scale 2 --input "$T/sr/lowres.png" \
     --model gaussian-photo --init esrgan-slim --steps 3 --output "$T/sr/restored.png" \
     >"$T/restore-sr.log" 2>&1 && [[ -s "$T/sr/restored.png" ]]; then
  ok "ccdf restore (sr x2, --init esrgan-slim, 3 steps)"
else
  cat "$T/restore-sr.log"; bad "ccdf restore sr --init esrgan-slim"
fi
run "$ROOT/usr/bin/ccdf-train" --help >/dev/null 2>&1 && ok "ccdf-train --help" || bad "ccdf-train --help"
if [[ -x "$ROOT/usr/bin/ccdf-studio" ]]; then  # the GUI loads (Qt, translations embedded)
  run env QT_QPA_PLATFORM=offscreen HOME="$T/home" XDG_RUNTIME_DIR="$T" "$ROOT/usr/bin/ccdf-studio" \
    --help >/dev/null 2>&1 && ok "ccdf-studio --help" || bad "ccdf-studio --help"
fi

# 3. Desktop file, metainfo and man pages are well-formed (when the validators are installed).
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$ROOT/usr/share/applications/ccdf-studio.desktop" >"$T/dfv.log" 2>&1 &&
    ! grep -q "error:" "$T/dfv.log" && ok "desktop-file-validate" || { cat "$T/dfv.log"; bad "desktop-file-validate"; }
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net \
    "$ROOT/usr/share/metainfo/io.github.ccdf_studio.CcdfStudio.metainfo.xml" >"$T/as.log" 2>&1 &&
    ok "appstreamcli validate" || { cat "$T/as.log"; bad "appstreamcli validate"; }
fi
for page in ccdf ccdf-train; do
  zcat "$ROOT/usr/share/man/man1/$page.1.gz" | grep -q '^\.TH' && ok "man page $page.1" ||
    bad "man page $page.1"
done

# 4. lintian: no errors (warnings and notes are printed, not fatal).
lintian "$DEB" >"$T/lintian.log" 2>&1 || true
grep -v "running with root privileges" "$T/lintian.log" || true
if grep -q "^E: " "$T/lintian.log"; then bad "lintian reports errors"; else ok "lintian: no errors"; fi

if ((failures)); then echo "$failures check(s) failed"; exit 1; fi
echo "package_install: all checks passed"
