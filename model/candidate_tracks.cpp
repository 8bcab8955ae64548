#include "candidate_tracks.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace saetrack {

namespace {
constexpr double kMinShare = 0.3;  // weaker peaks than this share of the strongest are not candidates
constexpr double kGate = 0.5;      // a peak continues a track within this share of the box side of its prediction
constexpr int kMaxMissed = 8;      // a look-alike's track is dropped after this many frames without a peak
constexpr int kMaxHidden = 20;     // the target is held as hidden this long at most (2/3 s at 30 fps), then the strongest peak wins
}  // namespace

void CandidateTracks::reset(double x, double y) {
  tracks_.assign(1, Track{x, y});
  tracks_[0].target = true;
  hidden_ = 0;
}

double CandidateTracks::target_x() const {
  for (auto &t : tracks_)
    if (t.target) return t.x;
  return 0;
}

double CandidateTracks::target_y() const {
  for (auto &t : tracks_)
    if (t.target) return t.y;
  return 0;
}

int CandidateTracks::choose(const std::vector<Candidate> &all, double size) {
  if (all.empty()) return -1;
  if (tracks_.empty()) reset(all[0].x, all[0].y);
  std::vector<Candidate> peaks;
  for (auto &p : all)
    if (p.value >= kMinShare * all[0].value) peaks.push_back(p);
    else break;
  // Greedy association, nearest pairs first, each track and peak used once.
  std::vector<std::tuple<double, size_t, size_t>> pairs;
  for (size_t i = 0; i < tracks_.size(); ++i)
    for (size_t j = 0; j < peaks.size(); ++j) {
      const double d = std::hypot(peaks[j].x - (tracks_[i].x + tracks_[i].vx), peaks[j].y - (tracks_[i].y + tracks_[i].vy));
      if (d <= kGate * size) pairs.emplace_back(d, i, j);
    }
  std::sort(pairs.begin(), pairs.end());
  std::vector<int> peak_of(tracks_.size(), -1), track_of(peaks.size(), -1);
  for (auto &[d, i, j] : pairs)
    if (peak_of[i] < 0 && track_of[j] < 0) peak_of[i] = int(j), track_of[j] = int(i);
  size_t target = 0;
  while (!tracks_[target].target) ++target;
  const int own = peak_of[target];
  // The target's own peak while it is strong enough; hidden while a look-alike's track holds the
  // strongest peak and the target's found none; else the strongest peak.
  int chosen = 0;
  if (own >= 0 && peaks[size_t(own)].value >= keep_ratio_ * peaks[0].value)
    chosen = own;
  else if (own < 0 && track_of[0] >= 0 && hidden_ < kMaxHidden)
    chosen = -1;
  // Move the tracks: matched ones to their peaks (velocity from the displacement), the others coast.
  for (size_t i = 0; i < tracks_.size(); ++i) {
    Track &t = tracks_[i];
    if (peak_of[i] >= 0) {
      const Candidate &p = peaks[size_t(peak_of[i])];
      const double steps = t.missed + 1;
      t.vx = 0.5 * t.vx + 0.5 * (p.x - t.x) / steps, t.vy = 0.5 * t.vy + 0.5 * (p.y - t.y) / steps;
      t.x = p.x, t.y = p.y, t.missed = 0;
    } else {
      t.x += t.vx, t.y += t.vy, t.missed++;
    }
  }
  for (size_t j = 0; j < peaks.size(); ++j)
    if (track_of[j] < 0) track_of[j] = int(tracks_.size()), tracks_.push_back(Track{peaks[j].x, peaks[j].y});
  if (chosen >= 0) {
    for (auto &t : tracks_) t.target = false;
    tracks_[size_t(track_of[size_t(chosen)])].target = true;
    hidden_ = 0;
  } else {
    hidden_++;
  }
  std::vector<Track> kept;
  for (auto &t : tracks_)
    if (t.target || t.missed <= kMaxMissed) kept.push_back(t);
  tracks_ = std::move(kept);
  return chosen;  // peaks is a prefix of all (strongest first)
}

}  // namespace saetrack
