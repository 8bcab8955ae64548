#!/bin/sh
# Scratch vs imported backbone: trains the "mobile" configuration twice with the same data, seed,
# pair budget and rates, once from the nsfwjs MobileNetV2 (paper recipe: backbone frozen for the
# first half, then 0.1x rate) and once from random initialisation (backbone trained throughout at
# the full rate, as the scratch light weights were). Validation AUC per epoch lands in
# $OUT/{import,scratch}/*-validation.csv. About 25 minutes on 2 cores.
set -eu
cd "$(dirname "$0")/.."
DATA=${DATA:-data}
BUILD=${BUILD:-build}
OUT=${OUT:-train-output/backbone-init}
[ -f "$DATA/mobilenet_v2.tensors" ] || ./tools/gather-data.sh "$DATA"
mkdir -p "$OUT"
COMMON="--data $DATA/images --config mobile --seed 7 --epochs 6 --pairs-per-epoch 800 --batch 16 --threads 2
  --workers 1 --warm-lr 0.002 --base-lr 0.01 --end-lr 0.0005 --val-sequences 8 --val-frames 60 --force"
"$BUILD/training/saetrack-train" $COMMON --backbone-weights "$DATA/mobilenet_v2.tensors" \
  --report-dir "$OUT/import" --out "$OUT/import.weights"
"$BUILD/training/saetrack-train" $COMMON --freeze-epochs 0 --backbone-lr-factor 1.0 \
  --report-dir "$OUT/scratch" --out "$OUT/scratch.weights"
