#include "tracker.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <stdexcept>

#include "runtime.h"

namespace saetrack {

Tracker::Tracker(SAENet net, TrackerParams params, torch::Device device, torch::ScalarType precision)
    : net_(std::move(net)), params_(params), device_(device), precision_(precision) {
  require_precision(device_, precision_);
  net_->to(device_, precision_);
  net_->eval();
}

cv::Mat Tracker::to_bgr(const cv::Mat &frame, ColorOrder order) const {
  require_bgr_frame(frame);
  if (order == ColorOrder::BGR) return frame;
  cv::Mat bgr;
  cv::cvtColor(frame, bgr, cv::COLOR_RGB2BGR);
  return bgr;
}

static cv::Mat tensor_to_mat(const torch::Tensor &t) {
  if (t.dim() != 3 || t.size(2) != 3 || t.scalar_type() != torch::kUInt8)
    throw std::invalid_argument("tracker tensor frames must be H x W x 3 uint8");
  auto c = t.to(torch::kCPU).contiguous();
  return cv::Mat(int(c.size(0)), int(c.size(1)), CV_8UC3, c.data_ptr()).clone();
}

void Tracker::init(const torch::Tensor &frame, const Box &box, ColorOrder order) { init(tensor_to_mat(frame), box, order); }
TrackResult Tracker::update(const torch::Tensor &frame, ColorOrder order) { return update(tensor_to_mat(frame), order); }

std::vector<torch::Tensor> Tracker::kernels_at(const cv::Mat &bgr) {
  double s_z = context_size(w_, h_, params_.context);
  cv::Mat z = crop_square(bgr, cx_, cy_, s_z, net_->config().template_size, cv::mean(bgr));
  return net_->template_features(image_to_tensor(z).to(device_, precision_));
}

void Tracker::init(const cv::Mat &frame, const Box &box0, ColorOrder order) {
  cv::Mat bgr = to_bgr(frame, order);
  Box in = target_in_frame(box0, bgr.cols, bgr.rows);
  cx_ = in.cx(), cy_ = in.cy(), w_ = in.w, h_ = in.h;
  c10::InferenceMode guard;
  zf_ = kernels_at(bgr);
  // The template against its own frame sets the similarity cue's scale (the weight may change later)
  // and the regression's calibration: what the network measures for the given box.
  const auto &cfg = net_->config();
  auto out = search(bgr, Box::from_center(cx_, cy_, w_, h_), cfg.search_size);
  similarity_scale_ = out.similarity.defined() ? std::max(1e-6, out.similarity.max().item<double>()) : 1.0;
  size_gain_w_ = size_gain_h_ = 1;
  const Box given = Box::from_center(cx_, cy_, w_, h_);
  auto m = locate(out, given, cfg.search_size, false);
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
      auto r = locate(search(bgr, e, cfg.search_size), e, cfg.search_size, false).box;
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

TrackResult Tracker::update(const cv::Mat &frame, ColorOrder order) {
  if (!initialized_) throw std::logic_error("Tracker::update called before init");
  return step(to_bgr(frame, order));
}

void Tracker::rescale(double sx, double sy) {
  cx_ *= sx, cy_ *= sy, w_ *= sx, h_ *= sy;
  last_.box = Box::from_center(cx_, cy_, w_, h_);
}

void Tracker::move_to(const Box &box) {
  cx_ = box.cx(), cy_ = box.cy(), w_ = box.w, h_ = box.h;
  last_.box = box;
}

HeadOutput Tracker::search(const cv::Mat &bgr, const Box &estimate, int search_size) {
  double s_x = context_size(estimate.w, estimate.h, params_.context) * search_size / net_->config().template_size;
  cv::Mat x = crop_square(bgr, estimate.cx(), estimate.cy(), s_x, search_size, cv::mean(bgr));
  auto out = net_->track(zf_, image_to_tensor(x).to(device_, precision_));
  for (auto *t : {&out.cls, &out.reg, &out.similarity})
    if (t->defined()) *t = t->to(torch::kFloat);
  return out;
}

Tracker::Measurement Tracker::measure(const cv::Mat &bgr, const Box &estimate, bool lost) {
  if (!initialized_) throw std::logic_error("Tracker::measure called before init");
  const auto &cfg = net_->config();
  int size = lost ? std::max(params_.lost_search_size, cfg.search_size) : cfg.search_size;
  c10::InferenceMode guard;
  return locate(search(bgr, estimate, size), estimate, size, lost);
}

Tracker::Measurement Tracker::locate(const HeadOutput &out, const Box &estimate, int search, bool lost) {
  const auto &cfg = net_->config();
  double scale = cfg.template_size / context_size(estimate.w, estimate.h, params_.context);  // crop px per frame px
  double s_x = search / scale;
  auto score = torch::softmax(out.cls, 1).select(1, 1)[0].to(torch::kCPU);  // S x S
  if (params_.similarity_weight > 0 && out.similarity.defined()) {
    auto sim = (out.similarity[0][0].to(torch::kCPU) / similarity_scale_).clamp(0, 1);
    score = score * (1 - params_.similarity_weight) + sim * params_.similarity_weight;
  }
  auto reg = out.reg[0].to(torch::kCPU);                                     // 4 x S x S
  int S = int(score.size(0));
  double step_px = cfg.stride, offset = cfg.score_offset(search);
  if (params_.upsample > S) {
    namespace F = torch::nn::functional;
    auto opt = F::InterpolateFuncOptions().size(std::vector<int64_t>{params_.upsample, params_.upsample})
                   .mode(torch::kBicubic).align_corners(true);
    score = F::interpolate(score.view({1, 1, S, S}), opt).view({params_.upsample, params_.upsample}).clamp(0, 1);
    reg = F::interpolate(reg.unsqueeze(0), opt)[0].clamp_min(0.5);
    step_px = cfg.stride * double(S - 1) / (params_.upsample - 1);
    S = params_.upsample;
  }
  auto l = reg[0], t = reg[1], r = reg[2], b = reg[3];
  auto penalty = change_penalty((l + r) * size_gain_w_, (t + b) * size_gain_h_, estimate.w * scale,
                                estimate.h * scale, params_.penalty_k);
  auto pscore = penalty * score;
  // While lost the target may be anywhere in the wider region: no centre prior.
  double wi = lost ? 0.0 : params_.window_influence;
  if (window_.size(0) != S) window_ = cosine_window(S);  // S changes only with upsample/lost search
  pscore = pscore * (1 - wi) + window_ * wi;
  int64_t best = pscore.flatten().argmax().item<int64_t>();
  int64_t r_i = best / S, c_i = best % S;
  // Box centre and size in crop pixels (averaged around the peak if asked), then frame pixels.
  auto ps = pscore.accessor<float, 2>();
  auto rg = reg.accessor<float, 3>();  // l, t, r, b
  double ccx = 0, ccy = 0, cw = 0, ch = 0, wsum = 0;
  int rad = std::max(0, params_.box_radius);
  for (int64_t i = std::max<int64_t>(0, r_i - rad); i <= std::min<int64_t>(S - 1, r_i + rad); ++i)
    for (int64_t j = std::max<int64_t>(0, c_i - rad); j <= std::min<int64_t>(S - 1, c_i + rad); ++j) {
      double wt = std::max<double>(ps[i][j], i == r_i && j == c_i ? 1e-12 : 0.0);  // never all zero
      double bl = rg[0][i][j], bt = rg[1][i][j], br = rg[2][i][j], bb = rg[3][i][j];
      ccx += wt * (offset + j * step_px + (br - bl) / 2), ccy += wt * (offset + i * step_px + (bb - bt) / 2);
      cw += wt * (bl + br), ch += wt * (bt + bb), wsum += wt;
    }
  ccx /= wsum, ccy /= wsum, cw /= wsum, ch /= wsum;
  auto centre = uncrop_point({ccx, ccy}, estimate.cx(), estimate.cy(), s_x, search);
  Measurement m;
  m.box = Box::from_center(centre.x, centre.y, cw / scale * size_gain_w_, ch / scale * size_gain_h_);
  m.score = score[r_i][c_i].item<double>();
  m.penalty = penalty[r_i][c_i].item<double>();
  return m;
}

TrackResult Tracker::step(const cv::Mat &bgr) {
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
  cx_ = std::clamp(cx_, 0.0, double(bgr.cols));
  cy_ = std::clamp(cy_, 0.0, double(bgr.rows));
  w_ = clamp_side(w_, params_.min_size, bgr.cols);
  h_ = clamp_side(h_, params_.min_size, bgr.rows);
  last_ = {clip_to_frame(Box::from_center(cx_, cy_, w_, h_), bgr.cols, bgr.rows), peak, lost_state_.lost()};
  return last_;
}

}  // namespace saetrack
