#!/bin/sh
# Track from a V4L2 camera: drag a box with the left mouse button in the window to pick the target.
# Run from the source tree after tools/build.sh (or drop GST_PLUGIN_PATH once installed).
export GST_PLUGIN_PATH=${GST_PLUGIN_PATH:-$(dirname "$0")/../build/gst}
exec gst-launch-1.0 v4l2src device=${DEVICE:-/dev/video0} ! videoconvert ! videoscale ! \
  video/x-raw,width=640,height=480 ! saetracker draw=true ! videoconvert ! autovideosink
