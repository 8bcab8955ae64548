/**
 * SECTION:element-saetracker
 * @title: saetracker
 *
 * Tracks one object through video with the Siamese anchor-free tracker with multiscale spatial
 * attentions (SAE). The target comes from the object-initial-* properties (same names as
 * OpenCV's cvtracker), the "set-target" action signal, an upstream
 * GstVideoRegionOfInterestMeta (roi-meta=true) or a mouse drag in the video window. Every frame
 * with a target gets a GstVideoRegionOfInterestMeta (roi type "saetracker", parameter structure
 * "saetracker" with score and lost) and posts an element message "saetracker" with x, y, width,
 * height, score, lost, frame, timestamp, stream-time and running-time.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 filesrc location=vtest.avi ! decodebin ! videoconvert ! \
 *   saetracker object-initial-x=290 object-initial-y=190 object-initial-width=40 \
 *   object-initial-height=80 draw=true ! videoconvert ! autovideosink
 * ]|
 */
#include "gstsaetracker.h"


#include <cmath>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "overlay.h"
#include "saetrack.h"
#include "saetracker_state.h"
#include "track_output.h"

GST_DEBUG_CATEGORY_STATIC(gst_sae_tracker_debug);
#define GST_CAT_DEFAULT gst_sae_tracker_debug

enum { SIGNAL_SET_TARGET, SIGNAL_CLEAR_TARGET, N_SIGNALS };
static guint signals[N_SIGNALS];

struct _GstSaeTracker {
  GstVideoFilter parent;
  SaeState *s;
};

G_DEFINE_TYPE(GstSaeTracker, gst_sae_tracker, GST_TYPE_VIDEO_FILTER);
GST_ELEMENT_REGISTER_DEFINE(saetracker, "saetracker", GST_RANK_NONE, GST_TYPE_SAE_TRACKER);

#define FORMATS "{ BGR, RGB, BGRx, RGBx, xRGB, xBGR, BGRA, RGBA, ARGB, ABGR, I420, NV12, GRAY8 }"
static GstStaticPadTemplate sink_template =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS(GST_VIDEO_CAPS_MAKE(FORMATS)));
static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(GST_VIDEO_CAPS_MAKE(FORMATS)));


static void request_target(GstSaeTracker *self, double x, double y, double w, double h, const char *source) {
  std::lock_guard<std::mutex> l(self->s->lock);
  self->s->pending = TargetRequest{x, y, w, h, source};
  self->s->clear = false;
}

static gboolean set_target_action(GstSaeTracker *self, gint x, gint y, gint w, gint h) {
  if (w <= 0 || h <= 0) {
    GST_WARNING_OBJECT(self, "set-target: ignoring empty box %dx%d", w, h);
    return FALSE;
  }
  GST_INFO_OBJECT(self, "set-target %d,%d %dx%d", x, y, w, h);
  request_target(self, x, y, w, h, "set-target signal");
  return TRUE;
}

static void clear_target_action(GstSaeTracker *self) {
  std::lock_guard<std::mutex> l(self->s->lock);
  self->s->pending.reset();
  self->s->clear = true;
}

static void gst_sae_tracker_set_property(GObject *object, guint id, const GValue *value, GParamSpec *pspec) {
  saetracker_set_property(GST_SAE_TRACKER(object)->s, object, id, value, pspec);
}

static void gst_sae_tracker_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec) {
  saetracker_get_property(GST_SAE_TRACKER(object)->s, object, id, value, pspec);
}

static gboolean gst_sae_tracker_start(GstBaseTransform *trans) {
  auto *self = GST_SAE_TRACKER(trans);
  SaeState *s = self->s;
  std::string model, device;
  int threads;
  bool process_tuning;
  saetrack::TrackerParams params;
  {
    std::lock_guard<std::mutex> l(s->lock);
    model = s->model, device = s->device, threads = s->threads, params = s->params, process_tuning = s->process_tuning;
    // A restarted stream (NULL/READY -> PAUSED) takes the object-initial-* box again, as on the first start.
    if (!s->pending) s->request_initial_target();
  }
  torch::Device dev(torch::kCPU);
  try {
    dev = saetrack::parse_device(device);
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS, ("Cannot use device '%s'.", device.c_str()), ("%s", e.what()));
    return FALSE;
  }
  try {
    if (process_tuning) saetrack::tune_process();  // asked for: changes the whole application
    s->running_threads = threads;
    s->tracker = saetrack::make_tracker(model, params, dev);
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR(self, RESOURCE, OPEN_READ, ("Could not load tracker weights from '%s'.", model.c_str()),
                      ("%s. Set the 'model' property to a bundled model's name (nano, light), to floor (the training-free "
                       "tracker) or to a weights file written by saetrack-train.", e.what()));
    return FALSE;
  }
  GST_INFO_OBJECT(self, "loaded %s (%s) on %s with %d threads", model.c_str(), s->tracker->name().c_str(),
                  device.c_str(), threads);
  s->tracking = false;
  s->ever_targeted = false;
  s->frame = 0;
  return TRUE;
}

