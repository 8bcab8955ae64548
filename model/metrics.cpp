#include "metrics.h"

#include <cmath>
#include <stdexcept>

namespace saetrack {

static void check(const std::vector<Box> &p, const std::vector<Box> &g) {
  if (p.size() != g.size() || p.empty()) throw std::invalid_argument("metrics need equally long, non-empty box lists");
}

std::vector<double> success_curve(const std::vector<Box> &pred, const std::vector<Box> &gt) {
  check(pred, gt);
  std::vector<double> curve(21, 0.0);
  for (size_t i = 0; i < pred.size(); ++i) {
    double o = iou(pred[i], gt[i]);
    for (int t = 0; t < 21; ++t)
      if (o > t * 0.05) curve[t] += 1.0 / pred.size();
  }
  return curve;
}

double success_auc(const std::vector<Box> &pred, const std::vector<Box> &gt) {
  auto c = success_curve(pred, gt);
  double s = 0;
  for (double v : c) s += v;
  return s / c.size();
}

double precision_at(const std::vector<Box> &pred, const std::vector<Box> &gt, double pixels) {
  check(pred, gt);
  double n = 0;
  for (size_t i = 0; i < pred.size(); ++i)
    if (std::hypot(pred[i].cx() - gt[i].cx(), pred[i].cy() - gt[i].cy()) <= pixels) n += 1;
  return n / pred.size();
}

}  // namespace saetrack
