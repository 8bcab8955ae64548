#!/bin/sh
# A real 640x480 H.264 video for tools/bench-pipeline.sh: vtest.avi (opencv-doc) scaled and encoded
# with openh264 into out/bench/vtest-640x480.mp4 (made once). Prints its path. The demo pedestrian
# starts at x=533 y=200 w=38 h=68 in it (vtest's 640,240,46,82 scaled by 5/6).
set -eu
cd "$(dirname "$0")/.."
OUT=out/bench/vtest-640x480.mp4
if [ ! -s "$OUT" ]; then
  mkdir -p out/bench
  gst-launch-1.0 -q filesrc location=/usr/share/doc/opencv-doc/examples/data/vtest.avi ! decodebin ! videoconvert ! \
    videoscale ! video/x-raw,width=640,height=480,format=I420 ! openh264enc bitrate=2000000 ! h264parse ! mp4mux ! \
    filesink location="$OUT.part" > /dev/null
  mv "$OUT.part" "$OUT"
fi
echo "$PWD/$OUT"
