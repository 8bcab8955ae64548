// The saetracker element's property ids and defaults and its C++ state (owned through a pointer
// so GObject's zero-initialised instance stays POD), shared by the element and its properties.
#pragma once
#include <gst/gst.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "bgr_frames.h"
#include "target_sources.h"
#include "tracker.h"  // TrackerParams, SingleTargetTracker

// One thread: in a pipeline the decoder shares the cores, and OpenMP teams then stall at every op
// barrier (light network in a vtest.avi pipeline: 29 ms/frame on 1 thread, 52 on 2; docs/performance.md).
#define DEFAULT_THREADS 1
#define DEFAULT_DRAW TRUE
#define DEFAULT_ROI_META FALSE
#define DEFAULT_MOUSE TRUE
#define DEFAULT_PROCESS_TUNING FALSE

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
  PROP_TUNABLE_FIRST,  // the tracker's tunables follow, in saetrack::tracker_tunables() order
};

struct SaeState {
  std::mutex lock;  // guards everything below that properties/signals/navigation touch
  std::string model, device = "cpu";
  int threads = DEFAULT_THREADS;
  bool process_tuning = DEFAULT_PROCESS_TUNING;
  guint init_x = 0, init_y = 0, init_w = 0, init_h = 0;
  bool draw = DEFAULT_DRAW, roi_meta = DEFAULT_ROI_META, mouse = DEFAULT_MOUSE;
  std::string roi_type;
  saetrack::TrackerParams params;
  std::optional<TargetRequest> pending;
  bool clear = false;
  MouseSelection mouse_selection;  // a drag in progress (frame pixels)
  // Streaming-thread state.
  int running_threads = DEFAULT_THREADS;  // `threads` as of start(), applied to the streaming thread only
  std::unique_ptr<saetrack::SingleTargetTracker> tracker;
  std::atomic<bool> tracking{false};  // read by the "tracking" property from any thread
  bool ever_targeted = false;
  guint64 frame = 0;
  int width = 0, height = 0;
  BgrFrames frames;

  // Queues the object-initial-* box (when complete) as the target for the next frame; lock held.
  void request_initial_target() {
    if (init_w > 0 && init_h > 0)
      pending = TargetRequest{double(init_x), double(init_y), double(init_w), double(init_h), "object-initial-* properties"};
  }
};

// Properties (saetracker_properties.cpp): installed on the class, set and read under state->lock.
void saetracker_install_properties(GObjectClass *klass);
void saetracker_set_property(SaeState *s, GObject *object, guint id, const GValue *value, GParamSpec *pspec);
void saetracker_get_property(SaeState *s, GObject *object, guint id, GValue *value, GParamSpec *pspec);
