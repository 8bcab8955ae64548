// Trainer pieces: schedule, optimisation step, freezing, checkpoint/resume, determinism, readers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "batch_loader.h"
#include "datasets.h"
#include "image_pool.h"
#include "saetrack.h"
#include "schedule.h"
#include "sequences.h"
#include "trainer.h"
#include "validation.h"
#include "test_dirs.h"

using namespace saetrack;
using namespace saetrack::train;
using namespace saetrack::scenes;
namespace fs = std::filesystem;

namespace {

// Small real-looking images: smooth random colour fields with shapes (no files needed).
std::vector<cv::Mat> test_images(int n = 6) {
  std::vector<cv::Mat> v;
  cv::RNG r(3);
  for (int i = 0; i < n; ++i) {
    cv::Mat m(240, 320, CV_8UC3);
    r.fill(m, cv::RNG::UNIFORM, 0, 255);
    cv::GaussianBlur(m, m, {0, 0}, 4);
    for (int k = 0; k < 12; ++k)
      cv::circle(m, {r.uniform(0, 320), r.uniform(0, 240)}, r.uniform(5, 40),
                 cv::Scalar(r.uniform(0, 255), r.uniform(0, 255), r.uniform(0, 255)), -1);
    v.push_back(m);
  }
  return v;
}

struct Fixture {
  std::vector<cv::Mat> images = test_images();
  NetConfig cfg = NetConfig::light();
  std::vector<std::shared_ptr<PairSource>> sources{std::make_shared<StillPairSource>(images, cfg, AugmentParams{}),
                                                   std::make_shared<SyntheticPairSource>(images, cfg, AugmentParams{})};
  PairMixer mixer{sources, {1, 1}, images, cfg};
};

}  // namespace

TEST(Schedule, WarmupThenExponentialDecay) {
  Schedule s{0.001, 0.005, 0.00005, 5, 20, 100};
  EXPECT_DOUBLE_EQ(s.lr(0), 0.001);
  EXPECT_NEAR(s.lr(250), 0.003, 1e-12);  // half-way through warm-up
  EXPECT_NEAR(s.lr(500), 0.005, 1e-12);
  EXPECT_NEAR(s.lr(1999), 0.00005, 1e-9);
  // Exponential: the middle of the decay is the geometric mean.
  EXPECT_NEAR(s.lr(500 + 1499 / 2.0), std::sqrt(0.005 * 0.00005), 2e-6);
}

TEST(Loader, DeterministicWhateverTheWorkerCount) {
  Fixture f;
  BatchLoader one(f.mixer, 42, 4, 0, 3, 1), two(f.mixer, 42, 4, 0, 3, 2);
  for (int i = 0; i < 3; ++i) {
    auto a = one.next(), b = two.next();
    EXPECT_TRUE(torch::equal(a.x, b.x));
    EXPECT_TRUE(torch::equal(a.boxes, b.boxes));
  }
}

TEST(Trainer, StepsLowerTheLossOnAFixedBatch) {
  torch::manual_seed(0);
  Fixture f;
  TrainOptions o;
  o.batch = 8, o.pairs_per_epoch = 800, o.epochs = 4, o.freeze_epochs = 0, o.warm_epochs = 0, o.base_lr = 0.01;
  SAENet net(f.cfg);
  Trainer t(net, f.mixer, o);
  BatchLoader loader(f.mixer, 1, 8, 0, 1, 1);
  auto batch = loader.next();
  double first = t.step(batch, 0).total, last = first;
  for (int i = 1; i < 8; ++i) last = t.step(batch, i).total;
  EXPECT_LT(last, first * 0.95) << "first " << first << " last " << last;
}

