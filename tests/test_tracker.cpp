// The tracker with the shipped default weights follows a target through generated sequences built
// from real photographs (opencv-doc), and rejects bad input clearly.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "test_photos.h"
#include "floor_tracker.h"
#include "saetrack.h"
#include "run_sequence.h"
#include "synthetic_scene.h"
#include "trainer.h"

#include <unistd.h>

#include <filesystem>

#include <opencv2/imgcodecs.hpp>

using namespace saetrack;

namespace {

Tracker default_tracker() {
  set_threads(2);
  return Tracker(load_weights(SAETRACK_DEFAULT_WEIGHTS));
}

// The four generated test sequences (real opencv-doc photos, no distractors or occluder).
std::vector<Sequence> test_sequences() {
  std::vector<Sequence> seqs;
  for (int s = 0; s < 4; ++s) {
    scenes::Rng rng(100 + s);
    seqs.push_back(scenes::generate_sequence(test_photos(), 60, 480, 360, rng, {/*distractors=*/0, /*occluder=*/false}));
  }
  return seqs;
}

// Tracks every sequence from its first box (the one tracking loop and scorer of saetrack-eval);
// mean IoU over frames 1.. (the sequences are equally long), printed with the AUC.
double track_mean_iou(SingleTargetTracker &t, const std::vector<Sequence> &seqs) {
  std::vector<eval::SequenceScores> scores;
  for (auto &seq : seqs) scores.push_back(eval::score_boxes(eval::run_sequence(seq, t).boxes, seq));
  auto all = eval::combine_scores(scores);
  std::printf("mean IoU %.3f, success AUC %.3f over %zu frames\n", all.ao, all.auc, all.frames);
  return all.ao;
}

}  // namespace

TEST(Tracker, FollowsTargetOnGeneratedSequences) {
  Tracker t = default_tracker();
  // Regression guard for the default (nano) weights alone: measured 0.844 with size calibration
  // (0.784 before it; the light weights: 0.571).
  EXPECT_GT(track_mean_iou(t, test_sequences()), 0.7);
}

// The training-free floor (pretrained NanoDet-g features, no trained layer) on the same sequences.
TEST(Tracker, TrainingFreeFloorFollowsTargetOnGeneratedSequences) {
  set_threads(2);
  FloorTracker t(SAETRACK_SOURCE_ROOT "/weights/nanodet-g.tensors");
  EXPECT_GT(track_mean_iou(t, test_sequences()), 0.8);  // measured 0.921 (shipped light weights: 0.571)
}

// aspect-ratio (on by default): on generated sequences whose target's aspect ratio drifts (as a
// planar object's does in perspective), the stretched templates follow the box's shape, which the
// floor's scale search alone cannot.
TEST(Tracker, FloorFollowsTheAspectRatioOfTheTarget) {
  set_threads(2);
  std::vector<Sequence> seqs;
  for (int s = 0; s < 4; ++s) {
    scenes::Rng rng(500 + s);
    scenes::SceneOptions o{/*distractors=*/0, /*occluder=*/false};
    o.aspect_change = 0.008;
    seqs.push_back(scenes::generate_sequence(test_photos(), 90, 480, 360, rng, o));
  }
  FloorTracker with(SAETRACK_SOURCE_ROOT "/weights/nanodet-g.tensors");
  FloorTracker without(SAETRACK_SOURCE_ROOT "/weights/nanodet-g.tensors");
  TrackerParams off;
  off.aspect_ratio = false;
  without.set_params(off);
  double a = track_mean_iou(with, seqs), b = track_mean_iou(without, seqs);
  EXPECT_GT(a, b + 0.04);  // measured 0.825 with, 0.739 without
}

