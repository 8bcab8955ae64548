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

#include <gst/video/navigation.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "overlay.h"
#include "saetrack.h"

GST_DEBUG_CATEGORY_STATIC(gst_sae_tracker_debug);
#define GST_CAT_DEFAULT gst_sae_tracker_debug

// One thread: in a pipeline the decoder shares the cores, and OpenMP teams then stall at every op
// barrier (light network in a vtest.avi pipeline: 29 ms/frame on 1 thread, 52 on 2; docs/performance.md).
#define DEFAULT_THREADS 1
#define DEFAULT_DRAW TRUE
#define DEFAULT_ROI_META FALSE
#define DEFAULT_MOUSE TRUE

enum {
  PROP_0,
  PROP_MODEL,
  PROP_DEVICE,
  PROP_THREADS,
  PROP_X,
  PROP_Y,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_DRAW,
  PROP_ROI_META,
  PROP_ROI_TYPE,
  PROP_MOUSE,
  PROP_TRACKING,
  PROP_TUNABLE_FIRST,  // the tracker's tunables follow, in saetrack::tracker_tunables() order
};

enum { SIGNAL_SET_TARGET, SIGNAL_CLEAR_TARGET, N_SIGNALS };
static guint signals[N_SIGNALS];

struct TargetRequest {
  double x, y, w, h;
  const char *source;
};

/* C++ state, owned through a pointer so GObject's zero-initialised instance stays POD. */
struct SaeState {
  std::mutex lock;  // guards everything below that properties/signals/navigation touch
  std::string model, device = "cpu";
  int threads = DEFAULT_THREADS;
  guint init_x = 0, init_y = 0, init_w = 0, init_h = 0;
  bool draw = DEFAULT_DRAW, roi_meta = DEFAULT_ROI_META, mouse = DEFAULT_MOUSE;
  std::string roi_type;
  saetrack::TrackerParams params;
  std::optional<TargetRequest> pending;
  bool clear = false;
  // Mouse selection in progress (frame pixels).
  bool dragging = false;
  double drag_x0 = 0, drag_y0 = 0, drag_x1 = 0, drag_y1 = 0;
  // Streaming-thread state.
  std::unique_ptr<saetrack::Tracker> tracker;
  bool tracking = false, ever_targeted = false;
  guint64 frame = 0;
  int width = 0, height = 0;
  GstVideoConverter *converter = nullptr;
  GstVideoInfo bgr_info;
  GstBuffer *bgr = nullptr;  // scratch BGR frame for non-BGR input
  GstVideoFrame bgr_frame;
};

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

static const saetrack::Tunable *tunable_of(guint id) {
  const auto &table = saetrack::tracker_tunables();
  return id >= PROP_TUNABLE_FIRST && id - PROP_TUNABLE_FIRST < table.size() ? &table[id - PROP_TUNABLE_FIRST] : nullptr;
}

static void gst_sae_tracker_set_property(GObject *object, guint id, const GValue *value, GParamSpec *pspec) {
  auto *self = GST_SAE_TRACKER(object);
  SaeState *s = self->s;
  bool init_changed = false;
  {
    std::lock_guard<std::mutex> l(s->lock);
    switch (id) {
      case PROP_MODEL: s->model = g_value_get_string(value) ? g_value_get_string(value) : saetrack::kDefaultModel; break;
      case PROP_DEVICE: s->device = g_value_get_string(value) ? g_value_get_string(value) : "cpu"; break;
      case PROP_THREADS: s->threads = g_value_get_int(value); break;
      case PROP_X: s->init_x = g_value_get_uint(value); init_changed = true; break;
      case PROP_Y: s->init_y = g_value_get_uint(value); init_changed = true; break;
      case PROP_WIDTH: s->init_w = g_value_get_uint(value); init_changed = true; break;
      case PROP_HEIGHT: s->init_h = g_value_get_uint(value); init_changed = true; break;
      case PROP_DRAW: s->draw = g_value_get_boolean(value); break;
      case PROP_ROI_META: s->roi_meta = g_value_get_boolean(value); break;
      case PROP_ROI_TYPE: s->roi_type = g_value_get_string(value) ? g_value_get_string(value) : ""; break;
      case PROP_MOUSE: s->mouse = g_value_get_boolean(value); break;
      default:
        if (const saetrack::Tunable *t = tunable_of(id)) {
          t->set(s->params, G_VALUE_HOLDS_DOUBLE(value) ? g_value_get_double(value)
                            : G_VALUE_HOLDS_INT(value) ? g_value_get_int(value) : g_value_get_boolean(value));
          break;
        }
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
        return;
    }
    // The target is taken on the first frame after a complete box has been set.
    if (init_changed && s->init_w > 0 && s->init_h > 0)
      s->pending = TargetRequest{double(s->init_x), double(s->init_y), double(s->init_w), double(s->init_h),
                                 "object-initial-* properties"};
  }
}

