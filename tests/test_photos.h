// Real photographs (opencv-doc) the tracker and element tests build their sequences from.
#pragma once
#include <vector>

#include <opencv2/core.hpp>

#include "image_pool.h"

inline const std::vector<cv::Mat> &test_photos() {
  static auto pool = saetrack::scenes::load_image_pool(SAETRACK_TEST_PHOTOS, 640, 0);
  return pool.train;
}
