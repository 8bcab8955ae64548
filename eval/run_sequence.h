// The one tracking loop: a tracker initialised on a sequence's first box and updated on every
// following frame, with per-frame boxes, scores and timing; and the one way to score boxes
// against a sequence's ground truth. saetrack-eval, training validation and the tests use both.
#pragma once
#include <functional>
#include <vector>

#include "floor_tracker.h"
#include "metrics.h"
#include "sequence.h"
#include "tracker.h"

namespace saetrack::eval {

// A tracker as the loop sees it (the trained tracker and the training-free floor share it).
struct TrackerSteps {
  std::function<void(const cv::Mat &bgr, const Box &box)> init;
  std::function<TrackResult(const cv::Mat &bgr)> update;
};
TrackerSteps steps_of(Tracker &t);
TrackerSteps steps_of(FloorTracker &t);

struct SequenceRun {
  std::vector<Box> boxes;       // frame 0 = the given box (benchmarks record it)
  std::vector<double> scores;   // frame 0 = 1
  std::vector<double> seconds;  // per frame; frame 0 = the initialisation
  double update_seconds() const;  // frames 1..
};

// Runs t over seq (at most max_frames frames; 0 = all). on_frame(frames done) is called after each
// frame, for progress reports.
SequenceRun run_sequence(const Sequence &seq, const TrackerSteps &t, size_t max_frames = 0,
                         const std::function<void(size_t)> &on_frame = {});

// Scores boxes (one per frame from frame 0, at most as many as the ground truth) against seq:
// frame 0, the initialisation, is left out and frames marked invisible are masked.
SequenceScores score_boxes(const std::vector<Box> &boxes, const Sequence &seq);

}  // namespace saetrack::eval
