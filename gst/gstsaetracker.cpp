/**
 * SECTION:element-saetracker
 * @title: saetracker
 *
 * Tracks objects through video with the Siamese anchor-free tracker with multiscale spatial
 * attentions (SAE), up to max-targets at once on one network pass per frame. Target 0 comes from
 * the object-initial-* properties (same names as OpenCV's cvtracker), the "set-target" action
 * signal or a mouse drag in the video window; "add-target" adds more (returning their ids),
 * "remove-target" and "clear-target" remove them; with roi-meta=true upstream
 * GstVideoRegionOfInterestMetas add targets, and with detections=true they hand off to the targets
 * as a detector's output (matched by IoU, lost targets removed). Every frame with targets gets one
 * GstVideoRegionOfInterestMeta per target (roi type "saetracker", id = the target's id, parameter
 * structure "saetracker" with score, lost and age) and posts an element message "saetracker" with
 * the first target's x, y, width, height, score, lost, a "targets" array of every target, frame,
 * timestamp, stream-time and running-time; targets that come and go post
 * "saetracker-target-added" and "saetracker-target-removed".
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 filesrc location=vtest.avi ! decodebin ! videoconvert ! \
 *   saetracker object-initial-x=290 object-initial-y=190 object-initial-width=40 \
 *   object-initial-height=80 draw=true ! videoconvert ! autovideosink
 * ]|
 */
#include "gstsaetracker.h"


#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <optional>

#include "overlay.h"
#include "saetrack.h"
#include "saetracker_state.h"
#include "track_output.h"

GST_DEBUG_CATEGORY_STATIC(gst_sae_tracker_debug);
#define GST_CAT_DEFAULT gst_sae_tracker_debug

enum { SIGNAL_SET_TARGET, SIGNAL_CLEAR_TARGET, SIGNAL_ADD_TARGET, SIGNAL_REMOVE_TARGET, N_SIGNALS };
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

// Queues a target change for the next frame; lock held.
static bool queue_op(GstSaeTracker *self, TargetOp op) {
  if (self->s->queue(op)) return true;
  GST_WARNING_OBJECT(self, "more than %d target changes queued before one frame; dropping this one",
                     MAX_QUEUED_TARGET_OPS);
  return false;
}

static gboolean set_target_action(GstSaeTracker *self, gint x, gint y, gint w, gint h) {
  if (w <= 0 || h <= 0) {
    GST_WARNING_OBJECT(self, "set-target: ignoring empty box %dx%d", w, h);
    return FALSE;
  }
  GST_INFO_OBJECT(self, "set-target %d,%d %dx%d", x, y, w, h);
  std::lock_guard<std::mutex> l(self->s->lock);
  return queue_op(self, {TargetOp::Kind::Set, 0, TargetRequest{double(x), double(y), double(w), double(h), "set-target signal"}});
}

// Returns the new target's id (taken on the next frame), or -1 for an empty box.
static gint64 add_target_action(GstSaeTracker *self, gint x, gint y, gint w, gint h) {
  if (w <= 0 || h <= 0) {
    GST_WARNING_OBJECT(self, "add-target: ignoring empty box %dx%d", w, h);
    return -1;
  }
  std::lock_guard<std::mutex> l(self->s->lock);
  int64_t id = self->s->next_id;
  if (!queue_op(self, {TargetOp::Kind::Add, id, TargetRequest{double(x), double(y), double(w), double(h), "add-target signal"}}))
    return -1;
  self->s->next_id++;
  GST_INFO_OBJECT(self, "add-target %d,%d %dx%d -> id %" G_GINT64_FORMAT, x, y, w, h, id);
  return id;
}

static void remove_target_action(GstSaeTracker *self, gint64 id) {
  std::lock_guard<std::mutex> l(self->s->lock);
  queue_op(self, {TargetOp::Kind::Remove, id});
}

