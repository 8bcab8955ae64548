#!/bin/sh
# Reproduces the shipped default weights (weights/saetrack-light.weights) on a 2-core CPU machine.
# Gathers the real photographs from Debian packages, then trains the light configuration.
# Takes about an hour; pass --force to replace an existing output.
set -eu
cd "$(dirname "$0")/.."
DATA=${DATA:-data}
BUILD=${BUILD:-build}
./tools/gather-data.sh "$DATA"
[ -x "$BUILD/training/saetrack-train" ] || { meson setup "$BUILD" && ninja -C "$BUILD"; }
# From-scratch recipe: no ImageNet backbone exists in Debian, so the backbone is trained from the
# start (--freeze-epochs 0, full backbone rate) and the paper's rates are doubled (see docs/training.md).
exec "$BUILD/training/saetrack-train" --data "$DATA/images" --config light --seed 7 \
  --epochs 10 --pairs-per-epoch 2400 --batch 16 --threads 2 --workers 1 \
  --warm-lr 0.002 --base-lr 0.01 --end-lr 0.0005 --freeze-epochs 0 --backbone-lr-factor 1.0 \
  --val-sequences 8 --val-frames 60 \
  --checkpoint-dir "${CHECKPOINTS:-train-checkpoints}" --report-dir docs/training \
  --out weights/saetrack-light.weights "$@"
