// The per-frame tracking procedure around the network (SiamFC/SiamRPN testing protocol with an
// anchor-free head, as SiamCAR): template crop with context and mean padding, cached template
// features, search crop around the previous position, score map (optionally upsampled), cosine
// window and scale/aspect penalty, box from the regression at the peak, smoothed size, clamped to
// the frame; plus a confidence, a lost state and a wider search while lost.
#pragma once
#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "geometry.h"
#include "network.h"
#include "single_target_tracker.h"

namespace saetrack {

struct TrackerParams {
  double context = 0.5;            // context margin: template side = sqrt((w+p)(h+p)), p = context*(w+h)
  double window_influence = 0.385; // weight of the cosine window against the penalised score
  double penalty_k = 0.0205;       // strength of the scale/aspect-change penalty
  double lr = 0.6;                 // size smoothing: new size = old*(1-l) + predicted*l, l = lr*penalty*score
                                   // (authors' OTB value 0.473; 0.6 for the nano weights with size calibration,
                                   // 0.02 for the light ones, whose regression echoes the estimate:
                                   // docs/tracker-tuning.md)
  int box_radius = 2;              // box = score-weighted mean of the boxes regressed within this many
                                   // cells of the peak (0: the peak cell's box alone, as SiamBAN)
  int upsample = 0;                // upsample the score map to this side (SiamCAR: 193); 0 = off
  double lost_threshold = 0.25;    // a frame whose peak score is below this counts as a miss
  int lost_frames = 3;             // consecutive misses before the target is declared lost
  double recover_threshold = 0.5;  // peak score needed to leave the lost state
  int lost_search_size = 383;      // search-image side while lost (wider search at the same scale)
  double min_size = 4.0;           // smallest box side in frame pixels
  double template_lr = 0.0;        // template update: kernels = (1-r)*kernels + r*kernels(current frame),
                                   // on frames whose peak score reaches template_min_score (0 = fixed template)
  double template_min_score = 0.9;
  double distractor_weight = 0.0;  // distractor-aware suppression (DaSiamRPN): subtract this much of the mean response
                                   // of look-alikes found beside the target in the previous frame (0 = off;
                                   // floor only; off by default: docs/tracker-tuning.md)
  bool template_scales = false;    // floor: one search window, the scale measured by the template at three scales
                                   // (one backbone crop per target instead of three; lets many targets share a pass)
  int template_scales_from = 4;    // floor: template scales for every target while at least this many targets are
                                   // tracked together (MultiTargetTracker; 0 = never): 8 targets at three scales
                                   // cost 4-5x one, a frame rate no live pipeline keeps (docs/performance.md)
  bool aspect_ratio = true;        // floor: measure the target's aspect-ratio change with stretched templates
                                   // (FloorParams; not with template scales or while lost)
  bool flow_scale = false;         // floor: the scale change between frames also measured by optical flow
                                   // (flow_size.h). Off: it gains on rigid targets (tuning sets, mate) but grew
                                   // the demo pedestrian's box by 27 % among other walkers (docs/tracker-tuning.md)
  double keep_track = 0.0;         // floor: candidate association (candidate_tracks.h): the peak continuing the
                                   // target's track keeps the box while it reaches this share of the strongest
                                   // peak (0 = off: the strongest peak)
  double velocity_lr = 0.0;        // constant-velocity motion model: the search is centred at the last position plus
                                   // the smoothed per-frame motion, smoothed at this rate (0 = off; floor only)
  bool calibrate_size = true;      // scale the regressed sizes so that, on the first frame, the network's box
                                   // equals the given one (the regression then measures size change, not
                                   // its own idea of the object's extent)
  bool size_trust = true;          // scale size-lr by how well the regression measured this target's size on the
                                   // first frame (1 - its echo slope there; 2 extra search passes at init)
  double similarity_weight = 0.75; // weight of the training-free similarity cue (SAENet's pretrained-feature
                                   // correlation, scaled to 1 for the template on its own frame) against the
                                   // trained classification score (0 = the trained score alone; 0.75 tuned for
                                   // the nano weights on held-back sequences, docs/tracker-tuning.md)
};

// The lost state both trackers keep: a frame whose peak score is below lost_threshold is a miss;
// after lost_frames misses in a row the target is lost until a score reaches recover_threshold.
class LostState {
 public:
  void update(double score, const TrackerParams &p);  // one frame's peak score
  bool lost() const { return lost_; }
  bool trusted() const { return trusted_; }  // the last frame may move the box: neither a miss nor lost
  void reset() { misses_ = 0, lost_ = false, trusted_ = true; }

