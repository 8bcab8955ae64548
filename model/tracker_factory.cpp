#include "tracker_factory.h"

#include "runtime.h"
#include "weights_io.h"

namespace saetrack {

std::unique_ptr<SingleTargetTracker> make_tracker(const std::string &model, const TrackerParams &params,
                                                  torch::Device device, torch::ScalarType precision) {
  if (model == kFloorModel) {
    auto floor = std::make_unique<FloorTracker>(find_data_file("nanodet-g.tensors"), FloorParams{}, device, precision);
    floor->set_params(params);  // its lost-state thresholds
    return floor;
  }
  return std::make_unique<Tracker>(load_weights(find_weights(model)), params, device, precision);
}

void warm_up(const SingleTargetTracker &prototype, int width, int height) {
  raise_allocator_thresholds();
  auto t = prototype.another();
  cv::Mat grey(std::max(height, 64), std::max(width, 64), CV_8UC3, cv::Scalar(128, 128, 128));
  t->init(grey, {grey.cols / 2.0 - 20, grey.rows / 2.0 - 20, 40, 40});
  t->update(grey);
}

}  // namespace saetrack
