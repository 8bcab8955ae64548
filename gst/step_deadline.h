// Live pipelines: is this frame about to reach its sink late? A frame's deadline is its running
// time plus the pipeline's latency (what a synchronised sink waits for); when the time left is
// short of what a full tracking step takes, the step searches the cheap way instead
// (SingleTargetTracker::set_hurry), so a busy spell costs some precision rather than frames.
#pragma once
#include <gst/gst.h>

#include <algorithm>
#include <optional>

class StepDeadline {
 public:
  // Milliseconds from now until buf must leave the pipeline, or nullopt when that is unknown (no
  // clock, no latency event yet, untimed buffer, outside the segment).
  static std::optional<double> slack_ms(GstElement *element, const GstSegment &segment, GstBuffer *buf,
                                        GstClockTime latency);
  // Whether a frame with this slack must hurry: less than kMargin full steps left.
  bool hurry(double slack_ms) const { return estimate_ms_ > 0 && slack_ms < kMargin * estimate_ms_; }
  // A full (unhurried) step of the same targets took ms: the estimate takes a slower step at once
  // (a busy spell has begun: the next full step would be as slow) and follows faster ones slowly.
  void measured_full_step(double ms) { estimate_ms_ = std::max(ms, estimate_ms_ + kRate * (ms - estimate_ms_)); }
  // A hurried step measured nothing about full ones: the estimate is forgotten a little each time,
  // so a busy spell's estimate does not keep every later frame hurried; a full step re-measures it.
  void hurried() { estimate_ms_ *= kForget; }
  double estimate_ms() const { return estimate_ms_; }
  void reset() { estimate_ms_ = 0; }

  // Half a step to spare: a busy machine's steps come in runs longer than usual. A live source that
  // pushes each frame as late as the pipeline's latency allows (videotestsrc) leaves one frame
  // interval of slack, 33 ms at 30 fps, against a usual 12-19 ms step (docs/performance.md).
  static constexpr double kMargin = 1.5;

 private:
  static constexpr double kRate = 0.1;
  static constexpr double kForget = 0.95;  // halved in 14 hurried frames, half a second at 30 fps
  double estimate_ms_ = 0;
};
