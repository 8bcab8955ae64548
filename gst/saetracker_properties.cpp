#include "saetracker_state.h"

#include "tunables.h"
#include "tracker_factory.h"
#include "weights_io.h"

static const saetrack::Tunable *tunable_of(guint id) {
  const auto &table = saetrack::tracker_tunables();
  return id >= PROP_TUNABLE_FIRST && id - PROP_TUNABLE_FIRST < table.size() ? &table[id - PROP_TUNABLE_FIRST] : nullptr;
}

void saetracker_set_property(SaeState *s, GObject *object, guint id, const GValue *value, GParamSpec *pspec) {
  bool init_changed = false, latency_changed = false;
  {
    std::lock_guard<std::mutex> l(s->lock);
    switch (id) {
      case PROP_MODEL: s->model = g_value_get_string(value) ? g_value_get_string(value) : saetrack::kDefaultTracker; break;
      case PROP_DEVICE: s->device = g_value_get_string(value) ? g_value_get_string(value) : "cpu"; break;
      case PROP_PRECISION: s->precision = g_value_get_string(value) ? g_value_get_string(value) : "auto"; break;
      case PROP_THREADS: s->threads = g_value_get_int(value); break;
      case PROP_PROCESS_TUNING: s->process_tuning = g_value_get_boolean(value); break;
      case PROP_X: s->init_x = g_value_get_uint(value); init_changed = true; break;
      case PROP_Y: s->init_y = g_value_get_uint(value); init_changed = true; break;
      case PROP_WIDTH: s->init_w = g_value_get_uint(value); init_changed = true; break;
      case PROP_HEIGHT: s->init_h = g_value_get_uint(value); init_changed = true; break;
      case PROP_DRAW: s->draw = g_value_get_boolean(value); break;
      case PROP_ROI_META: s->roi_meta = g_value_get_boolean(value); break;
      case PROP_ROI_TYPE: s->roi_type = g_value_get_string(value) ? g_value_get_string(value) : ""; break;
      case PROP_MOUSE: s->mouse = g_value_get_boolean(value); break;
      case PROP_MAX_TARGETS: s->max_targets = g_value_get_uint(value); break;
      case PROP_SHARE_FEATURES: s->share_features = g_value_get_boolean(value); break;
      case PROP_MOUSE_ADDS: s->mouse_adds = g_value_get_boolean(value); break;
      case PROP_DETECTIONS: s->detections = g_value_get_boolean(value); break;
      case PROP_MATCH_IOU: s->match_iou = g_value_get_double(value); break;
      case PROP_MAX_LOST_FRAMES: s->max_lost_frames = g_value_get_uint(value); break;
      case PROP_MAX_UNMATCHED_FRAMES: s->max_unmatched_frames = g_value_get_uint(value); break;
      case PROP_HURRY: s->hurry = g_value_get_boolean(value); break;
      case PROP_LATENCY_FRAMES:
        latency_changed = s->latency_frames.exchange(g_value_get_uint(value)) != g_value_get_uint(value);
        break;
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
    if (init_changed) s->request_initial_target();
  }
  // Posted without the lock: the application may answer on the posting thread.
  if (latency_changed) gst_element_post_message(GST_ELEMENT(object), gst_message_new_latency(GST_OBJECT(object)));
}

void saetracker_get_property(SaeState *s, GObject *object, guint id, GValue *value, GParamSpec *pspec) {
  std::lock_guard<std::mutex> l(s->lock);
  switch (id) {
    case PROP_MODEL: g_value_set_string(value, s->model.c_str()); break;
    case PROP_DEVICE: g_value_set_string(value, s->device.c_str()); break;
    case PROP_PRECISION: g_value_set_string(value, s->precision.c_str()); break;
    case PROP_THREADS: g_value_set_int(value, s->threads); break;
    case PROP_PROCESS_TUNING: g_value_set_boolean(value, s->process_tuning); break;
    case PROP_X: g_value_set_uint(value, s->init_x); break;
    case PROP_Y: g_value_set_uint(value, s->init_y); break;
    case PROP_WIDTH: g_value_set_uint(value, s->init_w); break;
    case PROP_HEIGHT: g_value_set_uint(value, s->init_h); break;
    case PROP_DRAW: g_value_set_boolean(value, s->draw); break;
    case PROP_ROI_META: g_value_set_boolean(value, s->roi_meta); break;
    case PROP_ROI_TYPE: g_value_set_string(value, s->roi_type.empty() ? nullptr : s->roi_type.c_str()); break;
    case PROP_MOUSE: g_value_set_boolean(value, s->mouse); break;
    case PROP_TRACKING: g_value_set_boolean(value, s->n_targets > 0); break;
    case PROP_MAX_TARGETS: g_value_set_uint(value, s->max_targets); break;
    case PROP_SHARE_FEATURES: g_value_set_boolean(value, s->share_features); break;
    case PROP_MOUSE_ADDS: g_value_set_boolean(value, s->mouse_adds); break;
    case PROP_DETECTIONS: g_value_set_boolean(value, s->detections); break;
    case PROP_MATCH_IOU: g_value_set_double(value, s->match_iou); break;
    case PROP_MAX_LOST_FRAMES: g_value_set_uint(value, s->max_lost_frames); break;
    case PROP_MAX_UNMATCHED_FRAMES: g_value_set_uint(value, s->max_unmatched_frames); break;
    case PROP_LATENCY_FRAMES: g_value_set_uint(value, s->latency_frames); break;
    case PROP_N_TARGETS: g_value_set_uint(value, s->n_targets); break;
    case PROP_HURRY: g_value_set_boolean(value, s->hurry); break;
    case PROP_HURRIED_FRAMES: g_value_set_uint64(value, s->hurried_frames); break;
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

void saetracker_install_properties(GObjectClass *gobject_class) {
  auto rw = GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  auto rw_playing = GParamFlags(rw | GST_PARAM_MUTABLE_PLAYING);

  g_object_class_install_property(gobject_class, PROP_MODEL,
      g_param_spec_string("model", "Model",
                          "floor (the default and most accurate so far: the training-free tracker on pretrained NanoDet-g "
                          "features, three-scale search; of the tracker tunables only lost- and recover-threshold apply), a bundled trained "
                          "model's name (nano: SAE heads on the pretrained NanoDet-g backbone; light: the smaller "
                          "scratch-trained network) or the path of a weights file written by saetrack-train (read when "
                          "the element starts)",
                          saetrack::kDefaultTracker, GParamFlags(rw | GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property(gobject_class, PROP_DEVICE,
      g_param_spec_string("device", "Device", "Compute device: cpu, cuda or cuda:N (CUDA needs a CUDA LibTorch build)",
                          "cpu", GParamFlags(rw | GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property(gobject_class, PROP_PRECISION,
      g_param_spec_string("precision", "Precision",
                          "The network's arithmetic: auto, fp32, fp16, bf16 or int8, weights converted when the "
                          "element starts; scores and boxes stay fp32. int8 runs the floor's backbone in 8-bit "
                          "integers on CPUs; auto is int8 for model=floor on a CPU with LibTorch's quantized engine, "
                          "fp32 otherwise. On CPU this LibTorch runs fp32, bf16 and int8, not fp16; an unsupported "
                          "choice is an error at start",
                          "auto", GParamFlags(rw | GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property(gobject_class, PROP_THREADS,
      g_param_spec_int("threads", "Threads",
                       "CPU threads for the network (0 = all cores; -1 = chosen while running: one or all cores, "
                       "whichever the last frames ran faster on, or with a live source one core while it keeps up with "
                       "the frame rate, checked again every 300 frames and when frames slow down); applied to the "
                       "element's streaming thread only, so other elements and the application keep their own "
                       "LibTorch thread settings",
                       -1, 256, DEFAULT_THREADS, GParamFlags(rw | GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property(gobject_class, PROP_PROCESS_TUNING,
      g_param_spec_boolean("process-tuning", "Process tuning",
                           "Apply process-wide settings, for the whole application: OpenBLAS single-threaded and glibc's "
                           "malloc thresholds raised so the attention buffers are reused. Speeds up the trained "
                           "models (nano, light); the default floor tracker gains nothing (read at start)",
                           DEFAULT_PROCESS_TUNING, GParamFlags(rw | GST_PARAM_MUTABLE_READY)));
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
  g_object_class_install_property(gobject_class, PROP_MAX_TARGETS,
      g_param_spec_uint("max-targets", "Maximum targets",
                        "Targets tracked at once; a target beyond the limit is refused with a warning", 1, 256,
                        DEFAULT_MAX_TARGETS, rw_playing));
  g_object_class_install_property(gobject_class, PROP_SHARE_FEATURES,
      g_param_spec_boolean("share-features", "Share features",
                           "Search windows of different targets that want the same scale share one backbone pass over "
                           "the frame region they cover (model=floor; fewer network pixels with many targets). Off: "
                           "every target crops its own search, as a lone target always does",
                           DEFAULT_SHARE_FEATURES, rw_playing));
  g_object_class_install_property(gobject_class, PROP_MOUSE_ADDS,
      g_param_spec_boolean("mouse-adds", "Mouse adds targets",
                           "A mouse drag adds a target (true) or replaces target 0 (false)", DEFAULT_MOUSE_ADDS,
                           rw_playing));
  g_object_class_install_property(gobject_class, PROP_DETECTIONS,
      g_param_spec_boolean("detections", "Detections",
                           "Treat upstream region-of-interest metas (of roi-type) as detections: each frame's regions "
                           "are matched to the targets by IoU, re-anchor the matched ones, start new targets, and "
                           "targets no region confirms are removed after max-lost-frames (lost) or "
                           "max-unmatched-frames",
                           DEFAULT_DETECTIONS, rw_playing));
  g_object_class_install_property(gobject_class, PROP_MATCH_IOU,
      g_param_spec_double("match-iou", "Match IoU", "Least IoU between a detection and a target's box to match them",
                          0.0, 1.0, DEFAULT_MATCH_IOU, rw_playing));
  g_object_class_install_property(gobject_class, PROP_MAX_LOST_FRAMES,
      g_param_spec_uint("max-lost-frames", "Maximum lost frames",
                        "With detections: a target lost this many frames and matched by no detection is removed",
                        1, G_MAXINT, DEFAULT_MAX_LOST_FRAMES, rw_playing));
  g_object_class_install_property(gobject_class, PROP_MAX_UNMATCHED_FRAMES,
      g_param_spec_uint("max-unmatched-frames", "Maximum unmatched frames",
                        "With detections: a target no detection has matched for this many frames is removed, lost or "
                        "not (a box that drifted off its object; 0 = never)",
                        0, G_MAXINT, DEFAULT_MAX_UNMATCHED_FRAMES, rw_playing));
  g_object_class_install_property(gobject_class, PROP_LATENCY_FRAMES,
      g_param_spec_uint("latency-frames", "Latency (frames)",
                        "Frame intervals the element adds to a live pipeline's latency: one for its own step, one for "
                        "the frame waiting behind it; more absorbs stalls of a busy machine (no frame dropped) at "
                        "the cost of delay",
                        1, 60, DEFAULT_LATENCY_FRAMES, rw_playing));
  g_object_class_install_property(gobject_class, PROP_HURRY,
      g_param_spec_boolean("hurry", "Hurry late frames",
                           "Live pipelines: a frame whose deadline at the sink (running time + latency) is nearer than "
                           "1.5 usual tracking steps is searched the cheap way (model=floor: one window, the template at "
                           "three scales; about half the cost), on one thread when threads=-1, instead of arriving late "
                           "and being dropped. Never for sources that are not live",
                           DEFAULT_HURRY, rw_playing));
  g_object_class_install_property(gobject_class, PROP_HURRIED_FRAMES,
      g_param_spec_uint64("hurried-frames", "Hurried frames",
                          "Frames tracked with the cheap search because they were about to be late (see hurry), since "
                          "the element started",
                          0, G_MAXUINT64, 0, GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
  g_object_class_install_property(gobject_class, PROP_N_TARGETS,
      g_param_spec_uint("n-targets", "Targets", "Targets being tracked", 0, G_MAXUINT, 0,
                        GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
  install_tunables(gobject_class);
  g_object_class_install_property(gobject_class, PROP_TRACKING,
      g_param_spec_boolean("tracking", "Tracking", "Whether a target is being tracked", FALSE,
                           GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

}
