#!/bin/sh
# Reproduces weights/saetrack-nano.weights (the "nano" configuration: SAE heads on the pretrained
# NanoDet-g backbone, weights/NOTICE) on a 2-core CPU machine with the recipe
# training/recipes/nano.recipe (the paper's schedule; what it holds and why is written there).
# About 70 minutes alone on 2 cores (9 pairs/s); checkpoints every epoch, so an interrupted run
# continues with RESUME=1. Extra arguments (e.g. --force) go to saetrack-train.
set -eu
cd "$(dirname "$0")/.."
DATA=${DATA:-data}
BUILD=${BUILD:-build}
OUT=${OUT:-train-output/nano}
[ -f "$DATA/manifest.tsv" ] || ./tools/gather-data.sh "$DATA"
[ -x "$BUILD/training/saetrack-train" ] || ./tools/build.sh
mkdir -p "$OUT"
RESUME_FLAG=""
[ "${RESUME:-0}" = 1 ] && RESUME_FLAG=--resume
"$BUILD/training/saetrack-train" --recipe training/recipes/nano.recipe \
  --data "$DATA/images" --extra-data "$DATA/images-extra" --objects "$DATA/objects" \
  --threads 2 --workers 1 --checkpoint-dir "$OUT/checkpoints" --report-dir "$OUT" \
  --out "$OUT/saetrack-nano.weights" $RESUME_FLAG "$@"
echo "trained: $OUT/saetrack-nano.weights (copy to weights/saetrack-nano.weights to ship it)"
