#include "single_target_tracker.h"

#include <stdexcept>

namespace saetrack {

// Trackers that do not batch are updated one by one (MultiTargetTracker asks batches() first).
SearchArea SingleTargetTracker::search_area() const { throw std::logic_error(name() + " does not batch its search"); }
torch::Tensor SingleTargetTracker::search_crops(const DeviceFrame &frame) const {
  auto area = search_area();
  return crop_squares(frame, area.windows, area.crop_px);
}
torch::Tensor SingleTargetTracker::search_features(const torch::Tensor &) {
  throw std::logic_error(name() + " does not batch its search");
}
TrackResult SingleTargetTracker::finish_update(const DeviceFrame &, const torch::Tensor &) {
  throw std::logic_error(name() + " does not batch its search");
}

std::vector<TrackResult> SingleTargetTracker::finish_updates(const DeviceFrame &frame,
                                                             const std::vector<SingleTargetTracker *> &trackers,
                                                             const std::vector<torch::Tensor> &features) {
  std::vector<TrackResult> out;
  for (size_t i = 0; i < trackers.size(); ++i) out.push_back(trackers[i]->finish_update(frame, features[i]));
  return out;
}

RegionFeatures SingleTargetTracker::region_features(const DeviceFrame &, const ScaledRegion &) {
  throw std::logic_error(name() + " does not share frame features");
}
torch::Tensor SingleTargetTracker::search_features_in(const RegionFeatures &, const std::vector<Square> &, int) {
  throw std::logic_error(name() + " does not share frame features");
}

}  // namespace saetrack
