// saetrack-soak: a long run of the element on a looped real video (issue 13). The pipeline
//   filesrc ! decodebin ! videoconvert ! saetracker draw=true ! fakesink
// restarts the video with a flushing seek at every EOS, re-sets the target every --retarget
// frames, and samples this process's memory every --sample frames: the heap in use (mallinfo2:
// what a leak grows; sampled on the streaming thread right after the element, when the network's
// activations are freed) and the resident size (which also holds freed pages malloc keeps).
// Prints one line per sample and a summary: frames in and out, frames without the element's meta,
// growth after the warm-up. Exit status 1 when a frame was lost or the heap grew more than
// --max-growth-mb.
#include <gst/gst.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>

#include "command_line.h"
#include "process_memory.h"

using namespace saetrack;

namespace {

struct Soak {
  uint64_t frames = 30000, retarget = 2000, sample = 1000, warmup = 5000;
  int x = 300, y = 150, w = 120, h = 140;
  GstElement *pipeline = nullptr, *tracker = nullptr;
  GMainLoop *loop = nullptr;
  std::atomic<uint64_t> in{0}, out{0}, missing_meta{0};
  struct Sample {
    uint64_t frames;
    double heap_mb, resident_mb;
  };
  std::vector<Sample> samples;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

GstPadProbeReturn count_in(GstPad *, GstPadProbeInfo *, gpointer data) {
  static_cast<Soak *>(data)->in++;
  return GST_PAD_PROBE_OK;
}

// On the streaming thread, after the element: count, check the meta, re-target, sample memory.
GstPadProbeReturn count_out(GstPad *, GstPadProbeInfo *info, gpointer data) {
  auto *s = static_cast<Soak *>(data);
  uint64_t n = ++s->out;
  if (!gst_buffer_get_video_region_of_interest_meta(GST_PAD_PROBE_INFO_BUFFER(info))) s->missing_meta++;
  if (n % s->retarget == 0) {
    gboolean ok = FALSE;
    g_signal_emit_by_name(s->tracker, "set-target", s->x, s->y, s->w, s->h, &ok);
  }
  if (n % s->sample == 0) {
    double heap = heap_in_use_mb(), rss = resident_mb();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - s->start).count();
    s->samples.push_back({n, heap, rss});
    std::printf("%8llu frames  heap in use %7.2f MB  resident %7.1f MB  %6.1f fps\n", (unsigned long long)n, heap, rss,
                n / secs);
    std::fflush(stdout);
  }
  if (n == s->frames)
    gst_element_post_message(s->pipeline, gst_message_new_application(nullptr, gst_structure_new_empty("soak-done")));
  return GST_PAD_PROBE_OK;
}

gboolean on_message(GstBus *, GstMessage *m, gpointer data) {
  auto *s = static_cast<Soak *>(data);
  switch (GST_MESSAGE_TYPE(m)) {
    case GST_MESSAGE_EOS:  // loop the video
      if (!gst_element_seek_simple(s->pipeline, GST_FORMAT_TIME, GstSeekFlags(GST_SEEK_FLAG_FLUSH), 0)) {
        std::fprintf(stderr, "saetrack-soak: cannot seek back to the start of the video\n");
        g_main_loop_quit(s->loop);
      }
      break;
    case GST_MESSAGE_ERROR: {
      GError *e = nullptr;
      gst_message_parse_error(m, &e, nullptr);
      std::fprintf(stderr, "saetrack-soak: error: %s\n", e->message);
      g_error_free(e);
      g_main_loop_quit(s->loop);
      break;
    }
    case GST_MESSAGE_APPLICATION: g_main_loop_quit(s->loop); break;
    default: break;
  }
  return TRUE;
}

}  // namespace

