#!/bin/sh
# Offline annotation: track through a video file and write an annotated video plus the per-frame
# boxes from the element messages. Usage: annotate-file.sh VIDEO X Y W H [OUT.avi]
set -eu
export GST_PLUGIN_PATH=${GST_PLUGIN_PATH:-$(dirname "$0")/../build/gst}
VIDEO=${1:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
X=${2:-640}; Y=${3:-240}; W=${4:-46}; H=${5:-82}; OUT=${6:-annotated.avi}
gst-launch-1.0 -m filesrc location="$VIDEO" ! decodebin ! videoconvert ! \
  saetracker object-initial-x=$X object-initial-y=$Y object-initial-width=$W object-initial-height=$H draw=true ! \
  videoconvert ! jpegenc ! avimux ! filesink location="$OUT" | grep 'saetracker, x=' > "${OUT%.*}-messages.txt"
echo "wrote $OUT and ${OUT%.*}-messages.txt ($(wc -l < "${OUT%.*}-messages.txt") frames)"
