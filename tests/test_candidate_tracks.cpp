// Candidate association (model/candidate_tracks.h): which peak is the target when a look-alike
// passes it. Peaks as a response would give them: the two objects' positions, strongest first.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "candidate_tracks.h"

using namespace saetrack;

namespace {
// The target walks right at 3 px a frame; a look-alike comes the other way and passes it at frame
// 20. The look-alike's peak is the stronger one (value 1 against 0.7), and from frame 14 to 26 the
// two are closer than the response separates peaks, so there is one peak: the look-alike's.
struct Walk {
  double tx(int f) const { return 100 + 3.0 * f; }
  double dx(int f) const { return 220 - 3.0 * f; }
  std::vector<Candidate> peaks(int f) const {
    if (std::abs(tx(f) - dx(f)) < 40) return {{dx(f), 100, 1.0}};
    return {{dx(f), 100, 1.0}, {tx(f), 100, 0.7}};
  }
};

// Runs the walk; returns the target's x per frame as chosen (the peak, or the held place).
std::vector<double> follow(CandidateTracks &tracks, const Walk &walk, int frames) {
  tracks.reset(walk.tx(0), 100);
  std::vector<double> xs;
  for (int f = 1; f < frames; ++f) {
    auto peaks = walk.peaks(f);
    const int k = tracks.choose(peaks, 60);
    xs.push_back(k >= 0 ? peaks[size_t(k)].x : tracks.target_x());
  }
  return xs;
}
}  // namespace

TEST(CandidateTracks, KeepsTheTargetWhenAStrongerLookAlikeCrossesIt) {
  CandidateTracks tracks(0.5);
  const Walk walk;
  const auto xs = follow(tracks, walk, 40);
  double worst = 0;
  for (int f = 1; f < 40; ++f) worst = std::max(worst, std::abs(xs[size_t(f - 1)] - walk.tx(f)));
  // While merged the box is either on the shared peak or held on the target's motion: within 40 px.
  EXPECT_LT(worst, 40.0);
  // Past the crossing the box is on the target's own peak again, not the look-alike's.
  for (int f = 30; f < 40; ++f) EXPECT_NEAR(xs[size_t(f - 1)], walk.tx(f), 1e-9) << "frame " << f;
}

TEST(CandidateTracks, TheStrongestPeakWinsWhenTheTargetsOwnIsTooWeak) {
  // keep ratio 0.8: the target's peak (0.7 of the look-alike's) is not kept; the box goes to the
  // strongest peak at once, as the plain tracker does.
  CandidateTracks tracks(0.8);
  const Walk walk;
  tracks.reset(walk.tx(0), 100);
  auto peaks = walk.peaks(1);
  EXPECT_EQ(tracks.choose(peaks, 60), 0);
}

TEST(CandidateTracks, HidesNoLongerThanTwentyFrames) {
  // The target's peak vanishes for good beside a look-alike: held at most 20 frames, then the
  // strongest peak is taken (a target that does not come back is not waited for).
  CandidateTracks tracks(0.5);
  tracks.reset(100, 100);
  ASSERT_EQ(tracks.choose({{200, 100, 1.0}, {100, 100, 0.8}}, 60), 1);
  int held = 0;
  for (int f = 0; f < 30; ++f)
    if (tracks.choose({{200, 100, 1.0}}, 60) < 0) ++held;
  EXPECT_EQ(held, 20);
}
