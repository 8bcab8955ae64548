// Generated sequences: cut-out objects as targets, the aspect-change and zoom options of saetrack-make-sequences.
#include <gtest/gtest.h>

#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image_pool.h"
#include "synthetic_scene.h"
#include "test_dirs.h"
#include "test_photos.h"

using namespace saetrack;
using namespace saetrack::scenes;

TEST(Scenes, CutOutObjectsKeepTheirOutlineAndExtent) {
  // A 4-channel PNG: an opaque red disc on a transparent square, plus a 3-channel PNG (skipped).
  auto dir = test_dir("scenes/objects");
  cv::Mat rgba(100, 160, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  cv::ellipse(rgba, {80, 50}, {60, 30}, 0, 0, 360, cv::Scalar(0, 0, 255, 255), -1);
  cv::imwrite((dir / "disc.png").string(), rgba);
  cv::imwrite((dir / "opaque.png").string(), cv::Mat(50, 50, CV_8UC3, cv::Scalar::all(128)));
  auto objects = load_object_sprites(dir.string());
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_NEAR(objects[0].patch.cols, 121, 1);  // cropped to the visible extent
  EXPECT_NEAR(objects[0].patch.rows, 61, 1);
  EXPECT_GT(objects[0].alpha.at<float>(30, 60), 0.99f);
  EXPECT_LT(objects[0].alpha.at<float>(0, 0), 0.01f);

  // In a scene with only cut-outs as targets, the box keeps the object's aspect and frames red.
  Rng rng(4);
  SceneOptions opt{0, false, 1.0, &objects, 1.0};
  auto seq = generate_sequence(test_photos(), 5, 480, 360, rng, opt);
  for (size_t f = 0; f < seq.images.size(); ++f) {
    const Box &b = seq.boxes[f];
    EXPECT_NEAR(b.w / b.h, 121.0 / 61.0, 0.15);
    cv::Vec3b centre = seq.images[f].at<cv::Vec3b>(int(b.cy()), int(b.cx()));
    EXPECT_GT(centre[2], 200);
    EXPECT_LT(centre[0], 60);
  }
}

// saetrack-make-sequences --aspect-change: the target's aspect ratio drifts (as a planar object's
// does in perspective, what the visp footage shows) only when asked; tuning sets for an aspect
// estimate come from it.
TEST(Scenes, AspectChangeDriftsTheBoxShapeOnlyWhenAsked) {
  auto aspect_range = [](const Sequence &s) {
    double lo = 1e9, hi = 0;
    for (const auto &b : s.boxes) lo = std::min(lo, b.w / b.h), hi = std::max(hi, b.w / b.h);
    return hi / lo;
  };
  double fixed = 0, drifting = 0;
  for (int seed = 0; seed < 4; ++seed) {
    Rng a(seed), b(seed);
    SceneOptions o;
    fixed = std::max(fixed, aspect_range(generate_sequence(test_photos(), 120, 640, 480, a, o)));
    o.aspect_change = 0.008;
    drifting += aspect_range(generate_sequence(test_photos(), 120, 640, 480, b, o)) / 4;
  }
  std::printf("aspect max/min over a sequence: at most %.3f fixed, %.2f on average drifting\n", fixed, drifting);
  EXPECT_LT(fixed, 1.05);
  EXPECT_GT(drifting, 1.3);
}

// saetrack-make-sequences --zoom: the target grows or shrinks steadily (a camera approaching or
// receding, as in the visp footage), beyond the random walk of every sequence.
TEST(Scenes, ZoomChangesTheTargetSizeSteadily) {
  // |log| of the box's size change over the first 60 frames (half a tuning sequence).
  auto size_change = [](const Sequence &s) { return std::abs(std::log(s.boxes[60].w * s.boxes[60].h / (s.boxes[0].w * s.boxes[0].h)) / 2); };
  double walking = 0, zooming = 0, least = 1e9;
  for (int seed = 0; seed < 6; ++seed) {
    Rng a(seed), b(seed);
    SceneOptions o;
    walking += size_change(generate_sequence(test_photos(), 61, 640, 480, a, o)) / 6;
    o.zoom = 0.008;
    double z = size_change(generate_sequence(test_photos(), 61, 640, 480, b, o));
    zooming += z / 6, least = std::min(least, z);
  }
  std::printf("|log size change| over 60 frames: %.3f random walk, %.3f zooming (least %.3f)\n", walking, zooming, least);
  EXPECT_GT(least, 0.15);  // every zooming target: the rate is at least 0.004 a frame, 0.24 in 60 frames
  EXPECT_GT(zooming, walking + 0.15);
}

// saetrack-make-sequences --crossings: look-alikes walk through the target's path (the README
// demo's pedestrians), and the target walks steadily instead of wandering.
TEST(Scenes, CrossingsSendLookAlikesThroughTheTargetsPath) {
  // Mean cosine between successive moves of the target's centre: 1 for a straight walk.
  auto steadiness = [](const Sequence &s) {
    double sum = 0;
    for (size_t f = 2; f < s.boxes.size(); ++f) {
      const double ax = s.boxes[f - 1].cx() - s.boxes[f - 2].cx(), ay = s.boxes[f - 1].cy() - s.boxes[f - 2].cy();
      const double bx = s.boxes[f].cx() - s.boxes[f - 1].cx(), by = s.boxes[f].cy() - s.boxes[f - 1].cy();
      sum += (ax * bx + ay * by) / std::max(1e-9, std::hypot(ax, ay) * std::hypot(bx, by));
    }
    return sum / double(s.boxes.size() - 2);
  };
  double wandering = 0, walking = 0, farthest_meeting = 0;
  for (int seed = 0; seed < 4; ++seed) {
    Rng a(seed), b(seed);
    std::vector<std::vector<Box>> walkers;
    SceneOptions o;
    wandering += steadiness(generate_sequence(test_photos(), 90, 640, 480, a, o, &walkers)) / 4;
    EXPECT_TRUE(walkers.empty());
    o.crossings = 3;
    auto seq = generate_sequence(test_photos(), 90, 640, 480, b, o, &walkers);
    walking += steadiness(seq) / 4;
    ASSERT_EQ(walkers.size(), 3u);
    for (const auto &w : walkers) {
      // Each walker comes within a third of the target's size of its centre at some frame.
      double nearest = 1e9;
      for (size_t f = 0; f < seq.boxes.size(); ++f) {
        const Box &t = seq.boxes[f];
        nearest = std::min(nearest, std::hypot(w[f].cx() - t.cx(), w[f].cy() - t.cy()) / std::max(t.w, t.h));
      }
      farthest_meeting = std::max(farthest_meeting, nearest);
    }
  }
  std::printf("steadiness %.2f wandering, %.2f walking; walkers met the target within %.2f of its size\n", wandering,
              walking, farthest_meeting);
  EXPECT_GT(walking, 0.9);
  EXPECT_GT(walking, wandering + 0.1);
  EXPECT_LT(farthest_meeting, 0.7);
}

TEST(Scenes, PostsStandStillInFrontOfTheWalkingTarget) {
  // A post is the only thing in a crowd scene that never changes (the camera shakes, the walkers
  // move): the share of the target's box, at its most hidden frame, whose pixels are the same in
  // every frame.
  auto hidden_by_still_pixels = [](const Sequence &s) {
    cv::Mat lo = s.images[0].clone(), hi = s.images[0].clone();
    for (auto &im : s.images) cv::min(lo, im, lo), cv::max(hi, im, hi);
    cv::Mat still;
    cv::cvtColor(hi - lo, still, cv::COLOR_BGR2GRAY);
    still = still == 0;
    double most = 0;
    for (auto &b : s.boxes) {
      cv::Rect r = cv::Rect(int(b.x), int(b.y), int(b.w), int(b.h)) & cv::Rect(0, 0, still.cols, still.rows);
      if (r.area() > 0) most = std::max(most, cv::countNonZero(still(r)) / double(r.area()));
    }
    return most;
  };
  for (int seed = 0; seed < 3; ++seed) {
    Rng a(seed), b(seed);
    SceneOptions o;
    o.crossings = 2, o.occluder = false;
    const double without = hidden_by_still_pixels(generate_sequence(test_photos(), 60, 640, 480, a, o));
    o.posts = 1;
    const double with = hidden_by_still_pixels(generate_sequence(test_photos(), 60, 640, 480, b, o));
    std::printf("seed %d: at most %.2f of the target's box hidden by still pixels without a post, %.2f with\n", seed,
                without, with);
    EXPECT_LT(without, 0.02);
    EXPECT_GT(with, 0.08);  // the post is 0.15-0.3 of the target's width, within 0.3 of its centre
  }
}
