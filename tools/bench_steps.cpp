#include "bench_steps.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "median.h"
#include "saetrack.h"

using namespace saetrack;
using clk = std::chrono::steady_clock;

namespace {
double ms_since(clk::time_point t0) { return std::chrono::duration<double, std::milli>(clk::now() - t0).count(); }
}  // namespace

void bench_steps(const std::string &model, const TrackerParams &params, const std::vector<int> &threads, int frames, const cv::Mat &frame,
                 bool tuned, torch::Device device, torch::ScalarType precision) {
  std::printf("| model | threads | crops ms | network ms | finish ms | update ms | update fps |\n"
              "|---|---|---|---|---|---|---|\n");
  const Box box{frame.cols * 0.4, frame.rows * 0.35, frame.cols * 0.12, frame.rows * 0.25};
  for (int t : threads) {
    if (tuned)
      set_threads(t);
    else
      at::set_num_threads(t);
    auto tracker = make_tracker(model, params, device, precision);
    warm_up(*tracker);  // as the element does at start (it also settles glibc's thresholds, runtime.h)
    tracker->init(frame, box);
    c10::InferenceMode guard;
    std::vector<double> crop_ms, net_ms, finish_ms, update_ms;
    for (int i = 0; i < frames + 2; ++i) {
      bool timed = i >= 2;  // two warm-up frames
      if (tracker->batches()) {
        auto t0 = clk::now();
        auto on_device = upload_frame(frame, tracker->device());
        auto crops = tracker->search_crops(on_device);
        double c = ms_since(t0);
        t0 = clk::now();
        auto features = tracker->search_features(crops);
        double n = ms_since(t0);
        t0 = clk::now();
        tracker->finish_update(on_device, features);
        if (timed) crop_ms.push_back(c), net_ms.push_back(n), finish_ms.push_back(ms_since(t0));
      }
      auto t0 = clk::now();
      tracker->update(frame);
      if (timed) update_ms.push_back(ms_since(t0));
    }
    double u = median(update_ms);
    if (tracker->batches())
      std::printf("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f |\n", model.c_str(), t, median(crop_ms), median(net_ms),
                  median(finish_ms), u, 1000 / u);
    else
      std::printf("| %s | %d | — | — | — | %.2f | %.1f |\n", model.c_str(), t, u, 1000 / u);
    std::fflush(stdout);
  }
}
