// saetrack-size-response: does the size regression of a weights file follow the target's true
// size, or echo the size the tracker currently believes? For every 10th frame of each sequence
// the tracker's search step runs around the true centre with an estimate k times the true size
// (k = 0.7 .. 1.4, as if the tracker's size estimate were k times too large) and the box it
// measures is compared with the truth. A regression that sees scale gives pred/true near 1 for every k; one
// that echoes the template gives pred/true = k, and then only a tiny size-lr is safe.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "command_line.h"
#include "geometry.h"
#include "runtime.h"
#include "sequences.h"
#include "tracker.h"
#include "weights_io.h"

using namespace saetrack;

int main(int argc, char **argv) {
  std::string weights, sequences;
  int step = 10;
  CommandLine cli("saetrack-size-response", "WEIGHTS SEQUENCES [--step N]");
  cli.positional("WEIGHTS", &weights, "a bundled model's name or a weights file")
      .positional("SEQUENCES", &sequences, "any layout saetrack-eval reads, with ground truth")
      .add("step", &step, "measure every N-th frame");
  if (int rc = cli.parse_for_main(argc, argv); rc >= 0) return rc;
  try {
    set_threads(2);
    // The shipped tracker's own search step (Tracker::measure: crop, score, penalty, window, box
    // averaging, size calibration), with its default parameters.
    Tracker tracker(load_weights(find_weights(weights)));
    const std::vector<double> ks{0.7, 0.85, 1.0, 1.2, 1.4};
    std::vector<double> log_sum(ks.size(), 0);
    int n = 0;
    for (const auto &seq : eval::read_sequences(sequences)) {
      if (!seq.has_ground_truth() || seq.frame_files.empty()) continue;
      tracker.init(cv::imread(seq.frame_files[0]), seq.boxes[0]);
      for (size_t f = step; f < seq.frame_files.size(); f += step) {
        const Box &g = seq.boxes[f];
        if (g.empty() || !seq.visible[f]) continue;
        cv::Mat img = cv::imread(seq.frame_files[f]);
        for (size_t i = 0; i < ks.size(); ++i) {
          auto m = tracker.measure(img, Box::from_center(g.cx(), g.cy(), g.w * ks[i], g.h * ks[i]));
          log_sum[i] += 0.5 * (std::log(m.box.w / g.w) + std::log(m.box.h / g.h));
        }
        ++n;
      }
    }
    if (n == 0) throw std::runtime_error("no scored frames under " + sequences);
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