// A mid-stream resize that stretches the frames (sx != sy, a caps change): the box keeps the target's
// new shape. The aspect estimate's templates were cut before the resize; the rescale moves its row so
// that it neither undoes nor repeats the stretch (repeating it drifted the box to 1.5x too wide).
TEST(Tracker, FloorTracksThroughAStretchingResize) {
  set_threads(2);
  std::vector<Sequence> seqs;
  for (int s = 0; s < 3; ++s) {
    scenes::Rng rng(510 + s);
    seqs.push_back(scenes::generate_sequence(test_photos(), 60, 480, 360, rng, {/*distractors=*/0, /*occluder=*/false}));
  }
  // Mean IoU and mean |log aspect error| over the frames from the resize (frame 30) on.
  auto run = [&](double sx, double sy) {
    double iou_sum = 0, log_aspect_error = 0;
    int n = 0;
    for (auto &seq : seqs) {
      FloorTracker t(SAETRACK_SOURCE_ROOT "/weights/nanodet-g.tensors");
      t.init(seq.images[0], seq.boxes[0]);
      for (size_t f = 1; f < seq.images.size(); ++f) {
        cv::Mat image = seq.images[f];
        Box truth = seq.boxes[f];
        if (f >= 30) {
          cv::resize(image, image, {}, sx, sy);
          truth = {truth.x * sx, truth.y * sy, truth.w * sx, truth.h * sy};
          if (f == 30) t.rescale(sx, sy);
        }
        auto r = t.update(image);
        if (f < 30) continue;
        iou_sum += iou(r.box, truth), ++n;
        log_aspect_error += std::abs(std::log((r.box.w / r.box.h) / (truth.w / truth.h)));
      }
    }
    std::printf("frames x%.1f wide, x%.1f high from frame 30: mean IoU %.3f, mean aspect error %.3f (log)\n", sx, sy,
                iou_sum / n, log_aspect_error / n);
    return std::pair{iou_sum / n, log_aspect_error / n};
  };
  auto [iou_same, aspect_same] = run(1, 1);
  auto [iou_wide, aspect_wide] = run(1.5, 1);
  auto [iou_tall, aspect_tall] = run(1, 1.5);
  // Stretched frames cost some IoU (the template was cut unstretched); the shape stays within 15 %.
  // Measured: same 0.909 IoU / 0.049; wide 0.777 / 0.079; tall 0.797 / 0.103 (repeating the
  // stretch, as before: wide 0.717 / 0.201, tall 0.694 / 0.139).
  EXPECT_GT(iou_same, 0.85);
  EXPECT_GT(iou_wide, 0.7);
  EXPECT_GT(iou_tall, 0.7);
  EXPECT_LT(aspect_wide, std::log(1.15));
  EXPECT_LT(aspect_tall, std::log(1.15));
}

// Distractor-aware suppression (DaSiamRPN, floor's distractor-weight): on sequences where recoloured
// look-alikes of the target cross its path, subtracting the response to the look-alikes of the
// previous frame keeps the target and costs the plain tracker nothing. (With the OpenCV crops before
// issue 15 the plain floor lost one of these sequences, 0.873 against 0.917; with the device crops
// it keeps it, 0.922 against 0.920: the gain it showed came from that one sequence.)
TEST(Tracker, FloorDistractorSuppressionKeepsTargetAmongLookAlikes) {
  set_threads(2);
  std::vector<Sequence> seqs;
  for (int s = 0; s < 6; ++s) {
    scenes::Rng rng(300 + s);
    seqs.push_back(scenes::generate_sequence(test_photos(), 90, 480, 360, rng, {/*distractors=*/3, /*occluder=*/false}));
  }
  TrackerParams on;
  on.distractor_weight = 0.5;
  FloorTracker with(SAETRACK_SOURCE_ROOT "/weights/nanodet-g.tensors");
  with.set_params(on);
  FloorTracker without(SAETRACK_SOURCE_ROOT "/weights/nanodet-g.tensors");
  double a = track_mean_iou(with, seqs), b = track_mean_iou(without, seqs);
  // Suppression is off by default: it does not help (docs/tracker-tuning.md). This guards that the
  // option still tracks among look-alikes and costs little.
  EXPECT_GT(a, 0.85);  // measured 0.873 (0.886 before aspect-ratio; 0.920 with the scale step 1.0375)
  EXPECT_GT(a, b - 0.035);  // measured 0.873 with, 0.863 without (before aspect-ratio 0.886, 0.909)
}

