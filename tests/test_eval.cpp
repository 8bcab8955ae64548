// Evaluation: benchmark metrics against hand-computed values, each layout reader on a fixture folder
// the test writes, result files round trip, the report and the plots.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "box_fit.h"
#include "metrics.h"
#include "plots.h"
#include "report.h"
#include "results_io.h"
#include "run_sequence.h"
#include "sequences.h"
#include "test_dirs.h"

using namespace saetrack;
using namespace saetrack::eval;
namespace fs = std::filesystem;

namespace {

fs::path fixture(const std::string &name) { return test_dir("eval/" + name, /*fresh=*/true); }

void frames(const fs::path &dir, int n, const std::string &fmt = "%08d.jpg") {
  fs::create_directories(dir);
  cv::Mat img(40, 60, CV_8UC3, cv::Scalar(20, 80, 140));
  for (int i = 1; i <= n; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, fmt.c_str(), i);
    cv::imwrite((dir / name).string(), img);
  }
}

void text(const fs::path &p, const std::string &s) { std::ofstream(p) << s; }

}  // namespace

TEST(Metrics, ScoresOnHandComputedCases) {
  // gt 10x10 at (0,0). Frame 0: perfect (IoU 1, error 0). Frame 1: shifted by 5 px in x: IoU 50/150 = 1/3,
  // error 5 px, normalised error 0.5. Frame 2: marked invisible (ignored whatever its box).
  std::vector<Box> gt{{0, 0, 10, 10}, {0, 0, 10, 10}, {0, 0, 10, 10}};
  std::vector<Box> pred{{0, 0, 10, 10}, {5, 0, 10, 10}, {90, 90, 5, 5}};
  auto s = score_sequence(pred, gt, {true, true, false});
  EXPECT_EQ(s.frames, 2u);
  EXPECT_DOUBLE_EQ(s.ao, (1 + 1.0 / 3) / 2);
  EXPECT_DOUBLE_EQ(s.sr50, 0.5);
  EXPECT_DOUBLE_EQ(s.sr75, 0.5);
  // Success: thresholds 0..0.30 both frames (1/3 > 0.30), 0.35..0.95 one frame, 1.0 none.
  EXPECT_DOUBLE_EQ(s.success[6], 1.0);
  EXPECT_DOUBLE_EQ(s.success[7], 0.5);
  EXPECT_DOUBLE_EQ(s.success[20], 0.0);
  EXPECT_NEAR(s.auc, (7 * 1.0 + 13 * 0.5) / 21, 1e-12);
  EXPECT_DOUBLE_EQ(s.precision[4], 0.5);  // error 5 > 4 px
  EXPECT_DOUBLE_EQ(s.precision[5], 1.0);
  EXPECT_DOUBLE_EQ(s.precision20, 1.0);
  EXPECT_DOUBLE_EQ(s.norm_precision[49], 0.5);  // normalised error 0.5 > 0.49
  EXPECT_DOUBLE_EQ(s.norm_precision[50], 1.0);
  EXPECT_DOUBLE_EQ(s.norm_precision20, 0.5);
  // Combining: curves frame-weighted, AO sequence-averaged (GOT-10k).
  auto t = score_sequence({{0, 0, 10, 10}}, {{0, 0, 10, 10}});
  auto c = combine_scores({s, t});
  EXPECT_EQ(c.frames, 3u);
  EXPECT_NEAR(c.success[7], 2.0 / 3, 1e-12);
  EXPECT_NEAR(c.ao, (s.ao + 1.0) / 2, 1e-12);
  EXPECT_THROW(score_sequence(pred, {gt[0]}), std::invalid_argument);
}

// --box-fit: one part of each box from the truth, the rest the tracker's; frames without truth kept.
TEST(BoxFit, EachPartFromTheTruthTheRestOwn) {
  std::vector<Box> truth{{0, 0, 40, 10}, {}}, boxes{{10, 10, 20, 20}, {1, 2, 3, 4}};
  auto a = with_true_part(boxes, truth, TruePart::Aspect);  // centre (20,20), area 400, aspect 4
  EXPECT_DOUBLE_EQ(a[0].w, 40);
  EXPECT_DOUBLE_EQ(a[0].h, 10);
  EXPECT_DOUBLE_EQ(a[0].cx(), 20);
  EXPECT_DOUBLE_EQ(a[0].cy(), 20);
  auto s = with_true_part(boxes, truth, TruePart::Size);
  EXPECT_DOUBLE_EQ(s[0].x, 0);
  EXPECT_DOUBLE_EQ(s[0].y, 15);
  EXPECT_DOUBLE_EQ(s[0].w, 40);
  auto c = with_true_part(boxes, truth, TruePart::Centre);
  EXPECT_DOUBLE_EQ(c[0].x, 10);
  EXPECT_DOUBLE_EQ(c[0].y, -5);
  EXPECT_DOUBLE_EQ(c[0].w, 20);
  for (auto part : kTrueParts) EXPECT_DOUBLE_EQ(with_true_part(boxes, truth, part)[1].w, 3);
}

