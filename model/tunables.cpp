#include "tunables.h"

#include <algorithm>

namespace saetrack {

double Tunable::get(const TrackerParams &p) const {
  switch (kind) {
    case Kind::Double: return p.*real;
    case Kind::Int: return p.*integer;
    case Kind::Bool: return p.*boolean ? 1 : 0;
  }
  return 0;
}

void Tunable::set(TrackerParams &p, double v) const {
  v = std::clamp(v, min, max);
  switch (kind) {
    case Kind::Double: p.*real = v; break;
    case Kind::Int: p.*integer = int(v); break;
    case Kind::Bool: p.*boolean = v != 0; break;
  }
}

namespace {
Tunable real(const char *name, const char *nick, const char *blurb, double lo, double hi, double TrackerParams::*f) {
  return {name, nick, blurb, Tunable::Kind::Double, lo, hi, f, nullptr, nullptr};
}
Tunable integer(const char *name, const char *nick, const char *blurb, int lo, int hi, int TrackerParams::*f) {
  return {name, nick, blurb, Tunable::Kind::Int, double(lo), double(hi), nullptr, f, nullptr};
}
Tunable boolean(const char *name, const char *nick, const char *blurb, bool TrackerParams::*f) {
  return {name, nick, blurb, Tunable::Kind::Bool, 0, 1, nullptr, nullptr, f};
}
}  // namespace

const std::vector<Tunable> &tracker_tunables() {
  static const std::vector<Tunable> table{
      real("lost-threshold", "Lost threshold",
           "Peak score below which a frame counts as a miss; 3 misses in a row mean the target is lost", 0, 1,
           &TrackerParams::lost_threshold),
      real("recover-threshold", "Recover threshold", "Peak score needed to leave the lost state", 0, 1,
           &TrackerParams::recover_threshold),
      real("window-influence", "Window influence", "Weight of the cosine window (motion prior) against the score", 0, 1,
           &TrackerParams::window_influence),
      real("penalty-k", "Penalty k", "Strength of the scale/aspect-change penalty", 0, 10, &TrackerParams::penalty_k),
      real("size-lr", "Size learning rate", "How fast the box size follows the prediction (0 = fixed size)", 0, 1,
           &TrackerParams::lr),
      real("context", "Context", "Context margin around the target in the crops", 0, 4, &TrackerParams::context),
      real("similarity-weight", "Similarity weight",
           "Weight of the pretrained-feature similarity (no trained layer) against the trained classification score "
           "when choosing the target's position (0 = the trained score alone)",
           0, 1, &TrackerParams::similarity_weight),
      boolean("calibrate-size", "Calibrate size",
              "Scale the regressed box sizes so that on the first frame the network measures the given box (the "
              "regression then follows size changes, not its own idea of the object's extent)",
              &TrackerParams::calibrate_size),
      boolean("size-trust", "Size trust",
              "Scale size-lr by how well the regression measured the target's size on the first frame (1 minus "
              "its echo slope there): a regression that only repeats the estimate leaves the size alone",
              &TrackerParams::size_trust),
      integer("box-radius", "Box radius",
              "Average the boxes regressed within this many score cells of the peak, weighted by score (0 = the "
              "peak's box alone)",
              0, 12, &TrackerParams::box_radius),
      real("template-lr", "Template learning rate",
           "Template update: blend this much of the current frame's template into the kernels on confident frames "
           "(0 = fixed template)",
           0, 1, &TrackerParams::template_lr),
      real("template-min-score", "Template minimum score", "Peak score a frame needs to update the template", 0, 1,
           &TrackerParams::template_min_score),
      real("distractor-weight", "Distractor weight",
           "Distractor-aware suppression: subtract this much of the response to look-alikes seen beside the "
           "target in the previous frame (0 = off; the floor tracker only)",
           0, 1, &TrackerParams::distractor_weight),
      real("velocity-lr", "Velocity learning rate",
           "Motion model: centre the search where the target is heading, its per-frame motion smoothed at this "
           "rate (0 = off; the floor tracker only)",
           0, 1, &TrackerParams::velocity_lr),
      real("keep-track", "Keep track",
           "Follow the look-alikes around the target by their motion (KeepTrack's candidate association): the peak "
           "that continues the target's own track keeps the box while it reaches this share of the strongest peak, "
           "and the box waits where the target is heading while a look-alike covers it (0 = off: always the "
           "strongest peak; the floor tracker only)",
           0, 1, &TrackerParams::keep_track),
      boolean("template-scales", "Template scales",
              "Search one window per frame and measure the scale change with the template at three scales instead "
              "of the search at three scales (one backbone crop per target instead of three; the floor tracker only)",
              &TrackerParams::template_scales),
      integer("template-scales-from", "Template scales from",
              "Search with template scales (as template-scales=true) while at least this many targets are tracked, "
              "so that many targets stay real-time (0 = never; the floor tracker only)",
              0, 1024, &TrackerParams::template_scales_from),
      boolean("aspect-ratio", "Aspect ratio",
              "Follow the target's aspect-ratio change (an object turning or seen in perspective), measured with "
              "the first frame's template stretched to 21 aspect ratios (the floor tracker only; not with template "
              "scales; turning it on takes effect when a target is set)",
              &TrackerParams::aspect_ratio),
      boolean("flow-scale", "Flow scale",
              "Also follow the target's scale change between frames by the optical flow of corners in its box "
              "(Median Flow), where the points agree and moved with the found target (the floor tracker only)",
              &TrackerParams::flow_scale),
      integer("lost-search-size", "Lost search size",
              "Side in pixels of the wider search image used while the target is lost (255 = no wider search)",
              255, 767, &TrackerParams::lost_search_size),
  };
  return table;
}

}  // namespace saetrack
