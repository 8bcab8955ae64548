// Where a new target can come from besides properties and the set-target signal: an upstream
// GstVideoRegionOfInterestMeta, or a box dragged with the mouse in the video window (navigation
// events). Plain helpers; the element holds the state and the lock.
#pragma once
#include <gst/gst.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct TargetRequest {
  double x, y, w, h;
  const char *source;  // for log and warning messages
};

// A change to the set of targets, queued by any thread (properties, signals, mouse) and applied
// by the streaming thread on the next frame, in order.
struct TargetOp {
  enum class Kind { Set, Add, Remove, Clear } kind;
  int64_t id = 0;  // Set (replace or create), Add (the id add-target returned), Remove
  TargetRequest box{0, 0, 0, 0, ""};
};

// An upstream region: its box and the id the producer gave it.
struct UpstreamRegion {
  TargetRequest box;
  int64_t id;
};

// The upstream ROI metas of `type` (any type when empty), skipping our own output and empty ones;
// at most `limit` (a detector that sends hundreds of regions costs bounded work).
std::vector<UpstreamRegion> regions_from_roi_meta(GstBuffer *buf, const std::string &type, size_t limit);

// A drag with the left button: press starts it, moves update it, release ends it and yields a box
// of at least 4x4 pixels.
struct MouseSelection {
  bool dragging = false;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::optional<TargetRequest> handle(GstEvent *navigation_event);
};
