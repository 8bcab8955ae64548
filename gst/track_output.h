// What the element attaches and posts for every tracked frame: a GstVideoRegionOfInterestMeta
// (roi type "saetracker", parameter structure "saetracker" with score and lost) and an element
// message "saetracker" with the box, score, lost, frame counter and the frame's times.
#pragma once
#include <gst/base/gstbasetransform.h>
#include <gst/video/video.h>

#include "tracker.h"

void publish_track_result(GstBaseTransform *element, GstVideoFrame *frame, const saetrack::TrackResult &r,
                          guint64 frame_number);
