// The target's size change from frame to frame measured by optical flow, as Median Flow does
// (Kalal, Mikolajczyk, Matas 2010): up to 100 corners in the last box followed by pyramidal
// Lucas-Kanade into this frame and back, the half with the smaller forward-backward error kept,
// and the size change the median ratio of their pairwise distances (per axis: of their x and y
// distances), believed only when most points agree with that change (an occluder or a look-alike
// crossing the box moves its points otherwise). The floor's three-scale search chooses among
// whole scale steps behind a penalty, so its box lags a target that zooms steadily; the flow
// measures small changes without a penalty and without following a look-alike's response.
#pragma once
#include <opencv2/core.hpp>

#include "frame_crops.h"
#include "geometry.h"

namespace saetrack {

struct FlowSizeChange {
  bool ok = false;     // enough points agreed
  double scale = 1;    // median ratio of pairwise distances
  double sx = 1, sy = 1;  // median ratios of pairwise x and y distances
  double dx = 0, dy = 0;  // the points' median motion, frame pixels
  double agreeing = 0; // share of the kept points that move as the change says
};

class FlowSize {
 public:
  // Remembers the region around `box` in `frame` for the next measure().
  void remember(const DeviceFrame &frame, const Box &box);
  // The change of the remembered box's size from the remembered frame to `frame`; not ok with
  // nothing remembered, too few points or an implausible change.
  FlowSizeChange measure(const DeviceFrame &frame) const;
  void clear() { patch_ = cv::Mat(); }

 private:
  cv::Mat grey_region(const DeviceFrame &frame) const;  // region_ of frame, 8-bit grey, scaled by zoom_

  cv::Mat patch_;     // the remembered region, grey, scaled by zoom_
  cv::Rect region_;   // in frame pixels: the box with a margin for the motion, inside the frame
  double zoom_ = 1;   // patch pixels per frame pixel (large targets are measured at a lower resolution)
  Box box_;
};

}  // namespace saetrack
