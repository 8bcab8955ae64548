// Which response peak is the target when look-alikes are near: the response's strongest peaks
// followed from frame to frame by their motion, as KeepTrack (Mayer et al., ICCV 2021) associates
// target candidates, here without a learned association. A look-alike that passes the target keeps
// its own track, so when it outscores the target (the target half hidden, or turned) the box stays
// with the peak that continues the target's track; when the two peaks merge and part again, each
// track takes the peak its own motion predicts. Host-side geometry only (a few peaks per frame).
#pragma once
#include <vector>

namespace saetrack {

struct Candidate {
  double x = 0, y = 0;  // frame pixels
  double value = 0;     // the peak's response (any positive scale, comparable within a frame)
};

class CandidateTracks {
 public:
  // keep_ratio: the target's own peak is kept while it reaches this fraction of the strongest peak.
  explicit CandidateTracks(double keep_ratio = 0.5) : keep_ratio_(keep_ratio) {}
  void set_keep_ratio(double r) { keep_ratio_ = r; }
  // The target is here and nothing else is known (a new target or a moved box).
  void reset(double x, double y);
  // This frame's peaks (strongest first); size: the target's box side in frame pixels (the gate).
  // Returns the index of the target's peak, or -1 when the target's track found no peak and the
  // strongest belongs to a look-alike's track: the target is hidden (the caller holds the box where
  // the target's motion predicts it; target_x/target_y then give that place).
  int choose(const std::vector<Candidate> &peaks, double size);
  double target_x() const;
  double target_y() const;
  bool empty() const { return tracks_.empty(); }

 private:
  struct Track {
    double x, y, vx = 0, vy = 0;
    bool target = false;
    int missed = 0;  // frames without a peak (it coasts on its motion meanwhile)
  };
  std::vector<Track> tracks_;
  double keep_ratio_;
  int hidden_ = 0;  // frames in a row the target has been held as hidden
};

}  // namespace saetrack
