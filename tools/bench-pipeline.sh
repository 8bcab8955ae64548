#!/bin/sh
# The element in a real decode pipeline against decode alone and the bare tracker step (issue 15).
# Each figure is the median of RUNS runs, with the spread (min-max); ms per frame and fps.
#   decode only:     filesrc ! decodebin ! videoconvert ! BGR ! fakesink
#   pipeline:        the same with `queue ! saetracker` before fakesink (the decoder on its own thread)
#   element cost:    pipeline minus decode-only, per frame
#   bare step:       saetrack-bench --steps: the default model's whole update() on a 640x480 photo,
#                    its process tuned only when PROPS has process-tuning=true (as the element's)
#   THREADS=2 PROPS="process-tuning=true" RUNS=5 sh tools/bench-pipeline.sh [VIDEO]
# THREADS defaults to the element's default, -1 (the count chosen while running).
set -eu
cd "$(dirname "$0")/.."
VIDEO=${1:-${VIDEO:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}}
THREADS=${THREADS:--1}  # the element's threads (-1: its default, chosen while running) and the bare step's
PROPS=${PROPS:-}       # more saetracker properties, e.g. PROPS="process-tuning=true"
DEVICE=${DEVICE:-cpu}  # the element's and the bare step's device
RUNS=${RUNS:-3}
BOX=${BOX:-"object-initial-x=640 object-initial-y=240 object-initial-width=46 object-initial-height=82"}
BUILD=${BUILD:-build}
export GST_PLUGIN_PATH=$BUILD/gst
DECODE="filesrc location=$VIDEO ! decodebin ! videoconvert ! video/x-raw,format=BGR"
# shellcheck disable=SC2086
first=$(GST_DEBUG=saetracker:4 GST_DEBUG_NO_COLOR=1 gst-launch-1.0 -m $DECODE ! saetracker $BOX draw=false \
  threads=$THREADS $PROPS ! fakesink sync=false 2>&1)
frames=$(echo "$first" | grep -c 'saetracker, id=' || true)
[ "$frames" -gt 0 ] || { echo "the element tracked no frame of $VIDEO" >&2; exit 1; }
# threads=-1: the bare step runs with the count the element kept last in that run (its log says which).
STEP_THREADS=$THREADS
if [ "$THREADS" = -1 ]; then
  choices=$(echo "$first" | sed -n 's/.*threads: \([0-9]*\) threads (\(.*\))/\1 (\2)/p')
  STEP_THREADS=$(echo "$choices" | tail -1 | cut -d' ' -f1)
  echo "threads=-1: the element's choices in one run: $(echo "$choices" | cut -d' ' -f1 | sort | uniq -c | awk '{printf "%s%sx %s", sep, $1, $2; sep=", "}')"
fi
# ms per frame of one run of a pipeline
run() { s=$(date +%s.%N); gst-launch-1.0 $DECODE ! "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "($e - $s) * 1000 / $frames" | bc -l; }
# median and spread of RUNS runs
stats() { sort -n | awk '{v[NR]=$1} END {printf "%.2f %.2f %.2f\n", v[int((NR+1)/2)], v[1], v[NR]}'; }
decode=$(for i in $(seq $RUNS); do run fakesink sync=false; done | stats)
# shellcheck disable=SC2086
track=$(for i in $(seq $RUNS); do run queue ! saetracker $BOX draw=false threads=$THREADS device=$DEVICE $PROPS ! fakesink sync=false; done | stats)
case "$PROPS" in *process-tuning=true*) TUNE= ;; *) TUNE=--untuned ;; esac
# The bare step in the element's precision (its default, auto, unless PROPS names one).
PRECISION=$(echo "$PROPS" | sed -n 's/.*precision=\([a-z0-9]*\).*/\1/p')
step=$(for i in $(seq $RUNS); do "$BUILD/tools/saetrack-bench" --steps $TUNE --threads "$STEP_THREADS" --device "$DEVICE" \
  --precision "${PRECISION:-auto}" --frames 50 | \
  awk -F'|' '/^\| [a-z]/ && !/model/ {gsub(/ /, "", $7); print $7}'; done | stats)
set -- $decode; d=$1; dr="$2-$3"
set -- $track; t=$1; tr="$2-$3"
set -- $step; b=$1; br="$2-$3"
e=$(echo "$t - $d" | bc -l)
fps() { echo "1000 / $1" | bc -l | xargs printf "%.1f"; }
echo "video: $VIDEO, $frames frames; device=$DEVICE threads=$THREADS${PROPS:+ $PROPS}; median of $RUNS runs (spread)"
echo "| stage | ms/frame | spread | fps |"
echo "|---|---|---|---|"
echo "| decode only | $d | $dr | $(fps "$d") |"
echo "| decode + queue + saetracker | $t | $tr | **$(fps "$t")** |"
echo "| element cost (difference) | $(printf "%.2f" "$e") | | $(fps "$e") |"
echo "| bare tracker step (saetrack-bench --steps --threads $STEP_THREADS) | $b | $br | $(fps "$b") |"
echo "element / bare step: $(echo "$e / $b" | bc -l | xargs printf "%.2f")"
