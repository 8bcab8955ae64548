// saetrack-size-response: does the size regression of a weights file follow the target's true
// size, or echo the size the tracker currently believes? For every 10th frame of each sequence
// the search crop is taken around the true centre at k times the true scale (k = 0.7 .. 1.4, as
// if the tracker's size estimate were k times too large) and the box regressed at the peak is
// compared with the truth. A regression that sees scale gives pred/true near 1 for every k; one
// that echoes the template gives pred/true = k, and then only a tiny size-lr is safe.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "geometry.h"
#include "runtime.h"
#include "sequences.h"
#include "tracker.h"
#include "weights_io.h"

using namespace saetrack;

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: saetrack-size-response WEIGHTS SEQUENCES [--step N]\n"
                         "  SEQUENCES: any layout saetrack-eval reads, with ground truth\n");
    return 2;
  }
  int step = argc >= 5 && std::string(argv[3]) == "--step" ? std::stoi(argv[4]) : 10;
  try {
    set_threads(2);
    SAENet net = load_weights(argv[1]);
    net->eval();
    const auto &cfg = net->config();
    const TrackerParams tp;  // the tracker's own context and window weight
    const std::vector<double> ks{0.7, 0.85, 1.0, 1.2, 1.4};
    std::vector<double> log_sum(ks.size(), 0);
    int n = 0;
    c10::InferenceMode guard;
    for (const auto &seq : eval::read_sequences(argv[2])) {
      if (!seq.has_ground_truth() || seq.frames.empty()) continue;
      cv::Mat f0 = cv::imread(seq.frames[0]);
      const Box &b0 = seq.boxes[0];
      double s_z = context_size(b0.w, b0.h, tp.context);
      auto zf = net->template_features(
          image_to_tensor(crop_square(f0, b0.cx(), b0.cy(), s_z, cfg.template_size, cv::mean(f0))));
      auto window = cosine_window(cfg.score_size);
      for (size_t f = step; f < seq.frames.size(); f += step) {
        const Box &g = seq.boxes[f];
        if (g.empty() || (!seq.visible.empty() && !seq.visible[f])) continue;
        cv::Mat img = cv::imread(seq.frames[f]);
        for (size_t i = 0; i < ks.size(); ++i) {
          double scale = cfg.template_size / context_size(g.w * ks[i], g.h * ks[i], tp.context);
          cv::Mat x = crop_square(img, g.cx(), g.cy(), cfg.search_size / scale, cfg.search_size, cv::mean(img));
          auto out = net->track(zf, image_to_tensor(x));
          auto score = torch::softmax(out.cls, 1).select(1, 1)[0];
          int64_t best = (score * (1 - tp.window_influence) + window * tp.window_influence).flatten().argmax().item<int64_t>();
          auto reg = out.reg[0].flatten(1);  // l, t, r, b per cell, crop pixels
          double pw = (reg[0][best].item<double>() + reg[2][best].item<double>()) / scale;
          double ph = (reg[1][best].item<double>() + reg[3][best].item<double>()) / scale;
          log_sum[i] += 0.5 * (std::log(pw / g.w) + std::log(ph / g.h));
        }
        ++n;
      }
    }
    if (n == 0) throw std::runtime_error(std::string("no scored frames under ") + argv[2]);
    std::printf("| size estimate / true size (k) | predicted / true size (geometric mean) |\n|---|---|\n");
    for (size_t i = 0; i < ks.size(); ++i) std::printf("| %.2f | %.2f |\n", ks[i], std::exp(log_sum[i] / n));
    // Least-squares slope of log(pred/true) on log(k): 0 = sees scale, 1 = echoes the estimate.
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < ks.size(); ++i) {
      double x = std::log(ks[i]), y = log_sum[i] / n;
      sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    double m = double(ks.size()), slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    std::printf("\n%d frames; echo slope %.2f (0: the regression sees the true size, 1: it repeats the estimate)\n", n,
                slope);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "saetrack-size-response: %s\n", e.what());
    return 1;
  }
  return 0;
}
