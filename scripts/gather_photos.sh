#!/usr/bin/env bash
# Collects the photographs the photo-patch prior trains on (and its held-out test photos) from
# Debian packages, without installing them: `apt-get download` + `dpkg-deb -x`.
#   usage: scripts/gather_photos.sh [OUT_DIR=out/photos]
# Writes OUT_DIR/train/ and OUT_DIR/heldout/. Licences: see models/photo-patch/MODEL_CARD.md.
set -euo pipefail
out=${1:-out/photos}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/train" "$out/heldout"
(cd "$work" && apt-get download python3-skimage mate-backgrounds >/dev/null 2>&1) || {
  echo "gather_photos: apt-get download failed (no package lists? run apt-get update)" >&2
  exit 1
}
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
skimage=$work/root/usr/lib/python3/dist-packages/skimage/data
mate=$work/root/usr/share/backgrounds/mate/nature

# scikit-image sample data: CC0 or public domain per skimage/data/_fetchers.py.
for f in coffee.png chelsea.png rocket.jpg hubble_deep_field.jpg ihc.png retina.jpg \
  brick.png grass.png gravel.png coins.png; do
  cp "$skimage/$f" "$out/train/skimage-$f"
done
# MATE backgrounds, nature photographs: GPL-2+ (debian/copyright of mate-backgrounds).
for f in Aqua Blinds Dune FreshFlower Garden GreenMeadow RainDrops TwoWings Wood YellowFlower; do
  cp "$mate/$f.jpg" "$out/train/mate-$f.jpg"
done
# Held out from training: evaluation only.
cp "$skimage/astronaut.png" "$skimage/camera.png" "$out/heldout/"
cp "$mate/LadyBird.jpg" "$mate/Storm.jpg" "$out/heldout/"
echo "gather_photos: $(ls "$out/train" | wc -l) training and $(ls "$out/heldout" | wc -l) held-out photos in $out"
