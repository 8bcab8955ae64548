// The training-free floor (../shared/research/training-free-baseline.md): SiamFC on the pretrained
// NanoDet-g stride-8 features, no trained layer at all. Template from the first frame (context
// 0.5(w+h), 127 px), its feature map cut to the central 8x8 of 16x16 cells; search crop 255 px at
// three scales (1.055^{-1,0,1}: a wider step than SiamFC's 1.0375, chosen on six tuning sets,
// docs/tracker-tuning.md); every channel of both maps divided by its L2 norm; depthwise
// correlation summed over channels; response upsampled to crop pixels; cosine window; scale change
// damped by a scale penalty and learning rate, plus the change between frames the optical flow of
// the box's corners measures (flow_size.h, tunable flow-scale); the aspect ratio followed with
// stretched templates (FloorParams, tunable aspect-ratio). Every table shows it beside the trained network,
// so what training and SAE add over pretrained features is measured, not assumed.
#pragma once
#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <array>
#include <map>

#include "candidate_tracks.h"
#include "flow_size.h"
#include "geometry.h"
#include "nanodet.h"
#include "nanodet_int8.h"
#include "stretched_templates.h"
#include "tracker.h"

namespace saetrack {

struct FloorParams {
  double context = 0.5;
  double window_influence = 0.3;
  double scale_step = 1.055;
  double scale_penalty = 0.97;
  double scale_lr = 0.5;
  int template_cells = 8;  // central cells of the 16x16 template map kept
  double min_size = 4.0;
  // Aspect ratio (tunable aspect-ratio): the first frame's template stretched to aspect_step^k times
  // its aspect ratio, k = -aspect_steps..aspect_steps; each frame the current k and its neighbours
  // correlated with the chosen search map, a neighbour taken when its peak beats the current one's
  // by 1/aspect_penalty; the box's aspect ratio moves aspect_lr of the way there, its area kept.
  // Chosen on eight tuning sets, four of them with aspect change (docs/tracker-tuning.md).
  double aspect_step = 1.1;
  int aspect_steps = 10;
  double aspect_penalty = 0.95;
  double aspect_lr = 0.5;
};

class FloorTracker : public SingleTargetTracker {
 public:
  // backbone_tensors: weights/nanodet-g.tensors (tools/import-nanodet.js).
  // precision: the backbone's (runtime.h: parse_precision; int8 on CPUs: nanodet_int8.h); its maps are fp32 from then on.
  explicit FloorTracker(const std::string &backbone_tensors, FloorParams params = {},
                        torch::Device device = torch::kCPU, torch::ScalarType precision = torch::kFloat);
  void init(const cv::Mat &bgr, const Box &box) override;
  TrackResult update(const cv::Mat &bgr) override;
  void rescale(double sx, double sy) override;
  const TrackResult &last() const override { return last_; }
  std::string name() const override { return "floor-nanodet"; }
  // Of the tunables the floor uses the lost state's (lost-threshold, recover-threshold; its score is
  // the response peak relative to the template's on its own frame), lost-search-size (one wider
  // crop at the current scale while lost), template-lr/template-min-score, distractor-weight and
  // velocity-lr, keep-track, template-scales, template-scales-from, aspect-ratio and flow-scale.
  void set_params(const TrackerParams &p) override { tunables_ = p; }
  void set_crowd(size_t n) override { crowd_ = n; }
  void set_hurry(bool hurry) override { hurry_ = hurry; }  // template scales while hurried
  const FloorParams &params() const { return params_; }
  std::unique_ptr<SingleTargetTracker> another() const override;
  void move_to(const Box &box) override;
  // Batched: three scaled search crops per target (one wider crop while lost) through the shared
  // backbone in one pass.
  bool batches() const override { return true; }
  torch::Device device() const override { return device_; }
  torch::Tensor search_features(const torch::Tensor &crops) override { return features(crops); }
  // Every step on the device; one download of three numbers (the scale, the peak, the score).
  TrackResult finish_update(const DeviceFrame &frame, const torch::Tensor &features) override;
  // Many targets scored together: one correlation, one upsampling and one download of three numbers
  // a target for all targets whose responses have one shape.
  std::vector<TrackResult> finish_updates(const DeviceFrame &frame, const std::vector<SingleTargetTracker *> &trackers,
                                          const std::vector<torch::Tensor> &features) override;
  // Shared frame features: each of the three windows' stride-8 cells cut from a region's map.
  SearchArea search_area() const override;
  RegionFeatures region_features(const DeviceFrame &frame, const ScaledRegion &region) override;
  torch::Tensor search_features_in(const RegionFeatures &features, const std::vector<Square> &windows,
                                   int crop_px) override;