static void clear_target_action(GstSaeTracker *self) {
  std::lock_guard<std::mutex> l(self->s->lock);
  self->s->ops.clear();  // nothing queued before the clear matters
  queue_op(self, {TargetOp::Kind::Clear});
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
  std::string model, device, precision;
  int threads;
  bool process_tuning;
  saetrack::TrackerParams params;
  {
    std::lock_guard<std::mutex> l(s->lock);
    model = s->model, device = s->device, precision = s->precision, threads = s->threads, params = s->params,
    process_tuning = s->process_tuning;
    // A restarted stream (NULL/READY -> PAUSED) takes the object-initial-* box again, as on the first start.
    if (s->ops.empty()) s->request_initial_target();
    s->seen_region_ids.clear();
  }
  torch::Device dev(torch::kCPU);
  torch::ScalarType dtype = torch::kFloat;
  try {
    dev = saetrack::parse_device(device);
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS, ("Cannot use device '%s'.", device.c_str()), ("%s", e.what()));
    return FALSE;
  }
  try {
    dtype = saetrack::tracker_precision(precision, model, dev);
    saetrack::require_precision(dev, dtype);
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS, ("Cannot run the network in precision '%s' on '%s'.", precision.c_str(),
                      device.c_str()), ("%s", e.what()));
    return FALSE;
  }
  try {
    if (process_tuning) saetrack::tune_process();  // asked for: changes the whole application
    s->running_threads = threads;
    s->thread_choice.reset();
    if (threads == THREADS_AUTO && saetrack::cpu_cores() > 1)
      s->thread_choice = std::make_unique<saetrack::ThreadChoice>(std::vector<int>{1, saetrack::cpu_cores()});
    guint max_targets;
    {
      std::lock_guard<std::mutex> l(s->lock);
      max_targets = s->max_targets;
    }
    auto prototype = saetrack::make_tracker(model, params, dev, dtype);
    // Once per process and network: LibTorch's and oneDNN's one-time work is process-wide, and a
    // pipeline cycling through READY -> PAUSED must not pay a tracking step every time.
    static std::mutex warmed_lock;
    static std::set<std::string> warmed;
    const std::string key = model + '|' + device + '|' + precision;
    bool first;
    {
      std::lock_guard<std::mutex> l(warmed_lock);
      first = warmed.insert(key).second;
    }
    if (first) saetrack::warm_up(*prototype);
    s->targets = std::make_unique<saetrack::MultiTargetTracker>(std::move(prototype), max_targets);
    s->targets->set_id_source([s] {  // the same counter add-target hands ids out from
      std::lock_guard<std::mutex> l(s->lock);
      return s->next_id++;
    });
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR(self, RESOURCE, OPEN_READ, ("Could not load tracker weights from '%s'.", model.c_str()),
                      ("%s. Set the 'model' property to a bundled model's name (nano, light), to floor (the training-free "
                       "tracker) or to a weights file written by saetrack-train.", e.what()));
    return FALSE;
  }
  GST_INFO_OBJECT(self, "loaded %s (%s) on %s in %s with %d threads", model.c_str(),
                  s->targets->prototype().name().c_str(), device.c_str(), saetrack::precision_name(dtype).c_str(), threads);
  s->ever_targeted = false;
  s->streaming_warmed = false;
  s->frame = 0;
  s->live = false;
  s->deadline.reset();
  s->hurried_frames = 0;
  s->pipeline_latency = GST_CLOCK_TIME_NONE;
  return TRUE;
}

static gboolean gst_sae_tracker_stop(GstBaseTransform *trans) {
  SaeState *s = GST_SAE_TRACKER(trans)->s;
  s->targets.reset();
  s->frames.reset();
  s->n_targets = 0;
  s->width = s->height = 0;
  return TRUE;
}

