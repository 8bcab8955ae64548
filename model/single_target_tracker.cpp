#include "single_target_tracker.h"

#include <stdexcept>

namespace saetrack {

// Trackers that do not batch are updated one by one (MultiTargetTracker asks batches() first).
torch::Tensor SingleTargetTracker::search_crops(const DeviceFrame &) const {
  throw std::logic_error(name() + " does not batch its search");
}
torch::Tensor SingleTargetTracker::search_features(const torch::Tensor &) {
  throw std::logic_error(name() + " does not batch its search");
}
TrackResult SingleTargetTracker::finish_update(const DeviceFrame &, const torch::Tensor &) {
  throw std::logic_error(name() + " does not batch its search");
}

RegionFeatures SingleTargetTracker::region_features(const DeviceFrame &, const ScaledRegion &) {
  throw std::logic_error(name() + " does not share frame features");
}
torch::Tensor SingleTargetTracker::search_features_in(const RegionFeatures &, const std::vector<Square> &, int) {
  throw std::logic_error(name() + " does not share frame features");
}

}  // namespace saetrack