static void gst_sae_tracker_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec) {
  SaeState *s = GST_SAE_TRACKER(object)->s;
  std::lock_guard<std::mutex> l(s->lock);
  switch (id) {
    case PROP_MODEL: g_value_set_string(value, s->model.c_str()); break;
    case PROP_DEVICE: g_value_set_string(value, s->device.c_str()); break;
    case PROP_THREADS: g_value_set_int(value, s->threads); break;
    case PROP_X: g_value_set_uint(value, s->init_x); break;
    case PROP_Y: g_value_set_uint(value, s->init_y); break;
    case PROP_WIDTH: g_value_set_uint(value, s->init_w); break;
    case PROP_HEIGHT: g_value_set_uint(value, s->init_h); break;
    case PROP_DRAW: g_value_set_boolean(value, s->draw); break;
    case PROP_ROI_META: g_value_set_boolean(value, s->roi_meta); break;
    case PROP_ROI_TYPE: g_value_set_string(value, s->roi_type.empty() ? nullptr : s->roi_type.c_str()); break;
    case PROP_MOUSE: g_value_set_boolean(value, s->mouse); break;
    case PROP_TRACKING: g_value_set_boolean(value, s->tracking); break;
    default:
      if (const saetrack::Tunable *t = tunable_of(id)) {
        double v = t->get(s->params);
        if (G_VALUE_HOLDS_DOUBLE(value)) g_value_set_double(value, v);
        else if (G_VALUE_HOLDS_INT(value)) g_value_set_int(value, int(v));
        else g_value_set_boolean(value, v != 0);
        break;
      }
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
      break;
  }
}

static gboolean gst_sae_tracker_start(GstBaseTransform *trans) {
  auto *self = GST_SAE_TRACKER(trans);
  SaeState *s = self->s;
  std::string model, device;
  int threads;
  saetrack::TrackerParams params;
  {
    std::lock_guard<std::mutex> l(s->lock);
    model = s->model, device = s->device, threads = s->threads, params = s->params;
  }
  torch::Device dev(torch::kCPU);
  try {
    dev = saetrack::parse_device(device);
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS, ("Cannot use device '%s'.", device.c_str()), ("%s", e.what()));
    return FALSE;
  }
  try {
    saetrack::set_threads(threads);
    auto net = saetrack::load_weights(saetrack::find_weights(model));
    s->tracker = std::make_unique<saetrack::Tracker>(net, params, dev);
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR(self, RESOURCE, OPEN_READ, ("Could not load tracker weights from '%s'.", model.c_str()),
                      ("%s. Set the 'model' property to a bundled model's name (nano, light) or to a weights file written by "
                       "saetrack-train.", e.what()));
    return FALSE;
  }
  GST_INFO_OBJECT(self, "loaded %s (%s configuration) on %s with %d threads", model.c_str(),
                  s->tracker->net()->config().name.c_str(), device.c_str(), threads);
  s->tracking = false;
  s->ever_targeted = false;
  s->frame = 0;
  return TRUE;
}

