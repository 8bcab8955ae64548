#!/bin/sh
# Element overhead on a real video: decode-only pipeline vs the same pipeline through saetracker,
# and the bare network's per-frame time from saetrack-bench. Prints ms per frame and the ratio.
set -eu
cd "$(dirname "$0")/.."
VIDEO=${VIDEO:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
THREADS=${THREADS:-1}  # same thread count for the element and the bare network
PROPS=${PROPS:-}       # more saetracker properties, e.g. PROPS="process-tuning=true"
BOX="object-initial-x=640 object-initial-y=240 object-initial-width=46 object-initial-height=82"
export GST_PLUGIN_PATH=build/gst
frames=$(gst-launch-1.0 -m filesrc location="$VIDEO" ! decodebin ! videoconvert ! saetracker $BOX draw=false ! \
  fakesink sync=false 2>/dev/null | grep -c 'saetracker, x=')
t() { s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
decode=$(t gst-launch-1.0 filesrc location="$VIDEO" ! decodebin ! videoconvert ! video/x-raw,format=BGR ! fakesink sync=false)
track=$(t gst-launch-1.0 filesrc location="$VIDEO" ! decodebin ! videoconvert ! video/x-raw,format=BGR ! saetracker $BOX draw=false threads=$THREADS $PROPS ! fakesink sync=false)
drawn=$(t gst-launch-1.0 filesrc location="$VIDEO" ! decodebin ! videoconvert ! video/x-raw,format=I420 ! saetracker $BOX draw=true threads=$THREADS $PROPS ! fakesink sync=false)
net_ms=$(build/tools/saetrack-bench --config nano --threads $THREADS --frames 100 --weights weights/saetrack-nano.weights | \
  awk -F"|" '/^\| nano/ {gsub(/ /,"",$6); print $6}')
echo "video: $VIDEO, $frames frames, $THREADS thread(s), default model${PROPS:+, $PROPS}"
echo "decode only:                 $(echo "$decode * 1000 / $frames" | bc -l | cut -c1-6) ms/frame"
echo "decode + saetracker (BGR):   $(echo "$track * 1000 / $frames" | bc -l | cut -c1-6) ms/frame"
echo "decode + saetracker (I420, draw): $(echo "$drawn * 1000 / $frames" | bc -l | cut -c1-6) ms/frame"
elem=$(echo "($track - $decode) * 1000 / $frames" | bc -l)
echo "element cost per frame:      $(echo "$elem" | cut -c1-6) ms  -> $(echo "1000 / $elem" | bc -l | cut -c1-6) fps"
echo "bare network per frame:      $net_ms ms  -> $(echo "1000 / $net_ms" | bc -l | cut -c1-6) fps"
echo "element / bare network:      $(echo "$elem / $net_ms" | bc -l | cut -c1-5)"