// The one tracking loop: init on frame 0 with the given box, update on the rest, every frame's box
// recorded; the scorer leaves frame 0 out and masks invisible frames.
TEST(RunSequence, RecordsEveryFrameAndScoresFromFrameOne) {
  Sequence seq;
  seq.name = "mem";
  for (int i = 0; i < 4; ++i) seq.images.push_back(cv::Mat(20, 30, CV_8UC3, cv::Scalar::all(i * 10)));
  seq.boxes = {{0, 0, 10, 10}, {0, 0, 10, 10}, {0, 0, 10, 10}, {0, 0, 10, 10}};
  seq.visible = {true, true, true, false};
  struct Fake : SingleTargetTracker {  // records what it is shown, answers a fixed box
    Box init_seen;
    std::vector<int> shades;
    TrackResult r{{5, 0, 10, 10}, 0.5, false};  // IoU 1/3 with the truth
    void init(const cv::Mat &f, const Box &b) override { init_seen = b, shades.push_back(f.at<cv::Vec3b>(0, 0)[0]); }
    TrackResult update(const cv::Mat &f) override {
      shades.push_back(f.at<cv::Vec3b>(0, 0)[0]);
      return r;
    }
    void rescale(double, double) override {}
    const TrackResult &last() const override { return r; }
    std::string name() const override { return "fake"; }
    std::unique_ptr<SingleTargetTracker> another() const override { return nullptr; }
    void move_to(const Box &) override {}
  } steps;
  auto run = run_sequence(seq, steps);
  EXPECT_EQ(steps.shades, (std::vector<int>{0, 10, 20, 30}));
  EXPECT_DOUBLE_EQ(steps.init_seen.w, 10);
  ASSERT_EQ(run.boxes.size(), 4u);
  EXPECT_DOUBLE_EQ(run.boxes[0].x, 0);  // the given box
  EXPECT_DOUBLE_EQ(run.boxes[1].x, 5);
  EXPECT_DOUBLE_EQ(run.scores[2], 0.5);
  auto s = score_boxes(run.boxes, seq);
  EXPECT_EQ(s.frames, 2u);  // frames 1 and 2: frame 0 is the initialisation, frame 3 invisible
  EXPECT_DOUBLE_EQ(s.ao, 1.0 / 3);
  EXPECT_EQ(run_sequence(seq, steps, 2).boxes.size(), 2u);  // max_frames
  EXPECT_THROW(score_boxes(std::vector<Box>(5, Box{0, 0, 1, 1}), seq), std::invalid_argument);
}

TEST(Layouts, OtbWithAttributesAndTwoTargetFile) {
  auto root = fixture("otb");
  frames(root / "Basketball" / "img", 3, "%04d.jpg");
  text(root / "Basketball" / "groundtruth_rect.txt", "1,2,3,4\n2\t3\t4\t5\n3 4 5 6\n");
  text(root / "Basketball" / "attributes.txt", "IV, OCC\nScale Variation\n");
  frames(root / "Jogging" / "img", 2, "%04d.jpg");
  text(root / "Jogging" / "groundtruth_rect.1.txt", "1,1,5,5\n2,2,5,5\n");
  EXPECT_EQ(detect_layout(root.string()), "otb");
  auto s = read_sequences(root.string());
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].name, "Basketball");
  EXPECT_EQ(s[0].frame_files.size(), 3u);
  EXPECT_DOUBLE_EQ(s[0].boxes[1].w, 4);
  EXPECT_EQ(s[0].attributes, (std::vector<std::string>{"IV", "OCC", "Scale Variation"}));
  EXPECT_EQ(s[1].boxes.size(), 2u);
}

TEST(Layouts, Got10kAbsenceAndCover) {
  auto root = fixture("got");
  auto d = root / "val" / "GOT-10k_Val_000001";
  frames(d, 4);
  text(d / "groundtruth.txt", "1,1,5,5\n2,2,5,5\n3,3,5,5\n4,4,5,5\n");
  text(d / "absence.label", "0\n1\n0\n0\n");
  text(d / "cover.label", "8\n0\n0\n3\n");
  EXPECT_EQ(detect_layout(root.string()), "got10k");
  auto s = read_sequences(root.string());
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].visible, (std::vector<bool>{true, false, false, true}));
}

