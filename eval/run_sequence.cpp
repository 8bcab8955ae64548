#include "run_sequence.h"

#include <chrono>
#include <stdexcept>

#include "frame_reader.h"

namespace saetrack::eval {

double SequenceRun::update_seconds() const {
  double s = 0;
  for (size_t i = 1; i < seconds.size(); ++i) s += seconds[i];
  return s;
}

SequenceRun run_sequence(const Sequence &seq, SingleTargetTracker &t, size_t max_frames,
                         const std::function<void(size_t)> &on_frame) {
  if (seq.boxes.empty()) throw std::runtime_error("sequence '" + seq.name + "' has no initial box");
  using clk = std::chrono::steady_clock;
  FrameReader reader(seq);
  SequenceRun run;
  cv::Mat frame;
  while ((max_frames == 0 || run.boxes.size() < max_frames) && reader.next(frame)) {
    auto t0 = clk::now();
    if (run.boxes.empty()) {
      t.init(frame, seq.boxes[0]);
      run.boxes.push_back(seq.boxes[0]);
      run.scores.push_back(1);
    } else {
      auto r = t.update(frame);
      run.boxes.push_back(r.box);
      run.scores.push_back(r.score);
    }
    run.seconds.push_back(std::chrono::duration<double>(clk::now() - t0).count());
    if (on_frame) on_frame(run.boxes.size());
  }
  return run;
}

SequenceScores score_boxes(const std::vector<Box> &boxes, const Sequence &seq) {
  if (boxes.size() > seq.boxes.size())
    throw std::invalid_argument("'" + seq.name + "': " + std::to_string(boxes.size()) + " boxes but ground truth has " +
                                std::to_string(seq.boxes.size()));
  std::vector<Box> gt(seq.boxes.begin(), seq.boxes.begin() + long(boxes.size()));
  std::vector<bool> vis = seq.visible;
  vis.resize(boxes.size(), true);
  if (!vis.empty()) vis[0] = false;  // the initialisation frame is not scored
  return score_sequence(boxes, gt, vis);
}

}  // namespace saetrack::eval
