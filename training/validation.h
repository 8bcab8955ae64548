// Per-epoch validation: the tracker runs one pass over fixed sequences generated from held-back
// photos, and the mean success AUC / precision are reported.
#pragma once
#include <vector>

#include "network.h"
#include "sequence.h"
#include "synthetic_scene.h"
#include "tracker.h"

namespace saetrack::train {

std::vector<Sequence> make_validation_set(const std::vector<cv::Mat> &images, int count, int frames, uint64_t seed);

struct EvalResult {
  double auc = 0, precision = 0, fps = 0;
};

// Runs the tracker (initialised on frame 0) over every sequence; frame 0 is not scored.
EvalResult evaluate(SAENet net, const std::vector<Sequence> &seqs, const TrackerParams &params = {},
                    torch::Device device = torch::kCPU);

}  // namespace saetrack::train
