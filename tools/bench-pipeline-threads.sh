#!/bin/sh
# The element's `threads` settings compared in one decode pipeline, runs interleaved
# (1, 2, -1, 1, 2, -1, ...) so that a shared machine's drift falls on each alike. Prints every run
# (ms per frame of the whole pipeline, start-up included, and the counts threads=-1 kept) and a
# table of medians with the spread.
#   ROUNDS=4 [PROPS="process-tuning=true"] sh tools/bench-pipeline-threads.sh [VIDEO]
set -eu
cd "$(dirname "$0")/.."
VIDEO=${1:-${VIDEO:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}}
BOX=${BOX:-"object-initial-x=640 object-initial-y=240 object-initial-width=46 object-initial-height=82"}
PROPS=${PROPS:-}
ROUNDS=${ROUNDS:-4}
BUILD=${BUILD:-build}
export GST_PLUGIN_PATH=$BUILD/gst GST_DEBUG=saetracker:4 GST_DEBUG_NO_COLOR=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
runs=""
for r in $(seq "$ROUNDS"); do
  for t in 1 2 -1; do
    s=$(date +%s.%N)
    # shellcheck disable=SC2086
    gst-launch-1.0 -m filesrc location="$VIDEO" ! decodebin ! videoconvert ! video/x-raw,format=BGR ! queue ! \
      saetracker $BOX draw=false threads=$t $PROPS ! fakesink sync=false > "$log" 2>&1
    e=$(date +%s.%N)
    frames=$(grep -c 'saetracker, id=' "$log" || true)
    [ "$frames" -gt 0 ] || { echo "the element tracked no frame of $VIDEO" >&2; exit 1; }
    kept=$(sed -n 's/.*threads: \([0-9]*\) threads.*/\1/p' "$log" | paste -sd, -)
    ms=$(echo "($e - $s) * 1000 / $frames" | bc -l | xargs printf "%.2f")
    echo "round $r threads=$t: $ms ms/frame${kept:+ (kept: $kept)}"
    runs="$runs$t $ms
"
  done
done
echo "video: $VIDEO${PROPS:+, $PROPS}; median of $ROUNDS interleaved rounds (spread)"
echo "| threads | ms/frame | spread | fps |"
echo "|---|---|---|---|"
for t in 1 2 -1; do
  printf "%s" "$runs" | awk -v t="$t" '$1 == t {print $2}' | sort -n | awk -v t="$t" '
    {v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                      printf "| %s | %.2f | %.2f-%.2f | %.1f |\n", t, m, v[1], v[NR], 1000 / m}'
done
