// Embeds saetracker in an application: builds a pipeline, sets the target with the "set-target"
// action signal once the first frame is there, and prints each frame's box from the
// GstVideoRegionOfInterestMeta the element attaches.
//   usage: saetrack-example-app [VIDEO] [X Y W H]
#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdio>
#include <cstdlib>

static GstPadProbeReturn on_buffer(GstPad *, GstPadProbeInfo *info, gpointer) {
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER(info);
  GstVideoRegionOfInterestMeta *roi = gst_buffer_get_video_region_of_interest_meta(buf);
  if (roi) {
    double score = 0;
    gboolean lost = FALSE;
    if (GstStructure *p = gst_video_region_of_interest_meta_get_param(roi, "saetracker")) {
      gst_structure_get_double(p, "score", &score);
      gst_structure_get_boolean(p, "lost", &lost);
    }
    std::printf("%" GST_TIME_FORMAT " box %u,%u %ux%u score %.3f%s\n", GST_TIME_ARGS(GST_BUFFER_PTS(buf)), roi->x, roi->y,
                roi->w, roi->h, score, lost ? " LOST" : "");
  }
  return GST_PAD_PROBE_OK;
}

int main(int argc, char **argv) {
  gst_init(&argc, &argv);
  const char *video = argc > 1 ? argv[1] : "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
  int box[4] = {640, 240, 46, 82};
  if (argc > 5)
    for (int i = 0; i < 4; ++i) box[i] = std::atoi(argv[2 + i]);
  gchar *desc = g_strdup_printf("filesrc location=\"%s\" ! decodebin ! videoconvert ! saetracker name=tracker draw=false ! "
                                "fakesink name=sink sync=false", video);
  GError *err = nullptr;
  GstElement *pipeline = gst_parse_launch(desc, &err);
  g_free(desc);
  if (!pipeline || err) {  // a missing element leaves a partial pipeline plus an error
    std::fprintf(stderr, "cannot build the pipeline: %s\n(is the saetrack plugin on GST_PLUGIN_PATH?)\n",
                 err ? err->message : "unknown error");
    return 1;
  }
  GstElement *tracker = gst_bin_get_by_name(GST_BIN(pipeline), "tracker");
  GstElement *sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  GstPad *pad = gst_element_get_static_pad(sink, "sink");
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, nullptr, nullptr);
  gst_object_unref(pad);
  // Application-chosen target: the signal may be emitted at any time, it applies on the next frame.
  gboolean ok = FALSE;
  g_signal_emit_by_name(tracker, "set-target", box[0], box[1], box[2], box[3], &ok);
  if (!ok) std::fprintf(stderr, "target rejected\n");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus *bus = gst_element_get_bus(pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered(bus, GST_CLOCK_TIME_NONE, GstMessageType(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  int rc = 0;
  if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
    gchar *dbg = nullptr;
    gst_message_parse_error(msg, &err, &dbg);
    std::fprintf(stderr, "error: %s (%s)\n", err->message, dbg ? dbg : "");
    rc = 1;
  }
  gst_message_unref(msg);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(tracker);
  gst_object_unref(sink);
  gst_object_unref(pipeline);
  return rc;
}
