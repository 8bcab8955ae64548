#!/bin/sh
# Reproduces the light weights (weights/saetrack-light.weights; the default until the nano model,
# tools/train-nano.sh) on a 2-core CPU machine:
# gathers the real photographs from Debian packages, then trains the light configuration in two
# stages (about 75 minutes in all). Extra arguments (e.g. --force) go to both stages.
set -eu
cd "$(dirname "$0")/.."
DATA=${DATA:-data}
BUILD=${BUILD:-build}
OUT=${OUT:-train-output}
./tools/gather-data.sh "$DATA"
[ -x "$BUILD/training/saetrack-train" ] || { meson setup "$BUILD" && ninja -C "$BUILD"; }
mkdir -p "$OUT" docs/training
# Stage 1, from scratch: no ImageNet backbone exists in Debian, so the backbone trains from the
# start (--freeze-epochs 0, full backbone rate) and the paper's rates are doubled (docs/training.md).
"$BUILD/training/saetrack-train" --recipe training/recipes/light-stage1.recipe --data "$DATA/images" \
  --threads 2 --workers 1 --checkpoint-dir "$OUT/checkpoints-stage1" --report-dir "$OUT" \
  --out "$OUT/saetrack-light-stage1.weights" "$@"
# Stage 2: the same recipe continued at lower rates from stage 1.
exec "$BUILD/training/saetrack-train" --recipe training/recipes/light-stage2.recipe --data "$DATA/images" \
  --init "$OUT/saetrack-light-stage1.weights" --threads 2 --workers 1 --checkpoint-dir "$OUT/checkpoints-stage2" --report-dir docs/training \
  --out weights/saetrack-light.weights "$@"
