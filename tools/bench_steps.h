// saetrack-bench --steps: where one tracking step's time goes, for a tracker that splits its
// update (crops, the network pass, the finishing step: window, peak, box; SingleTargetTracker),
// beside the whole update() on the same frame.
#pragma once
#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "tracker.h"

// tuned: the process tuned as set_threads() does (else LibTorch's thread count only, as the element
// without process-tuning runs).
void bench_steps(const std::string &model, const saetrack::TrackerParams &params, const std::vector<int> &threads,
                 int frames, const cv::Mat &frame, bool tuned, torch::Device device = torch::kCPU, torch::ScalarType precision = torch::kFloat);