static gboolean gst_sae_tracker_stop(GstBaseTransform *trans) {
  SaeState *s = GST_SAE_TRACKER(trans)->s;
  s->tracker.reset();
  s->frames.reset();
  s->tracking = false;
  s->width = s->height = 0;
  return TRUE;
}

static gboolean gst_sae_tracker_set_info(GstVideoFilter *filter, GstCaps *, GstVideoInfo *in_info, GstCaps *,
                                         GstVideoInfo *) {
  auto *self = GST_SAE_TRACKER(filter);
  SaeState *s = self->s;
  int w = GST_VIDEO_INFO_WIDTH(in_info), h = GST_VIDEO_INFO_HEIGHT(in_info);
  if (s->tracking && s->width > 0 && (w != s->width || h != s->height)) {
    // Resolution change mid-stream: keep the target, rescaled into the new frame.
    GST_INFO_OBJECT(self, "resolution changed %dx%d -> %dx%d, rescaling the target", s->width, s->height, w, h);
    s->tracker->rescale(double(w) / s->width, double(h) / s->height);
  }
  s->width = w, s->height = h;
  if (!s->frames.configure(in_info)) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("Cannot convert %s video for tracking.",
                      gst_video_format_to_string(GST_VIDEO_INFO_FORMAT(in_info))), (nullptr));
    return FALSE;
  }
  return TRUE;
}

static GstFlowReturn gst_sae_tracker_transform_frame_ip(GstVideoFilter *filter, GstVideoFrame *frame) {
  auto *self = GST_SAE_TRACKER(filter);
  SaeState *s = self->s;
  std::optional<TargetRequest> req;
  bool clear, draw, dragging;
  double d[4];
  {
    std::lock_guard<std::mutex> l(s->lock);
    req = s->pending;
    s->pending.reset();
    clear = s->clear;
    s->clear = false;
    draw = s->draw;
    const MouseSelection &m = s->mouse_selection;
    dragging = m.dragging && s->mouse;
    d[0] = m.x0, d[1] = m.y0, d[2] = m.x1, d[3] = m.y1;
    s->tracker->set_params(s->params);  // tunables may change while playing
    if (!req && !s->tracking && s->roi_meta) req = target_from_roi_meta(frame->buffer, s->roi_type);
  }
  if (clear) {
    GST_INFO_OBJECT(self, "target cleared");
    s->tracking = false;
  }
  try {
    saetrack::use_threads_on_this_thread(s->running_threads);  // never the process-wide setting
    std::optional<saetrack::TrackResult> result;
    if (req) {
      cv::Mat bgr = s->frames.view(frame);
      saetrack::Box box{req->x, req->y, req->w, req->h};
      bool inside = box.w > 0 && box.h > 0 && box.x < s->width && box.y < s->height && box.x + box.w > 0 && box.y + box.h > 0;
      if (!inside) {
        GST_ELEMENT_WARNING(self, STREAM, FAILED, ("Ignoring target box from %s.", req->source),
                            ("box %.0f,%.0f %.0fx%.0f is empty or outside the %dx%d frame", box.x, box.y, box.w, box.h,
                             s->width, s->height));
      } else {
        s->tracker->init(bgr, box);
        s->tracking = s->ever_targeted = true;
        result = s->tracker->last();
        GST_INFO_OBJECT(self, "new target from %s: %.0f,%.0f %.0fx%.0f", req->source, box.x, box.y, box.w, box.h);
      }
    } else if (s->tracking) {
      result = s->tracker->update(s->frames.view(frame));
    }
    if (result) {
      publish_track_result(GST_BASE_TRANSFORM(self), frame, *result, s->frame);
      if (draw) {
        guint32 colour = result->lost ? 0xffff3030 : 0xff30ff30;
        saetrack_draw_box(frame, int(result->box.x), int(result->box.y), int(result->box.w), int(result->box.h), 3, colour);
      }
    }
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR(self, STREAM, FAILED, ("Tracking failed."), ("%s", e.what()));
    return GST_FLOW_ERROR;
  }
  if (draw && dragging)
    saetrack_draw_box(frame, int(std::min(d[0], d[2])), int(std::min(d[1], d[3])), int(std::fabs(d[2] - d[0])),
                      int(std::fabs(d[3] - d[1])), 2, 0xffffff30);
  s->frame++;
  return GST_FLOW_OK;
}

