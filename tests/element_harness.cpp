#include "element_harness.h"

#include <malloc.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "process_memory.h"
#include "synthetic_scene.h"
#include "test_photos.h"

namespace element_test {

Sequence scene(int n, uint64_t seed, int w, int h) {
  saetrack::scenes::Rng rng(seed);
  return saetrack::scenes::generate_sequence(test_photos(), n, w, h, rng, {0, false});
}

GstBuffer *to_buffer_as(const cv::Mat &bgr, GstVideoFormat format, int index, int row_padding) {
  GstVideoInfo src, dst;
  gst_video_info_set_format(&src, GST_VIDEO_FORMAT_BGR, bgr.cols, bgr.rows);
  gst_video_info_set_format(&dst, format, bgr.cols, bgr.rows);
  if (row_padding > 0) {
    GstVideoAlignment align;
    gst_video_alignment_reset(&align);
    align.padding_right = guint(row_padding);  // pixels of the widest plane: every stride grows
    gst_video_info_align(&dst, &align);
  }
  // The BGR picture in GStreamer's layout (rows aligned to 4 bytes), then converted.
  GstBuffer *in = gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&src), nullptr);
  GstBuffer *out = gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&dst), nullptr);
  GstVideoFrame fin, fout;
  gst_video_frame_map(&fin, &src, in, GST_MAP_WRITE);
  for (int y = 0; y < bgr.rows; ++y)
    memcpy(static_cast<guint8 *>(GST_VIDEO_FRAME_PLANE_DATA(&fin, 0)) + y * GST_VIDEO_FRAME_PLANE_STRIDE(&fin, 0),
           bgr.ptr(y), size_t(bgr.cols) * 3);
  gst_video_frame_map(&fout, &dst, out, GST_MAP_WRITE);
  GstVideoConverter *conv = gst_video_converter_new(&src, &dst, nullptr);
  gst_video_converter_frame(conv, &fin, &fout);
  gst_video_converter_free(conv);
  gst_video_frame_unmap(&fin);
  gst_video_frame_unmap(&fout);
  gst_buffer_unref(in);
  if (row_padding > 0)
    gst_buffer_add_video_meta_full(out, GST_VIDEO_FRAME_FLAG_NONE, format, guint(bgr.cols), guint(bgr.rows),
                                   GST_VIDEO_INFO_N_PLANES(&dst), dst.offset, dst.stride);
  GST_BUFFER_PTS(out) = GST_BUFFER_DTS(out) = index * GST_SECOND / 30;
  GST_BUFFER_DURATION(out) = GST_SECOND / 30;
  return out;
}

GstBuffer *to_buffer(const cv::Mat &bgr, int index) { return to_buffer_as(bgr, GST_VIDEO_FORMAT_BGR, index); }

std::string video_caps(int w, int h, const char *format) {
  return std::string("video/x-raw,format=") + format + ",width=" + std::to_string(w) + ",height=" + std::to_string(h) +
         ",framerate=30/1";
}