static bool upstream_is_live(GstBaseTransform *trans) {
  GstQuery *query = gst_query_new_latency();
  gboolean live = FALSE;
  if (gst_pad_peer_query(GST_BASE_TRANSFORM_SINK_PAD(trans), query)) gst_query_parse_latency(query, &live, nullptr, nullptr);
  gst_query_unref(query);
  return live;
}

// A live source's first frames must not wait for this thread's first-time work: its malloc arena
// faulting in the step's buffers (thousands of page faults, ~40 ms a frame on this VM), its OpenMP
// team, kernels for this frame size. start()'s warm-up ran on the application's thread, so the
// streaming thread repeats it once, on every thread count it will use, before the first frame
// (docs/performance.md: first two frames 60-85 and 50-65 ms without it, 20 ms with it).
static void warm_up_streaming_thread(GstSaeTracker *self, int width, int height) {
  SaeState *s = self->s;
  const gint64 start_us = g_get_monotonic_time();
  const std::vector<int> counts = s->thread_choice ? s->thread_choice->candidates() : std::vector<int>{s->running_threads};
  for (int n : counts) {
    saetrack::use_threads_on_this_thread(n);
    saetrack::warm_up(s->targets->prototype(), width, height);
  }
  GST_INFO_OBJECT(self, "live source: streaming thread warmed up in %.1f ms",
                  double(g_get_monotonic_time() - start_us) / 1000.0);
}

static gboolean gst_sae_tracker_set_info(GstVideoFilter *filter, GstCaps *, GstVideoInfo *in_info, GstCaps *,
                                         GstVideoInfo *) {
  auto *self = GST_SAE_TRACKER(filter);
  SaeState *s = self->s;
  int w = GST_VIDEO_INFO_WIDTH(in_info), h = GST_VIDEO_INFO_HEIGHT(in_info);
  if (s->targets && s->width > 0 && (w != s->width || h != s->height)) {
    // Resolution change mid-stream: keep the targets, rescaled into the new frame.
    GST_INFO_OBJECT(self, "resolution changed %dx%d -> %dx%d, rescaling the targets", s->width, s->height, w, h);
    s->targets->rescale(double(w) / s->width, double(h) / s->height);
  }
  s->width = w, s->height = h;
  s->live = upstream_is_live(GST_BASE_TRANSFORM(self));
  if (s->targets && !s->streaming_warmed && s->live) {
    try {
      warm_up_streaming_thread(self, w, h);
    } catch (const std::exception &e) {  // the first frame will say what is wrong, as without it
      GST_WARNING_OBJECT(self, "warm-up failed: %s", e.what());
    }
    s->streaming_warmed = true;
  }
  GstClockTime interval = GST_VIDEO_INFO_FPS_N(in_info) > 0
                              ? gst_util_uint64_scale_int(GST_SECOND, GST_VIDEO_INFO_FPS_D(in_info), GST_VIDEO_INFO_FPS_N(in_info))
                              : GST_CLOCK_TIME_NONE;
  if (s->frame_interval.exchange(interval) != interval)
    gst_element_post_message(GST_ELEMENT(self), gst_message_new_latency(GST_OBJECT(self)));
  // A live source needs steps that keep up with it, with the deadline's margin to spare; one
  // thread that does is chosen over two faster ones, which stall whenever the machine gets busy.
  if (s->thread_choice)
    s->thread_choice->set_enough_ms(s->live && GST_CLOCK_TIME_IS_VALID(interval)
                                        ? double(interval) / 1e6 / StepDeadline::kMargin : 0);
  if (!s->frames.configure(in_info)) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("Cannot convert %s video for tracking.",
                      gst_video_format_to_string(GST_VIDEO_INFO_FORMAT(in_info))), (nullptr));
    return FALSE;
  }
  return TRUE;
}

// Targets may take ids add-target did not hand out (upstream regions'); add-target skips them.
static void note_id_in_use(SaeState *s, int64_t id) {
  std::lock_guard<std::mutex> l(s->lock);
  s->next_id = std::max(s->next_id, id + 1);
}