static gboolean gst_sae_tracker_stop(GstBaseTransform *trans) {
  SaeState *s = GST_SAE_TRACKER(trans)->s;
  s->tracker.reset();
  if (s->converter) gst_video_converter_free(s->converter);
  s->converter = nullptr;
  if (s->bgr) gst_buffer_unref(s->bgr);
  s->bgr = nullptr;
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
  if (s->converter) gst_video_converter_free(s->converter);
  s->converter = nullptr;
  if (GST_VIDEO_INFO_FORMAT(in_info) != GST_VIDEO_FORMAT_BGR) {
    gst_video_info_init(&s->bgr_info);
    gst_video_info_set_format(&s->bgr_info, GST_VIDEO_FORMAT_BGR, w, h);
    GST_VIDEO_INFO_FPS_N(&s->bgr_info) = GST_VIDEO_INFO_FPS_N(in_info);
    GST_VIDEO_INFO_FPS_D(&s->bgr_info) = GST_VIDEO_INFO_FPS_D(in_info);
    s->converter = gst_video_converter_new(in_info, &s->bgr_info, nullptr);
    if (!s->converter) {
      GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("Cannot convert %s video for tracking.",
                        gst_video_format_to_string(GST_VIDEO_INFO_FORMAT(in_info))), (nullptr));
      return FALSE;
    }
    if (s->bgr) gst_buffer_unref(s->bgr);
    s->bgr = gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&s->bgr_info), nullptr);
  }
  return TRUE;
}

// A BGR view of the frame: the frame itself when it is BGR, else converted into a scratch buffer.
static cv::Mat bgr_view(SaeState *s, GstVideoFrame *frame) {
  if (!s->converter)
    return cv::Mat(GST_VIDEO_FRAME_HEIGHT(frame), GST_VIDEO_FRAME_WIDTH(frame), CV_8UC3,
                   GST_VIDEO_FRAME_PLANE_DATA(frame, 0), GST_VIDEO_FRAME_PLANE_STRIDE(frame, 0));
  // The scratch buffer stays mapped only for the conversion; the cv::Mat view below points into
  // its memory, which the buffer (owned by the element) keeps alive.
  if (!gst_video_frame_map(&s->bgr_frame, &s->bgr_info, s->bgr, GST_MAP_WRITE)) throw std::runtime_error("cannot map scratch frame");
  gst_video_converter_frame(s->converter, frame, &s->bgr_frame);
  cv::Mat view(s->height, s->width, CV_8UC3, GST_VIDEO_FRAME_PLANE_DATA(&s->bgr_frame, 0),
               GST_VIDEO_FRAME_PLANE_STRIDE(&s->bgr_frame, 0));
  gst_video_frame_unmap(&s->bgr_frame);
  return view;
}

