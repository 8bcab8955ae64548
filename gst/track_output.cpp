#include "track_output.h"

#include <algorithm>
#include <cmath>

void publish_track_result(GstBaseTransform *trans, GstVideoFrame *frame, const saetrack::TrackResult &r,
                          guint64 frame_number) {
  // The part of the box inside the frame: the tracker may place a box over the border, and the
  // meta's coordinates are unsigned.
  int fw = GST_VIDEO_FRAME_WIDTH(frame), fh = GST_VIDEO_FRAME_HEIGHT(frame);
  int x0 = std::clamp(int(std::lround(r.box.x)), 0, fw), y0 = std::clamp(int(std::lround(r.box.y)), 0, fh);
  int x1 = std::clamp(int(std::lround(r.box.x + r.box.w)), 0, fw), y1 = std::clamp(int(std::lround(r.box.y + r.box.h)), 0, fh);
  int x = x0, y = y0, w = x1 - x0, h = y1 - y0;
  auto *roi = gst_buffer_add_video_region_of_interest_meta(frame->buffer, "saetracker", guint(x), guint(y), guint(w), guint(h));
  gst_video_region_of_interest_meta_add_param(
      roi, gst_structure_new("saetracker", "score", G_TYPE_DOUBLE, r.score, "lost", G_TYPE_BOOLEAN, gboolean(r.lost), nullptr));
  GstClockTime ts = GST_BUFFER_PTS(frame->buffer);
  GstSegment *seg = &trans->segment;
  GstClockTime stream_time = gst_segment_to_stream_time(seg, GST_FORMAT_TIME, ts);
  GstClockTime running_time = gst_segment_to_running_time(seg, GST_FORMAT_TIME, ts);
  GstStructure *st = gst_structure_new("saetracker", "x", G_TYPE_INT, x, "y", G_TYPE_INT, y, "width", G_TYPE_INT, w,
                                       "height", G_TYPE_INT, h, "score", G_TYPE_DOUBLE, r.score, "lost", G_TYPE_BOOLEAN,
                                       gboolean(r.lost), "frame", G_TYPE_UINT64, frame_number, "timestamp", G_TYPE_UINT64,
                                       guint64(ts), "stream-time", G_TYPE_UINT64, guint64(stream_time),
                                       "running-time", G_TYPE_UINT64, guint64(running_time), nullptr);
  gst_element_post_message(GST_ELEMENT(trans), gst_message_new_element(GST_OBJECT(trans), st));
}