TEST(Layouts, LasotOcclusionAndOutOfView) {
  auto root = fixture("lasot");
  auto d = root / "airplane" / "airplane-1";
  frames(d / "img", 3);
  text(d / "groundtruth.txt", "1,1,5,5\n2,2,5,5\n3,3,5,5\n");
  text(d / "full_occlusion.txt", "0,1,0");
  text(d / "out_of_view.txt", "0,0,1");
  EXPECT_EQ(detect_layout(root.string()), "lasot");
  auto s = read_sequences(root.string());
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].name, "airplane-1");
  EXPECT_EQ(s[0].visible, (std::vector<bool>{true, false, false}));
}

TEST(Layouts, Uav123NaNRowsAndAttributes) {
  auto root = fixture("uav");
  frames(root / "data_seq" / "UAV123" / "bike1", 3, "%06d.jpg");
  fs::create_directories(root / "anno" / "UAV123" / "att");
  text(root / "anno" / "UAV123" / "bike1.txt", "1,1,5,5\nNaN,NaN,NaN,NaN\n3,3,5,5\n");
  text(root / "anno" / "UAV123" / "att" / "bike1.txt", "1,0,0,1,0,0,0,0,0,0,0,1\n");
  EXPECT_EQ(detect_layout(root.string()), "uav123");
  auto s = read_sequences(root.string());
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].visible, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(s[0].attributes, (std::vector<std::string>{"Scale Variation", "Fast Motion", "Similar Object"}));
}

TEST(Layouts, FolderWithInitBoxAndClearErrors) {
  auto root = fixture("folder");
  frames(root, 5);
  EXPECT_THROW(read_sequences(root.string(), "folder"), std::runtime_error);  // no box anywhere
  auto s = read_sequences(root.string(), "auto", Box{1, 2, 3, 4});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].layout, "folder");
  EXPECT_FALSE(s[0].has_ground_truth());
  text(root / "init.txt", "5,6,7,8\n");
  EXPECT_DOUBLE_EQ(read_sequences(root.string())[0].boxes[0].x, 5);
  EXPECT_THROW(read_sequences((root / "missing").string()), std::runtime_error);
  EXPECT_THROW(read_sequences(root.string(), "nonsense"), std::runtime_error);
  text(root / "init.txt", "5,six,7,8\n");
  try {
    read_sequences(root.string());
    FAIL() << "a malformed box must be rejected";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("init.txt:1"), std::string::npos) << e.what();
  }
}

TEST(Results, WriteReadRoundTripInBothFormats) {
  auto root = fixture("results");
  std::vector<Box> boxes{{1.5, 2.25, 30, 40}, {2, 3, 31, 41}};
  write_results(root.string(), "otb", "seqA", boxes, {0.01, 0.02});
  write_results(root.string(), "got10k", "seqB", boxes, {0.01, 0.02});
  EXPECT_TRUE(fs::exists(root / "seqA.txt"));
  EXPECT_TRUE(fs::exists(root / "seqB" / "seqB_001.txt"));
  EXPECT_TRUE(fs::exists(root / "seqB" / "seqB_time.txt"));
  for (auto name : {"seqA", "seqB"}) {
    auto r = read_results(root.string(), name);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_DOUBLE_EQ(r[0].y, 2.25);
    EXPECT_DOUBLE_EQ(r[1].h, 41);
  }
  EXPECT_THROW(read_results(root.string(), "seqC"), std::runtime_error);
}

TEST(Report, TablesAndPlots) {
  std::vector<Box> gt{{0, 0, 10, 10}, {0, 0, 10, 10}};
  TrackerRun good{"good", {score_sequence(gt, gt)}, 50}, bad{"bad", {score_sequence({{50, 50, 10, 10}, {50, 50, 10, 10}}, gt)}};
  auto md = markdown_report({good, bad}, {"s1"}, {{"Occlusion"}});
  // A perfect result scores 20/21 success AUC: OTB counts IoU > threshold, and nothing exceeds 1.0.
  EXPECT_NE(md.find("| good | 0.952 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 50.0 | 2 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| bad | 0.000 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Occlusion | 1 | 0.952 | 0.000 |"), std::string::npos) << md;
  auto png = fixture("plot") / "success.png";
  write_plot(png.string(), "Success plot of OPE", "Overlap threshold", "Success rate", 0, 1,
             {{"good", good.per_sequence[0].success, 1.0}, {"bad", bad.per_sequence[0].success, 0.0}});
  auto img = cv::imread(png.string());
  ASSERT_FALSE(img.empty());
  EXPECT_EQ(img.cols, 800);
  EXPECT_THROW(write_plot("/nonexistent-dir/x.png", "t", "x", "y", 0, 1, {}), std::runtime_error);
}
