// saetrack-bench --targets: the cost of many targets in one MultiTargetTracker (one batched network
// pass per frame) against one tracker per target (N passes), per target count.
#pragma once
#include <opencv2/core.hpp>

#include <string>
#include <vector>

#include "tracker.h"

void bench_targets(const std::string &model, const saetrack::TrackerParams &params, const std::vector<int> &counts, const std::vector<int> &threads,
                   int frames, const cv::Mat &frame);
