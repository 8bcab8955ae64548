// A tracker by name, as the element's `model` property and saetrack-eval's --weights take it:
// "floor" (the training-free floor on weights/nanodet-g.tensors), a bundled model's name ("nano",
// "light") or a weights file's path (the trained SAE tracker).
#pragma once
#include <memory>
#include <string>

#include "floor_tracker.h"
#include "tracker.h"

namespace saetrack {

constexpr const char *kFloorModel = "floor";

// Throws WeightsError (weights_io.h) naming what is missing or wrong.
std::unique_ptr<SingleTargetTracker> make_tracker(const std::string &model, const TrackerParams &params = {},
                                                  torch::Device device = torch::kCPU);

}  // namespace saetrack
