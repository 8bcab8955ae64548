// Synthetic scenes built from real photographs: an object cut from one photo (soft elliptical or
// rectangular mask) moving over another photo, with look-alike distractors and occluders. Used
// for training pairs and to generate validation/test sequences with exact ground truth.
#pragma once
#include <opencv2/core.hpp>

#include <random>
#include <string>
#include <vector>

#include "geometry.h"
#include "sequence.h"

namespace saetrack::scenes {

using Rng = std::mt19937_64;

struct Sprite {
  cv::Mat patch;  // BGR
  cv::Mat alpha;  // CV_32F 0..1, same size
};

// A w x h region of a random image with a soft mask.
Sprite random_sprite(const std::vector<cv::Mat> &images, int w, int h, Rng &rng);
// Crops a random region of a random image and resizes it to w x h.
cv::Mat random_background(const std::vector<cv::Mat> &images, int w, int h, Rng &rng);
// Alpha-blends the sprite, resized to the box, onto canvas (clipped to the canvas).
void paste(cv::Mat &canvas, const Sprite &s, const Box &box);
// Photometric change between two views of a scene (brightness, contrast, per-channel gain).
void colour_jitter(cv::Mat &img, double strength, Rng &rng);
// The same sprite with changed colours (a look-alike distractor; strength as colour_jitter's).
Sprite recolour(const Sprite &s, Rng &rng, double strength = 1.5);
// A walking figure's gait: the lower half sheared sideways by shear x its height below the middle.
Sprite with_gait(const Sprite &s, double shear);

// Real photographed objects cut out along their outline (PNG alpha), cropped to their visible
// extent: every *.png under dir that has an alpha channel, longer side at most max_side.
std::vector<Sprite> load_object_sprites(const std::string &dir, int max_side = 256);

struct SceneOptions {
  int distractors = 2;     // other movers, half of them recoloured look-alikes of the target
  bool occluder = true;    // a narrow occluder sweeps across the target once
  double speed = 1.0;      // velocity scale (1: about 2 px per frame on average)
  // Cut-out objects: with probability object_share the target (and the look-alikes) is one of
  // these instead of a soft-masked photo region. Without objects the random stream is unchanged.
  const std::vector<Sprite> *objects = nullptr;
  double object_share = 0.5;
  // The target's aspect ratio drifts as a planar object's does in perspective (its picture is
  // squashed with the box): the random step of log(w/h) per frame, like the scale's (0.004).
  // 0 keeps the aspect ratio and leaves the random stream unchanged.
  double aspect_change = 0;
  // A camera approaching or receding: the target's log size also changes by a steady rate per
  // frame drawn from ±[zoom/2, zoom] (turning back at the size limits), on top of the random
  // walk. Real footage zooms like this for hundreds of frames; the random walk alone (±0.5 % a
  // frame, mean-reverting) seldom does. 0 leaves the random stream unchanged.
  double zoom = 0;
  // A crowd, as in the README demo: this many look-alikes walk through the target's path, each
  // meeting it at its own frame from another direction at walking speed, some pausing beside it,
  // half passing in front of it. With it the target walks steadily (a pedestrian, not a wanderer)
  // and every walker has a gait, so appearance is not rigid. 0 leaves the random stream unchanged.
  int crossings = 0;
  // With a crowd: this many posts (a lamp post, a sign's pole) stand in front of the target's path,
  // from above its head to the bottom of the frame, each where the target passes at its own frame,
  // so the target walks behind them (the README demo's pedestrian at the lamp post). 0 leaves the
  // random stream unchanged.
  int posts = 0;
};

// A sequence of n frames (width x height, held in Sequence::images, layout "generated"): the target drifts with smooth random velocity and
// scale, bounces off the borders, and meets moving distractors and a passing occluder. walkers: when
// given, the crossing look-alikes' boxes (SceneOptions::crossings), [walker][frame].
Sequence generate_sequence(const std::vector<cv::Mat> &images, int n, int width, int height, Rng &rng,
                           const SceneOptions &opt = {}, std::vector<std::vector<Box>> *walkers = nullptr);

// Several objects in one scene (multi-object tracking): per frame every object's box and how
// much of it is visible (objects later in the list pass in front of earlier ones).
struct MultiObjectSequence {
  std::vector<cv::Mat> images;
  std::vector<std::vector<Box>> boxes;          // [frame][object]
  std::vector<std::vector<double>> visibility;  // [frame][object], 0..1
};

// n frames (width x height) with `objects` movers of distinct real-photo appearance (every third a
// recoloured look-alike of another), moving fast enough to cross and occlude each other.
MultiObjectSequence generate_multi_object_sequence(const std::vector<cv::Mat> &images, int n, int width, int height,
                                                   int objects, Rng &rng);

}  // namespace saetrack::scenes