static bool box_in_frame(const TargetRequest &r, int w, int h) {
  return r.w > 0 && r.h > 0 && r.x < w && r.y < h && r.x + r.w > 0 && r.y + r.h > 0;
}

// Applies one queued change; a bad box or a full set is a warning and changes nothing.
static void apply_op(GstSaeTracker *self, const TargetOp &op, const cv::Mat &bgr) {
  SaeState *s = self->s;
  auto &targets = *s->targets;
  if (op.kind == TargetOp::Kind::Clear) {
    for (const auto &t : targets.targets()) announce_target_removed(GST_BASE_TRANSFORM(self), t.id, "cleared");
    targets.clear();
    GST_INFO_OBJECT(self, "targets cleared");
    return;
  }
  if (op.kind == TargetOp::Kind::Remove) {
    if (targets.remove(op.id)) announce_target_removed(GST_BASE_TRANSFORM(self), op.id, "remove-target");
    else GST_ELEMENT_WARNING(self, STREAM, FAILED, ("remove-target: no target with id %" G_GINT64_FORMAT ".", op.id),
                             ("the live targets are listed in each frame's saetracker message"));
    return;
  }
  const TargetRequest &r = op.box;
  if (!box_in_frame(r, s->width, s->height)) {
    GST_ELEMENT_WARNING(self, STREAM, FAILED, ("Ignoring target box from %s.", r.source),
                        ("box %.0f,%.0f %.0fx%.0f is empty or outside the %dx%d frame", r.x, r.y, r.w, r.h, s->width,
                         s->height));
    return;
  }
  saetrack::Box box{r.x, r.y, r.w, r.h};
  try {
    bool existed = targets.find(op.id) != nullptr;
    int64_t id = op.kind == TargetOp::Kind::Set ? targets.set(bgr, box, op.id) : targets.add(bgr, box, op.id);
    s->ever_targeted = true;
    note_id_in_use(s, id);
    if (!existed) announce_target_added(GST_BASE_TRANSFORM(self), *targets.find(id), r.source);
    GST_INFO_OBJECT(self, "target %" G_GINT64_FORMAT " from %s: %.0f,%.0f %.0fx%.0f", id, r.source, r.x, r.y, r.w, r.h);
  } catch (const saetrack::TargetLimitError &e) {
    GST_ELEMENT_WARNING(self, STREAM, FAILED, ("Ignoring target box from %s: %s.", r.source, e.what()),
                        ("raise max-targets or remove a target first"));
  }
}

// Upstream regions: in detections mode every frame's regions hand off to the targets; otherwise a
// region with an id not seen before in this stream becomes a target.
static void apply_regions(GstSaeTracker *self, const std::vector<UpstreamRegion> &regions, bool detections,
                          const saetrack::HandOffParams &hand_off, const cv::Mat &bgr) {
  SaeState *s = self->s;
  auto &targets = *s->targets;
  if (detections) {
    std::vector<saetrack::Box> boxes;
    std::vector<std::optional<int64_t>> ids;
    for (const auto &r : regions) {
      boxes.push_back({r.box.x, r.box.y, r.box.w, r.box.h});
      ids.push_back(r.id > 0 ? std::optional<int64_t>(r.id) : std::nullopt);  // 0: the producer set none
    }
    auto h = targets.hand_off(bgr, boxes, ids, hand_off);
    for (int64_t id : h.added) note_id_in_use(s, id);
    for (int64_t id : h.removed) announce_target_removed(GST_BASE_TRANSFORM(self), id, "lost");
    for (int64_t id : h.added) announce_target_added(GST_BASE_TRANSFORM(self), *targets.find(id), "detection");
    if (h.refused)
      GST_ELEMENT_WARNING(self, STREAM, FAILED, ("%zu detections not tracked: already %zu targets.", h.refused,
                          targets.targets().size()), ("raise max-targets"));
    s->ever_targeted |= !targets.targets().empty();
    return;
  }
  for (const auto &r : regions) {
    auto &seen = s->seen_region_ids;
    if (std::find(seen.begin(), seen.end(), r.id) != seen.end()) continue;
    seen.push_back(r.id);
    apply_op(self, {TargetOp::Kind::Add, r.id, r.box}, bgr);
  }
}