// The foundation goal, mean IoU > 0.7 on generated moving-object sequences, with weights trained in
// the test on those sequences: the shipped weights are fine-tuned, backbone included, for 30 steps
// (85 s here; 60 steps took 139 s for 0.916) on frame pairs of the very sequences that are then
// tracked (what a user adapting the tracker to footage does). Measured 0.891 with the nano weights
// (0.844 alone); with 60 steps, 0.749 with the light weights (0.571 alone).
TEST(Tracker, ReachesIoU07AfterTrainingOnTheSequences) {
  set_threads(2);
  torch::manual_seed(5);
  auto seqs = test_sequences();
  SAENet net = load_weights(SAETRACK_DEFAULT_WEIGHTS);
  std::vector<std::shared_ptr<train::PairSource>> sources{
      std::make_shared<train::SequencePairSource>(seqs, net->config(), train::AugmentParams{}, 30)};
  train::PairMixer mixer(sources, {1}, test_photos(), net->config(), 0.1);
  train::TrainOptions o;
  o.epochs = 1, o.batch = 16, o.pairs_per_epoch = 16 * 30, o.workers = 2, o.seed = 11, o.log_every = 1000;
  o.warm_epochs = 0, o.freeze_epochs = 0, o.backbone_lr_factor = 1, o.base_lr = o.end_lr = 0.005;
  train::Trainer(net, mixer, o).run();
  net->eval();
  Tracker t(net);
  EXPECT_GT(track_mean_iou(t, seqs), 0.7);
}

TEST(Tracker, AcceptsRgbAndTensorFrames) {
  Tracker t = default_tracker();
  scenes::Rng rng(7);
  auto seq = scenes::generate_sequence(test_photos(), 3, 320, 240, rng, {0, false});
  t.init(seq.images[0], seq.boxes[0]);
  auto bgr = t.update(seq.images[1]);
  Tracker u = default_tracker();
  cv::Mat rgb0, rgb1;
  cv::cvtColor(seq.images[0], rgb0, cv::COLOR_BGR2RGB);
  cv::cvtColor(seq.images[1], rgb1, cv::COLOR_BGR2RGB);
  u.init(rgb0, seq.boxes[0], ColorOrder::RGB);
  auto rgb = u.update(rgb1, ColorOrder::RGB);
  EXPECT_NEAR(rgb.box.x, bgr.box.x, 1e-3);
  EXPECT_NEAR(rgb.score, bgr.score, 1e-4);
  Tracker v = default_tracker();
  auto tensor = [](const cv::Mat &m) { return torch::from_blob(m.data, {m.rows, m.cols, 3}, torch::kUInt8).clone(); };
  v.init(tensor(seq.images[0]), seq.boxes[0]);
  EXPECT_NEAR(v.update(tensor(seq.images[1])).box.x, bgr.box.x, 1e-3);
}

TEST(Tracker, BadInputIsRejected) {
  Tracker t = default_tracker();
  cv::Mat frame(240, 320, CV_8UC3, cv::Scalar(90, 90, 90));
  EXPECT_THROW(t.update(frame), std::logic_error);                    // before init
  EXPECT_THROW(t.init(frame, {10, 10, 0, 20}), std::invalid_argument);  // empty
  EXPECT_THROW(t.init(frame, {10, 10, -5, 20}), std::invalid_argument); // negative
  EXPECT_THROW(t.init(frame, {400, 10, 20, 20}), std::invalid_argument); // outside
  EXPECT_THROW(t.init(cv::Mat(), {1, 1, 5, 5}), std::invalid_argument);
  EXPECT_THROW(t.init(cv::Mat(10, 10, CV_8UC1), {1, 1, 5, 5}), std::invalid_argument);
  t.init(frame, {300, 200, 50, 60});  // partly outside: clipped
  EXPECT_DOUBLE_EQ(t.last().box.w, 20);
  EXPECT_DOUBLE_EQ(t.last().box.h, 40);
}

TEST(Tracker, ReportsLostWhenTargetLeavesAndRecovers) {
  Tracker t = default_tracker();
  scenes::Rng rng(11);
  auto seq = scenes::generate_sequence(test_photos(), 10, 480, 360, rng, {0, false});
  t.init(seq.images[0], seq.boxes[0]);
  for (int f = 1; f < 5; ++f) EXPECT_FALSE(t.update(seq.images[f]).lost) << "frame " << f;
  // The target vanishes: a featureless grey frame.
  cv::Mat empty(360, 480, CV_8UC3, cv::Scalar(128, 128, 128));
  bool lost = false;
  for (int f = 0; f < 10 && !lost; ++f) lost = t.update(empty).lost;
  EXPECT_TRUE(lost);
  // It comes back where it was: the tracker recovers by itself.
  bool recovered = false;
  for (int f = 5; f < 10; ++f) recovered = recovered || !t.update(seq.images[f]).lost;
  EXPECT_TRUE(recovered);
}
