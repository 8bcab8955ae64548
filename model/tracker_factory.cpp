#include "tracker_factory.h"

#include <stdexcept>

#include "runtime.h"
#include "weights_io.h"

namespace saetrack {

torch::ScalarType tracker_precision(const std::string &name, const std::string &model, torch::Device device) {
  if (name != "auto") {
    const auto precision = parse_precision(name);
    if (precision == kInt8 && model != kFloorModel)
      throw std::invalid_argument("precision int8 is for model=floor only; use auto or fp32 for trained weights");
    return precision;
  }
  return model == kFloorModel && device.is_cpu() && NanoDetInt8::supported() ? kInt8 : torch::kFloat;
}

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