 private:
  FloorTracker(NanoDet net, std::shared_ptr<const NanoDetInt8> int8, FloorParams params, torch::Device device,
               torch::ScalarType precision)
      : net_(net), int8_(std::move(int8)), params_(params), device_(device), precision_(precision) {}
  torch::Tensor features(const torch::Tensor &crops);  // channel-normalised stride-8 maps
  torch::Tensor backbone(const torch::Tensor &images);        // stride-8 maps, channels-last
  double search_side() const;                                  // the unscaled search crop's side
  bool wide_search() const;                                    // lost: one wider crop at scale 1
  std::vector<Square> search_windows() const;                  // crop_window of each search crop
  std::array<double, 3> search_scales() const;                 // the three scales, smaller to larger
  bool by_template() const;  // template-scales this step: one search window, three template kernels
  // Normalised template map at the state, the template window's side divided by `scale` (the
  // object looks `scale` times larger: it matches a target grown by that much).
  torch::Tensor template_kernel(const DeviceFrame &frame, double scale = 1);
  // 3 x C x k x k, for the three search scales; `middle` is template_kernel(frame) (made already).
  torch::Tensor scaled_kernels(const DeviceFrame &frame, const torch::Tensor &middle);
  // (2 aspect_steps + 1) x 3 x 127 x 127: the template window stretched to each aspect ratio (FloorParams).
  torch::Tensor stretched_crops(const DeviceFrame &frame);
  // The aspect-ratio step on the chosen search map (1 x C x R x R): the box reshaped, its area kept.
  void measure_aspect(const torch::Tensor &search_map, int frame_width, int frame_height);
  // finish_updates for targets whose responses have one shape (wide: the lost state's wider search).
  std::vector<TrackResult> score_together(const DeviceFrame &frame, const std::vector<FloorTracker *> &group,
                                          const std::vector<torch::Tensor> &features, bool wide);
  // The step's end for this target from its chosen scale row b, upsampled peak index and score: the
  // new state and box. raw: its response rows before look-alike suppression.
  // peaks: the response's strongest local maxima (upsampled index, value), strongest first; the
  // first is the plain tracker's choice, the others count only with keep-track.
  TrackResult conclude(const DeviceFrame &frame, const torch::Tensor &features, const torch::Tensor &raw, int b,
                       const std::vector<std::pair<int64_t, double>> &peaks, double score);
  // The template's response `raw` (n x 1 x R x R) with last frame's look-alikes' subtracted.
  torch::Tensor suppress_distractors(const torch::Tensor &raw, const torch::Tensor &features) const;
  void find_distractors(const torch::Tensor &features, const torch::Tensor &response, int64_t peak_row,
                        int64_t peak_col);

  NanoDet net_{nullptr};
  std::shared_ptr<const NanoDetInt8> int8_;  // precision int8: the backbone in 8-bit integers
  FloorParams params_;
  torch::Device device_;
  torch::ScalarType precision_;
  torch::Tensor kernel_;          // 1 x C x k x k normalised template map
  torch::Tensor scale_kernels_;   // 3 x C x k x k: the template at the three search scales (template-scales)
  StretchedTemplates aspect_templates_;  // from stretched_crops (aspect-ratio)
  int aspect_index_ = 0;          // the row of aspect_templates_ matching the target now
  double aspect0_ = 1;            // the aspect ratio (w/h) of the middle row
  std::map<int64_t, torch::Tensor> windows_;  // cosine windows (sum 1, flat) by upsampled response side, on the device
  double self_response_ = 1;      // the template's response to its own frame (score scale)
  torch::Tensor distractors_;     // K x C x k x k normalised maps of last frame's look-alikes (DaSiamRPN)
  torch::Tensor distractor_weights_;  // K: their response relative to the target's
  TrackerParams tunables_;
  size_t crowd_ = 1;  // targets tracked together (set_crowd)
  bool hurry_ = false;  // set_hurry
  LostState lost_state_;
  FlowSize flow_;  // the scale change by optical flow (tunable flow-scale)
  CandidateTracks candidates_;  // the peaks' tracks (tunable keep-track)
  double cx_ = 0, cy_ = 0, w_ = 0, h_ = 0;
  double vx_ = 0, vy_ = 0;  // smoothed motion per frame (velocity-lr)
  TrackResult last_;
};

}  // namespace saetrack
