#include "geometry.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace saetrack {

double iou(const Box &a, const Box &b) {
  double ix = std::max(0.0, std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x));
  double iy = std::max(0.0, std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y));
  double inter = ix * iy, uni = a.w * a.h + b.w * b.h - inter;
  return uni > 0 ? inter / uni : 0.0;
}

Box clip_to_frame(const Box &b, int width, int height) {
  double x0 = std::max(0.0, b.x), y0 = std::max(0.0, b.y);
  double x1 = std::min<double>(width, b.x + b.w), y1 = std::min<double>(height, b.y + b.h);
  return {x0, y0, std::max(0.0, x1 - x0), std::max(0.0, y1 - y0)};
}

double clamp_side(double side, double min_side, int limit) {
  return std::clamp(side, std::min(min_side, double(limit)), double(limit));  // std::clamp needs lo <= hi
}

Box target_in_frame(const Box &b, int width, int height) {
  if (b.empty()) throw std::invalid_argument("target box is empty (width and height must be > 0)");
  Box in = clip_to_frame(b, width, height);
  if (in.w < 1 || in.h < 1) throw std::invalid_argument("target box lies outside the frame");
  return in;
}

void require_bgr_frame(const cv::Mat &frame) {
  if (frame.empty() || frame.depth() != CV_8U || frame.channels() != 3)
    throw std::invalid_argument("tracker frames must be non-empty 8-bit 3-channel images");
}

double context_size(double w, double h, double context) {
  double p = context * (w + h);
  return std::sqrt((w + p) * (h + p));
}

cv::Point2d uncrop_point(const cv::Point2d &p, double cx, double cy, double side, int out) {
  double s = side / out;
  return {cx - side / 2 + (p.x + 0.5) * s - 0.5, cy - side / 2 + (p.y + 0.5) * s - 0.5};
}

torch::Tensor image_to_tensor(const cv::Mat &img) {
  CV_Assert(img.type() == CV_8UC3);
  cv::Mat c = img.isContinuous() ? img : img.clone();
  auto t = torch::from_blob(c.data, {c.rows, c.cols, 3}, torch::kUInt8);
  return t.permute({2, 0, 1}).to(torch::kFloat32).unsqueeze(0).contiguous();
}

torch::Tensor cosine_window(int n) {
  auto h = torch::hann_window(n, /*periodic=*/false, torch::kFloat64);
  if (n == 1) h = torch::ones({1}, torch::kFloat64);
  return torch::outer(h, h).to(torch::kFloat32);
}

torch::Tensor change_penalty(const torch::Tensor &w, const torch::Tensor &h, double tw, double th, double k) {
  auto change = [](const torch::Tensor &r) { return torch::max(r, 1.0 / r); };
  auto sz = [](const torch::Tensor &a, const torch::Tensor &b) {
    auto p = (a + b) * 0.5;
    return torch::sqrt((a + p) * (b + p));
  };
  double tp = (tw + th) * 0.5, tsz = std::sqrt((tw + tp) * (th + tp));
  auto s_c = change(sz(w, h) / tsz);
  auto r_c = change((tw / th) / (w / h));
  return torch::exp(-(r_c * s_c - 1.0) * k);
}

}  // namespace saetrack
