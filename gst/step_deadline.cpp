#include "step_deadline.h"

std::optional<double> StepDeadline::slack_ms(GstElement *element, const GstSegment &segment, GstBuffer *buf,
                                             GstClockTime latency) {
  if (!GST_CLOCK_TIME_IS_VALID(latency) || !GST_BUFFER_PTS_IS_VALID(buf) || segment.format != GST_FORMAT_TIME)
    return std::nullopt;
  const GstClockTime running = gst_segment_to_running_time(&segment, GST_FORMAT_TIME, GST_BUFFER_PTS(buf));
  if (!GST_CLOCK_TIME_IS_VALID(running)) return std::nullopt;
  GstClock *clock = gst_element_get_clock(element);
  if (!clock) return std::nullopt;
  const GstClockTime now = gst_clock_get_time(clock);
  gst_object_unref(clock);
  const GstClockTime deadline = gst_element_get_base_time(element) + running + latency;
  return double(GstClockTimeDiff(deadline) - GstClockTimeDiff(now)) / 1e6;
}
