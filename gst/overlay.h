/* Box overlay for any raw video format, through GStreamer's overlay-composition API. */
#pragma once

#include <gst/video/video.h>

/* Blends a rectangle outline (thickness px, ARGB colour) into frame. */
void saetrack_draw_box(GstVideoFrame *frame, int x, int y, int w, int h, int thickness, guint32 argb);
/* A target's outline colour (opaque ARGB) from its id: target 0 green as with one target, other
 * ids spread around the hue circle by the golden ratio so neighbours differ. */
guint32 saetrack_target_colour(gint64 id);
