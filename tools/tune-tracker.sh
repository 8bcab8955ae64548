#!/bin/sh
# Scores tracker parameter sets on a tuning set, one saetrack-eval run each, and prints a table.
# Tune only on sequences from the trainer's held-back photos, never on the evaluation packages:
#   build/scenes/saetrack-make-sequences --images data/images --held-back --out tune-seq --seed 99
#   tools/tune-tracker.sh tune-seq weights/saetrack-light.weights "" "--size-lr 0.2" "--box-radius 1"
# Each argument after the weights is one parameter set (saetrack-eval flags; "" = the defaults).
set -eu
[ $# -ge 3 ] || { sed -n '2,6p' "$0" >&2; exit 2; }
SEQ=$1 WEIGHTS=$2
shift 2
BUILD=${BUILD:-build}
OUT=${OUT:-tune-output}
echo "| parameters | success AUC | precision@20px | SR0.5 | SR0.75 | fps |"
echo "|---|---|---|---|---|---|"
i=0
for set in "$@"; do
  i=$((i + 1))
  # shellcheck disable=SC2086  # a parameter set is several flags
  "$BUILD/eval/saetrack-eval" --data "$SEQ" --weights "$WEIGHTS" --threads 2 --name tune --out "$OUT/$i" $set \
    > "$OUT.log" 2>&1 || { echo "saetrack-eval failed for '$set' (see $OUT.log)" >&2; exit 1; }
  # report.md row: | name | AUC | P@20 | NP | AO | SR0.5 | SR0.75 | fps | frames |
  sed -n 3p "$OUT/$i/report.md" | awk -F'|' -v s="${set:-defaults}" \
    '{gsub(/ /, "", $0); printf "| %s | %s | %s | %s | %s | %s |\n", s, $3, $4, $7, $8, $9}'
done
