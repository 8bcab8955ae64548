#!/bin/sh
# One accuracy table, every tracker in the same run on the same sequences:
#   saetrack (library, nano weights), saetracker (gst element, model=nano), the training-free
#   floor (pretrained NanoDet-g features, no training; library, and the element with model=floor),
#   the previous light weights (library, with the
#   tracker values they shipped with), and
#   OpenCV's cvtracker CSRT / KCF / MedianFlow (gst elements).
# SET is one of
#   mate  12 generated sequences x 120 frames on mate-backgrounds photos (reserved for evaluation:
#         never used for training or tuning)
#   real  the ViSP camera sequences of visp-images-data (mire-2, cube; ground truth from the dots)
#   demo  the README demo: vtest.avi's demo pedestrian, frames 1-149 (tools/vtest-demo-groundtruth.py)
# Usage: tools/eval-accuracy.sh SET [OUT_DIR]   (default OUT_DIR: eval-SET); report in OUT_DIR/report
set -eu
cd "$(dirname "$0")/.."
SET=${1:?usage: tools/eval-accuracy.sh mate|real|demo [OUT_DIR]}
OUT=${2:-eval-$SET}
BUILD=${BUILD:-build}
mkdir -p "$OUT"
case $SET in
  mate)
    ./tools/install-deps.sh mate-backgrounds
    [ -d "$OUT/sequences" ] || "$BUILD/scenes/saetrack-make-sequences" --images /usr/share/backgrounds/mate \
      --out "$OUT/sequences" --count 12 --frames 120 ;;
  real)
    ./tools/install-deps.sh visp-images-data
    "$BUILD/scenes/saetrack-visp-sequences" --out "$OUT/sequences" --sheet "$OUT/groundtruth-sheet.jpg" ;;
  demo)
    ./tools/install-deps.sh python3-opencv python3-numpy
    /usr/bin/python3 tools/vtest-demo-groundtruth.py "$OUT/sequences" --sheet "$OUT/groundtruth-sheet.png" ;;
  *) echo "unknown set '$SET' (mate, real or demo)" >&2; exit 2 ;;
esac
SEQ="$OUT/sequences"
/usr/bin/python3 tools/gst-compare.py --data "$SEQ" --out "$OUT/gst" --build "$BUILD" --saetracker-props "model=nano"
# The element with model=floor (the training-free tracker, the element's default), in the same kind of pipeline.
/usr/bin/python3 tools/gst-compare.py --data "$SEQ" --out "$OUT/gst-floor" --build "$BUILD" --trackers saetracker \
  --saetracker-props "model=floor"
"$BUILD/eval/saetrack-eval" --data "$SEQ" --out "$OUT/floor" --threads 2 --tracker floor > /dev/null
# The light weights with their own tuned values (docs/tracker-tuning.md), as they shipped.
"$BUILD/eval/saetrack-eval" --data "$SEQ" --out "$OUT/light" --threads 2 --weights light \
  --size-lr 0.02 --similarity-weight 0 --calibrate-size 0 --size-trust 0 --name saetrack-light-previous > /dev/null
"$BUILD/eval/saetrack-eval" --data "$SEQ" --out "$OUT/report" --threads 2 --weights nano \
  --compare saetracker-gst-nano="$OUT/gst/results/saetracker" \
  --compare floor-nanodet="$OUT/floor/results/floor-nanodet" \
  --compare saetracker-gst-floor="$OUT/gst-floor/results/saetracker" \
  --compare saetrack-light-previous="$OUT/light/results/saetrack-light-previous" \
  --compare cvtracker-CSRT="$OUT/gst/results/cvtracker-CSRT" \
  --compare cvtracker-KCF="$OUT/gst/results/cvtracker-KCF" \
  --compare cvtracker-MedianFlow="$OUT/gst/results/cvtracker-MedianFlow"
echo "report: $OUT/report/report.md"
