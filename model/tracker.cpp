#include "tracker.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <stdexcept>

#include "bicubic_upsampling.h"
#include "runtime.h"

namespace saetrack {

Tracker::Tracker(SAENet net, TrackerParams params, torch::Device device, torch::ScalarType precision)
    : net_(std::move(net)), params_(params), device_(device), precision_(precision) {
  if (precision_ == kInt8) throw std::invalid_argument("precision int8 is for model=floor only; use fp32 for trained weights");
  require_precision(device_, precision_);
  net_->to(device_, precision_);
  net_->eval();
}

// RGB frames are reordered on the device.
static DeviceFrame in_order(DeviceFrame f, ColorOrder order) {
  if (order == ColorOrder::RGB) f.pixels = f.pixels.flip(2);
  return f;
}

void Tracker::init(const torch::Tensor &frame, const Box &box, ColorOrder order) {
  init(in_order(upload_frame(frame, device_), order), box);
}
TrackResult Tracker::update(const torch::Tensor &frame, ColorOrder order) {
  return update(in_order(upload_frame(frame, device_), order));
}
void Tracker::init(const cv::Mat &frame, const Box &box, ColorOrder order) {
  init(in_order(upload_frame(frame, device_), order), box);
}
TrackResult Tracker::update(const cv::Mat &frame, ColorOrder order) {
  return update(in_order(upload_frame(frame, device_), order));
}

std::vector<torch::Tensor> Tracker::kernels_at(const DeviceFrame &frame) {
  double s_z = context_size(w_, h_, params_.context);
  auto z = crop_squares(frame, {crop_window(cx_, cy_, s_z)}, net_->config().template_size);
  return net_->template_features(z.to(precision_));
}

void Tracker::init(const DeviceFrame &bgr, const Box &box0) {
  Box in = target_in_frame(box0, bgr.width, bgr.height);
  cx_ = in.cx(), cy_ = in.cy(), w_ = in.w, h_ = in.h;
  c10::InferenceMode guard;
  zf_ = kernels_at(bgr);
  // The template against its own frame sets the similarity cue's scale (the weight may change later)
  // and the regression's calibration: what the network measures for the given box.
  const auto &cfg = net_->config();
  const Box given = Box::from_center(cx_, cy_, w_, h_);
  auto out = search(bgr, search_window(given, cfg.search_size), cfg.search_size);
  similarity_scale_ = out.similarity.defined() ? std::max(1e-6, out.similarity.max().item<double>()) : 1.0;
  size_gain_w_ = size_gain_h_ = 1;
  auto m = locate(out, given, search_window(given, cfg.search_size), cfg.search_size, false);
  if (params_.calibrate_size) {
    size_gain_w_ = std::clamp(w_ / m.box.w, 0.5, 2.0);
    size_gain_h_ = std::clamp(h_ / m.box.h, 0.5, 2.0);
  }
  // Does the regression see this target's size? Measured as saetrack-size-response does, on the
  // first frame: with the estimate 0.8x and 1.25x the given box, a regression that sees scale
  // returns the given size both times (slope 0), one that echoes the estimate returns 0.8x and
  // 1.25x (slope 1). Size updates are trusted by 1 - slope.
  size_trust_ = 1;
  if (params_.size_trust) {
    auto at = [&](double k) {
      Box e = Box::from_center(cx_, cy_, w_ * k, h_ * k);
      auto r = measure(bgr, e, false).box;
      return 0.5 * (std::log(r.w / w_) + std::log(r.h / h_));
    };
    double slope = (at(1.25) - at(0.8)) / (std::log(1.25) - std::log(0.8));
    size_trust_ = std::clamp(1 - slope, 0.0, 1.0);
  }
  initialized_ = true;
  lost_state_.reset();
  last_ = {Box::from_center(cx_, cy_, w_, h_), 1.0, false};
}

void LostState::update(double score, const TrackerParams &p) {
  bool miss = score < p.lost_threshold;
  misses_ = miss ? misses_ + 1 : 0;
  lost_ = lost_ ? score < p.recover_threshold : misses_ >= p.lost_frames;
  trusted_ = !lost_ && !miss;
}

TrackResult Tracker::update(const DeviceFrame &frame) {
  if (!initialized_) throw std::logic_error("Tracker::update called before init");
  return step(frame);
}

void Tracker::rescale(double sx, double sy) {
  cx_ *= sx, cy_ *= sy, w_ *= sx, h_ *= sy;
  last_.box = Box::from_center(cx_, cy_, w_, h_);
}

void Tracker::move_to(const Box &box) {
  cx_ = box.cx(), cy_ = box.cy(), w_ = box.w, h_ = box.h;
  last_.box = box;
}

Square Tracker::search_window(const Box &estimate, int search_size) const {
  double s_x = context_size(estimate.w, estimate.h, params_.context) * search_size / net_->config().template_size;
  return crop_window(estimate.cx(), estimate.cy(), s_x);
}

HeadOutput Tracker::search(const DeviceFrame &frame, const Square &window, int search_size) {
  auto out = net_->track(zf_, crop_squares(frame, {window}, search_size).to(precision_));
  for (auto *t : {&out.cls, &out.reg, &out.similarity})
    if (t->defined()) *t = t->to(torch::kFloat);
  return out;
}

Tracker::Measurement Tracker::measure(const cv::Mat &bgr, const Box &estimate, bool lost) {
  if (!initialized_) throw std::logic_error("Tracker::measure called before init");
  return measure(upload_frame(bgr, device_), estimate, lost);
}

Tracker::Measurement Tracker::measure(const DeviceFrame &frame, const Box &estimate, bool lost) {
  if (zf_.empty()) throw std::logic_error("Tracker::measure called before init");
  const auto &cfg = net_->config();
  int size = lost ? std::max(params_.lost_search_size, cfg.search_size) : cfg.search_size;
  c10::InferenceMode guard;
  auto window = search_window(estimate, size);
  return locate(search(frame, window, size), estimate, window, size, lost);
}

Tracker::Measurement Tracker::locate(const HeadOutput &out, const Box &estimate, const Square &window, int search,
                                     bool lost) {
  const auto &cfg = net_->config();
  double scale = search / window.side;  // crop px per frame px
  // Every map stays on the device; one download of seven numbers at the end.
  auto score = torch::softmax(out.cls, 1).select(1, 1)[0];  // S x S
  if (params_.similarity_weight > 0 && out.similarity.defined()) {
    auto sim = (out.similarity[0][0] / similarity_scale_).clamp(0, 1);
    score = score * (1 - params_.similarity_weight) + sim * params_.similarity_weight;
  }
  auto reg = out.reg[0];  // 4 x S x S: l, t, r, b
  int64_t S = score.size(0);
  double step_px = cfg.stride, offset = cfg.score_offset(search);
  if (params_.upsample > S) {
    const int64_t up = params_.upsample;
    score = upsample_bicubic(score.view({1, 1, S, S}), up, up).view({up, up}).clamp(0, 1);
    reg = upsample_bicubic(reg.unsqueeze(0), up, up)[0].clamp_min(0.5);
    step_px = cfg.stride * double(S - 1) / (params_.upsample - 1);
    S = params_.upsample;
  }
  auto l = reg[0], t = reg[1], r = reg[2], b = reg[3];
  auto penalty = change_penalty((l + r) * size_gain_w_, (t + b) * size_gain_h_, estimate.w * scale,
                                estimate.h * scale, params_.penalty_k);
  auto pscore = penalty * score;
  // While lost the target may be anywhere in the wider region: no centre prior.
  double wi = lost ? 0.0 : params_.window_influence;
  if (window_.size(0) != S || window_.device() != score.device())  // S changes only with upsample/lost search
    window_ = cosine_window(int(S)).to(score.device());
  pscore = pscore * (1 - wi) + window_ * wi;
  auto best = pscore.flatten().argmax();
  // Box centre and size in crop pixels: the score-weighted mean of the boxes regressed within
  // box_radius cells of the peak (weights clamped at 0, the peak's at least 1e-12: never all zero),
  // as windowed sums over the whole map read at the peak.
  auto opts = score.options();
  auto cols = torch::arange(S, opts) * step_px + offset;
  auto weight = pscore.clamp_min(0).flatten();
  weight = weight.index_put({best}, weight.index({best}).clamp_min(1e-12)).view({S, S});
  auto terms = torch::stack({weight, weight * (cols.view({1, S}) + (r - l) / 2), weight * (cols.view({S, 1}) + (b - t) / 2),
                             weight * (l + r), weight * (t + b)}).unsqueeze(0);  // 1 x 5 x S x S
  int64_t rad = std::max(0, params_.box_radius), k = 2 * rad + 1;
  auto sums = torch::conv2d(terms, torch::ones({5, 1, k, k}, opts), {}, 1, rad, 1, 5)[0].flatten(1).index_select(1, best);
  auto host = torch::cat({sums.flatten(), score.flatten().index({best}).view(1), penalty.flatten().index({best}).view(1)})
                  .to(torch::kCPU, torch::kDouble);
  auto h = host.accessor<double, 1>();
  double ccx = h[1] / h[0], ccy = h[2] / h[0], cw = h[3] / h[0], ch = h[4] / h[0];
  auto centre = uncrop_point({ccx, ccy}, window.cx, window.cy, window.side, search);
  Measurement m;
  m.box = Box::from_center(centre.x, centre.y, cw / scale * size_gain_w_, ch / scale * size_gain_h_);
  m.score = h[5];
  m.penalty = h[6];
  return m;
}

TrackResult Tracker::step(const DeviceFrame &bgr) {
  auto m = measure(bgr, Box::from_center(cx_, cy_, w_, h_), lost_state_.lost());
  double peak = m.score;
  lost_state_.update(peak, params_);
  if (lost_state_.trusted()) {
    double lr = m.penalty * peak * params_.lr * size_trust_;
    cx_ = m.box.cx(), cy_ = m.box.cy();
    w_ = w_ * (1 - lr) + m.box.w * lr;
    h_ = h_ * (1 - lr) + m.box.h * lr;
  }
  // A confident frame refreshes the template a little (appearance changes; off by default).
  if (params_.template_lr > 0 && !lost_state_.lost() && peak >= params_.template_min_score) {
    c10::InferenceMode guard;
    auto fresh = kernels_at(bgr);
    for (size_t i = 0; i < zf_.size(); ++i) zf_[i] = zf_[i] * (1 - params_.template_lr) + fresh[i] * params_.template_lr;
  }
  // Clamp the state to the frame, as SiamFC-style trackers do.
  cx_ = std::clamp(cx_, 0.0, double(bgr.width));
  cy_ = std::clamp(cy_, 0.0, double(bgr.height));
  w_ = clamp_side(w_, params_.min_size, bgr.width);
  h_ = clamp_side(h_, params_.min_size, bgr.height);
  last_ = {clip_to_frame(Box::from_center(cx_, cy_, w_, h_), bgr.width, bgr.height), peak, lost_state_.lost()};
  return last_;
}

}  // namespace saetrack
