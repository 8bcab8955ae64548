// MOT metrics on hand-computed cases (CLEAR MOT, fragmentations, IDF1) and the Hungarian
// assignment they rest on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "assignment.h"
#include "mot_metrics.h"
#include "test_dirs.h"

using namespace saetrack;
using namespace saetrack::eval;

namespace {
const Box A{0, 0, 10, 10}, B{50, 0, 10, 10};
}

TEST(Assignment, FindsTheMinimumOnEveryShape) {
  // Greedy would take (0,0)=1 and then (1,1)=10: 11; the optimum is 2 + 3 = 5.
  EXPECT_EQ(min_cost_assignment({{1, 2}, {3, 10}}), (std::vector<int>{1, 0}));
  EXPECT_EQ(min_cost_assignment({{5, 1, 9}}), (std::vector<int>{1}));          // wide
  EXPECT_EQ(min_cost_assignment({{4}, {2}, {7}}), (std::vector<int>{-1, 0, -1}));  // tall
  EXPECT_TRUE(min_cost_assignment({}).empty());
}

TEST(MotMetrics, PerfectTracking) {
  MotFrames gt, hyp;
  for (int f = 1; f <= 3; ++f) gt[f] = {{1, A}, {2, B}}, hyp[f] = {{10, A}, {11, B}};
  auto s = score_mot(gt, hyp);
  EXPECT_EQ(s.gt, 6u);
  EXPECT_EQ(s.id_switches, 0u);
  EXPECT_DOUBLE_EQ(s.mota, 1.0);
  EXPECT_DOUBLE_EQ(s.motp, 1.0);
  EXPECT_DOUBLE_EQ(s.idf1, 1.0);
}

// Two objects whose hypotheses swap ids halfway: 2 switches in 8 boxes, and each trajectory shares
// only half its frames with any one hypothesis.
TEST(MotMetrics, IdentitySwap) {
  MotFrames gt, hyp;
  for (int f = 1; f <= 4; ++f) {
    gt[f] = {{1, A}, {2, B}};
    hyp[f] = f <= 2 ? std::vector<MotObject>{{7, A}, {8, B}} : std::vector<MotObject>{{8, A}, {7, B}};
  }
  auto s = score_mot(gt, hyp);
  EXPECT_EQ(s.id_switches, 2u);
  EXPECT_EQ(s.misses + s.false_positives, 0u);
  EXPECT_DOUBLE_EQ(s.mota, 0.75);
  EXPECT_EQ(s.idtp, 4u);
  EXPECT_DOUBLE_EQ(s.idf1, 0.5);
}

// A track lost for one frame and resumed: one miss, one fragmentation, no switch;
// IDF1 = 2*4 / (5 + 4).
TEST(MotMetrics, FragmentationAndMiss) {
  MotFrames gt, hyp;
  for (int f = 1; f <= 5; ++f) {
    gt[f] = {{1, A}};
    if (f != 3) hyp[f] = {{3, A}};
  }
  auto s = score_mot(gt, hyp);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.fragmentations, 1u);
  EXPECT_EQ(s.id_switches, 0u);
  EXPECT_DOUBLE_EQ(s.mota, 0.8);
  EXPECT_NEAR(s.idf1, 8.0 / 9.0, 1e-12);
}

// CLEAR MOT keeps a still-valid correspondence even when another hypothesis overlaps better; the
// other one is a false positive, not a switch. A box below the IoU threshold matches nothing.
TEST(MotMetrics, KeepsValidCorrespondencesAndCountsFalsePositives) {
  MotFrames gt, hyp;
  gt[1] = {{1, A}};
  hyp[1] = {{5, {0, 0, 10, 9}}};
  gt[2] = {{1, A}};
  hyp[2] = {{5, {0, 0, 10, 6}}, {6, A}};  // 5 still at IoU 0.6; 6 is exact
  gt[3] = {{1, A}};
  hyp[3] = {{6, {6, 6, 10, 10}}};  // IoU 16/184: a miss and a false positive
  auto s = score_mot(gt, hyp);
  EXPECT_EQ(s.id_switches, 0u);
  EXPECT_EQ(s.false_positives, 2u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_DOUBLE_EQ(s.mota, 1.0 - 3.0 / 3.0);
}

TEST(MotMetrics, FilesRoundTripAndGroundTruthHonoursTheConsiderFlag) {
  auto dir = test_dir("mot-metrics");
  MotFrames frames;
  frames[1] = {{4, {1.5, 2, 30, 40}}};
  write_mot_file((dir / "res.txt").string(), frames);
  auto back = read_mot_file((dir / "res.txt").string(), false);
  ASSERT_EQ(back.at(1).size(), 1u);
  EXPECT_EQ(back.at(1)[0].id, 4);
  EXPECT_DOUBLE_EQ(back.at(1)[0].box.x, 1.5);
  {
    std::ofstream gt(dir / "gt.txt");
    gt << "1,1,0,0,10,10,1,1,1\n1,2,5,5,10,10,0,1,1\n";
  }
  EXPECT_EQ(read_mot_file((dir / "gt.txt").string(), true).at(1).size(), 1u);
  EXPECT_THROW(read_mot_file((dir / "missing.txt").string(), true), std::runtime_error);
  std::filesystem::remove_all(dir);
}
