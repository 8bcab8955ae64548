#include "single_target_tracker.h"

#include <stdexcept>

namespace saetrack {

// Trackers that do not batch are updated one by one (MultiTargetTracker asks batches() first).
std::vector<cv::Mat> SingleTargetTracker::search_crops(const cv::Mat &) const {
  throw std::logic_error(name() + " does not batch its search");
}
torch::Tensor SingleTargetTracker::search_features(const std::vector<cv::Mat> &) {
  throw std::logic_error(name() + " does not batch its search");
}
TrackResult SingleTargetTracker::finish_update(const cv::Mat &, const torch::Tensor &) {
  throw std::logic_error(name() + " does not batch its search");
}

}  // namespace saetrack
