// saetrack-compare: one-pass success AUC, precision@20px and fps of saetrack weights against
// OpenCV's CSRT and KCF trackers on the same generated validation sequences (held-back photos).
//   usage: saetrack-compare --data DIR [--weights FILE] [--sequences N] [--frames N] [--seed N]
#include <opencv2/tracking.hpp>

#include <chrono>
#include <cstdio>
#include <map>

#include "image_pool.h"
#include "metrics.h"
#include "runtime.h"
#include "validation.h"
#include "weights_io.h"

using namespace saetrack;
using namespace saetrack::train;

static EvalResult run_opencv(const std::string &kind, const std::vector<Sequence> &seqs) {
  std::vector<Box> pred, gt;
  double secs = 0;
  size_t frames = 0;
  for (auto &s : seqs) {
    cv::Ptr<cv::Tracker> t;
    if (kind == "CSRT") t = cv::TrackerCSRT::create();
    else t = cv::TrackerKCF::create();
    const Box &b = s.boxes[0];
    t->init(s.frames[0], cv::Rect(int(b.x), int(b.y), int(b.w), int(b.h)));
    auto t0 = std::chrono::steady_clock::now();
    Box last = b;
    for (size_t f = 1; f < s.frames.size(); ++f) {
      cv::Rect r;
      if (t->update(s.frames[f], r)) last = {double(r.x), double(r.y), double(r.width), double(r.height)};
      pred.push_back(last);
      gt.push_back(s.boxes[f]);
    }
    secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    frames += s.frames.size() - 1;
  }
  return {success_auc(pred, gt), precision_at(pred, gt), frames / secs};
}

int main(int argc, char **argv) {
  std::map<std::string, std::string> a{{"weights", kDefaultModel}, {"sequences", "20"}, {"frames", "100"}, {"seed", "777"}};
  for (int i = 1; i + 1 < argc; i += 2) a[std::string(argv[i]).substr(2)] = argv[i + 1];
  if (!a.count("data")) {
    std::fprintf(stderr, "usage: saetrack-compare --data DIR [--weights FILE] [--sequences N] [--frames N] [--seed N]\n");
    return 2;
  }
  try {
    set_threads(2);
    auto pool = load_image_pool(a["data"]);
    auto seqs = make_validation_set(pool.val, std::stoi(a["sequences"]), std::stoi(a["frames"]), std::stoull(a["seed"]));
    std::printf("%zu sequences x %s frames from %zu held-back photos\n", seqs.size(), a["frames"].c_str(), pool.val.size());
    std::printf("| tracker | success AUC | precision@20px | fps |\n|---|---|---|---|\n");
    auto ours = evaluate(load_weights(find_weights(a["weights"])), seqs);
    std::printf("| saetrack (%s) | %.3f | %.3f | %.1f |\n", a["weights"].c_str(), ours.auc, ours.precision, ours.fps);
    for (std::string k : {"CSRT", "KCF"}) {
      auto r = run_opencv(k, seqs);
      std::printf("| OpenCV %s | %.3f | %.3f | %.1f |\n", k.c_str(), r.auc, r.precision, r.fps);
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "saetrack-compare: %s\n", e.what());
    return 1;
  }
  return 0;
}