static std::optional<TargetRequest> roi_from_meta(GstBuffer *buf, const std::string &type) {
  gpointer state = nullptr;
  GstMeta *m;
  while ((m = gst_buffer_iterate_meta_filtered(buf, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    auto *roi = reinterpret_cast<GstVideoRegionOfInterestMeta *>(m);
    if (roi->roi_type == g_quark_from_static_string("saetracker")) continue;  // our own output
    if (!type.empty() && roi->roi_type != g_quark_from_string(type.c_str())) continue;
    if (roi->w == 0 || roi->h == 0) continue;
    return TargetRequest{double(roi->x), double(roi->y), double(roi->w), double(roi->h), "upstream region-of-interest meta"};
  }
  return std::nullopt;
}

static void publish(GstSaeTracker *self, GstVideoFrame *frame, const saetrack::TrackResult &r) {
  SaeState *s = self->s;
  GstBaseTransform *trans = GST_BASE_TRANSFORM(self);
  int x = int(std::lround(r.box.x)), y = int(std::lround(r.box.y));
  int w = int(std::lround(r.box.w)), h = int(std::lround(r.box.h));
  auto *roi = gst_buffer_add_video_region_of_interest_meta(frame->buffer, "saetracker", guint(x), guint(y), guint(w), guint(h));
  gst_video_region_of_interest_meta_add_param(
      roi, gst_structure_new("saetracker", "score", G_TYPE_DOUBLE, r.score, "lost", G_TYPE_BOOLEAN, gboolean(r.lost), nullptr));
  GstClockTime ts = GST_BUFFER_PTS(frame->buffer);
  GstSegment *seg = &trans->segment;
  GstClockTime stream_time = gst_segment_to_stream_time(seg, GST_FORMAT_TIME, ts);
  GstClockTime running_time = gst_segment_to_running_time(seg, GST_FORMAT_TIME, ts);
  GstStructure *st = gst_structure_new("saetracker", "x", G_TYPE_INT, x, "y", G_TYPE_INT, y, "width", G_TYPE_INT, w,
                                       "height", G_TYPE_INT, h, "score", G_TYPE_DOUBLE, r.score, "lost", G_TYPE_BOOLEAN,
                                       gboolean(r.lost), "frame", G_TYPE_UINT64, s->frame, "timestamp", G_TYPE_UINT64,
                                       guint64(ts), "stream-time", G_TYPE_UINT64, guint64(stream_time),
                                       "running-time", G_TYPE_UINT64, guint64(running_time), nullptr);
  gst_element_post_message(GST_ELEMENT(self), gst_message_new_element(GST_OBJECT(self), st));
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
    dragging = s->dragging && s->mouse;
    d[0] = s->drag_x0, d[1] = s->drag_y0, d[2] = s->drag_x1, d[3] = s->drag_y1;
    s->tracker->params() = s->params;  // tunables may change while playing
    if (!req && !s->tracking && s->roi_meta) req = roi_from_meta(frame->buffer, s->roi_type);
  }
  if (clear) {
    GST_INFO_OBJECT(self, "target cleared");
    s->tracking = false;
    s->tracker->reset();
  }
  try {
    std::optional<saetrack::TrackResult> result;
    if (req) {
      cv::Mat bgr = bgr_view(s, frame);
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
      result = s->tracker->update(bgr_view(s, frame));
    }
    if (result) {
      publish(self, frame, *result);
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
    gint button;
    gdouble x, y;
    std::lock_guard<std::mutex> l(s->lock);
    if (s->mouse) {
      switch (gst_navigation_event_get_type(event)) {
        case GST_NAVIGATION_EVENT_MOUSE_BUTTON_PRESS:
          if (gst_navigation_event_parse_mouse_button_event(event, &button, &x, &y) && button == 1) {
            s->dragging = true;
            s->drag_x0 = s->drag_x1 = x, s->drag_y0 = s->drag_y1 = y;
          }
          break;
        case GST_NAVIGATION_EVENT_MOUSE_MOVE:
          if (s->dragging && gst_navigation_event_parse_mouse_move_event(event, &x, &y)) s->drag_x1 = x, s->drag_y1 = y;
          break;
        case GST_NAVIGATION_EVENT_MOUSE_BUTTON_RELEASE:
          if (s->dragging && gst_navigation_event_parse_mouse_button_event(event, &button, &x, &y) && button == 1) {
            s->dragging = false;
            double w = std::fabs(x - s->drag_x0), h = std::fabs(y - s->drag_y0);
            if (w >= 4 && h >= 4)
              s->pending = TargetRequest{std::min(x, s->drag_x0), std::min(y, s->drag_y0), w, h, "mouse selection"};
          }
          break;
        default: break;
      }
    }
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
  if (self->s->converter) gst_video_converter_free(self->s->converter);
  if (self->s->bgr) gst_buffer_unref(self->s->bgr);
  delete self->s;
  G_OBJECT_CLASS(gst_sae_tracker_parent_class)->finalize(object);
}

static void gst_sae_tracker_init(GstSaeTracker *self) {
  self->s = new SaeState();
  self->s->model = saetrack::kDefaultModel;
  // Late frames may be dropped by the base class under QoS; tracking just skips them.
  gst_base_transform_set_qos_enabled(GST_BASE_TRANSFORM(self), TRUE);
}

static void install_uint(GObjectClass *k, guint id, const char *name, const char *nick, const char *blurb) {
  g_object_class_install_property(
      k, id, g_param_spec_uint(name, nick, blurb, 0, G_MAXINT, 0,
                               GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING)));
}

// One property per tracker tunable; they may change while playing (applied on the next frame).
static void install_tunables(GObjectClass *k) {
  auto flags = GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  const auto &table = saetrack::tracker_tunables();
  for (size_t i = 0; i < table.size(); ++i) {
    const auto &t = table[i];
    GParamSpec *spec;
    switch (t.kind) {
      case saetrack::Tunable::Kind::Double:
        spec = g_param_spec_double(t.name, t.nick, t.blurb, t.min, t.max, t.default_value(), flags);
        break;
      case saetrack::Tunable::Kind::Int:
        spec = g_param_spec_int(t.name, t.nick, t.blurb, int(t.min), int(t.max), int(t.default_value()), flags);
        break;
      default: spec = g_param_spec_boolean(t.name, t.nick, t.blurb, t.default_value() != 0, flags); break;
    }
    g_object_class_install_property(k, guint(PROP_TUNABLE_FIRST + i), spec);
  }
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
  auto rw = GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  auto rw_playing = GParamFlags(rw | GST_PARAM_MUTABLE_PLAYING);

  g_object_class_install_property(gobject_class, PROP_MODEL,
      g_param_spec_string("model", "Model",
                          "A bundled model's name (nano: pretrained NanoDet-g backbone; light: the smaller scratch-trained "
                          "network) or the path of a weights file written by saetrack-train (read when the element starts)",
                          saetrack::kDefaultModel, GParamFlags(rw | GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property(gobject_class, PROP_DEVICE,
      g_param_spec_string("device", "Device", "Compute device: cpu, cuda or cuda:N (CUDA needs a CUDA LibTorch build)",
                          "cpu", GParamFlags(rw | GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property(gobject_class, PROP_THREADS,
      g_param_spec_int("threads", "Threads", "CPU threads for the network (0 = all cores)", 0, 256, DEFAULT_THREADS,
                       GParamFlags(rw | GST_PARAM_MUTABLE_READY)));
  install_uint(gobject_class, PROP_X, "object-initial-x", "Initial X", "Left edge of the target box (pixels); the target is taken on the next frame once width and height are > 0");
  install_uint(gobject_class, PROP_Y, "object-initial-y", "Initial Y", "Top edge of the target box (pixels)");
  install_uint(gobject_class, PROP_WIDTH, "object-initial-width", "Initial width", "Width of the target box (pixels; 0 = no target)");
  install_uint(gobject_class, PROP_HEIGHT, "object-initial-height", "Initial height", "Height of the target box (pixels; 0 = no target)");
  g_object_class_install_property(gobject_class, PROP_DRAW,
      g_param_spec_boolean("draw", "Draw", "Draw the tracked box into the frame (green tracking, red lost, yellow selection)",
                           DEFAULT_DRAW, rw_playing));
  g_object_class_install_property(gobject_class, PROP_ROI_META,
      g_param_spec_boolean("roi-meta", "Target from ROI meta",
                           "When no target is set, take it from the first upstream GstVideoRegionOfInterestMeta",
                           DEFAULT_ROI_META, rw_playing));
  g_object_class_install_property(gobject_class, PROP_ROI_TYPE,
      g_param_spec_string("roi-type", "ROI type", "Only accept upstream ROI metas of this type (NULL = any)", nullptr,
                          rw_playing));
  g_object_class_install_property(gobject_class, PROP_MOUSE,
      g_param_spec_boolean("mouse-selection", "Mouse selection",
                           "Select a new target by dragging a box with the left button in the video window",
                           DEFAULT_MOUSE, rw_playing));
  install_tunables(gobject_class);
  g_object_class_install_property(gobject_class, PROP_TRACKING,
      g_param_spec_boolean("tracking", "Tracking", "Whether a target is being tracked", FALSE,
                           GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

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
