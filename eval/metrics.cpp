#include "metrics.h"

#include <cmath>
#include <stdexcept>


namespace saetrack::eval {

SequenceScores score_sequence(const std::vector<Box> &pred, const std::vector<Box> &gt, const std::vector<bool> &visible) {
  if (pred.size() != gt.size()) throw std::invalid_argument("result has " + std::to_string(pred.size()) +
                                                            " boxes but ground truth has " + std::to_string(gt.size()));
  SequenceScores s;
  s.success.assign(21, 0.0), s.precision.assign(51, 0.0), s.norm_precision.assign(51, 0.0);
  for (size_t i = 0; i < pred.size(); ++i) {
    if (!visible.empty() && !visible[i]) continue;
    if (gt[i].empty()) continue;
    double o = iou(pred[i], gt[i]);
    double dx = pred[i].cx() - gt[i].cx(), dy = pred[i].cy() - gt[i].cy();
    double err = std::hypot(dx, dy), nerr = std::hypot(dx / gt[i].w, dy / gt[i].h);
    for (int t = 0; t < 21; ++t) s.success[t] += o > t * 0.05;
    for (int t = 0; t < 51; ++t) s.precision[t] += err <= t;
    for (int t = 0; t < 51; ++t) s.norm_precision[t] += nerr <= t * 0.01;
    s.ao += o, s.sr50 += o > 0.5, s.sr75 += o > 0.75;
    ++s.frames;
  }
  if (s.frames == 0) return s;
  double n = double(s.frames);
  for (auto *v : {&s.success, &s.precision, &s.norm_precision})
    for (auto &x : *v) x /= n;
  s.ao /= n, s.sr50 /= n, s.sr75 /= n;
  for (double v : s.success) s.auc += v / 21;
  s.precision20 = s.precision[20], s.norm_precision20 = s.norm_precision[20];
  return s;
}

SequenceScores combine_scores(const std::vector<SequenceScores> &seqs) {
  SequenceScores c;
  c.success.assign(21, 0.0), c.precision.assign(51, 0.0), c.norm_precision.assign(51, 0.0);
  size_t scored = 0;
  for (auto &s : seqs) {
    if (s.frames == 0) continue;
    for (int t = 0; t < 21; ++t) c.success[t] += s.success[t] * s.frames;
    for (int t = 0; t < 51; ++t) c.precision[t] += s.precision[t] * s.frames;
    for (int t = 0; t < 51; ++t) c.norm_precision[t] += s.norm_precision[t] * s.frames;
    c.ao += s.ao, c.sr50 += s.sr50, c.sr75 += s.sr75;
    c.frames += s.frames, ++scored;
  }
  if (c.frames == 0) return c;
  for (auto *v : {&c.success, &c.precision, &c.norm_precision})
    for (auto &x : *v) x /= double(c.frames);
  c.ao /= scored, c.sr50 /= scored, c.sr75 /= scored;
  for (double v : c.success) c.auc += v / 21;
  c.precision20 = c.precision[20], c.norm_precision20 = c.norm_precision[20];
  return c;
}

}  // namespace saetrack::eval
