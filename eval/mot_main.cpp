// saetrack-mot: multi-object tracking evaluation in the MOTChallenge layout (issue 12).
//   saetrack-mot --make DIR [--images D --sequences N --frames F --objects K --seed S]
//       writes generated multi-object sequences: DIR/<seq>/img1/000001.jpg..., gt/gt.txt, seqinfo.ini
//   saetrack-mot DIR [--out OUT --detect-every 10 --detect-noise 0.05]
//       runs, on every sequence, our MultiTargetTracker started from the frame-1 boxes only, the
//       same with "detections" (ground truth every N frames, jittered, no ids) handed off, and one
//       OpenCV CSRT per object (frame-1 boxes); writes OUT/<tracker>/<seq>.txt and prints MOTA, IDF1,
//       identity switches, fragmentations, MOTP and fps per tracker over all sequences.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/tracking.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "command_line.h"
#include "image_pool.h"
#include "mot_metrics.h"
#include "saetrack.h"
#include "synthetic_scene.h"

using namespace saetrack;
using namespace saetrack::eval;
namespace fs = std::filesystem;

namespace {

struct Options {
  std::string images = "/usr/share/backgrounds/mate", out = "out/mot", model = kDefaultTracker;
  int sequences = 4, frames = 150, objects = 5, detect_every = 10, threads = 2;
  double detect_noise = 0.05;
  uint64_t seed = 1;
  bool own_crops = false;
  TrackerParams params;  // the element's tunables
};

void make_sequences(const std::string &dir, const Options &o) {
  auto pool = scenes::load_image_pool(o.images, 1024, 0);
  if (pool.train.empty()) throw std::runtime_error("no photos under " + o.images);
  scenes::Rng rng(o.seed);
  for (int s = 0; s < o.sequences; ++s) {
    auto seq = scenes::generate_multi_object_sequence(pool.train, o.frames, 640, 480, o.objects, rng);
    fs::path root = fs::path(dir) / ("gen-" + std::to_string(s + 1));
    fs::create_directories(root / "img1");
    fs::create_directories(root / "gt");
    std::ofstream gt(root / "gt" / "gt.txt");
    for (int f = 0; f < o.frames; ++f) {
      char name[32];
      std::snprintf(name, sizeof name, "%06d.jpg", f + 1);
      cv::imwrite((root / "img1" / name).string(), seq.images[size_t(f)]);
      for (size_t k = 0; k < seq.boxes[size_t(f)].size(); ++k) {
        const Box &b = seq.boxes[size_t(f)][k];
        gt << f + 1 << ',' << k + 1 << ',' << b.x << ',' << b.y << ',' << b.w << ',' << b.h << ",1,1,"
           << seq.visibility[size_t(f)][k] << '\n';
      }
    }
    std::ofstream(root / "seqinfo.ini") << "[Sequence]\nname=" << root.filename().string() << "\nimDir=img1\nframeRate=30\n"
                                        << "seqLength=" << o.frames << "\nimWidth=640\nimHeight=480\nimExt=.jpg\n";
    std::printf("%s: %d frames, %d objects\n", root.string().c_str(), o.frames, o.objects);
  }
}

cv::Mat frame_of(const fs::path &seq, int f) {
  char name[32];
  std::snprintf(name, sizeof name, "%06d.jpg", f);
  cv::Mat m = cv::imread((seq / "img1" / name).string());
  if (m.empty()) throw std::runtime_error("cannot read frame " + std::to_string(f) + " of " + seq.string());
  return m;
}

struct Run {
  MotFrames result;
  double seconds = 0;
  int frames = 0;
};

// Ours: targets from the frame-1 ground truth; with detections, noisy ground truth every N frames.
Run run_ours(const fs::path &seq, const MotFrames &gt, const Options &o, bool detections, uint64_t seed) {
  Run r;
  MultiTargetTracker m(make_tracker(o.model, o.params), 64);
  if (o.own_crops) m.set_sharing(std::nullopt);
  cv::RNG noise(seed);
  int last = gt.rbegin()->first;
  auto t0 = std::chrono::steady_clock::now();
  for (int f = gt.begin()->first; f <= last; ++f) {
    cv::Mat img = frame_of(seq, f);
    if (f == gt.begin()->first) {
      for (auto &g : gt.at(f)) m.add(img, g.box);
    } else {
      m.update(img);
      if (detections && (f - gt.begin()->first) % o.detect_every == 0 && gt.count(f)) {
        std::vector<Box> dets;
        for (auto &g : gt.at(f)) {
          double j = o.detect_noise;
          dets.push_back({g.box.x + noise.uniform(-j, j) * g.box.w, g.box.y + noise.uniform(-j, j) * g.box.h,
                          g.box.w * (1 + noise.uniform(-j, j)), g.box.h * (1 + noise.uniform(-j, j))});
        }
        m.hand_off(img, dets, {}, HandOffParams{});
      }
    }
    for (auto &t : m.targets()) r.result[f].push_back({t.id, t.result.box});
    r.frames++;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

// One OpenCV CSRT per object, started from the frame-1 ground truth (what N cvtracker elements do).
Run run_csrt(const fs::path &seq, const MotFrames &gt) {
  Run r;
  std::vector<cv::Ptr<cv::Tracker>> trackers;
  std::vector<int64_t> ids;
  int last = gt.rbegin()->first;
  auto t0 = std::chrono::steady_clock::now();
  for (int f = gt.begin()->first; f <= last; ++f) {
    cv::Mat img = frame_of(seq, f);
    if (f == gt.begin()->first) {
      for (auto &g : gt.at(f)) {
        trackers.push_back(cv::TrackerCSRT::create());
        trackers.back()->init(img, cv::Rect(int(g.box.x), int(g.box.y), int(g.box.w), int(g.box.h)));
        ids.push_back(g.id);
        r.result[f].push_back(g);
      }
    } else {
      for (size_t k = 0; k < trackers.size(); ++k) {
        cv::Rect box;
        if (trackers[k]->update(img, box)) r.result[f].push_back({ids[k], Box{double(box.x), double(box.y), double(box.width), double(box.height)}});
      }
    }
    r.frames++;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void evaluate(const std::string &dir, const Options &o) {
  std::vector<fs::path> seqs;
  for (auto &e : fs::directory_iterator(dir))
    if (fs::exists(e.path() / "gt" / "gt.txt")) seqs.push_back(e.path());
  std::sort(seqs.begin(), seqs.end());
  if (seqs.empty()) throw std::runtime_error("no MOTChallenge sequences (gt/gt.txt, img1/) under " + dir);
  set_threads(o.threads);
  const char *names[] = {"saetrack-initial", "saetrack-detections", "csrt"};
  std::printf("| tracker | MOTA | IDF1 | ID switches | fragmentations | misses | false positives | MOTP | fps |\n"
              "|---|---|---|---|---|---|---|---|---|\n");
  for (int k = 0; k < 3; ++k) {
    MotFrames all_gt, all_hyp;  // sequences appended with disjoint frame numbers
    double seconds = 0;
    int frames = 0, offset = 0;
    for (size_t s = 0; s < seqs.size(); ++s) {
      auto gt = read_mot_file((seqs[s] / "gt" / "gt.txt").string(), true);
      Run r = k == 2 ? run_csrt(seqs[s], gt) : run_ours(seqs[s], gt, o, k == 1, o.seed + s);
      fs::create_directories(fs::path(o.out) / names[k]);
      write_mot_file((fs::path(o.out) / names[k] / (seqs[s].filename().string() + ".txt")).string(), r.result);
      for (auto &[f, objs] : gt) all_gt[offset + f] = objs;
      for (auto &[f, objs] : r.result) all_hyp[offset + f] = objs;
      offset += gt.rbegin()->first + 1;
      seconds += r.seconds, frames += r.frames;
    }
    auto m = score_mot(all_gt, all_hyp);
    std::printf("| %s | %.3f | %.3f | %zu | %zu | %zu | %zu | %.3f | %.1f |\n", names[k], m.mota, m.idf1, m.id_switches,
                m.fragmentations, m.misses, m.false_positives, m.motp, frames / seconds);
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char **argv) {
  Options o;
  std::string dir, make;
  CommandLine cli("saetrack-mot", "DIR | --make DIR");
  cli.add("make", &make, "write generated multi-object sequences in the MOTChallenge layout to this folder")
      .add("images", &o.images, "photos for --make")
      .add("sequences", &o.sequences, "sequences for --make")
      .add("frames", &o.frames, "frames per sequence for --make")
      .add("objects", &o.objects, "objects per sequence for --make")
      .add("seed", &o.seed, "random seed (generation and detection noise)")
      .add("out", &o.out, "result files go to OUT/<tracker>/<sequence>.txt")
      .add("model", &o.model, "our tracker (floor, nano, light or a weights file)")
      .add("detect-every", &o.detect_every, "frames between detections in the detections run")
      .add("detect-noise", &o.detect_noise, "detection jitter, as a fraction of the box size")
      .add("threads", &o.threads, "CPU threads")
      .flag("own-crops", &o.own_crops, "every target crops its own search (no shared frame features)")
      .positional("DIR", &dir, "a folder of MOTChallenge sequences to evaluate", false);
  add_tracker_tunables(cli, &o.params);
  if (int rc = cli.parse_for_main(argc, argv, [&] {
        if (make.empty() == dir.empty()) throw UsageError("give either DIR or --make DIR");
        if (o.detect_every < 1) throw UsageError("--detect-every must be >= 1");
      });
      rc >= 0)
    return rc;
  try {
    if (!make.empty()) make_sequences(make, o);
    else evaluate(dir, o);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "saetrack-mot: %s\n", e.what());
    return 1;
  }
  return 0;
}