// Mouse selection: navigation events travel upstream from the video sink in frame coordinates.
static gboolean gst_sae_tracker_src_event(GstBaseTransform *trans, GstEvent *event) {
  auto *self = GST_SAE_TRACKER(trans);
  SaeState *s = self->s;
  if (GST_EVENT_TYPE(event) == GST_EVENT_NAVIGATION) {
    std::lock_guard<std::mutex> l(s->lock);
    if (s->mouse)
      if (auto req = s->mouse_selection.handle(event)) s->pending = req;
  }
  return GST_BASE_TRANSFORM_CLASS(gst_sae_tracker_parent_class)->src_event(trans, event);
}

static gboolean gst_sae_tracker_sink_event(GstBaseTransform *trans, GstEvent *event) {
  auto *self = GST_SAE_TRACKER(trans);
  if (GST_EVENT_TYPE(event) == GST_EVENT_EOS && !self->s->ever_targeted)
    GST_ELEMENT_WARNING(self, STREAM, FAILED, ("End of stream before a target was set: nothing was tracked."),
                        ("Set object-initial-x/y/width/height, emit set-target, enable roi-meta or drag a box in the "
                         "video window."));
  return GST_BASE_TRANSFORM_CLASS(gst_sae_tracker_parent_class)->sink_event(trans, event);
}

static void gst_sae_tracker_finalize(GObject *object) {
  auto *self = GST_SAE_TRACKER(object);
  delete self->s;
  G_OBJECT_CLASS(gst_sae_tracker_parent_class)->finalize(object);
}

static void gst_sae_tracker_init(GstSaeTracker *self) {
  self->s = new SaeState();
  self->s->model = saetrack::kDefaultTracker;
  // Late frames may be dropped by the base class under QoS; tracking just skips them.
  gst_base_transform_set_qos_enabled(GST_BASE_TRANSFORM(self), TRUE);
}

static void gst_sae_tracker_class_init(GstSaeTrackerClass *klass) {
  auto *gobject_class = G_OBJECT_CLASS(klass);
  auto *element_class = GST_ELEMENT_CLASS(klass);
  auto *trans_class = GST_BASE_TRANSFORM_CLASS(klass);
  auto *filter_class = GST_VIDEO_FILTER_CLASS(klass);
  GST_DEBUG_CATEGORY_INIT(gst_sae_tracker_debug, "saetracker", 0, "SAE Siamese anchor-free object tracker");

  gobject_class->set_property = gst_sae_tracker_set_property;
  gobject_class->get_property = gst_sae_tracker_get_property;
  gobject_class->finalize = gst_sae_tracker_finalize;
  saetracker_install_properties(gobject_class);

  /**
   * GstSaeTracker::set-target:
   * Sets a new target box (x, y, width, height in frame pixels), taken on the next frame.
   * Returns FALSE for an empty box.
   */
  signals[SIGNAL_SET_TARGET] = g_signal_new_class_handler(
      "set-target", G_TYPE_FROM_CLASS(klass), GSignalFlags(G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION),
      G_CALLBACK(set_target_action), nullptr, nullptr, nullptr, G_TYPE_BOOLEAN, 4, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT,
      G_TYPE_INT);
  /**
   * GstSaeTracker::clear-target:
   * Stops tracking; no meta or messages until a new target is set.
   */
  signals[SIGNAL_CLEAR_TARGET] = g_signal_new_class_handler(
      "clear-target", G_TYPE_FROM_CLASS(klass), GSignalFlags(G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION),
      G_CALLBACK(clear_target_action), nullptr, nullptr, nullptr, G_TYPE_NONE, 0);

  gst_element_class_set_static_metadata(element_class, "SAE object tracker", "Filter/Analyzer/Video",
                                        "Tracks one object with a Siamese anchor-free network with multiscale "
                                        "spatial attentions and attaches its box as region-of-interest meta",
                                        "saetrack developers");
  gst_element_class_add_static_pad_template(element_class, &sink_template);
  gst_element_class_add_static_pad_template(element_class, &src_template);

  trans_class->start = GST_DEBUG_FUNCPTR(gst_sae_tracker_start);
  trans_class->stop = GST_DEBUG_FUNCPTR(gst_sae_tracker_stop);
  trans_class->src_event = GST_DEBUG_FUNCPTR(gst_sae_tracker_src_event);
  trans_class->sink_event = GST_DEBUG_FUNCPTR(gst_sae_tracker_sink_event);
  filter_class->set_info = GST_DEBUG_FUNCPTR(gst_sae_tracker_set_info);
  filter_class->transform_frame_ip = GST_DEBUG_FUNCPTR(gst_sae_tracker_transform_frame_ip);
}
