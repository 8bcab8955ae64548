#include "multi_target_tracker.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "tracker.h"

namespace saetrack {

MultiTargetTracker::MultiTargetTracker(std::unique_ptr<SingleTargetTracker> prototype, size_t max_targets)
    : prototype_(std::move(prototype)), max_targets_(max_targets) {}

Target *MultiTargetTracker::find_mutable(int64_t id) {
  for (auto &t : targets_)
    if (t.id == id) return &t;
  return nullptr;
}

const Target *MultiTargetTracker::find(int64_t id) const {
  for (auto &t : targets_)
    if (t.id == id) return &t;
  return nullptr;
}

int64_t MultiTargetTracker::add(const cv::Mat &bgr, const Box &box, std::optional<int64_t> id) {
  if (targets_.size() >= max_targets_)
    throw TargetLimitError("already tracking " + std::to_string(targets_.size()) + " targets (max-targets " +
                           std::to_string(max_targets_) + ")");
  Target t;
  t.id = id && *id >= 0 && !find(*id) ? *id : id_source_ ? id_source_() : next_id_;
  t.tracker = prototype_->another();
  t.tracker->init(bgr, box);  // throws for a bad box before anything changes
  t.result = t.tracker->last();
  next_id_ = std::max(next_id_, t.id + 1);  // ids are never reused, whoever chose them
  targets_.push_back(std::move(t));
  tell_crowd();
  return targets_.back().id;
}

int64_t MultiTargetTracker::set(const cv::Mat &bgr, const Box &box, int64_t id) {
  Target *t = find_mutable(id);
  if (!t) return add(bgr, box, id);
  t->tracker->init(bgr, box);
  t->result = t->tracker->last();
  t->age = t->lost_frames = t->unmatched_frames = 0;
  return id;
}

bool MultiTargetTracker::remove(int64_t id) {
  auto it = std::find_if(targets_.begin(), targets_.end(), [id](const Target &t) { return t.id == id; });
  if (it == targets_.end()) return false;
  targets_.erase(it);
  tell_crowd();
  return true;
}

void MultiTargetTracker::clear() { targets_.clear(); }

void MultiTargetTracker::update(const cv::Mat &bgr, bool hurry) {
  if (targets_.empty()) return;
  c10::InferenceMode guard;
  for (auto &t : targets_) t.tracker->set_hurry(hurry);
  if (prototype_->batches()) {
    auto frame = upload_frame(bgr, prototype_->device());  // once for every target
    // Search windows on a shared level of the scale ladder are cut from one backbone pass over the
    // region they cover; the other windows (and all of them with sharing off) go through the
    // network as crops, in one batch per crop size.
    std::vector<SearchArea> areas;
    for (auto &t : targets_) areas.push_back(t.tracker->search_area());
    std::vector<std::vector<torch::Tensor>> rows(targets_.size());  // each window's features
    for (size_t i = 0; i < areas.size(); ++i) rows[i].resize(areas[i].windows.size());
    const auto levels = sharing_ ? plan_shared_levels(areas, frame.width, frame.height, *sharing_)
                                 : std::vector<SharedLevel>();
    for (const auto &level : levels) {
      std::vector<Square> windows;
      for (auto [i, b] : level.windows) windows.push_back(areas[i].windows[b]);
      const int crop_px = areas[level.windows.front().area].crop_px;
      auto cut = prototype_->search_features_in(prototype_->region_features(frame, level.region), windows, crop_px);
      for (size_t r = 0; r < level.windows.size(); ++r) rows[level.windows[r].area][level.windows[r].window] = cut[int64_t(r)];
    }
    std::map<int, std::vector<WindowRef>> own;  // windows on no shared level, by crop size
    for (size_t i = 0; i < areas.size(); ++i)
      for (size_t b = 0; b < areas[i].windows.size(); ++b)
        if (!rows[i][b].defined()) own[areas[i].crop_px].push_back({i, b});
    for (auto &[crop_px, refs] : own) {
      std::vector<Square> windows;
      for (auto [i, b] : refs) windows.push_back(areas[i].windows[b]);
      auto features = prototype_->search_features(crop_squares(frame, windows, crop_px));
      for (size_t r = 0; r < refs.size(); ++r) rows[refs[r].area][refs[r].window] = features[int64_t(r)];
    }
    // Every target's response scored in one go (one download for all).
    std::vector<SingleTargetTracker *> trackers;
    std::vector<torch::Tensor> features;
    for (size_t i = 0; i < targets_.size(); ++i)
      trackers.push_back(targets_[i].tracker.get()), features.push_back(torch::stack(rows[i]));
    auto results = prototype_->finish_updates(frame, trackers, features);
    for (size_t i = 0; i < targets_.size(); ++i) targets_[i].result = results[i];
  } else {
    for (auto &t : targets_) t.result = t.tracker->update(bgr);
  }
  for (auto &t : targets_) {
    t.age++;
    t.unmatched_frames++;
    t.lost_frames = t.result.lost ? t.lost_frames + 1 : 0;
  }
}

HandOff MultiTargetTracker::hand_off(const cv::Mat &bgr, const std::vector<Box> &detections,
                                     const std::vector<std::optional<int64_t>> &ids, const HandOffParams &params) {
  HandOff out;
  // Candidate pairs: the same id (the detector tracks too) first, then by IoU, greedily.
  std::vector<std::tuple<double, size_t, size_t>> pairs;  // (priority, target, detection)
  for (size_t i = 0; i < targets_.size(); ++i)
    for (size_t j = 0; j < detections.size(); ++j) {
      bool same_id = j < ids.size() && ids[j] && *ids[j] == targets_[i].id;
      double v = iou(targets_[i].result.box, detections[j]);
      if (same_id || v >= params.match_iou) pairs.emplace_back(same_id ? 2.0 + v : v, i, j);
    }
  std::sort(pairs.begin(), pairs.end(), [](auto &a, auto &b) { return std::get<0>(a) > std::get<0>(b); });
  std::vector<bool> target_matched(targets_.size()), detection_matched(detections.size());
  for (auto &[priority, i, j] : pairs) {
    if (target_matched[i] || detection_matched[j]) continue;
    target_matched[i] = detection_matched[j] = true;
    Target &t = targets_[i];
    Box det = clip_to_frame(detections[j], bgr.cols, bgr.rows);
    if (det.w < 1 || det.h < 1) continue;
    if (t.result.lost || t.result.score < params.refresh_score) {
      t.tracker->init(bgr, det);  // the tracker doubts itself: the detection's appearance becomes the template
      t.result = t.tracker->last();
    } else {
      t.tracker->move_to(det);
      t.result.box = det;
    }
    t.lost_frames = t.unmatched_frames = 0;
    out.refreshed.push_back(t.id);
  }
  // Targets no detection confirms leave: lost for max_lost_frames, or unmatched for max_unmatched_frames.
  std::vector<int64_t> gone;
  for (size_t i = 0; i < targets_.size(); ++i) {
    const Target &t = targets_[i];
    bool stale = params.max_unmatched_frames > 0 && t.unmatched_frames >= params.max_unmatched_frames;
    if (!target_matched[i] && (t.lost_frames >= params.max_lost_frames || stale)) gone.push_back(t.id);
  }
  for (int64_t id : gone) remove(id), out.removed.push_back(id);
  // Unmatched detections become targets while there is room.
  for (size_t j = 0; j < detections.size(); ++j) {
    if (detection_matched[j]) continue;
    if (targets_.size() >= max_targets_) {
      out.refused++;
      continue;
    }
    Box det = clip_to_frame(detections[j], bgr.cols, bgr.rows);
    if (det.w < 1 || det.h < 1) continue;
    out.added.push_back(add(bgr, det, j < ids.size() ? ids[j] : std::nullopt));
  }
  return out;
}

void MultiTargetTracker::tell_crowd() {
  for (auto &t : targets_) t.tracker->set_crowd(targets_.size());
}

void MultiTargetTracker::rescale(double sx, double sy) {
  for (auto &t : targets_) {
    t.tracker->rescale(sx, sy);
    t.result.box = t.tracker->last().box;
  }
}

void MultiTargetTracker::set_params(const TrackerParams &params) {
  prototype_->set_params(params);
  for (auto &t : targets_) t.tracker->set_params(params);
}

}  // namespace saetrack