// threads=-1: a full step (full_step in transform_frame_ip) tells the thread choice what its thread
// count costs; a change in the targets changes the cost, so it starts over.
static void note_frame_cost(GstSaeTracker *self, saetrack::ThreadChoice &choice, bool targets_changed,
                            bool full_step, double ms) {
  if (targets_changed) {
    choice.restart();
    return;
  }
  if (!full_step) return;
  const bool was_settled = choice.settled();
  choice.measured(ms);
  if (!was_settled && choice.settled()) GST_INFO_OBJECT(self, "threads: %s", choice.summary().c_str());
}

// Whether this frame must be tracked the cheap way to reach a live pipeline's sink in time
// (step_deadline.h). Never for a source that is not live: offline results must not depend on the
// machine's speed.
static bool must_hurry(GstSaeTracker *self, GstBuffer *buf) {
  SaeState *s = self->s;
  if (!s->hurry || !s->live) return false;
  auto slack = StepDeadline::slack_ms(GST_ELEMENT(self), GST_BASE_TRANSFORM(self)->segment, buf, s->pipeline_latency);
  if (!slack || !s->deadline.hurry(*slack)) return false;
  s->deadline.hurried();
  s->hurried_frames++;
  GST_DEBUG_OBJECT(self, "frame %" G_GUINT64_FORMAT ": %.1f ms to its deadline, a full step takes %.1f: hurrying",
                   s->frame, *slack, s->deadline.estimate_ms());
  return true;
}

