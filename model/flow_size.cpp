#include "flow_size.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace saetrack {

namespace {
constexpr int kGrid = 10;             // at most kGrid^2 points, as Median Flow's 10 x 10 grid
constexpr double kMaxSide = 96;       // the box's longer side in patch pixels at the most
constexpr int kMinPoints = 10;        // fewer agreeing points: no measurement
constexpr double kMaxChange = 1.25;   // a larger change between two frames is not believed
constexpr double kAgreeing = 0.6;     // share of the kept points that must move as the change says

double median(std::vector<double> &v) {
  auto mid = v.begin() + v.size() / 2;
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}
}  // namespace

cv::Mat FlowSize::grey_region(const DeviceFrame &frame) const {
  auto pixels = frame.pixels.slice(0, region_.y, region_.y + region_.height)
                    .slice(1, region_.x, region_.x + region_.width)
                    .to(torch::kCPU)
                    .contiguous();
  cv::Mat bgr(region_.height, region_.width, CV_8UC3, pixels.data_ptr<uint8_t>()), grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);  // copies: pixels may be freed after return
  if (zoom_ < 1) cv::resize(grey, grey, cv::Size(), zoom_, zoom_, cv::INTER_AREA);
  return grey;
}

void FlowSize::remember(const DeviceFrame &frame, const Box &box) {
  patch_ = cv::Mat();
  if (box.w < 2 || box.h < 2) return;
  // A box side of margin on every side: room for the motion between two frames.
  const double margin = std::max(box.w, box.h);
  const int x0 = std::max(0, int(std::floor(box.x - margin))), y0 = std::max(0, int(std::floor(box.y - margin)));
  const int x1 = std::min(frame.width, int(std::ceil(box.x + box.w + margin)));
  const int y1 = std::min(frame.height, int(std::ceil(box.y + box.h + margin)));
  if (x1 - x0 < 8 || y1 - y0 < 8) return;
  region_ = cv::Rect(x0, y0, x1 - x0, y1 - y0);
  zoom_ = std::min(1.0, kMaxSide / std::max(box.w, box.h));
  box_ = box;
  patch_ = grey_region(frame);
}

FlowSizeChange FlowSize::measure(const DeviceFrame &frame) const {
  FlowSizeChange change;
  if (patch_.empty() || region_.x + region_.width > frame.width || region_.y + region_.height > frame.height)
    return change;
  cv::Mat now = grey_region(frame);
  // The remembered box in patch pixels.
  const double bx = (box_.x - region_.x) * zoom_, by = (box_.y - region_.y) * zoom_;
  const double bw = box_.w * zoom_, bh = box_.h * zoom_;
  std::vector<cv::Point2f> before, after, back;
  // Corners (Shi-Tomasi) in the box rather than Median Flow's grid: on flat parts of a target grid
  // points slide (the aperture problem) and vote for changes that did not happen.
  cv::Rect inside = cv::Rect(int(bx), int(by), int(std::ceil(bw)), int(std::ceil(bh))) & cv::Rect(0, 0, patch_.cols, patch_.rows);
  if (inside.area() <= 0) return change;
  cv::Mat mask = cv::Mat::zeros(patch_.size(), CV_8U);
  mask(inside).setTo(255);
  cv::goodFeaturesToTrack(patch_, before, kGrid * kGrid, 0.01, std::max(2.0, std::min(bw, bh) / 15), mask);
  // A smooth target (shading, few corners): the grid as well, which the forward-backward check thins.
  if (before.size() < size_t(2 * kMinPoints))
    for (int i = 0; i < kGrid; ++i)
      for (int j = 0; j < kGrid; ++j)
        before.emplace_back(float(bx + bw * (j + 0.5) / kGrid), float(by + bh * (i + 0.5) / kGrid));
  std::vector<uchar> ok_forward, ok_back;
  std::vector<float> err;
  const cv::Size window(15, 15);
  const cv::TermCriteria stop(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 20, 0.03);
  cv::calcOpticalFlowPyrLK(patch_, now, before, after, ok_forward, err, window, 3, stop);
  cv::calcOpticalFlowPyrLK(now, patch_, after, back, ok_back, err, window, 3, stop);
  // Forward-backward error; the better half of the points that were followed both ways.
  std::vector<size_t> followed;
  std::vector<double> fb;
  for (size_t k = 0; k < before.size(); ++k)
    if (ok_forward[k] && ok_back[k]) followed.push_back(k), fb.push_back(cv::norm(before[k] - back[k]));
  if (followed.size() < size_t(kMinPoints)) return change;
  std::vector<double> sorted_fb = fb;
  const double fb_median = median(sorted_fb);
  std::vector<size_t> kept;
  for (size_t i = 0; i < followed.size(); ++i)
    if (fb[i] <= fb_median) kept.push_back(followed[i]);
  if (kept.size() < size_t(kMinPoints)) return change;
  // Ratios of pairwise distances; per axis only pairs a quarter of the box apart along it.
  std::vector<double> all, xs, ys;
  for (size_t a = 0; a < kept.size(); ++a)
    for (size_t b = a + 1; b < kept.size(); ++b) {
      const cv::Point2f d0 = before[kept[a]] - before[kept[b]], d1 = after[kept[a]] - after[kept[b]];
      const double n0 = cv::norm(d0);
      if (n0 > 1) all.push_back(cv::norm(d1) / n0);
      if (std::abs(d0.x) > bw / 4) xs.push_back(std::abs(d1.x / d0.x));
      if (std::abs(d0.y) > bh / 4) ys.push_back(std::abs(d1.y / d0.y));
    }
  if (all.empty()) return change;
  change.scale = median(all);
  change.sx = xs.empty() ? change.scale : median(xs);
  change.sy = ys.empty() ? change.scale : median(ys);
  // The median motion, and how many points agree with motion and change: within 2 % of the box's
  // side (at least a pixel) of where they would be.
  std::vector<double> x0, y0, x1, y1;
  for (size_t k : kept) x0.push_back(before[k].x), y0.push_back(before[k].y), x1.push_back(after[k].x), y1.push_back(after[k].y);
  const double mx0 = median(x0), my0 = median(y0), mx1 = median(x1), my1 = median(y1);
  change.dx = (mx1 - mx0) / zoom_, change.dy = (my1 - my0) / zoom_;
  const double tolerance = std::max(1.0, 0.02 * std::max(bw, bh));
  int agree = 0;
  for (size_t k : kept) {
    const double ex = (after[k].x - mx1) - change.sx * (before[k].x - mx0);
    const double ey = (after[k].y - my1) - change.sy * (before[k].y - my0);
    agree += std::hypot(ex, ey) <= tolerance;
  }
  change.agreeing = double(agree) / double(kept.size());
  auto plausible = [](double s) { return s >= 1 / kMaxChange && s <= kMaxChange; };
  change.ok = plausible(change.scale) && plausible(change.sx) && plausible(change.sy) && change.agreeing >= kAgreeing;
  return change;
}

}  // namespace saetrack
