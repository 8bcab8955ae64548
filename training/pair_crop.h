// Turns (template frame, box, search frame, box) into a training pair with pysot-style
// augmentation: search shift and scale, blur, flip, colour jitter, greyscale.
#pragma once
#include <opencv2/core.hpp>

#include <random>

#include "config.h"
#include "geometry.h"
#include "synthetic_scene.h"

namespace saetrack::train {

struct Pair {
  cv::Mat z, x;            // template (T x T) and search (S x S) crops, BGR
  cv::Vec4f box;           // target in the search crop: x0, y0, x1, y1 (ignored when !positive)
  bool positive = true;
};

struct AugmentParams {
  double search_shift = 64;   // max centre shift of the search crop, crop pixels
  double search_scale = 0.18; // log-uniform scale jitter of the search crop
  double template_shift = 4, template_scale = 0.05;
  double blur = 0.2, flip = 0.5, grey = 0.05, colour = 0.5;
  double context = 0.5;
};

using scenes::Rng;

Pair make_pair(const cv::Mat &zimg, const Box &zbox, const cv::Mat &ximg, const Box &xbox, const NetConfig &cfg,
               const AugmentParams &aug, Rng &rng);

}  // namespace saetrack::train
