#include "validation.h"

#include <chrono>

#include "metrics.h"

namespace saetrack::train {

std::vector<Sequence> make_validation_set(const std::vector<cv::Mat> &images, int count, int frames, uint64_t seed) {
  std::vector<Sequence> out;
  for (int i = 0; i < count; ++i) {
    Rng rng(seed * 1000003ull + uint64_t(i));
    out.push_back(generate_sequence(images, frames, 480, 360, rng));
    out.back().name = "val" + std::to_string(i);
  }
  return out;
}

EvalResult evaluate(SAENet net, const std::vector<Sequence> &seqs, const TrackerParams &params, torch::Device device) {
  bool was_training = net->is_training();
  Tracker tracker(net, params, device);
  std::vector<Box> pred, gt;
  double secs = 0;
  size_t frames = 0;
  for (auto &s : seqs) {
    tracker.init(s.frames[0], s.boxes[0]);
    auto t0 = std::chrono::steady_clock::now();
    for (size_t f = 1; f < s.frames.size(); ++f) {
      pred.push_back(tracker.update(s.frames[f]).box);
      gt.push_back(s.boxes[f]);
    }
    secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    frames += s.frames.size() - 1;
  }
  if (was_training) net->train();
  return {success_auc(pred, gt), precision_at(pred, gt), frames / std::max(1e-9, secs)};
}

}  // namespace saetrack::train
