// What every single-target tracker offers its callers (the element, saetrack-eval, the tests):
// start on a box, follow it frame by frame, survive a resolution change. The trained SAE tracker
// (Tracker) and the training-free floor (FloorTracker) both implement it, so a caller picks one
// by name and treats them alike.
#pragma once
#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "frame_crops.h"
#include "geometry.h"
#include "shared_features.h"

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
  // How many targets the caller tracks together (MultiTargetTracker); a tracker may search more
  // cheaply in a crowd (the floor's template-scales-from).
  virtual void set_crowd(size_t) {}
  // The next steps must be cheap rather than thorough (a live pipeline's frame about to reach its
  // sink late): a tracker with a cheaper search uses it (the floor: one window, template scales).
  virtual void set_hurry(bool) {}
  virtual std::string name() const = 0;  // for logs and result folders
  // A new tracker without a target that shares this one's network (one set of weights for many
  // targets: MultiTargetTracker).
  virtual std::unique_ptr<SingleTargetTracker> another() const = 0;
  // Moves the current estimate to box (a detection re-anchors its target); the template stays.
  virtual void move_to(const Box &box) = 0;

  // Batched search (MultiTargetTracker): a tracker whose network can take many targets' search
  // crops as one batch splits update() into where it searches (search_area: its windows, each
  // resampled to crop_px), the network pass (shared by every tracker made with another()) and the
  // step that finishes from its rows for those crops. The frame is uploaded once for all targets
  // (upload_frame on device()).
  virtual bool batches() const { return false; }
  virtual torch::Device device() const { return torch::kCPU; }
  virtual SearchArea search_area() const;
  torch::Tensor search_crops(const DeviceFrame &frame) const;  // n x 3 x S x S: search_area's crops
  virtual torch::Tensor search_features(const torch::Tensor &crops);
  virtual TrackResult finish_update(const DeviceFrame &frame, const torch::Tensor &features);
  // finish_update for many trackers made with another(), features[i] for trackers[i]; a tracker may
  // score them together (one correlation, one upsampling, one download for all).
  virtual std::vector<TrackResult> finish_updates(const DeviceFrame &frame,
                                                  const std::vector<SingleTargetTracker *> &trackers,
                                                  const std::vector<torch::Tensor> &features);

  // Shared frame features (shared_features.h): a batching tracker whose search features are a
  // backbone's maps of its windows can take them cut from one map shared with other targets
  // (those of a search_area marked shareable); region_features: the backbone on a frame region;
  // search_features_in: windows' features cut from such a map, in the order of the windows, as
  // search_features gives them from the windows' crops (any tracker made with another() computes
  // both for all: they share the network).
  virtual RegionFeatures region_features(const DeviceFrame &frame, const ScaledRegion &region);
  virtual torch::Tensor search_features_in(const RegionFeatures &features, const std::vector<Square> &windows,
                                           int crop_px);
};

}  // namespace saetrack
