#include "frame_crops.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "geometry.h"

namespace saetrack {

const torch::Tensor &DeviceFrame::fill() const {
  if (!fill_.defined()) fill_ = pixels.sum(std::vector<int64_t>{0, 1}, false, torch::kFloat) / double(width * height);
  return fill_;
}

DeviceFrame upload_frame(const torch::Tensor &bgr, torch::Device device) {
  if (bgr.dim() != 3 || bgr.size(2) != 3 || bgr.scalar_type() != torch::kUInt8 || bgr.numel() == 0)
    throw std::invalid_argument("tracker tensor frames must be non-empty H x W x 3 uint8");
  DeviceFrame f;
  f.pixels = bgr.to(device);
  f.width = int(bgr.size(1)), f.height = int(bgr.size(0));
  return f;
}

DeviceFrame upload_frame(const cv::Mat &bgr, torch::Device device) {
  require_bgr_frame(bgr);
  return upload_frame(torch::from_blob(bgr.data, {bgr.rows, bgr.cols, 3}, {int64_t(bgr.step[0]), 3, 1}, torch::kUInt8),
                      device);
}

Square crop_window(double cx, double cy, double side) {
  return {std::round(cx - side / 2) + side / 2, std::round(cy - side / 2) + side / 2, side};
}

torch::Tensor crop_squares(const DeviceFrame &frame, const std::vector<Square> &windows, int out) {
  // The frame rows and columns (plus one for the bilinear neighbour) every window covers.
  int64_t lx = INT64_MAX, ly = INT64_MAX, hx = INT64_MIN, hy = INT64_MIN;
  for (const auto &w : windows) {
    int64_t x = std::llround(w.cx - w.side / 2), y = std::llround(w.cy - w.side / 2), n = int64_t(std::ceil(w.side)) + 1;
    lx = std::min(lx, x), ly = std::min(ly, y), hx = std::max(hx, x + n), hy = std::max(hy, y + n);
  }
  // Where a window leaves the frame, sampling (pixels - fill) padded with zeros and adding the fill
  // back blends towards the fill outside the frame, as a constant border does.
  int64_t x0 = std::clamp<int64_t>(lx, 0, frame.width), x1 = std::clamp<int64_t>(hx, 0, frame.width);
  int64_t y0 = std::clamp<int64_t>(ly, 0, frame.height), y1 = std::clamp<int64_t>(hy, 0, frame.height);
  const auto n = int64_t(windows.size());
  if (x0 >= x1 || y0 >= y1) return frame.fill().view({1, 3, 1, 1}).expand({n, 3, out, out}).contiguous();  // wholly outside
  auto region = frame.pixels.slice(0, y0, y1).slice(1, x0, x1).permute({2, 0, 1}).unsqueeze(0);
  const bool inside = x0 == lx && x1 == hx && y0 == ly && y1 == hy;  // the common case: no fill at all
  region = inside ? region.to(torch::kFloat)
                  : torch::constant_pad_nd(region - frame.fill().view({1, 3, 1, 1}), {x0 - lx, hx - x1, y0 - ly, hy - y1}, 0);
  auto crops = torch::empty({n, 3, out, out}, region.options());
  for (int64_t i = 0; i < n; ++i) {
    const auto &w = windows[i];
    int64_t x = std::llround(w.cx - w.side / 2) - lx, y = std::llround(w.cy - w.side / 2) - ly;
    int64_t side = int64_t(std::ceil(w.side)) + 1;
    // upsample_bilinear2d with an explicit scale samples (i + 0.5) / scale - 0.5 from the window's
    // corner; it clamps the first sample to the corner pixel where warpAffine would blend in the
    // pixel before it (the first row and column of an enlarging crop only).
    double scale = out / w.side;
    auto slot = crops.narrow(0, i, 1);
    at::upsample_bilinear2d_out(slot, region.slice(2, y, y + side).slice(3, x, x + side), {out, out},
                                false, scale, scale);
  }
  return inside ? crops : crops.add_(frame.fill().view({1, 3, 1, 1}));
}

cv::Mat crop_square(const cv::Mat &bgr, const Square &window, int out) {
  auto crop = crop_squares(upload_frame(bgr, torch::kCPU), {window}, out)[0];
  auto hwc = crop.round_().clamp_(0, 255).to(torch::kUInt8).permute({1, 2, 0}).contiguous();
  return cv::Mat(out, out, CV_8UC3, hwc.data_ptr()).clone();
}

}  // namespace saetrack
