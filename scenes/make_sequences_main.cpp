// saetrack-make-sequences: writes generated tracking sequences (real photos composited with motion,
// look-alike distractors and occluders) in the OTB layout, with exact ground truth, so that
// saetrack-eval and tools/gst-compare.py can run where no benchmark dataset is installed. Give it
// images that were never used for training (e.g. mate-backgrounds, reserved for evaluation).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "command_line.h"
#include "image_pool.h"
#include "synthetic_scene.h"

namespace fs = std::filesystem;
using namespace saetrack::scenes;

int main(int argc, char **argv) {
  std::string images, out = "eval-sequences";
  int count = 12, frames = 120, seed = 2026;
  bool held_back = false;
  double aspect_change = 0, zoom = 0;
  int crossings = 0, posts = 0;
  saetrack::CommandLine cli("saetrack-make-sequences", "--images DIR [options]");
  cli.add("images", &images, "photographs to build the sequences from")
      .add("out", &out, "where the OTB-layout sequences go")
      .add("count", &count, "sequences")
      .add("frames", &frames, "frames per sequence")
      .add("seed", &seed, "random seed")
      .add("aspect-change", &aspect_change,
           "the target's aspect ratio drifts (random step of log(w/h) per frame; 0.004 is the scale's)")
      .add("zoom", &zoom,
           "the target's size also changes steadily, as when a camera approaches or recedes: log size per frame, "
           "a rate drawn from ±[zoom/2, zoom] per sequence (0.008: about 2x over 120 frames)")
      .add("crossings", &crossings,
           "a crowd: this many look-alikes walk through the target's path (meeting it, some pausing beside it, half "
           "in front), and the target walks steadily with a gait, as the README demo's pedestrian does")
      .add("posts", &posts,
           "with --crossings: this many posts (a lamp post, a sign's pole) stand in front of the target's path, so it "
           "walks behind them")
      .flag("held-back", &held_back, "use only the photos saetrack-train holds back for validation (a tuning set)");
  int rc = cli.parse_for_main(argc, argv, [&] {
    if (images.empty()) throw saetrack::UsageError("--images is required");
  });
  if (rc >= 0) return rc;
  try {
    // --held-back: the trainer's validation split (same name-hash split, load_image_pool's default).
    auto pool = held_back ? load_image_pool(images) : load_image_pool(images, 1024, 0);
    const auto &photos = held_back ? pool.val : pool.train;
    if (photos.size() < 2) throw std::runtime_error("need at least 2 images under '" + images + "'");
    for (int i = 0; i < count; ++i) {
      Rng rng(uint64_t(seed) * 7919u + uint64_t(i));
      // Alternate the challenges so per-attribute tables have something to compare.
      SceneOptions opt;
      opt.distractors = i % 3;
      opt.occluder = i % 2 == 1;
      opt.aspect_change = aspect_change;
      opt.zoom = zoom;
      opt.crossings = crossings;
      opt.posts = posts;
      auto seq = generate_sequence(photos, frames, 640, 480, rng, opt);
      char name[32];
      std::snprintf(name, sizeof name, "gen%02d", i);
      fs::path d = fs::path(out) / name;
      fs::create_directories(d / "img");
      std::ofstream gt(d / "groundtruth_rect.txt"), attr(d / "attributes.txt");
      for (size_t f = 0; f < seq.images.size(); ++f) {
        char fn[32];
        std::snprintf(fn, sizeof fn, "%04zu.jpg", f + 1);
        cv::imwrite((d / "img" / fn).string(), seq.images[f], {cv::IMWRITE_JPEG_QUALITY, 92});
        auto &b = seq.boxes[f];
        gt << int(b.x + 0.5) << "," << int(b.y + 0.5) << "," << int(b.w + 0.5) << "," << int(b.h + 0.5) << "\n";
      }
      attr << (opt.distractors || crossings ? "Similar Object\n" : "") << (opt.occluder ? "Occlusion\n" : "") << "Scale Variation\n"
           << (aspect_change > 0 ? "Aspect Ratio Change\n" : "") << (crossings > 0 ? "Deformation\nCrowd\n" : "");
      std::fprintf(stderr, "\r%d/%d sequences", i + 1, count);
    }
    std::fprintf(stderr, "\nwrote %d OTB-layout sequences of %d frames to %s\n", count, frames, out.c_str());
  } catch (const std::exception &e) {
    std::fprintf(stderr, "saetrack-make-sequences: %s\n", e.what());
    return 1;
  }
  return 0;
}
