// Success and precision plots as PNG (OpenCV drawing), several trackers on one plot, legend sorted
// by score as in the benchmark papers.
#pragma once
#include <string>
#include <vector>

namespace saetrack::eval {

struct Curve {
  std::string label;      // shown with its score, e.g. "saetrack-light [0.612]"
  std::vector<double> y;  // values in 0..1 at evenly spaced x from x0 to x1
  double score = 0;       // the number in the legend (AUC or precision at 20 px)
};

// Writes a plot of `curves` over x in [x0, x1]; throws std::runtime_error if the PNG cannot be written.
void write_plot(const std::string &path, const std::string &title, const std::string &xlabel, const std::string &ylabel,
                double x0, double x1, std::vector<Curve> curves);

}  // namespace saetrack::eval
