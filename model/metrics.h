// One-pass evaluation metrics of the tracking benchmarks (OTB/LaSOT/GOT-10k conventions).
#pragma once
#include <vector>

#include "geometry.h"

namespace saetrack {

// Fraction of frames whose IoU exceeds each of 21 thresholds 0, 0.05, ..., 1.0 (OTB success plot).
std::vector<double> success_curve(const std::vector<Box> &pred, const std::vector<Box> &gt);
// Area under the success curve (mean of the 21 values).
double success_auc(const std::vector<Box> &pred, const std::vector<Box> &gt);
// Fraction of frames whose centre error is within `pixels` (precision at 20 px by default).
double precision_at(const std::vector<Box> &pred, const std::vector<Box> &gt, double pixels = 20.0);

}  // namespace saetrack