Harness::Harness(const std::string &launch, int w, int h_, const char *format) {
  h = gst_harness_new_parse(launch.c_str());
  // GstHarness answers latency queries as a live source and runs on a test clock standing at 0,
  // so whether a frame counts as late (hurry, step_deadline.h) would depend on how fast this
  // machine steps, and boxes compared between runs could differ. Tests of hurry run a pipeline
  // on a test clock of their own (Element.LateFramesOfALiveSourceAreTrackedInAHurry).
  GValue item = G_VALUE_INIT;
  GstIterator *it = gst_bin_iterate_all_by_element_factory_name(GST_BIN(h->element), "saetracker");
  while (gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
    g_object_set(g_value_get_object(&item), "hurry", FALSE, nullptr);
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(it);
  bus = gst_bus_new();
  gst_element_set_bus(h->element, bus);
  gst_harness_set_src_caps_str(h, video_caps(w, h_, format).c_str());
}

Harness::~Harness() {
  gst_harness_teardown(h);
  gst_object_unref(bus);
}

GstElement *Harness::tracker() { return gst_bin_get_by_name(GST_BIN(h->element), "t"); }

GstBuffer *Harness::push_buffer(GstBuffer *in) {
  EXPECT_EQ(gst_harness_push(h, in), GST_FLOW_OK);
  GstBuffer *out = gst_harness_pull(h);
  // The element keeps no reference to a frame it has passed on.
  if (out) EXPECT_EQ(GST_MINI_OBJECT_REFCOUNT_VALUE(out), 1);
  return out;
}

GstBuffer *Harness::push(const cv::Mat &frame, int i) { return push_buffer(to_buffer(frame, i)); }

void Harness::flush() {
  gst_harness_push_event(h, gst_event_new_flush_start());
  gst_harness_push_event(h, gst_event_new_flush_stop(TRUE));
  GstSegment seg;
  gst_segment_init(&seg, GST_FORMAT_TIME);
  gst_harness_push_event(h, gst_event_new_segment(&seg));
}

std::vector<GstMessage *> Harness::messages(GstMessageType type) {
  std::vector<GstMessage *> v;
  while (GstMessage *m = gst_bus_pop_filtered(bus, type)) v.push_back(m);
  return v;
}

std::vector<GstMessage *> Harness::frame_messages() {
  std::vector<GstMessage *> v;
  for (GstMessage *m : messages(GST_MESSAGE_ELEMENT)) {
    if (gst_structure_has_name(gst_message_get_structure(m), "saetracker")) v.push_back(m);
    else gst_message_unref(m);
  }
  return v;
}

std::optional<Box> roi_of(GstBuffer *b, double *score, gboolean *lost) {
  gpointer state = nullptr;
  GstMeta *meta;
  while ((meta = gst_buffer_iterate_meta_filtered(b, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    auto *m = reinterpret_cast<GstVideoRegionOfInterestMeta *>(meta);
    if (m->roi_type != g_quark_from_string("saetracker")) continue;
    GstStructure *p = gst_video_region_of_interest_meta_get_param(m, "saetracker");
    EXPECT_NE(p, nullptr);
    if (p && score) gst_structure_get_double(p, "score", score);
    if (p && lost) gst_structure_get_boolean(p, "lost", lost);
    return Box{double(m->x), double(m->y), double(m->w), double(m->h)};
  }
  return std::nullopt;
}

std::string text_of(GstMessage *m) {
  GError *err = nullptr;
  gchar *dbg = nullptr;
  if (GST_MESSAGE_TYPE(m) == GST_MESSAGE_ERROR) gst_message_parse_error(m, &err, &dbg);
  else gst_message_parse_warning(m, &err, &dbg);
  std::string s = std::string(err ? err->message : "") + " | " + (dbg ? dbg : "");
  if (err) g_error_free(err);
  g_free(dbg);
  return s;
}

std::string with_target(const Box &b) {
  return "saetracker name=t object-initial-x=" + std::to_string(int(b.x)) + " object-initial-y=" + std::to_string(int(b.y)) +
         " object-initial-width=" + std::to_string(int(b.w)) + " object-initial-height=" + std::to_string(int(b.h));
}

double track_through(Harness &hs, const Sequence &seq) {
  double mean_iou = 0;
  for (size_t i = 0; i < seq.images.size(); ++i) {
    GstBuffer *out = hs.push(seq.images[i], int(i));
    auto box = roi_of(out);
    gst_buffer_unref(out);
    if (!box) {
      ADD_FAILURE() << "no meta on frame " << i;
      return 0;
    }
    if (i > 0) mean_iou += saetrack::iou(*box, seq.boxes[i]) / (seq.images.size() - 1);
  }
  return mean_iou;
}

long resident_kb() {
  malloc_trim(0);  // free heap returned to the system first: what stays is memory in use
  return long(saetrack::resident_mb() * 1024);
}

long heap_in_use_kb() { return long(saetrack::heap_in_use_mb() * 1024); }

}  // namespace element_test

// As gst-check does for its suites: an unexpected g_critical or g_warning (a misused GStreamer or
// GLib API, from any thread) fails the running test.
static void fail_on_critical(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer) {
  ADD_FAILURE() << "unexpected " << ((level & G_LOG_LEVEL_CRITICAL) ? "critical" : "warning") << " ("
                << (domain ? domain : "default domain") << "): " << message;
}

// A per-test timeout, as gst-check's CK_DEFAULT_TIMEOUT: a hung test names itself and aborts
// instead of eating the whole suite's meson timeout. SAETRACK_TEST_TIMEOUT (seconds) overrides.
static const char *running_test = "";
static void on_timeout(int) {
  static const char msg[] = "\ntest timed out: ";
  (void)!write(2, msg, sizeof msg - 1);
  (void)!write(2, running_test, strlen(running_test));
  (void)!write(2, "\n", 1);
  abort();
}

class PerTestTimeout : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo &info) override {
    static std::string name;
    name = std::string(info.test_suite_name()) + "." + info.name();
    running_test = name.c_str();
    const char *env = getenv("SAETRACK_TEST_TIMEOUT");
    alarm(env ? unsigned(atoi(env)) : 300u);
  }
  void OnTestEnd(const ::testing::TestInfo &) override { alarm(0); }
};

int main(int argc, char **argv) {
  gst_init(&argc, &argv);
  signal(SIGALRM, on_timeout);
  for (const char *domain : {"GStreamer", "GStreamer-Video", "GStreamer-Base", "GStreamer-Check", "GLib",
                             "GLib-GObject", static_cast<const char *>(nullptr)})
    g_log_set_handler(domain, GLogLevelFlags(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING), fail_on_critical, nullptr);
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::UnitTest::GetInstance()->listeners().Append(new PerTestTimeout);
  int rc = RUN_ALL_TESTS();
  gst_deinit();  // so leak checkers see what GStreamer itself still held
  return rc;
}
