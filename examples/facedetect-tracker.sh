#!/bin/sh
# A detector feeding the tracker (tracking-by-detection): gst-plugins-bad's facedetect (OpenCV
# Haar cascades from Debian's opencv-data) attaches a GstVideoRegionOfInterestMeta of type "face"
# to every frame it finds faces in; saetracker in detections mode matches them to its targets by
# IoU, starts a target for each new face and drops targets that stay lost. Without a display
# (SINK=fakesink) it prints each target's arrival and departure from the bus.
#   examples/facedetect-tracker.sh [VIDEO]      (default: opencv-doc's Megamind.avi)
cd "$(dirname "$0")/.."
[ -d /usr/share/opencv4/haarcascades ] || ./tools/install-deps.sh opencv-data
export GST_PLUGIN_PATH=${GST_PLUGIN_PATH:-build/gst}
VIDEO=${1:-/usr/share/doc/opencv-doc/examples/data/Megamind.avi}
SINK=${SINK:-autovideosink}
gst-launch-1.0 -m filesrc location="$VIDEO" ! decodebin ! videoconvert ! facedetect display=false ! videoconvert ! \
  saetracker roi-meta=true roi-type=face detections=true draw=true ! videoconvert ! $SINK 2>&1 |
  grep --line-buffered -oE "saetracker-target-(added|removed), id=\(gint64\)[0-9]+[^;]*"
