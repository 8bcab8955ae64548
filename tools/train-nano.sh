#!/bin/sh
# Reproduces weights/saetrack-nano.weights (the "nano" configuration: SAE heads on the pretrained
# NanoDet-g backbone, weights/NOTICE) on a 2-core CPU machine, with the paper's recipe: backbone
# frozen for the first half, then its last stage at 0.1x the rate; warm-up then exponential decay.
# Pairs teach scale: search crops scale-jittered by up to +-0.35 (log), and 3 of 4 pairs are
# synthetic scenes whose targets (half of them real photographed cut-outs) move and change size.
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
"$BUILD/training/saetrack-train" --config nano --backbone-weights weights/nanodet-g.tensors \
  --data "$DATA/images" --extra-data "$DATA/images-extra" --objects "$DATA/objects" \
  --mix 1,3 --search-scale 0.35 --seed 21 \
  --epochs 16 --pairs-per-epoch 2400 --batch 16 --threads 2 --workers 1 \
  --warm-lr 0.001 --base-lr 0.005 --end-lr 0.00005 --backbone-lr-factor 0.1 \
  --val-sequences 8 --val-frames 60 --checkpoint-dir "$OUT/checkpoints" --report-dir "$OUT" \
  --out "$OUT/saetrack-nano.weights" $RESUME_FLAG "$@"
echo "trained: $OUT/saetrack-nano.weights (copy to weights/saetrack-nano.weights to ship it)"
