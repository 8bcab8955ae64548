// Where a new target can come from besides properties and the set-target signal: an upstream
// GstVideoRegionOfInterestMeta, or a box dragged with the mouse in the video window (navigation
// events). Plain helpers; the element holds the state and the lock.
#pragma once
#include <gst/gst.h>

#include <optional>
#include <string>

struct TargetRequest {
  double x, y, w, h;
  const char *source;  // for log and warning messages
};

// The first upstream ROI meta of `type` (any type when empty), skipping our own output.
std::optional<TargetRequest> target_from_roi_meta(GstBuffer *buf, const std::string &type);

// A drag with the left button: press starts it, moves update it, release ends it and yields a box
// of at least 4x4 pixels.
struct MouseSelection {
  bool dragging = false;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::optional<TargetRequest> handle(GstEvent *navigation_event);
};
