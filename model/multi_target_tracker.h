// Many targets on one network (issue 12): each target has a stable id and its own tracker state,
// every tracker shares the prototype's weights (SingleTargetTracker::another), and when the
// trackers batch, all targets' search windows go through the network together each frame, windows
// of one scale sharing one backbone pass where that saves work (shared_features.h).
// Detections (a detector upstream) hand off to the targets by IoU matching. Every target knows how
// many are tracked, so a tracker may search more cheaply in a crowd (the floor's template-scales-from).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "single_target_tracker.h"

namespace saetrack {

struct TrackerParams;

struct Target {
  int64_t id = 0;
  std::unique_ptr<SingleTargetTracker> tracker;
  TrackResult result;
  uint64_t age = 0;          // frames since the target was added
  uint64_t lost_frames = 0;  // consecutive frames lost (reset by a matching detection)
  uint64_t unmatched_frames = 0;  // frames since a detection last matched it (or since it was added)
};

struct TargetLimitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a round of detections did to the targets.
struct HandOff {
  std::vector<int64_t> added, removed, refreshed;  // refreshed: matched, re-anchored on the detection
  size_t refused = 0;                              // new regions beyond max-targets
};

struct HandOffParams {
  double match_iou = 0.3;          // a detection and a target's box with at least this IoU match
  double refresh_score = 0.5;      // a matched target scoring below this re-takes its template there
  uint64_t max_lost_frames = 30;   // a target lost this many frames and unmatched is removed
  uint64_t max_unmatched_frames = 30;  // a target no detection has matched for this many frames is removed, lost or
                                       // not (DeepSORT's max_age; 0 = never): a box that drifted off its object
                                       // while still scoring well would otherwise live on beside the new target
};

class MultiTargetTracker {
 public:
  // prototype: a loaded tracker; every target's tracker is prototype->another().
  MultiTargetTracker(std::unique_ptr<SingleTargetTracker> prototype, size_t max_targets);

  // Adds a target on box in bgr and returns its id: `id` when given (an upstream region's) unless a
  // live target has it, else the next id never used in this stream. Throws TargetLimitError when
  // max_targets are tracked and std::invalid_argument for an empty or outside box.
  int64_t add(const cv::Mat &bgr, const Box &box, std::optional<int64_t> id = {});
  // Replaces target `id`'s box (re-initialised on bgr), or adds it when it does not exist.
  int64_t set(const cv::Mat &bgr, const Box &box, int64_t id);
  bool remove(int64_t id);  // false for an unknown id
  void clear();
  // One tracking step for every target (batched when the trackers batch); hurry: each tracker's
  // cheapest search this step (SingleTargetTracker::set_hurry).
  void update(const cv::Mat &bgr, bool hurry = false);
  // Matches detections to the targets after this frame's update (greedy by IoU), re-anchors
  // matched targets, adds unmatched detections as targets and removes targets lost and unmatched
  // for max_lost_frames. ids: the detections' own (nullopt: assign).
  HandOff hand_off(const cv::Mat &bgr, const std::vector<Box> &detections,
                   const std::vector<std::optional<int64_t>> &ids, const HandOffParams &params);
  void rescale(double sx, double sy);
  void set_params(const TrackerParams &params);

  const std::vector<Target> &targets() const { return targets_; }
  const Target *find(int64_t id) const;
  size_t max_targets() const { return max_targets_; }
  void set_max_targets(size_t n) { max_targets_ = n; }
  // Where ids come from when the caller gives none (default: one more than the highest id used);
  // the element hands out ids from other threads (add-target) and so owns the counter.
  void set_id_source(std::function<int64_t()> source) { id_source_ = std::move(source); }
  const SingleTargetTracker &prototype() const { return *prototype_; }
  // Windows of different targets on one level of the scale ladder share a backbone pass
  // (shared_features.h); nullopt: every target searches its own crops. Default: on.
  void set_sharing(std::optional<SharingParams> sharing) { sharing_ = sharing; }

 private:
  Target *find_mutable(int64_t id);
  void tell_crowd();  // every target learns how many are tracked (SingleTargetTracker::set_crowd)

  std::unique_ptr<SingleTargetTracker> prototype_;
  size_t max_targets_;
  std::vector<Target> targets_;  // in the order they were added
  int64_t next_id_ = 0;
  std::function<int64_t()> id_source_;
  std::optional<SharingParams> sharing_ = SharingParams{};
};

}  // namespace saetrack