TEST(Trainer, FrozenBackboneDoesNotChange) {
  torch::manual_seed(0);
  Fixture f;
  TrainOptions o;
  o.batch = 4, o.pairs_per_epoch = 40, o.epochs = 2;  // freeze for the first half (10 steps)
  SAENet net(f.cfg);
  Trainer t(net, f.mixer, o);
  std::vector<torch::Tensor> before;
  for (auto &p : net->backbone->parameters()) before.push_back(p.detach().clone());
  std::vector<torch::Tensor> bn_before;
  for (auto &b : net->backbone->buffers()) bn_before.push_back(b.detach().clone());
  auto head_before = net->head->parameters()[0].detach().clone();
  BatchLoader loader(f.mixer, 1, 4, 0, 2, 1);
  ASSERT_TRUE(t.backbone_frozen(0));
  t.step(loader.next(), 0);
  t.step(loader.next(), 1);
  auto after = net->backbone->parameters();
  for (size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(torch::equal(before[i], after[i]));
  auto bn_after = net->backbone->buffers();
  for (size_t i = 0; i < bn_before.size(); ++i) EXPECT_TRUE(torch::equal(bn_before[i], bn_after[i]));
  EXPECT_FALSE(torch::equal(head_before, net->head->parameters()[0]));
  EXPECT_FALSE(t.backbone_frozen(10));
}

TEST(Trainer, CheckpointResumeGivesTheSameNextStep) {
  Fixture f;
  TrainOptions o;
  o.batch = 4, o.pairs_per_epoch = 8, o.epochs = 3, o.freeze_epochs = 0;
  o.checkpoint_dir = test_dir("training/ckpt").string();
  torch::manual_seed(5);
  SAENet a(f.cfg);
  Trainer ta(a, f.mixer, o);
  auto snapshot = test_dir("training/ckpt-after-2");
  ta.run(0, [&](int e, const StepLosses &) {  // keep the checkpoint written after epoch 2
    if (e == 1)
      for (auto &file : fs::directory_iterator(o.checkpoint_dir))
        fs::copy_file(file.path(), snapshot / file.path().filename(), fs::copy_options::overwrite_existing);
  });
  o.checkpoint_dir = snapshot.string();
  SAENet c(f.cfg);
  Trainer tc(c, f.mixer, o);
  ASSERT_EQ(tc.load_checkpoint(), 2);
  tc.run(2);
  // Resumed epoch 3 equals the uninterrupted epoch 3.
  ASSERT_EQ(tc.history.size(), 2u);
  EXPECT_NEAR(tc.history[0].second.total, ta.history[4].second.total, 1e-4);
  EXPECT_NEAR(tc.history[1].second.total, ta.history[5].second.total, 1e-4);
}

// The issue's end-to-end check: about two minutes of training on scenes built from real photos
// must beat the untrained network on sequences from held-back photos. The light design at a
// reduced input (template 63, search 127: the same layers, ~50 pairs/s on 2 cores instead of ~9)
// fits 6,000 pairs in the budget. The validation targets move ~8 px per frame, so a network that
// cannot localise (untrained, the cosine window keeps its box still) scores low.
TEST(Trainer, TwoMinutesOfTrainingBeatTheUntrainedNetwork) {
  auto pool = load_image_pool(SAETRACK_TEST_PHOTOS, 640, 20);
  ASSERT_GE(pool.val.size(), 4u);
  NetConfig cfg = NetConfig::light();
  cfg.template_size = 63, cfg.search_size = 127, cfg.template_feature = 5;
  cfg.score_size = cfg.score_size_for(cfg.search_size);
  cfg.validate();
  AugmentParams aug;
  std::vector<std::shared_ptr<PairSource>> sources{std::make_shared<StillPairSource>(pool.train, cfg, aug),
                                                   std::make_shared<SyntheticPairSource>(pool.train, cfg, aug)};
  PairMixer mixer{sources, {1, 2}, pool.train, cfg};
  std::vector<Sequence> val;
  for (int i = 0; i < 16; ++i) {
    Rng rng(1000 + i);
    val.push_back(generate_sequence(pool.val, 30, 480, 360, rng, {/*distractors=*/0, /*occluder=*/false, /*speed=*/4}));
  }
  at::set_num_threads(2);
  torch::manual_seed(0);
  SAENet net(cfg);
  auto before = evaluate(net, val);
  TrainOptions o;
  o.batch = 16, o.pairs_per_epoch = 1000, o.epochs = 6, o.seed = 1, o.log_every = 60;
  o.freeze_epochs = 0, o.backbone_lr_factor = 1, o.warm_epochs = 0.5;
  o.warm_lr = 0.002, o.base_lr = 0.015, o.end_lr = 0.004;
  Trainer(net, mixer, o).run();
  auto after = evaluate(net, val);
  std::printf("validation AUC %.3f -> %.3f, precision %.3f -> %.3f\n", before.auc, after.auc, before.precision,
              after.precision);
  // Measured: 0.221 -> 0.417 (seed 0), 0.223 -> 0.384 (seed 1).
  EXPECT_GT(after.auc, before.auc + 0.08);
}

TEST(Datasets, Got10kReader) {
  auto root = test_dir("training/got10k") / "train";
  auto seq = root / "GOT-10k_Train_000001";
  fs::create_directories(seq);
  cv::Mat img(60, 80, CV_8UC3, cv::Scalar(10, 20, 30));
  for (int i = 1; i <= 3; ++i) cv::imwrite((seq / cv::format("%08d.jpg", i)).string(), img);
  std::ofstream(seq / "groundtruth.txt") << "1,2,30,40\n2.5,3,30,40\n0,0,0,0\n";
  std::ofstream(seq / "absence.label") << "0\n0\n1\n";
  auto s = read_got10k(root.parent_path().string());
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].frame_files.size(), 3u);
  EXPECT_DOUBLE_EQ(s[0].boxes[1].x, 2.5);
  EXPECT_EQ(s[0].visible, (std::vector<bool>{true, true, false}));
  EXPECT_THROW(read_got10k(test_dir("training/empty").string()), std::runtime_error);
}

