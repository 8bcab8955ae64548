#!/bin/sh
# Does the element keep up with a live 30 fps source (issue 15)? A live 640x480 videotestsrc (the
# moving-ball pattern over a snow background), queue, saetracker on the ball, a clock-synchronised
# fakesink; prints frames in and out and the QoS messages (each one a late or dropped frame).
#   tools/live-check.sh [SECONDS] [more saetracker properties]     (default 180 s)
# BURSTS=N: a busy neighbour, N processes spinning for 1 s every 5 s (a shared machine's busy
# spells, reproducibly; hurry=true/false compares the element's answer to them).
set -eu
cd "$(dirname "$0")/.."
SECONDS_=${1:-180}
[ $# -gt 0 ] && shift
FRAMES=$((SECONDS_ * 30))
LOG=out/reliability/live-check.log
mkdir -p out/reliability
export GST_PLUGIN_PATH=build/gst
BURSTS=${BURSTS:-0}
if [ "$BURSTS" -gt 0 ]; then
  (while :; do
     sleep 4
     for _ in $(seq "$BURSTS"); do timeout 1 sh -c 'while :; do :; done' & done
     wait
   done) &
  NEIGHBOUR=$!
  trap 'kill $NEIGHBOUR 2>/dev/null; pkill -P $NEIGHBOUR 2>/dev/null || true' EXIT
fi
gst-launch-1.0 -m videotestsrc is-live=true pattern=ball background-color=0xff303030 num-buffers=$FRAMES ! \
  video/x-raw,format=BGR,width=640,height=480,framerate=30/1 ! queue ! \
  saetracker object-initial-x=300 object-initial-y=220 object-initial-width=40 object-initial-height=40 "$@" ! \
  fakesink sync=true qos=true > "$LOG" 2>&1 || { tail -5 "$LOG"; exit 1; }
tracked=$(grep -c 'saetracker, id=' "$LOG" || true)
qos=$(grep -c 'GstMessageQOS\|message: qos\|: qos' "$LOG" || true)
echo "live source: $FRAMES frames at 30 fps$( [ "$BURSTS" -gt 0 ] && echo ", $BURSTS busy neighbours 1 s in 5"); tracked $tracked; QoS messages (late/dropped frames): $qos"
[ "$tracked" -eq "$FRAMES" ] && [ "$qos" -eq 0 ]
