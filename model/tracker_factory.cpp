#include "tracker_factory.h"

#include "weights_io.h"

namespace saetrack {

std::unique_ptr<SingleTargetTracker> make_tracker(const std::string &model, const TrackerParams &params,
                                                  torch::Device device) {
  if (model == kFloorModel) {
    auto floor = std::make_unique<FloorTracker>(find_data_file("nanodet-g.tensors"), FloorParams{}, device);
    floor->set_params(params);  // its lost-state thresholds
    return floor;
  }
  return std::make_unique<Tracker>(load_weights(find_weights(model)), params, device);
}

}  // namespace saetrack
