#include "bench_targets.h"

#include <chrono>
#include <cstdio>

#include "saetrack.h"

using namespace saetrack;
using clk = std::chrono::steady_clock;

namespace {

// n boxes on a grid over the frame (targets apart, as separate people in a scene).
std::vector<Box> grid_boxes(int n, const cv::Mat &frame) {
  int cols = 4, rows = (n + cols - 1) / cols;
  double cw = frame.cols / double(cols), ch = frame.rows / double(std::max(rows, 1));
  std::vector<Box> boxes;
  for (int i = 0; i < n; ++i)
    boxes.push_back({(i % cols) * cw + cw * 0.3, (i / cols) * ch + ch * 0.25, cw * 0.4, ch * 0.5});
  return boxes;
}

template <class Step>
double ms_per_frame(int frames, Step step) {
  for (int i = 0; i < 2; ++i) step();
  auto t0 = clk::now();
  for (int i = 0; i < frames; ++i) step();
  return std::chrono::duration<double, std::milli>(clk::now() - t0).count() / frames;
}

}  // namespace

void bench_targets(const std::string &model, const TrackerParams &params, const std::vector<int> &counts, const std::vector<int> &threads,
                   int frames, const cv::Mat &frame) {
  std::printf("| model | threads | targets | shared features ms/frame | own crops, one batch ms/frame | one pass per "
              "target ms/frame | shared / 1 target | separate / shared |\n|---|---|---|---|---|---|---|---|\n");
  for (int t : threads) {
    set_threads(t);
    double one = 0;
    for (int n : counts) {
      auto boxes = grid_boxes(n, frame);
      // The element's way (shared frame features where targets share a scale), and every target's own
      // crops in one batch (share-features=false).
      MultiTargetTracker shared(make_tracker(model, params), size_t(n)), own(make_tracker(model, params), size_t(n));
      own.set_sharing(std::nullopt);
      for (auto &b : boxes) shared.add(frame, b), own.add(frame, b);
      double sh_ms = ms_per_frame(frames, [&] { shared.update(frame); });
      double own_ms = ms_per_frame(frames, [&] { own.update(frame); });
      std::vector<std::unique_ptr<SingleTargetTracker>> separate;
      for (auto &b : boxes) {
        separate.push_back(shared.prototype().another());
        separate.back()->set_crowd(size_t(n));  // searches as the targets of one tracker do (template-scales-from)
        separate.back()->init(frame, b);
      }
      double s_ms = ms_per_frame(frames, [&] {
        for (auto &tr : separate) tr->update(frame);
      });
      if (n == counts.front()) one = sh_ms / n;  // per target at the smallest count
      std::printf("| %s | %d | %d | %.1f | %.1f | %.1f | %.2f | %.2f |\n", model.c_str(), t, n, sh_ms, own_ms, s_ms,
                  sh_ms / one, s_ms / sh_ms);
      std::fflush(stdout);
    }
  }
}
