// What every single-target tracker offers its callers (the element, saetrack-eval, the tests):
// start on a box, follow it frame by frame, survive a resolution change. The trained SAE tracker
// (Tracker) and the training-free floor (FloorTracker) both implement it, so a caller picks one
// by name and treats them alike.
#pragma once
#include <opencv2/core.hpp>

#include <string>

#include "geometry.h"

namespace saetrack {

struct TrackerParams;

struct TrackResult {
  Box box;             // frame pixels, clamped to the frame
  double score = 0;    // confidence at the chosen peak (0..1)
  bool lost = false;
};

class SingleTargetTracker {
 public:
  virtual ~SingleTargetTracker() = default;
  // Starts tracking box in bgr (8-bit, 3 channels). Throws std::invalid_argument for an empty box
  // or one with no overlap with the frame; a box partly outside is clipped.
  virtual void init(const cv::Mat &bgr, const Box &box) = 0;
  virtual TrackResult update(const cv::Mat &bgr) = 0;
  // Rescales the current state after the frame size changed (resolution change mid-stream).
  virtual void rescale(double sx, double sy) = 0;
  virtual const TrackResult &last() const = 0;
  // The tunables (TrackerParams) a caller may change between frames; trackers without them ignore it.
  virtual void set_params(const TrackerParams &) {}
  virtual std::string name() const = 0;  // for logs and result folders
};

}  // namespace saetrack
