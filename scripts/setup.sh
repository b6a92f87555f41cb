#!/usr/bin/env bash
# Installs every Debian package CCDF Studio needs (idempotent: skips apt when all are present)
# and builds Release into build/. Usage: scripts/setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev libopenblas0-openmp python3-torch
  libspdlog-dev nlohmann-json3-dev libgtest-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-charts-dev libqt6opengl6-dev linguist-qt6
  libgl1-mesa-dev xvfb xauth
  libopencv-dev libdcmtk-dev libhdf5-dev libismrmrd-dev dicom3tools
  zlib1g-dev dataset-fashion-mnist bart
  dpkg-dev lintian desktop-file-utils appstream
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's libtorch links the reference BLAS by default; prefer OpenBLAS (openmp variant).
if [[ -e /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 ]]; then
  cur=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/{print $2}')
  if [[ "$cur" != */openblas-openmp/* ]] && [[ $(id -u) -eq 0 ]]; then
    update-alternatives --set libblas.so.3-x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 || true
    update-alternatives --set liblapack.so.3-x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/openblas-openmp/liblapack.so.3 || true
  fi
fi

# TensorFlow.js reference for tests/tst_tfjs_import (tools/tfjs: @tensorflow/tfjs, pure-JS CPU
# backend, and the MIT @upscalerjs/esrgan-* models). Debian's nodejs/npm unless a node is present.
node_missing=()
command -v node >/dev/null 2>&1 || node_missing+=(nodejs)
command -v npm >/dev/null 2>&1 || node_missing+=(npm)
if ((${#node_missing[@]})); then
  echo "setup: installing ${node_missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${node_missing[@]}" >/dev/null
fi
# npm writes node_modules/.package-lock.json last: reinstall when it is absent or older than the lock.
if [[ ! -f tools/tfjs/node_modules/.package-lock.json ]] ||
   [[ tools/tfjs/package-lock.json -nt tools/tfjs/node_modules/.package-lock.json ]]; then
  echo "setup: npm ci --prefix tools/tfjs"
  # No dependency needs its install script (core-js's only prints a banner).
  npm ci --prefix tools/tfjs --no-audit --no-fund --ignore-scripts >/dev/null
fi

[[ "${1:-}" == "--no-build" ]] && exit 0
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build -j"$(nproc)"
