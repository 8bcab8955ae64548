// The saetracker element's property ids and defaults and its C++ state (owned through a pointer
// so GObject's zero-initialised instance stays POD), shared by the element and its properties.
#pragma once
#include <gst/gst.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bgr_frames.h"
#include "step_deadline.h"
#include "target_sources.h"
#include "multi_target_tracker.h"
#include "thread_choice.h"
#include "tracker.h"  // TrackerParams

// -1 = chosen while running (saetrack::ThreadChoice): two threads are faster on cores given to the
// pipeline, one when another process keeps a core busy (OpenMP teams then stall at every operator's
// barrier); no fixed count is right on every machine (docs/performance.md).
#define THREADS_AUTO -1
#define DEFAULT_THREADS THREADS_AUTO
#define DEFAULT_DRAW TRUE
#define DEFAULT_ROI_META FALSE
#define DEFAULT_MOUSE TRUE
#define DEFAULT_PROCESS_TUNING FALSE
#define DEFAULT_MAX_TARGETS 16
#define DEFAULT_SHARE_FEATURES TRUE
#define DEFAULT_MOUSE_ADDS FALSE
#define DEFAULT_DETECTIONS FALSE
#define DEFAULT_MATCH_IOU 0.3
#define DEFAULT_MAX_LOST_FRAMES 30
#define DEFAULT_MAX_UNMATCHED_FRAMES 30
#define DEFAULT_LATENCY_FRAMES 2
#define DEFAULT_HURRY TRUE
// Target changes queued between two frames beyond this are dropped with a warning (bounded memory
// whatever a flood of signals does).
#define MAX_QUEUED_TARGET_OPS 1024

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
  PROP_PROCESS_TUNING,
  PROP_TRACKING,
  PROP_MAX_TARGETS,
  PROP_MOUSE_ADDS,
  PROP_DETECTIONS,
  PROP_MATCH_IOU,
  PROP_MAX_LOST_FRAMES,
  PROP_MAX_UNMATCHED_FRAMES,
  PROP_N_TARGETS,
  PROP_PRECISION,
  PROP_SHARE_FEATURES,
  PROP_LATENCY_FRAMES,
  PROP_HURRY,
  PROP_HURRIED_FRAMES,
  PROP_TUNABLE_FIRST,  // the tracker's tunables follow, in saetrack::tracker_tunables() order
};

struct SaeState {
  std::mutex lock;  // guards everything below that properties/signals/navigation touch
  std::string model, device = "cpu", precision = "auto";
  int threads = DEFAULT_THREADS;
  bool process_tuning = DEFAULT_PROCESS_TUNING;
  guint init_x = 0, init_y = 0, init_w = 0, init_h = 0;
  bool draw = DEFAULT_DRAW, roi_meta = DEFAULT_ROI_META, mouse = DEFAULT_MOUSE;
  std::string roi_type;
  saetrack::TrackerParams params;
  guint max_targets = DEFAULT_MAX_TARGETS;
  bool share_features = DEFAULT_SHARE_FEATURES;
  bool mouse_adds = DEFAULT_MOUSE_ADDS, detections = DEFAULT_DETECTIONS;
  double match_iou = DEFAULT_MATCH_IOU;
  guint max_lost_frames = DEFAULT_MAX_LOST_FRAMES;
  guint max_unmatched_frames = DEFAULT_MAX_UNMATCHED_FRAMES;
  std::vector<TargetOp> ops;  // applied by the streaming thread on the next frame
  int64_t next_id = 1;        // add-target's ids (target 0 is the object-initial-*/set-target one)
  MouseSelection mouse_selection;  // a drag in progress (frame pixels)
  // Streaming-thread state.
  int running_threads = DEFAULT_THREADS;  // `threads` as of start(), applied to the streaming thread only
  std::unique_ptr<saetrack::ThreadChoice> thread_choice;  // threads=-1: the count, measured as frames go
  std::unique_ptr<saetrack::MultiTargetTracker> targets;
  std::atomic<guint> n_targets{0};     // read by the "n-targets" and "tracking" properties from any thread
  std::vector<int64_t> seen_region_ids;  // upstream ROI ids already made targets in this stream
  bool ever_targeted = false;
  bool streaming_warmed = false;  // a live stream's thread warmed up since start()
  guint64 frame = 0;
  int width = 0, height = 0;
  // From the caps' framerate (streaming thread); read by latency queries from any thread.
  std::atomic<GstClockTime> frame_interval{GST_CLOCK_TIME_NONE};
  std::atomic<guint> latency_frames{DEFAULT_LATENCY_FRAMES};  // frame intervals added to a live latency
  // Late frames in live pipelines (step_deadline.h): the pipeline's latency (its LATENCY event),
  // whether upstream is live (caps time), the full step's cost, frames tracked in a hurry.
  std::atomic<bool> hurry{DEFAULT_HURRY};
  std::atomic<GstClockTime> pipeline_latency{GST_CLOCK_TIME_NONE};
  bool live = false;
  StepDeadline deadline;
  std::atomic<guint64> hurried_frames{0};
  BgrFrames frames;

  // Queues a target change (lock held); false when the queue is full.
  bool queue(TargetOp op) {
    if (op.kind == TargetOp::Kind::Set && !ops.empty() && ops.back().kind == TargetOp::Kind::Set && ops.back().id == op.id) {
      ops.back() = op;  // the same target re-set before the next frame: only the last box counts
      return true;
    }
    if (ops.size() >= MAX_QUEUED_TARGET_OPS) return false;
    ops.push_back(op);
    return true;
  }
  // Queues the object-initial-* box (when complete) as the target for the next frame; lock held.
  void request_initial_target() {
    if (init_w > 0 && init_h > 0)
      queue({TargetOp::Kind::Set, 0,
             TargetRequest{double(init_x), double(init_y), double(init_w), double(init_h), "object-initial-* properties"}});
  }
};

// Properties (saetracker_properties.cpp): installed on the class, set and read under state->lock.
void saetracker_install_properties(GObjectClass *klass);
void saetracker_set_property(SaeState *s, GObject *object, guint id, const GValue *value, GParamSpec *pspec);
void saetracker_get_property(SaeState *s, GObject *object, guint id, GValue *value, GParamSpec *pspec);