static GstFlowReturn gst_sae_tracker_transform_frame_ip(GstVideoFilter *filter, GstVideoFrame *frame) {
  auto *self = GST_SAE_TRACKER(filter);
  SaeState *s = self->s;
  std::vector<TargetOp> ops;
  bool draw, dragging, detections, from_regions;
  std::string roi_type;
  saetrack::HandOffParams hand_off;
  double d[4];
  {
    std::lock_guard<std::mutex> l(s->lock);
    ops.swap(s->ops);
    draw = s->draw;
    const MouseSelection &m = s->mouse_selection;
    dragging = m.dragging && s->mouse;
    d[0] = m.x0, d[1] = m.y0, d[2] = m.x1, d[3] = m.y1;
    s->targets->set_params(s->params);  // tunables may change while playing
    s->targets->set_max_targets(s->max_targets);
    s->targets->set_sharing(s->share_features ? std::optional<saetrack::SharingParams>(saetrack::SharingParams{})
                                              : std::nullopt);
    detections = s->detections && s->roi_meta;
    from_regions = s->roi_meta;
    roi_type = s->roi_type;
    hand_off.match_iou = s->match_iou;
    hand_off.max_lost_frames = s->max_lost_frames;
    hand_off.max_unmatched_frames = s->max_unmatched_frames;
    hand_off.refresh_score = s->params.lost_threshold;
  }
  try {
    auto *choice = s->thread_choice.get();
    auto &targets = *s->targets;
    const size_t targets_before = targets.targets().size();
    std::vector<UpstreamRegion> regions;
    if (from_regions) regions = regions_from_roi_meta(frame->buffer, roi_type, 4 * std::max<size_t>(targets.max_targets(), 16));
    bool need_frame = !targets.targets().empty() || !ops.empty() || !regions.empty();
    const gint64 start_us = g_get_monotonic_time();
    const bool hurry = need_frame && must_hurry(self, frame->buffer);
    // Never the process-wide setting. A hurried frame with threads chosen while running takes one:
    // late frames mean a busy machine, where a two-thread step can wait at OpenMP's barriers for
    // as long as the busy spell lasts (one step of 1,016 ms measured, docs/performance.md).
    saetrack::use_threads_on_this_thread(choice ? (hurry ? 1 : choice->threads()) : std::max(s->running_threads, 0));
    cv::Mat bgr = need_frame ? s->frames.view(frame) : cv::Mat();
    // Existing targets move first; new and re-set ones start on this frame's boxes.
    targets.update(bgr, hurry);
    for (const auto &op : ops) apply_op(self, op, bgr);
    if (from_regions) apply_regions(self, regions, detections, hand_off, bgr);
    publish_targets(GST_BASE_TRANSFORM(self), frame, targets.targets(), s->frame);
    if (draw)
      for (const auto &t : targets.targets())
        saetrack_draw_box(frame, int(t.result.box.x), int(t.result.box.y), int(t.result.box.w), int(t.result.box.h), 3,
                          t.result.lost ? 0xffff3030 : saetrack_target_colour(t.id));
    s->n_targets = guint(targets.targets().size());
    const double ms = double(g_get_monotonic_time() - start_us) / 1000.0;
    // Where a live pipeline's late frames come from: GST_DEBUG=saetracker:6 shows each frame's cost.
    GST_LOG_OBJECT(self, "frame %" G_GUINT64_FORMAT ": %u targets, %.2f ms%s", s->frame, s->n_targets.load(), ms,
                   hurry ? " (hurried)" : "");
    // A full step: the same targets as the frame before tracked, nothing else, not hurried (hurried
    // steps measure the cheap search, not what the thread choice and the deadline compare).
    const bool targets_changed = targets_before != targets.targets().size();
    const bool full_step = ops.empty() && !hurry && targets_before > 0 && !targets_changed;
    if (full_step) s->deadline.measured_full_step(ms);
    if (choice) note_frame_cost(self, *choice, targets_changed, full_step, ms);
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
  if (GST_EVENT_TYPE(event) == GST_EVENT_LATENCY) {  // the pipeline's latency, for late frames (step_deadline.h)
    GstClockTime latency;
    gst_event_parse_latency(event, &latency);
    s->pipeline_latency = latency;
    GST_INFO_OBJECT(self, "pipeline latency %" GST_TIME_FORMAT, GST_TIME_ARGS(latency));
  }
  if (GST_EVENT_TYPE(event) == GST_EVENT_NAVIGATION) {
    std::lock_guard<std::mutex> l(s->lock);
    if (s->mouse)
      if (auto req = s->mouse_selection.handle(event)) {
        if (s->mouse_adds) queue_op(self, {TargetOp::Kind::Add, s->next_id++, *req});
        else queue_op(self, {TargetOp::Kind::Set, 0, *req});
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
  delete self->s;
  G_OBJECT_CLASS(gst_sae_tracker_parent_class)->finalize(object);
}

static void gst_sae_tracker_init(GstSaeTracker *self) {
  self->s = new SaeState();
  self->s->model = saetrack::kDefaultTracker;
  // Late frames may be dropped by the base class under QoS; tracking just skips them.
  gst_base_transform_set_qos_enabled(GST_BASE_TRANSFORM(self), TRUE);
}

// An action signal taking a box (x, y, width, height as gint).
static guint box_action_signal(GstSaeTrackerClass *klass, const char *name, GCallback handler, GType returns) {
  return g_signal_new_class_handler(name, G_TYPE_FROM_CLASS(klass), GSignalFlags(G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION),
                                    handler, nullptr, nullptr, nullptr, returns, 4, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT,
                                    G_TYPE_INT);
}

// Live pipelines must allow for the tracking step: the element adds `latency-frames` frame
// intervals to the latency, by default two: one for its own step (a tracker slower than the frame
// rate cannot keep up at any latency) and one for the frame before it still in the step (a queue
// upstream lets frames wait). Without it every frame reaches a synchronised sink late and QoS
// drops frames; more absorbs the occasional stall of a shared machine.
static gboolean gst_sae_tracker_query(GstBaseTransform *trans, GstPadDirection direction, GstQuery *query) {
  if (!GST_BASE_TRANSFORM_CLASS(gst_sae_tracker_parent_class)->query(trans, direction, query)) return FALSE;
  GstClockTime interval = GST_SAE_TRACKER(trans)->s->frame_interval;
  if (direction == GST_PAD_SRC && GST_QUERY_TYPE(query) == GST_QUERY_LATENCY && GST_CLOCK_TIME_IS_VALID(interval)) {
    gboolean live;
    GstClockTime min, max;
    gst_query_parse_latency(query, &live, &min, &max);
    GstClockTime own = GST_SAE_TRACKER(trans)->s->latency_frames * interval;
    GST_DEBUG_OBJECT(trans, "adding %" GST_TIME_FORMAT " to the latency", GST_TIME_ARGS(own));
    gst_query_set_latency(query, live, min + own, GST_CLOCK_TIME_IS_VALID(max) ? max + own : max);
  }
  return TRUE;
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
  signals[SIGNAL_SET_TARGET] = box_action_signal(klass, "set-target", G_CALLBACK(set_target_action), G_TYPE_BOOLEAN);
  /**
   * GstSaeTracker::clear-target:
   * Removes every target; no meta or messages until a new target is set.
   */
  signals[SIGNAL_CLEAR_TARGET] = g_signal_new_class_handler(
      "clear-target", G_TYPE_FROM_CLASS(klass), GSignalFlags(G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION),
      G_CALLBACK(clear_target_action), nullptr, nullptr, nullptr, G_TYPE_NONE, 0);
  /**
   * GstSaeTracker::add-target:
   * Adds a target box (x, y, width, height in frame pixels), started on the next frame. Returns
   * its id (never reused in the element's life), or -1 for an empty box. A box outside the frame
   * or beyond max-targets is refused on that frame with a warning.
   */
  signals[SIGNAL_ADD_TARGET] = box_action_signal(klass, "add-target", G_CALLBACK(add_target_action), G_TYPE_INT64);
  /**
   * GstSaeTracker::remove-target:
   * Removes the target with this id on the next frame (an unknown id is a warning).
   */
  signals[SIGNAL_REMOVE_TARGET] = g_signal_new_class_handler(
      "remove-target", G_TYPE_FROM_CLASS(klass), GSignalFlags(G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION),
      G_CALLBACK(remove_target_action), nullptr, nullptr, nullptr, G_TYPE_NONE, 1, G_TYPE_INT64);

  gst_element_class_set_static_metadata(element_class, "SAE object tracker", "Filter/Analyzer/Video",
                                        "Tracks objects with a Siamese anchor-free network with multiscale "
                                        "spatial attentions and attaches their boxes as region-of-interest meta",
                                        "saetrack developers");
  gst_element_class_add_static_pad_template(element_class, &sink_template);
  gst_element_class_add_static_pad_template(element_class, &src_template);

  trans_class->start = GST_DEBUG_FUNCPTR(gst_sae_tracker_start);
  trans_class->stop = GST_DEBUG_FUNCPTR(gst_sae_tracker_stop);
  trans_class->src_event = GST_DEBUG_FUNCPTR(gst_sae_tracker_src_event);
  trans_class->sink_event = GST_DEBUG_FUNCPTR(gst_sae_tracker_sink_event);
  trans_class->query = GST_DEBUG_FUNCPTR(gst_sae_tracker_query);
  filter_class->set_info = GST_DEBUG_FUNCPTR(gst_sae_tracker_set_info);
  filter_class->transform_frame_ip = GST_DEBUG_FUNCPTR(gst_sae_tracker_transform_frame_ip);
}
