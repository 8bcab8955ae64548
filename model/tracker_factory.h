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
// The tracker the element and saetrack-eval run when none is named: the most accurate one measured
// (docs/accuracy.md). The training-free floor beats the trained nano weights on every set so far;
// when a trained model beats it, this becomes that model's name.
constexpr const char *kDefaultTracker = kFloorModel;

// The precision named (runtime.h: parse_precision), or for "auto" (the element's and saetrack-eval's
// default) the fastest that tracks as fp32 does: int8 for the floor on CPUs with a quantized engine
// (the same accuracy on the tuning sets at 1.2-1.4x the pipeline's speed, docs/performance.md),
// fp32 otherwise.
torch::ScalarType tracker_precision(const std::string &name, const std::string &model, torch::Device device);

// Throws WeightsError (weights_io.h) naming what is missing or wrong.
// precision: tracker_precision's; std::invalid_argument when the device cannot run it.
std::unique_ptr<SingleTargetTracker> make_tracker(const std::string &model, const TrackerParams &params = {},
                                                  torch::Device device = torch::kCPU,
                                                  torch::ScalarType precision = torch::kFloat);

// One throw-away track (init and a step on a grey frame of the given size) with a tracker made
// from prototype, so LibTorch's and oneDNN's one-time work for these shapes (kernel generation,
// buffers) is done before the first real frame: a live source's first frames are otherwise late.
// Also raises glibc's allocator thresholds above the frames' buffers (runtime.h). Part of that
// work is the calling thread's own (its malloc arena's pages, its OpenMP team), so the element
// repeats it on its streaming thread in live pipelines.
void warm_up(const SingleTargetTracker &prototype, int width = 320, int height = 240);

}  // namespace saetrack
