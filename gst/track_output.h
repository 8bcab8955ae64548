// What the element attaches and posts for every frame with targets: per target a
// GstVideoRegionOfInterestMeta (roi type "saetracker", its id, parameter structure "saetracker"
// with score, lost and age), and one element message "saetracker" with the first target's box,
// score and lost at the top level (the single-target fields), a "targets" array of per-target
// structures, the frame counter and the frame's times. Targets that come and go are announced.
#pragma once
#include <gst/base/gstbasetransform.h>
#include <gst/video/video.h>

#include <vector>

#include "multi_target_tracker.h"

void publish_targets(GstBaseTransform *element, GstVideoFrame *frame, const std::vector<saetrack::Target> &targets,
                     guint64 frame_number);
// Element messages "saetracker-target-added" (id, x, y, width, height, source) and
// "saetracker-target-removed" (id, reason).
void announce_target_added(GstBaseTransform *element, const saetrack::Target &target, const char *source);
void announce_target_removed(GstBaseTransform *element, int64_t id, const char *reason);
