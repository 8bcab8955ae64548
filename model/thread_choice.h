// How many threads the network runs on, chosen from the measured cost of the frames themselves.
// On cores given to the pipeline two threads are faster (docs/performance.md: 15 against 26 ms a
// frame); with a core busy elsewhere OpenMP's per-operator barriers wait for the descheduled thread
// and one is faster (34 against 55 ms). Neither fixed count is right on every machine, so the
// candidates take turns for a few frames, the fastest is kept, and the choice is made again every
// `recheck_frames` frames or as soon as the frames get much slower than the choice promised.
#pragma once
#include <string>
#include <vector>

namespace saetrack {

class ThreadChoice {
 public:
  // candidates: thread counts, ascending (e.g. {1, 2}); trial_rounds: frames each candidate is
  // measured for (after one unmeasured round that lets a switched count settle).
  explicit ThreadChoice(std::vector<int> candidates, int trial_rounds = 4, int recheck_frames = 300);

  // The thread count for the coming frame.
  int threads() const;
  // The thread counts it chooses among.
  const std::vector<int> &candidates() const { return candidates_; }
  // That frame's cost; call it only for frames comparable with the ones before (same work).
  void measured(double ms);
  // The work per frame changed (targets added or removed): choose again.
  void restart();
  // A live pipeline needs steps that keep up, not the fastest: the fewest threads whose frames
  // take at most ms are chosen even where more threads are faster (more threads stall at OpenMP's
  // barriers whenever another process takes a core, docs/performance.md), and are not rechecked
  // while their frames stay within ms. 0 (default): off.
  void set_enough_ms(double ms) { enough_ms_ = ms; }

  bool settled() const { return chosen_ >= 0; }
  // The last choice, for logs: "2 threads (14.1 ms; 1: 25.9 ms)"; empty before the first.
  const std::string &summary() const { return summary_; }

  // A fewer-threads candidate is kept unless a larger count is faster by more than this share:
  // the second core is worth more to the rest of the pipeline than a few per cent here.
  static constexpr double kPreferFewer = 0.10;
  // Settled frames on more than the fewest threads this much slower than the choice's trial median
  // (median of the last few) mean load arrived: try again at once.
  static constexpr double kSlowerBy = 1.5;

 private:
  void choose();

  std::vector<int> candidates_;
  int trial_rounds_, recheck_frames_;
  int chosen_ = -1;       // index into candidates_; -1 while trying
  long trial_frame_ = 0;  // frames into the current trial
  std::vector<std::vector<double>> trial_ms_;
  double chosen_ms_ = 0;  // the chosen candidate's trial median
  double enough_ms_ = 0;  // set_enough_ms
  long settled_frames_ = 0;
  std::vector<double> recent_ms_;  // the last settled frames' costs
  std::string summary_;
};

}  // namespace saetrack
