// Crops, windows and penalties on known inputs.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "saetrack.h"
#include "synthetic_scene.h"
#include "test_photos.h"

using namespace saetrack;

TEST(Geometry, IoU) {
  EXPECT_DOUBLE_EQ(iou({0, 0, 10, 10}, {0, 0, 10, 10}), 1.0);
  EXPECT_DOUBLE_EQ(iou({0, 0, 10, 10}, {5, 0, 10, 10}), 50.0 / 150.0);
  EXPECT_DOUBLE_EQ(iou({0, 0, 10, 10}, {20, 20, 5, 5}), 0.0);
}

TEST(Geometry, CropUncropRoundTrip) {
  // A frame with a white dot at (200, 150): after cropping around (190, 140) with side 80 into
  // 40 px, the dot is at crop (24.75, 24.75) and maps back to (200, 150).
  cv::Mat img(300, 400, CV_8UC3, cv::Scalar(0, 0, 0));
  cv::circle(img, {200, 150}, 2, cv::Scalar(255, 255, 255), -1);
  cv::Mat c = crop_square(img, crop_window(190, 140, 80), 40);
  cv::Point maxp;
  cv::Mat grey;
  cv::cvtColor(c, grey, cv::COLOR_BGR2GRAY);
  cv::minMaxLoc(grey, nullptr, nullptr, nullptr, &maxp);
  EXPECT_NEAR(maxp.x, 24.75, 1.0);
  EXPECT_NEAR(maxp.y, 24.75, 1.0);
  auto back = uncrop_point({24.75, 24.75}, 190, 140, 80, 40);
  EXPECT_NEAR(back.x, 200, 1e-9);
  EXPECT_NEAR(back.y, 150, 1e-9);
  // Outside the frame the frame's mean colour is used (SiamFC).
  img.setTo(cv::Scalar(7, 9, 11));
  img(cv::Rect(0, 0, 200, 300)).setTo(cv::Scalar(107, 109, 111));
  cv::Mat edge = crop_square(img, crop_window(0, 0, 100), 50);
  EXPECT_EQ(edge.at<cv::Vec3b>(0, 0), cv::Vec3b(57, 59, 61));
}

// The tracker's crops are LibTorch ops (frame_crops.h); OpenCV's warpAffine with a constant border
// is the reference they must match: inside the frame, across its edge and wholly outside it.
TEST(Geometry, DeviceCropsMatchOpenCvWarpAffine) {
  const cv::Mat &photo = test_photos().front();
  auto frame = upload_frame(photo, torch::kCPU);
  cv::Scalar fill = cv::mean(photo);
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(frame.fill()[c].item<double>(), fill[c], 1e-3);
  struct Case { double cx, cy; std::vector<double> sides; int out; };
  const Case cases[] = {{300.4, 200.7, {120, 124.5, 129.2}, 255},  // inside, three scales
                        {10.3, photo.rows - 5.6, {90}, 127},        // across a corner
                        {-500, -500, {60}, 31},                     // wholly outside
                        {photo.cols / 2.0, photo.rows / 2.0, {3.0 * photo.cols}, 64}};  // larger than the frame
  for (const auto &k : cases) {
    std::vector<Square> windows;
    for (double side : k.sides) windows.push_back(crop_window(k.cx, k.cy, side));
    auto crops = crop_squares(frame, windows, k.out);
    ASSERT_EQ(crops.sizes(), (std::vector<int64_t>{int64_t(k.sides.size()), 3, k.out, k.out}));
    for (size_t i = 0; i < k.sides.size(); ++i) {
      const Square &w = windows[i];
      EXPECT_LE(std::abs(w.cx - k.cx), 0.5);
      EXPECT_DOUBLE_EQ(w.cx - w.side / 2, std::round(w.cx - w.side / 2));
      double s = w.side / k.out;
      cv::Matx23d m(s, 0, w.cx - w.side / 2 + 0.5 * s - 0.5, 0, s, w.cy - w.side / 2 + 0.5 * s - 0.5);
      cv::Mat ref;
      cv::warpAffine(photo, ref, m, {k.out, k.out}, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT, fill);
      auto diff = (crops[i] - image_to_tensor(ref)[0]).abs();
      // warpAffine rounds coordinates to 1/32 px and values to integers; an enlarging crop's first
      // row and column sample the window's edge pixel instead of blending in the one before it.
      EXPECT_LT(diff.slice(1, 1).slice(2, 1).max().item<double>(), 4.0) << k.cx << "," << k.cy << " side " << w.side;
      EXPECT_LT(diff.mean().item<double>(), 0.4) << k.cx << "," << k.cy << " side " << w.side;
    }
  }
}

TEST(Geometry, ContextSize) {
  // w = 40, h = 20, context 0.5: p = 30, sqrt(70 * 50).
  EXPECT_NEAR(context_size(40, 20, 0.5), std::sqrt(3500.0), 1e-9);
}

TEST(Geometry, CosineWindow) {
  auto w = cosine_window(5);
  // Hann(5) = 0, .5, 1, .5, 0.
  EXPECT_FLOAT_EQ(w[2][2].item<float>(), 1.f);
  EXPECT_FLOAT_EQ(w[0][2].item<float>(), 0.f);
  EXPECT_NEAR(w[1][2].item<float>(), 0.5f, 1e-6);
  EXPECT_NEAR(w[1][1].item<float>(), 0.25f, 1e-6);
}

TEST(Geometry, ChangePenalty) {
  auto w = torch::tensor({40.f, 80.f}), h = torch::tensor({20.f, 20.f});
  auto p = change_penalty(w, h, 40, 20, 0.0205);
  EXPECT_NEAR(p[0].item<double>(), 1.0, 1e-6);  // no change, no penalty
  // Size 80x20 vs 40x20: s = sqrt(130*70)/sqrt(70*50), r = 4/2 = 2.
  double s = std::sqrt(130.0 * 70.0) / std::sqrt(70.0 * 50.0);
  EXPECT_NEAR(p[1].item<double>(), std::exp(-(2 * s - 1) * 0.0205), 1e-5);
}

TEST(Geometry, ClipToFrameKeepsThePartInside) {
  Box b = clip_to_frame({-10, 20, 40, 30}, 100, 40);
  EXPECT_DOUBLE_EQ(b.x, 0); EXPECT_DOUBLE_EQ(b.y, 20); EXPECT_DOUBLE_EQ(b.w, 30); EXPECT_DOUBLE_EQ(b.h, 20);
  Box out = clip_to_frame({150, 10, 20, 20}, 100, 40);  // no overlap: empty, never negative
  EXPECT_DOUBLE_EQ(out.w, 0);
  EXPECT_TRUE(out.empty());
}
