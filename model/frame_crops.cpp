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

int64_t window_corner(double c, double side) { return std::llround(c - side / 2); }

namespace {

// What the samplers below cut: from whole-pixel corner (x, y), sides frame pixels resampled to
// out_x x out_y, so output pixel i samples frame coordinate x + (i + 0.5) side / out - 0.5.
struct Patch {
  int64_t x, y;
  double side_x, side_y;
  int out_x, out_y;
  int64_t reach_x() const { return int64_t(std::ceil(side_x)) + 1; }  // columns it reads (+1: bilinear neighbour)
  int64_t reach_y() const { return int64_t(std::ceil(side_y)) + 1; }
};

// Each patch from `image` (1 x 3 x H x W float whose pixel (0, 0) is frame pixel (x0, y0) and which
// holds every patch whole). upsample_bilinear2d with an explicit scale samples (i + 0.5) / scale
// - 0.5 from the patch's corner; it clamps the first sample to the corner pixel where warpAffine
// would blend in the pixel before it (the first row and column of an enlarging crop only).
torch::Tensor resample(const torch::Tensor &image, const std::vector<Patch> &patches, int64_t x0, int64_t y0) {
  const auto &first = patches.front();
  auto crops = torch::empty({int64_t(patches.size()), 3, first.out_y, first.out_x}, image.options());
  for (size_t i = 0; i < patches.size(); ++i) {
    const auto &p = patches[i];
    int64_t x = p.x - x0, y = p.y - y0;
    auto slot = crops.narrow(0, int64_t(i), 1);
    at::upsample_bilinear2d_out(slot, image.slice(2, y, y + p.reach_y()).slice(3, x, x + p.reach_x()),
                                {p.out_y, p.out_x}, false, p.out_y / p.side_y, p.out_x / p.side_x);
  }
  return crops;
}

// The same samples from `image` (frame pixel (x0, y0) at its origin), zero outside it.
torch::Tensor sample_with_zero_border(const torch::Tensor &image, const std::vector<Patch> &patches, int64_t x0,
                                      int64_t y0) {
  const double wc = double(image.size(3)), hc = double(image.size(2));
  std::vector<torch::Tensor> grids;
  for (const auto &p : patches) {
    // Image pixel q -> grid_sample's coordinate (align_corners=false): (2q + 1) / size - 1.
    auto gx = (((torch::arange(p.out_x, image.options()) + 0.5) * (p.side_x / p.out_x) + double(p.x - x0) - 0.5) * 2 + 1) / wc - 1;
    auto gy = (((torch::arange(p.out_y, image.options()) + 0.5) * (p.side_y / p.out_y) + double(p.y - y0) - 0.5) * 2 + 1) / hc - 1;
    grids.push_back(torch::stack({gx.view({1, p.out_x}).expand({p.out_y, p.out_x}),
                                  gy.view({p.out_y, 1}).expand({p.out_y, p.out_x})}, -1));
  }
  return torch::grid_sampler(image.expand({int64_t(patches.size()), -1, -1, -1}), torch::stack(grids),
                             /*bilinear*/ 0, /*zeros*/ 0, /*align_corners=*/false);
}

// Every patch (all of one output size) as n x 3 x out_y x out_x float.
torch::Tensor crop_patches(const DeviceFrame &frame, const std::vector<Patch> &patches) {
  // The frame rows and columns every patch covers.
  int64_t lx = INT64_MAX, ly = INT64_MAX, hx = INT64_MIN, hy = INT64_MIN;
  for (const auto &p : patches)
    lx = std::min(lx, p.x), ly = std::min(ly, p.y), hx = std::max(hx, p.x + p.reach_x()), hy = std::max(hy, p.y + p.reach_y());
  // Where a patch leaves the frame, sampling (pixels - fill) padded with zeros and adding the fill
  // back blends towards the fill outside the frame, as a constant border does.
  int64_t x0 = std::clamp<int64_t>(lx, 0, frame.width), x1 = std::clamp<int64_t>(hx, 0, frame.width);
  int64_t y0 = std::clamp<int64_t>(ly, 0, frame.height), y1 = std::clamp<int64_t>(hy, 0, frame.height);
  const auto n = int64_t(patches.size());
  const int64_t out_x = patches.front().out_x, out_y = patches.front().out_y;
  if (x0 >= x1 || y0 >= y1)  // wholly outside
    return frame.fill().view({1, 3, 1, 1}).expand({n, 3, out_y, out_x}).contiguous();
  auto region = frame.pixels.slice(0, y0, y1).slice(1, x0, x1).permute({2, 0, 1}).unsqueeze(0);
  const bool inside = x0 == lx && x1 == hx && y0 == ly && y1 == hy;  // the common case: no fill at all
  if (inside) return resample(region.to(torch::kFloat), patches, lx, ly);
  auto fill = frame.fill().view({1, 3, 1, 1});
  // Patches far larger than the frame (a target filling it): sample the frame part with grid_sample's
  // zero padding rather than materialise a canvas the size of the patch (gigabytes at 4K).
  if ((hx - lx) * (hy - ly) > int64_t(frame.width) * frame.height)
    return sample_with_zero_border(region - fill, patches, x0, y0).add_(fill);
  auto canvas = torch::constant_pad_nd(region - fill, {x0 - lx, hx - x1, y0 - ly, hy - y1}, 0);
  return resample(canvas, patches, lx, ly).add_(fill);
}

}  // namespace

torch::Tensor crop_squares(const DeviceFrame &frame, const std::vector<Square> &windows, int out) {
  std::vector<Patch> patches;
  for (const auto &w : windows) patches.push_back({window_corner(w.cx, w.side), window_corner(w.cy, w.side), w.side, w.side, out, out});
  return crop_patches(frame, patches);
}

torch::Tensor crop_region(const DeviceFrame &frame, const ScaledRegion &r) {
  if (r.out_w < 1 || r.out_h < 1 || !(r.scale > 0)) throw std::invalid_argument("crop_region: empty region");
  return crop_patches(frame, {{r.x, r.y, r.out_w / r.scale, r.out_h / r.scale, r.out_w, r.out_h}});
}

cv::Mat crop_square(const cv::Mat &bgr, const Square &window, int out) {
  auto crop = crop_squares(upload_frame(bgr, torch::kCPU), {window}, out)[0];
  auto hwc = crop.round_().clamp_(0, 255).to(torch::kUInt8).permute({1, 2, 0}).contiguous();
  return cv::Mat(out, out, CV_8UC3, hwc.data_ptr()).clone();
}

}  // namespace saetrack