 private:
  int misses_ = 0;
  bool lost_ = false, trusted_ = true;
};

enum class ColorOrder { BGR, RGB };

class Tracker : public SingleTargetTracker {
 public:
  // precision: the network's (runtime.h: parse_precision); scores and boxes are fp32 from its outputs on.
  explicit Tracker(SAENet net, TrackerParams params = {}, torch::Device device = torch::kCPU,
                   torch::ScalarType precision = torch::kFloat);

  // Starts tracking box in frame (8-bit, 3 channels). Throws std::invalid_argument for an empty
  // box or one with no overlap with the frame; a box partly outside is clipped.
  void init(const cv::Mat &bgr, const Box &box) override { init(bgr, box, ColorOrder::BGR); }
  TrackResult update(const cv::Mat &bgr) override { return update(bgr, ColorOrder::BGR); }
  void init(const cv::Mat &frame, const Box &box, ColorOrder order);
  TrackResult update(const cv::Mat &frame, ColorOrder order);
  // Same for an H x W x 3 uint8 tensor (on any device), and for a frame already on the tracker's device.
  void init(const torch::Tensor &frame, const Box &box, ColorOrder order = ColorOrder::BGR);
  TrackResult update(const torch::Tensor &frame, ColorOrder order = ColorOrder::BGR);
  void init(const DeviceFrame &bgr, const Box &box);
  TrackResult update(const DeviceFrame &bgr);

  bool initialized() const { return initialized_; }
  void reset() { initialized_ = false; }
  // Rescales the current state after the frame size changed (resolution change mid-stream).
  void rescale(double sx, double sy) override;
  const TrackerParams &params() const { return params_; }
  TrackerParams &params() { return params_; }
  const TrackResult &last() const override { return last_; }
  void set_params(const TrackerParams &p) override { params_ = p; }
  std::string name() const override { return "saetrack-" + net_->config().name; }
  std::unique_ptr<SingleTargetTracker> another() const override {
    return std::make_unique<Tracker>(net_, params_, device_, precision_);
  }
  void move_to(const Box &box) override;
  double size_trust() const { return size_trust_; }
  SAENet &net() { return net_; }

  // One search step without changing the state: the box the tracker would measure in bgr when its
  // estimate is `estimate` (search crop, score, penalty, window, peak, regressed box, size
  // calibration), the peak's score and its scale/aspect penalty. Diagnostics call this
  // (saetrack-size-response) so they measure the tracker that ships.
  struct Measurement {
    Box box;
    double score = 0, penalty = 1;
  };
  Measurement measure(const cv::Mat &bgr, const Box &estimate, bool lost = false);
  Measurement measure(const DeviceFrame &bgr, const Box &estimate, bool lost = false);

 private:
  std::vector<torch::Tensor> kernels_at(const DeviceFrame &bgr);  // template branch at the current state
  TrackResult step(const DeviceFrame &bgr);
  Square search_window(const Box &estimate, int search_size) const;  // the search crop around estimate
  HeadOutput search(const DeviceFrame &bgr, const Square &window, int search_size);
  Measurement locate(const HeadOutput &out, const Box &estimate, const Square &window, int search_size, bool lost);

  SAENet net_;
  TrackerParams params_;
  torch::Device device_;
  torch::ScalarType precision_;
  std::vector<torch::Tensor> zf_;
  torch::Tensor window_ = torch::zeros({0});  // cosine window of the current score-map side
  double similarity_scale_ = 1;  // the template's similarity peak on its own frame
  double size_gain_w_ = 1, size_gain_h_ = 1;  // regression calibration from the first frame
  double size_trust_ = 1;                     // 1 - the regression's echo slope on the first frame
  bool initialized_ = false;
  double cx_ = 0, cy_ = 0, w_ = 0, h_ = 0;
  LostState lost_state_;
  TrackResult last_;
};

}  // namespace saetrack
