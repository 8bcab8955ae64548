// One tracking sequence, whatever its origin: a benchmark folder (frame files), a video file, or
// frames generated in memory (synthetic scenes). Evaluation, training, validation and the tests
// all use this one type; FrameReader yields its frames in order.
#pragma once
#include <opencv2/core.hpp>

#include <string>
#include <vector>

#include "geometry.h"

namespace saetrack {

struct Sequence {
  std::string name;
  std::string layout;                   // otb, got10k, lasot, uav123, folder, video, coco, generated
  std::vector<std::string> frame_files; // image files in order (benchmark layouts)
  std::string video;                    // a video file, decoded in order
  std::vector<cv::Mat> images;          // frames held in memory (generated scenes)
  std::vector<Box> boxes;               // ground truth per frame; a single box means "initial box only"
  std::vector<bool> visible;            // false where the target is absent/occluded/out of view (empty: all)
  std::vector<std::string> attributes;  // challenge attributes, when the dataset lists them

  bool has_ground_truth() const { return boxes.size() > 1; }
  // Frames known without decoding a video (0 for a video).
  size_t frame_count() const { return !images.empty() ? images.size() : frame_files.size(); }
};

}  // namespace saetrack
