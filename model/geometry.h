// Boxes, crops and windows shared by the tracker and the trainer.
#pragma once
#include <opencv2/core.hpp>
#include <torch/torch.h>

namespace saetrack {

struct Box {  // top-left corner and size, in pixels
  double x = 0, y = 0, w = 0, h = 0;
  double cx() const { return x + w / 2; }
  double cy() const { return y + h / 2; }
  bool empty() const { return !(w > 0 && h > 0); }
  static Box from_center(double cx, double cy, double w, double h) { return {cx - w / 2, cy - h / 2, w, h}; }
};

double iou(const Box &a, const Box &b);

// The part of b inside a width x height frame (width or height 0 when they do not overlap).
Box clip_to_frame(const Box &b, int width, int height);
// A box side kept within [min_side, limit]; in frames smaller than min_side, limit wins.
double clamp_side(double side, double min_side, int limit);
// A tracker's initial box clipped to the frame; throws std::invalid_argument when it is empty or
// lies outside the frame.
Box target_in_frame(const Box &b, int width, int height);
// Throws std::invalid_argument unless frame is a non-empty 8-bit 3-channel image.
void require_bgr_frame(const cv::Mat &frame);

// Side of the square context region around a w x h target (SiamFC: (w+p)(h+p), p = context*(w+h)).
double context_size(double w, double h, double context);

// Maps a point of an out x out crop of the square (cx, cy, side) back to image coordinates
// (inverse of frame_crops.h's crop_squares).
cv::Point2d uncrop_point(const cv::Point2d &p, double cx, double cy, double side, int out);

// HWC uint8 image (3 channels) -> 1 x 3 x H x W float tensor, values 0..255.
torch::Tensor image_to_tensor(const cv::Mat &img);

// Outer product of two Hann windows, n x n, peak 1 at the centre.
torch::Tensor cosine_window(int n);

// SiamRPN scale/aspect-change penalty for predicted sizes (w, h) against the previous target size
// (tw, th), all in the same (crop) pixels: exp(-(max(r,1/r)(s) * max(r,1/r)(a) - 1) * k).
torch::Tensor change_penalty(const torch::Tensor &w, const torch::Tensor &h, double tw, double th, double k);

}  // namespace saetrack
