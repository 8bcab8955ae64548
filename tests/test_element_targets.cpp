// saetracker with many targets (issue 12): ids, add/remove/clear, one meta per target, the
// per-frame message's target list, added/removed announcements, the max-targets limit, upstream
// regions as targets and as detections. Frames hold two real-photo objects side by side.
#include <gst/video/video.h>

#include <map>

#include <opencv2/imgproc.hpp>

#include "element_harness.h"

using namespace element_test;
using saetrack::iou;

namespace {

// Two generated scenes side by side (each W/2 x H): object A on the left, object B on the right.
struct TwoObjects {
  std::vector<cv::Mat> frames;
  std::vector<Box> a, b;
};

TwoObjects two_objects(int n, uint64_t seed) {
  auto left = scene(n, seed, W / 2, H), right = scene(n, seed + 1, W / 2, H);
  TwoObjects t;
  for (int i = 0; i < n; ++i) {
    cv::Mat f;
    cv::hconcat(left.images[i], right.images[i], f);
    t.frames.push_back(f);
    t.a.push_back(left.boxes[i]);
    const Box &r = right.boxes[i];
    t.b.push_back({r.x + W / 2, r.y, r.w, r.h});
  }
  return t;
}

// The element's metas on b by id.
std::map<int64_t, Box> rois_by_id(GstBuffer *b) {
  std::map<int64_t, Box> out;
  gpointer state = nullptr;
  GstMeta *meta;
  while ((meta = gst_buffer_iterate_meta_filtered(b, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    auto *m = reinterpret_cast<GstVideoRegionOfInterestMeta *>(meta);
    if (m->roi_type != g_quark_from_string("saetracker")) continue;
    EXPECT_EQ(out.count(m->id), 0u) << "two metas with id " << m->id;
    out[m->id] = Box{double(m->x), double(m->y), double(m->w), double(m->h)};
  }
  return out;
}

std::map<int64_t, Box> push_and_read(Harness &hs, const cv::Mat &frame, int i) {
  GstBuffer *out = hs.push(frame, i);
  auto r = rois_by_id(out);
  gst_buffer_unref(out);
  return r;
}

// ids announced by saetracker-target-added / -removed messages since the last call.
std::pair<std::vector<int64_t>, std::vector<int64_t>> announcements(Harness &hs) {
  std::vector<int64_t> added, removed;
  for (auto *m : hs.messages(GST_MESSAGE_ELEMENT)) {
    const GstStructure *s = gst_message_get_structure(m);
    gint64 id = -1;
    gst_structure_get_int64(s, "id", &id);
    if (gst_structure_has_name(s, "saetracker-target-added")) added.push_back(id);
    if (gst_structure_has_name(s, "saetracker-target-removed")) removed.push_back(id);
    gst_message_unref(m);
  }
  return {added, removed};
}

gint64 add_target(GstElement *t, const Box &b) {
  gint64 id = -2;
  g_signal_emit_by_name(t, "add-target", int(b.x), int(b.y), int(b.w), int(b.h), &id);
  return id;
}

}  // namespace

TEST(Targets, AddTrackRemoveAndClearWithStableIds) {
  auto two = two_objects(14, 101);
  Harness hs(with_target(two.a[0]));
  GstElement *t = hs.tracker();
  EXPECT_EQ(push_and_read(hs, two.frames[0], 0).size(), 1u);
  gint64 id_b = add_target(t, two.b[1]);
  EXPECT_EQ(id_b, 1);
  auto first = push_and_read(hs, two.frames[1], 1);
  EXPECT_EQ(first.size(), 2u);
  EXPECT_EQ(announcements(hs).first, (std::vector<int64_t>{0, 1}));
  double iou_a = 0, iou_b = 0;
  for (int i = 2; i < 10; ++i) {
    auto r = push_and_read(hs, two.frames[i], i);
    ASSERT_EQ(r.size(), 2u) << "frame " << i;
    iou_a += iou(r[0], two.a[i]) / 8;
    iou_b += iou(r[id_b], two.b[i]) / 8;
  }
  std::printf("two targets in one element: mean IoU %.3f (id 0) and %.3f (id 1)\n", iou_a, iou_b);
  EXPECT_GT(iou_a, 0.6);
  EXPECT_GT(iou_b, 0.6);
  // The per-frame message lists both; its top-level box is target 0's.
  hs.messages(GST_MESSAGE_ELEMENT);
  push_and_read(hs, two.frames[10], 10);
  auto msgs = hs.messages(GST_MESSAGE_ELEMENT);
  ASSERT_EQ(msgs.size(), 1u);
  const GstStructure *s = gst_message_get_structure(msgs[0]);
  const GValue *list = gst_structure_get_value(s, "targets");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(gst_value_array_get_size(list), 2u);
  const GstStructure *second = gst_value_get_structure(gst_value_array_get_value(list, 1));
  gint64 listed_id;
  gint x;
  ASSERT_TRUE(gst_structure_get_int64(second, "id", &listed_id));
  EXPECT_EQ(listed_id, id_b);
  ASSERT_TRUE(gst_structure_get_int(s, "x", &x));
  gst_message_unref(msgs[0]);
  // Remove target 1, then an unknown id (a warning), then clear: announcements say so.
  g_signal_emit_by_name(t, "remove-target", id_b);
  EXPECT_EQ(push_and_read(hs, two.frames[11], 11).count(id_b), 0u);
  EXPECT_EQ(announcements(hs).second, (std::vector<int64_t>{id_b}));
  g_signal_emit_by_name(t, "remove-target", gint64(99));
  push_and_read(hs, two.frames[12], 12);
  auto w = hs.messages(GST_MESSAGE_WARNING);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(text_of(w[0]).find("no target with id 99"), std::string::npos) << text_of(w[0]);
  gst_message_unref(w[0]);
  g_signal_emit_by_name(t, "clear-target");
  EXPECT_TRUE(push_and_read(hs, two.frames[13], 13).empty());
  EXPECT_EQ(announcements(hs).second, (std::vector<int64_t>{0}));
  guint n = 9;
  g_object_get(t, "n-targets", &n, nullptr);
  EXPECT_EQ(n, 0u);
  // A new add-target never reuses an id.
  EXPECT_EQ(add_target(t, two.a[0]), 2);
  gst_object_unref(t);
}

// share-features: two copies of one scene side by side (targets of one size, so they share a
// backbone pass when it is on); both settings track both objects, and the setting is applied
// (the boxes differ somewhere: shared cells see the frame where own crops see padding).
TEST(Targets, ShareFeaturesOnAndOffBothTrack) {
  auto left = scene(12, 41, W / 2, H);
  std::vector<cv::Mat> frames;
  for (auto &f : left.images) {
    cv::Mat both;
    cv::hconcat(f, f, both);
    frames.push_back(both);
  }
  auto run = [&](bool share) {
    Harness hs(with_target(left.boxes[0]) + (share ? "" : " share-features=false"));
    GstElement *t = hs.tracker();
    Box right0{left.boxes[0].x + W / 2, left.boxes[0].y, left.boxes[0].w, left.boxes[0].h};
    push_and_read(hs, frames[0], 0);
    gint64 id = add_target(t, right0);
    gst_object_unref(t);
    std::vector<std::map<int64_t, Box>> out;
    for (int i = 1; i < 12; ++i) out.push_back(push_and_read(hs, frames[i], i));
    double a = 0, b = 0;
    for (int i = 2; i < 12; ++i) {
      const auto &r = out[i - 1];
      EXPECT_EQ(r.size(), 2u) << "frame " << i;
      Box lb = left.boxes[i], rb{lb.x + W / 2, lb.y, lb.w, lb.h};
      a += iou(r.at(0), lb) / 10, b += iou(r.at(id), rb) / 10;
    }
    std::printf("share-features=%s: mean IoU %.3f and %.3f\n", share ? "true" : "false", a, b);
    EXPECT_GT(a, 0.6);
    EXPECT_GT(b, 0.6);
    return out;
  };
  auto shared = run(true), own = run(false);
  double most = 0;
  for (size_t i = 1; i < shared.size(); ++i)
    for (auto &[id, box] : shared[i]) most = std::max(most, std::abs(box.x - own[i].at(id).x) + std::abs(box.w - own[i].at(id).w));
  EXPECT_GT(most, 0.0) << "share-features made no difference";
}

TEST(Targets, BeyondMaxTargetsIsRefusedWithAWarningNamingTheLimit) {
  auto two = two_objects(2, 103);
  Harness hs(with_target(two.a[0]) + " max-targets=2");
  GstElement *t = hs.tracker();
  add_target(t, two.b[0]);
  add_target(t, {10, 10, 30, 30});
  EXPECT_EQ(push_and_read(hs, two.frames[0], 0).size(), 2u);
  auto w = hs.messages(GST_MESSAGE_WARNING);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(text_of(w[0]).find("max-targets 2"), std::string::npos) << text_of(w[0]);
  gst_message_unref(w[0]);
  EXPECT_EQ(push_and_read(hs, two.frames[1], 1).size(), 2u);
  gst_object_unref(t);
}

// roi-meta=true: each upstream region with an id not seen before starts a target with that id.
TEST(Targets, UpstreamRegionsWithNewIdsBecomeTargets) {
  auto two = two_objects(6, 107);
  Harness hs("saetracker name=t roi-meta=true");
  for (int i = 0; i < 6; ++i) {
    GstBuffer *in = to_buffer(two.frames[i], i);
    auto *ra = gst_buffer_add_video_region_of_interest_meta(in, "person", guint(two.a[i].x), guint(two.a[i].y),
                                                            guint(two.a[i].w), guint(two.a[i].h));
    ra->id = 40;
    if (i >= 2) {  // B appears on frame 2
      auto *rb = gst_buffer_add_video_region_of_interest_meta(in, "person", guint(two.b[i].x), guint(two.b[i].y),
                                                              guint(two.b[i].w), guint(two.b[i].h));
      rb->id = 41;
    }
    GstBuffer *out = hs.push_buffer(in);
    auto r = rois_by_id(out);
    gst_buffer_unref(out);
    EXPECT_EQ(r.size(), i >= 2 ? 2u : 1u) << "frame " << i;
    EXPECT_EQ(r.count(40), 1u);
    if (i >= 2) EXPECT_EQ(r.count(41), 1u);
  }
  EXPECT_EQ(announcements(hs).first, (std::vector<int64_t>{40, 41}));
}

// detections=true: regions every 4th frame (noisy ground truth, no ids) start targets and
// re-anchor them; a target no detection confirms while it is lost is removed; a flood of regions
// costs bounded work and is refused beyond max-targets.
TEST(Targets, DetectionsHandOff) {
  auto two = two_objects(20, 109);
  Harness hs("saetracker name=t roi-meta=true detections=true max-targets=4");
  cv::RNG noise(5);
  int kept = 0;
  for (int i = 0; i < 20; ++i) {
    GstBuffer *in = to_buffer(two.frames[i], i);
    if (i % 4 == 0)
      for (const Box &b : {two.a[i], two.b[i]})
        gst_buffer_add_video_region_of_interest_meta(in, "face", guint(b.x + noise.uniform(-3, 3)),
                                                     guint(b.y + noise.uniform(-3, 3)), guint(b.w), guint(b.h));
    GstBuffer *out = hs.push_buffer(in);
    auto r = rois_by_id(out);
    gst_buffer_unref(out);
    EXPECT_EQ(r.size(), 2u) << "frame " << i;  // matched, not duplicated
    for (auto &[id, box] : r) kept += iou(box, two.a[i]) > 0.5 || iou(box, two.b[i]) > 0.5;
  }
  EXPECT_EQ(announcements(hs).first, (std::vector<int64_t>{1, 2}));
  EXPECT_GT(kept, 36);  // of 40 boxes
  GstBuffer *flood = to_buffer(two.frames[0], 20);
  for (int k = 0; k < 500; ++k) gst_buffer_add_video_region_of_interest_meta(flood, "face", guint(k % 400), 5, 20, 20);
  GstBuffer *out = hs.push_buffer(flood);
  EXPECT_LE(rois_by_id(out).size(), 4u);
  gst_buffer_unref(out);
  auto w = hs.messages(GST_MESSAGE_WARNING);
  ASSERT_FALSE(w.empty());
  EXPECT_NE(text_of(w[0]).find("not tracked"), std::string::npos) << text_of(w[0]);
  for (auto *m : w) gst_message_unref(m);
}