TEST(Datasets, LasotReader) {
  auto seq = test_dir("training/lasot") / "cat" / "cat-1";
  fs::create_directories(seq / "img");
  cv::Mat img(60, 80, CV_8UC3, cv::Scalar(1, 2, 3));
  for (int i = 1; i <= 4; ++i) cv::imwrite((seq / "img" / cv::format("%08d.jpg", i)).string(), img);
  std::ofstream(seq / "groundtruth.txt") << "1,2,30,40\n1,2,30,40\n1,2,30,40\n5,6,7,8\n";
  std::ofstream(seq / "full_occlusion.txt") << "0,1,0,0";
  std::ofstream(seq / "out_of_view.txt") << "0,0,1,0";
  auto s = read_lasot(seq.parent_path().parent_path().string());
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].name, "cat-1");
  EXPECT_EQ(s[0].visible, (std::vector<bool>{true, false, false, true}));
  EXPECT_DOUBLE_EQ(s[0].boxes[3].h, 8);
}

TEST(Datasets, CocoReader) {
  auto dir = test_dir("training/coco");
  cv::imwrite((dir / "a.jpg").string(), cv::Mat(50, 50, CV_8UC3, cv::Scalar(0)));
  std::ofstream(dir / "ann.json") << R"({"images": [{"id": 7, "file_name": "a.jpg"}],
    "annotations": [{"id": 1, "image_id": 7, "bbox": [1.5, 2, 20, 10], "iscrowd": 0},
                    {"id": 2, "image_id": 7, "bbox": [0, 0, 2, 2], "iscrowd": 0},
                    {"id": 3, "image_id": 7, "bbox": [0, 0, 30, 30], "iscrowd": 1}]})";
  auto s = read_coco((dir / "ann.json").string(), dir.string());
  ASSERT_EQ(s.size(), 1u);  // tiny and crowd boxes skipped
  EXPECT_DOUBLE_EQ(s[0].boxes[0].x, 1.5);
  EXPECT_EQ(s[0].frame_files[0], (dir / "a.jpg").string());
}

TEST(Datasets, BoxFileErrorsNameTheLine) {
  auto p = test_dir("training/boxes") / "gt.txt";
  std::ofstream(p) << "1,2,3,4\nfoo\n";
  try {
    eval::read_boxes(p.string());  // the one box reader training and evaluation share
    FAIL();
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("gt.txt:2"), std::string::npos) << e.what();
  }
}
