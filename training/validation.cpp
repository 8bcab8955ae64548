#include "validation.h"

#include "run_sequence.h"

namespace saetrack::train {

std::vector<Sequence> make_validation_set(const std::vector<cv::Mat> &images, int count, int frames, uint64_t seed) {
  std::vector<Sequence> out;
  for (int i = 0; i < count; ++i) {
    scenes::Rng rng(seed * 1000003ull + uint64_t(i));
    out.push_back(scenes::generate_sequence(images, frames, 480, 360, rng));
    out.back().name = "val" + std::to_string(i);
  }
  return out;
}

EvalResult evaluate(SAENet net, const std::vector<Sequence> &seqs, const TrackerParams &params, torch::Device device) {
  bool was_training = net->is_training();
  Tracker tracker(net, params, device);
  std::vector<eval::SequenceScores> scores;
  double secs = 0;
  size_t frames = 0;
  for (auto &s : seqs) {
    auto run = eval::run_sequence(s, tracker);
    scores.push_back(eval::score_boxes(run.boxes, s));
    secs += run.update_seconds(), frames += run.boxes.size() - 1;
  }
  if (was_training) net->train();
  auto all = eval::combine_scores(scores);
  return {all.auc, all.precision20, frames / std::max(1e-9, secs)};
}

}  // namespace saetrack::train
