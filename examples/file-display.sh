#!/bin/sh
# Track a pedestrian in a video file and show it with the box drawn in (needs a display;
# SINK=ximagesink picks a sink, e.g. under Xvfb where GL sinks fail).
export GST_PLUGIN_PATH=${GST_PLUGIN_PATH:-$(dirname "$0")/../build/gst}
VIDEO=${1:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
exec gst-launch-1.0 filesrc location="$VIDEO" ! decodebin ! videoconvert ! \
  saetracker object-initial-x=640 object-initial-y=240 object-initial-width=46 object-initial-height=82 draw=true ! \
  videoconvert ! ${SINK:-autovideosink}
