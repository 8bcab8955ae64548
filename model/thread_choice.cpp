#include "thread_choice.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "median.h"

namespace saetrack {

ThreadChoice::ThreadChoice(std::vector<int> candidates, int trial_rounds, int recheck_frames)
    : candidates_(std::move(candidates)), trial_rounds_(std::max(1, trial_rounds)), recheck_frames_(recheck_frames) {
  if (candidates_.empty()) throw std::invalid_argument("ThreadChoice needs at least one thread count");
  if (candidates_.size() == 1) chosen_ = 0;
  restart();
}

int ThreadChoice::threads() const {
  if (settled()) return candidates_[size_t(chosen_)];
  // Turns taken frame by frame, so a change of load mid-trial falls on every candidate alike.
  return candidates_[size_t(trial_frame_) % candidates_.size()];
}

void ThreadChoice::restart() {
  if (candidates_.size() == 1) return;
  chosen_ = -1;
  trial_frame_ = 0;
  trial_ms_.assign(candidates_.size(), {});
}

void ThreadChoice::measured(double ms) {
  if (!settled()) {
    const size_t n = candidates_.size();
    if (size_t(trial_frame_) >= n) trial_ms_[size_t(trial_frame_) % n].push_back(ms);  // round 0 unmeasured
    if (++trial_frame_ >= long(n) * (trial_rounds_ + 1)) choose();
    return;
  }
  if (candidates_.size() == 1) return;
  recent_ms_.push_back(ms);
  if (recent_ms_.size() > size_t(trial_rounds_)) recent_ms_.erase(recent_ms_.begin());
  const bool full = recent_ms_.size() == size_t(trial_rounds_);
  const double recent = full ? median(recent_ms_) : 0;
  // Only more threads than the fewest suffer from load arriving (their barriers wait for descheduled
  // threads); slow frames on the fewest are the load itself, which more threads would not beat.
  const bool slower = chosen_ > 0 && full && recent > chosen_ms_ * kSlowerBy;
  // With set_enough_ms, the fewest threads keeping up need no recheck: its trial frames on more
  // threads would only risk a stall (a recheck falling into a busy spell dropped 16 live frames).
  const bool keeps_up = enough_ms_ > 0 && chosen_ == 0 && full && recent <= enough_ms_;
  if ((++settled_frames_ >= recheck_frames_ && !keeps_up) || slower) restart();
}

void ThreadChoice::choose() {
  std::vector<double> ms;
  for (const auto &m : trial_ms_) ms.push_back(median(m));
  const double fastest = *std::min_element(ms.begin(), ms.end());
  // The fewest threads fast enough (set_enough_ms), else the fewest within kPreferFewer of the fastest.
  size_t pick = 0;
  while (ms[pick] > std::max(fastest * (1 + kPreferFewer), enough_ms_)) ++pick;
  chosen_ = int(pick), chosen_ms_ = ms[pick];
  settled_frames_ = 0;
  recent_ms_.clear();
  char buf[160];
  int len = std::snprintf(buf, sizeof buf, "%d threads (%.1f ms", candidates_[pick], ms[pick]);
  for (size_t i = 0; i < ms.size(); ++i)
    if (i != pick && len < int(sizeof buf))
      len += std::snprintf(buf + len, sizeof buf - size_t(len), "; %d: %.1f ms", candidates_[i], ms[i]);
  summary_ = std::string(buf) + ")";
}

}  // namespace saetrack
