// The one tracking loop: a tracker initialised on a sequence's first box and updated on every
// following frame, with per-frame boxes, scores and timing; and the one way to score boxes
// against a sequence's ground truth. saetrack-eval, training validation and the tests use both.
#pragma once
#include <functional>
#include <vector>

#include "metrics.h"
#include "sequence.h"
#include "single_target_tracker.h"

namespace saetrack::eval {

struct SequenceRun {
  std::vector<Box> boxes;       // frame 0 = the given box (benchmarks record it)
  std::vector<double> scores;   // frame 0 = 1
  std::vector<double> seconds;  // per frame; frame 0 = the initialisation
  double update_seconds() const;  // frames 1..
};

// Runs t over seq (at most max_frames frames; 0 = all). on_frame(frames done) is called after each
// frame, for progress reports.
SequenceRun run_sequence(const Sequence &seq, SingleTargetTracker &t, size_t max_frames = 0,
                         const std::function<void(size_t)> &on_frame = {});

// Scores boxes (one per frame from frame 0, at most as many as the ground truth) against seq:
// frame 0, the initialisation, is left out and frames marked invisible are masked.
SequenceScores score_boxes(const std::vector<Box> &boxes, const Sequence &seq);

}  // namespace saetrack::eval