int main(int argc, char **argv) {
  gst_init(&argc, &argv);
  Soak s;
  std::string video = "/usr/share/doc/opencv-doc/examples/data/Megamind.avi", props;
  double max_growth_mb = 2.0;
  CommandLine cli("saetrack-soak", "[options]");
  cli.add("video", &video, "the video to loop")
      .add("frames", &s.frames, "frames to run")
      .add("retarget", &s.retarget, "re-set the target every this many frames")
      .add("sample", &s.sample, "sample resident memory every this many frames")
      .add("warmup", &s.warmup, "frames before the growth is measured")
      .add("x", &s.x, "target box left").add("y", &s.y, "target box top")
      .add("w", &s.w, "target box width").add("h", &s.h, "target box height")
      .add("props", &props, "more saetracker properties, e.g. \"threads=2 model=nano\"")
      .add("max-growth-mb", &max_growth_mb, "allowed growth of the heap in use after the warm-up");
  if (int rc = cli.parse_for_main(argc, argv, [&] {
        if (s.sample == 0 || s.retarget == 0 || s.frames == 0) throw UsageError("frames, retarget and sample must be > 0");
      });
      rc >= 0)
    return rc;
  std::string launch = "filesrc location=\"" + video + "\" ! decodebin ! videoconvert ! saetracker name=t draw=true " +
                       "object-initial-x=" + std::to_string(s.x) + " object-initial-y=" + std::to_string(s.y) +
                       " object-initial-width=" + std::to_string(s.w) + " object-initial-height=" + std::to_string(s.h) +
                       " " + props + " ! fakesink sync=false";
  GError *err = nullptr;
  s.pipeline = gst_parse_launch(launch.c_str(), &err);
  if (!s.pipeline || err) {
    std::fprintf(stderr, "saetrack-soak: %s\n", err ? err->message : "cannot build the pipeline");
    return 2;
  }
  s.tracker = gst_bin_get_by_name(GST_BIN(s.pipeline), "t");
  GstPad *sink = gst_element_get_static_pad(s.tracker, "sink"), *src = gst_element_get_static_pad(s.tracker, "src");
  gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_BUFFER, count_in, &s, nullptr);
  gst_pad_add_probe(src, GST_PAD_PROBE_TYPE_BUFFER, count_out, &s, nullptr);
  s.loop = g_main_loop_new(nullptr, FALSE);
  GstBus *bus = gst_element_get_bus(s.pipeline);
  gst_bus_add_watch(bus, on_message, &s);
  std::printf("saetrack-soak: %llu frames of %s, target %d,%d %dx%d re-set every %llu frames\n",
              (unsigned long long)s.frames, video.c_str(), s.x, s.y, s.w, s.h, (unsigned long long)s.retarget);
  gst_element_set_state(s.pipeline, GST_STATE_PLAYING);
  g_main_loop_run(s.loop);
  gst_element_set_state(s.pipeline, GST_STATE_NULL);

  Soak::Sample warm{}, peak{}, last{};
  for (auto &x : s.samples) {
    if (x.frames <= s.warmup) warm = x;
    else peak.heap_mb = std::max(peak.heap_mb, x.heap_mb), peak.resident_mb = std::max(peak.resident_mb, x.resident_mb);
    last = x;
  }
  double growth = peak.heap_mb - warm.heap_mb;
  std::printf("frames in %llu, out %llu, without meta %llu\n", (unsigned long long)s.in.load(),
              (unsigned long long)s.out.load(), (unsigned long long)s.missing_meta.load());
  std::printf("heap in use: %.2f MB at %llu frames (end of warm-up), peak after %.2f MB, last %.2f MB: growth %.2f MB\n",
              warm.heap_mb, (unsigned long long)s.warmup, peak.heap_mb, last.heap_mb, growth);
  std::printf("resident: %.1f MB at the end of warm-up, peak after %.1f MB, last %.1f MB\n", warm.resident_mb,
              peak.resident_mb, last.resident_mb);
  gst_object_unref(sink);
  gst_object_unref(src);
  gst_bus_remove_watch(bus);
  gst_object_unref(bus);
  gst_object_unref(s.tracker);
  gst_object_unref(s.pipeline);
  g_main_loop_unref(s.loop);
  // One frame may still have been inside the element when the run stopped.
  bool ok = s.out >= s.frames && s.in - s.out <= 1 && s.missing_meta == 0 && growth <= max_growth_mb;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
