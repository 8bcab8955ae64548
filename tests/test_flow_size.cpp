// The size change by optical flow (model/flow_size.h) on real photographs warped by known amounts.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "flow_size.h"
#include "test_photos.h"

using namespace saetrack;

namespace {
// The photo stretched by (sx, sy) about (cx, cy) and moved by (dx, dy).
cv::Mat warped(const cv::Mat &photo, double cx, double cy, double sx, double sy, double dx, double dy) {
  cv::Mat m = (cv::Mat_<double>(2, 3) << sx, 0, cx - sx * cx + dx, 0, sy, cy - sy * cy + dy);
  cv::Mat out;
  cv::warpAffine(photo, out, m, photo.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  return out;
}
}  // namespace

TEST(FlowSize, MeasuresTheSizeChangeOfARealPhotoPerAxis) {
  ASSERT_GE(test_photos().size(), 4u);
  struct Case { double sx, sy, dx, dy; } cases[] = {{1.04, 1.04, 3, -2}, {0.96, 0.96, -4, 1}, {1.06, 0.97, 2, 2}, {1, 1, 5, 0}};
  int measured = 0;
  for (size_t p = 0; p < 4; ++p) {
    const cv::Mat &photo = test_photos()[p];
    const Box box{photo.cols / 2.0 - 45, photo.rows / 2.0 - 35, 90, 70};
    for (const auto &c : cases) {
      cv::Mat next = warped(photo, box.cx(), box.cy(), c.sx, c.sy, c.dx, c.dy);
      FlowSize flow;
      flow.remember(upload_frame(photo, torch::kCPU), box);
      auto change = flow.measure(upload_frame(next, torch::kCPU));
      if (!change.ok) continue;  // a photo with too little texture in the box may give no measurement
      ++measured;
      EXPECT_NEAR(change.sx, c.sx, 0.01) << "photo " << p;
      EXPECT_NEAR(change.sy, c.sy, 0.01) << "photo " << p;
      // One scale for a stretch between the axes' changes.
      EXPECT_GE(change.scale, std::min(c.sx, c.sy) - 0.01) << "photo " << p;
      EXPECT_LE(change.scale, std::max(c.sx, c.sy) + 0.01) << "photo " << p;
    }
  }
  EXPECT_GE(measured, 12);
}

TEST(FlowSize, NoMeasurementWithoutAFrameOrOnAFlatImage) {
  cv::Mat flat(240, 320, CV_8UC3, cv::Scalar(90, 90, 90));
  FlowSize flow;
  EXPECT_FALSE(flow.measure(upload_frame(flat, torch::kCPU)).ok);  // nothing remembered
  flow.remember(upload_frame(flat, torch::kCPU), {100, 80, 60, 50});
  EXPECT_FALSE(flow.measure(upload_frame(flat, torch::kCPU)).ok);  // no texture: no point is followed
  cv::Mat small(100, 100, CV_8UC3, cv::Scalar(0, 0, 0));
  EXPECT_FALSE(flow.measure(upload_frame(small, torch::kCPU)).ok);  // the region is not in this frame
}
