#!/bin/sh
# Scores saetrack (library and gst element) against cvtracker CSRT / KCF / MedianFlow on real
# camera footage: the ViSP calibration-pattern sequences of the Debian package visp-images-data,
# with ground truth derived from the pattern's dots (saetrack-visp-sequences; a contact sheet of
# the derived boxes is written beside the report). Never used for training or tuning.
# Usage: tools/eval-real-footage.sh [OUT_DIR]   (default: eval-real)
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-eval-real}
BUILD=${BUILD:-build}
./tools/install-deps.sh visp-images-data
mkdir -p "$OUT"
"$BUILD/eval/saetrack-visp-sequences" --out "$OUT/sequences" --sheet "$OUT/groundtruth-sheet.jpg"
/usr/bin/python3 tools/gst-compare.py --data "$OUT/sequences" --out "$OUT/gst" --build "$BUILD"
"$BUILD/eval/saetrack-eval" --data "$OUT/sequences" --out "$OUT/report" --threads 2 \
  --compare saetracker-gst="$OUT/gst/results/saetracker" \
  --compare cvtracker-CSRT="$OUT/gst/results/cvtracker-CSRT" \
  --compare cvtracker-KCF="$OUT/gst/results/cvtracker-KCF" \
  --compare cvtracker-MedianFlow="$OUT/gst/results/cvtracker-MedianFlow"
echo "report: $OUT/report/report.md"
