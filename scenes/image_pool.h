// Real photographs for training and validation, loaded once and split by file name hash so the
// split never changes when files are added.
#pragma once
#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace saetrack::scenes {

struct ImagePool {
  std::vector<cv::Mat> train, val;
  std::vector<std::string> train_names, val_names;
};

// Loads every .jpg/.jpeg/.png/.webp under dir (recursively), downscaled so the longer side is at
// most max_side; about val_percent % of the files (by name hash) go to validation.
ImagePool load_image_pool(const std::string &dir, int max_side = 1024, int val_percent = 10);

}  // namespace saetrack::scenes
