#include "track_output.h"

#include <algorithm>
#include <cmath>

namespace {

struct PixelBox {
  int x, y, w, h;
};

// The part of the box inside the frame: the tracker may place a box over the border, and the
// meta's coordinates are unsigned.
PixelBox in_frame(const saetrack::Box &b, int fw, int fh) {
  int x0 = std::clamp(int(std::lround(b.x)), 0, fw), y0 = std::clamp(int(std::lround(b.y)), 0, fh);
  int x1 = std::clamp(int(std::lround(b.x + b.w)), 0, fw), y1 = std::clamp(int(std::lround(b.y + b.h)), 0, fh);
  return {x0, y0, x1 - x0, y1 - y0};
}

GstStructure *target_structure(const char *name, const saetrack::Target &t, const PixelBox &p) {
  return gst_structure_new(name, "id", G_TYPE_INT64, gint64(t.id), "x", G_TYPE_INT, p.x, "y", G_TYPE_INT, p.y, "width",
                           G_TYPE_INT, p.w, "height", G_TYPE_INT, p.h, "score", G_TYPE_DOUBLE, t.result.score, "lost",
                           G_TYPE_BOOLEAN, gboolean(t.result.lost), "age", G_TYPE_UINT64, guint64(t.age), nullptr);
}

}  // namespace

void publish_targets(GstBaseTransform *trans, GstVideoFrame *frame, const std::vector<saetrack::Target> &targets,
                     guint64 frame_number) {
  if (targets.empty()) return;
  int fw = GST_VIDEO_FRAME_WIDTH(frame), fh = GST_VIDEO_FRAME_HEIGHT(frame);
  GValue list = G_VALUE_INIT;
  gst_value_array_init(&list, guint(targets.size()));
  for (const auto &t : targets) {
    PixelBox p = in_frame(t.result.box, fw, fh);
    auto *roi = gst_buffer_add_video_region_of_interest_meta(frame->buffer, "saetracker", guint(p.x), guint(p.y),
                                                             guint(p.w), guint(p.h));
    roi->id = gint(t.id);
    gst_video_region_of_interest_meta_add_param(
        roi, gst_structure_new("saetracker", "score", G_TYPE_DOUBLE, t.result.score, "lost", G_TYPE_BOOLEAN,
                               gboolean(t.result.lost), "age", G_TYPE_UINT64, guint64(t.age), nullptr));
    GValue v = G_VALUE_INIT;
    g_value_init(&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed(&v, target_structure("saetracker-target", t, p));
    gst_value_array_append_and_take_value(&list, &v);
  }
  const saetrack::Target &first = targets.front();
  PixelBox p = in_frame(first.result.box, fw, fh);
  GstClockTime ts = GST_BUFFER_PTS(frame->buffer);
  GstSegment *seg = &trans->segment;
  GstClockTime stream_time = gst_segment_to_stream_time(seg, GST_FORMAT_TIME, ts);
  GstClockTime running_time = gst_segment_to_running_time(seg, GST_FORMAT_TIME, ts);
  GstStructure *st = gst_structure_new(
      "saetracker", "id", G_TYPE_INT64, gint64(first.id), "x", G_TYPE_INT, p.x, "y", G_TYPE_INT, p.y, "width",
      G_TYPE_INT, p.w, "height", G_TYPE_INT, p.h, "score", G_TYPE_DOUBLE, first.result.score, "lost", G_TYPE_BOOLEAN,
      gboolean(first.result.lost), "frame", G_TYPE_UINT64, frame_number, "timestamp", G_TYPE_UINT64, guint64(ts),
      "stream-time", G_TYPE_UINT64, guint64(stream_time), "running-time", G_TYPE_UINT64, guint64(running_time), nullptr);
  gst_structure_take_value(st, "targets", &list);
  gst_element_post_message(GST_ELEMENT(trans), gst_message_new_element(GST_OBJECT(trans), st));
}

void announce_target_added(GstBaseTransform *trans, const saetrack::Target &t, const char *source) {
  const auto &b = t.result.box;
  GstStructure *st = gst_structure_new("saetracker-target-added", "id", G_TYPE_INT64, gint64(t.id), "x", G_TYPE_INT,
                                       int(std::lround(b.x)), "y", G_TYPE_INT, int(std::lround(b.y)), "width", G_TYPE_INT,
                                       int(std::lround(b.w)), "height", G_TYPE_INT, int(std::lround(b.h)), "source",
                                       G_TYPE_STRING, source, nullptr);
  gst_element_post_message(GST_ELEMENT(trans), gst_message_new_element(GST_OBJECT(trans), st));
}

void announce_target_removed(GstBaseTransform *trans, int64_t id, const char *reason) {
  GstStructure *st = gst_structure_new("saetracker-target-removed", "id", G_TYPE_INT64, gint64(id), "reason",
                                       G_TYPE_STRING, reason, nullptr);
  gst_element_post_message(GST_ELEMENT(trans), gst_message_new_element(GST_OBJECT(trans), st));
}
