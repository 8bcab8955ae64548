// Targets and losses against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>

#include "saetrack.h"

using namespace saetrack;

TEST(Targets, PositivesInsideBoxAndDistances) {
  NetConfig cfg = NetConfig::light();
  // Box around the crop centre (127, 127): cells at 31 + 8i inside [100, 160] x [110, 140].
  auto boxes = torch::tensor({{100.f, 110.f, 160.f, 140.f}});
  auto t = make_targets(boxes, {true}, cfg);
  // x cells inside: 31+8i in (100,160) -> i = 9..16 (103..159): 8 columns; y in (110,140): i = 10..13: 4 rows.
  EXPECT_EQ(t.label.sum().item<float>(), 32.f);
  EXPECT_EQ(t.label[0][12][12].item<float>(), 1.f);
  // At cell (12, 12) -> (127, 127): l = 27, t = 17, r = 33, b = 13.
  EXPECT_FLOAT_EQ(t.reg[0][0][12][12].item<float>(), 27.f);
  EXPECT_FLOAT_EQ(t.reg[0][1][12][12].item<float>(), 17.f);
  EXPECT_FLOAT_EQ(t.reg[0][2][12][12].item<float>(), 33.f);
  EXPECT_FLOAT_EQ(t.reg[0][3][12][12].item<float>(), 13.f);
  auto neg = make_targets(boxes, {false}, cfg);
  EXPECT_EQ(neg.label.sum().item<float>(), 0.f);
}

TEST(Losses, IoULossHandComputed) {
  // Prediction (l,t,r,b) = (2,2,2,2): 4x4 box; target (1,1,3,3): 4x4 box shifted by 1,1.
  // Intersection 3x3 = 9, union 16 + 16 - 9 = 23, IoU 9/23, loss 14/23.
  auto pred = torch::tensor({2.f, 2.f, 2.f, 2.f}).view({1, 4, 1, 1});
  auto tgt = torch::tensor({1.f, 1.f, 3.f, 3.f}).view({1, 4, 1, 1});
  auto lab = torch::ones({1, 1, 1});
  EXPECT_NEAR(iou_loss(pred, tgt, lab).item<double>(), 14.0 / 23.0, 1e-5);
  EXPECT_NEAR(iou_loss(tgt, tgt, lab).item<double>(), 0.0, 1e-5);
  EXPECT_EQ(iou_loss(pred, tgt, torch::zeros({1, 1, 1})).item<double>(), 0.0);  // no positives: no loss
}

TEST(Losses, BalancedBCEHandComputed) {
  // Two cells: a positive with logits (0, ln 3) -> p_fg = 3/4, a negative with (0, 0) -> p_bg = 1/2.
  auto logits = torch::zeros({1, 2, 1, 2});
  logits[0][1][0][0] = std::log(3.0);
  auto lab = torch::tensor({1.f, 0.f}).view({1, 1, 2});
  double expected = 0.5 * -std::log(0.75) + 0.5 * -std::log(0.5);
  EXPECT_NEAR(cls_loss(logits, lab).item<double>(), expected, 1e-5);
}
