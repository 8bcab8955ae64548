#!/bin/sh
# Fresh Debian 12 -> dependencies, build, then the main job: track a pedestrian through a real
# surveillance video (opencv-doc's vtest.avi) with the bundled default weights. Writes
#   out/vtest-tracked.avi   the video with the tracked box drawn in
#   out/vtest-boxes.csv     frame, x, y, width, height, score, lost (from the element's bus messages)
set -eu
cd "$(dirname "$0")/.."
./tools/install-deps.sh
./tools/build.sh
mkdir -p out
VIDEO=${VIDEO:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
BOX=${BOX:-"object-initial-x=640 object-initial-y=240 object-initial-width=46 object-initial-height=82"}
echo "tracking $VIDEO ($BOX)"
GST_PLUGIN_PATH=build/gst gst-launch-1.0 -m filesrc location="$VIDEO" ! decodebin ! videoconvert ! \
  saetracker $BOX draw=true ! videoconvert ! jpegenc quality=85 ! avimux ! \
  filesink location=out/vtest-tracked.avi > out/gst-messages.log
echo "frame,x,y,width,height,score,lost" > out/vtest-boxes.csv
sed -n 's/.*saetracker, x=(int)\([0-9-]*\), y=(int)\([0-9-]*\), width=(int)\([0-9]*\), height=(int)\([0-9]*\), score=(double)\([0-9.e-]*\), lost=(boolean)\([a-z]*\), frame=(guint64)\([0-9]*\).*/\7,\1,\2,\3,\4,\5,\6/p' \
  out/gst-messages.log >> out/vtest-boxes.csv
echo "tracked $(($(wc -l < out/vtest-boxes.csv) - 1)) frames: out/vtest-tracked.avi, out/vtest-boxes.csv"
tail -n 3 out/vtest-boxes.csv
