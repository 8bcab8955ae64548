#include "floor_tracker.h"

#include <cmath>
#include <stdexcept>

#include "mobilenet_import.h"
#include "nanodet_import.h"
#include "runtime.h"
#include "xcorr.h"

namespace F = torch::nn::functional;

namespace saetrack {

namespace {
constexpr int kTemplate = 127, kSearch = 255, kStride = 8;
constexpr int kLevel = 2;  // NanoDet's stride-8 node (Concat_27, 128 channels)
// A look-alike is a local maximum of the response at least this share of the target's peak, at
// least this many cells away from it (DaSiamRPN keeps proposals above a score; we keep few, cheap).
constexpr double kDistractorShare = 0.6;
constexpr int64_t kDistractorMinCells = 4, kMaxDistractors = 3;
}  // namespace

FloorTracker::FloorTracker(const std::string &backbone_tensors, FloorParams params, torch::Device device,
                           torch::ScalarType precision)
    : net_(NanoDet(false)), params_(params), device_(device), precision_(precision) {
  require_precision(device_, precision_);
  import_nanodet(net_, read_keras_tensors(backbone_tensors));
  net_->to(device_, precision_);
  net_->eval();
  use_channels_last(*net_);
}

torch::Tensor FloorTracker::features(const std::vector<cv::Mat> &crops) {
  std::vector<torch::Tensor> t;
  for (auto &c : crops) t.push_back(image_to_tensor(c));
  return channel_normalised(backbone(torch::cat(t)));
}

torch::Tensor FloorTracker::backbone(const torch::Tensor &images) {
  auto x = images.to(device_, precision_).contiguous(at::MemoryFormat::ChannelsLast);
  return net_->forward(x, {kLevel})[0].to(torch::kFloat);
}

void FloorTracker::init(const cv::Mat &bgr, const Box &box0) {
  require_bgr_frame(bgr);
  Box in = target_in_frame(box0, bgr.cols, bgr.rows);
  cx_ = in.cx(), cy_ = in.cy(), w_ = in.w, h_ = in.h;
  c10::InferenceMode guard;
  kernel_ = template_kernel(bgr);
  distractors_ = distractor_weights_ = torch::Tensor();
  vx_ = vy_ = 0;
  // Score scale: the template against the search crop of its own frame.
  auto x = features({crop_square(bgr, cx_, cy_, search_side(), kSearch, cv::mean(bgr))});
  self_response_ = std::max(1e-6, xcorr_summed(x, kernel_).max().item<double>());
  last_ = {Box::from_center(cx_, cy_, w_, h_), 1.0, false};
  lost_state_.reset();
}

torch::Tensor FloorTracker::template_kernel(const cv::Mat &bgr) {
  double s_z = context_size(w_, h_, params_.context);
  auto z = backbone(image_to_tensor(crop_square(bgr, cx_, cy_, s_z, kTemplate, cv::mean(bgr))));
  return channel_normalised(centre_crop(z, params_.template_cells));
}

void FloorTracker::rescale(double sx, double sy) {
  cx_ *= sx, cy_ *= sy, w_ *= sx, h_ *= sy, vx_ *= sx, vy_ *= sy;
  last_.box = Box::from_center(cx_, cy_, w_, h_);
}

std::unique_ptr<SingleTargetTracker> FloorTracker::another() const {
  auto t = std::unique_ptr<FloorTracker>(new FloorTracker(net_, params_, device_, precision_));
  t->tunables_ = tunables_;
  return t;
}

void FloorTracker::move_to(const Box &box) {
  cx_ = box.cx(), cy_ = box.cy(), w_ = box.w, h_ = box.h;
  vx_ = vy_ = 0;
  last_.box = box;
}

double FloorTracker::search_side() const { return context_size(w_, h_, params_.context) * kSearch / kTemplate; }

bool FloorTracker::wide_search() const { return lost_state_.lost() && tunables_.lost_search_size > kSearch; }

std::vector<cv::Mat> FloorTracker::search_crops(const cv::Mat &bgr) const {
  if (!kernel_.defined()) throw std::logic_error("FloorTracker::update called before init");
  cv::Scalar fill = cv::mean(bgr);
  if (wide_search()) {  // re-detection: the same scale over a wider area
    int px = tunables_.lost_search_size;
    return {crop_square(bgr, cx_ + vx_, cy_ + vy_, search_side() * px / kSearch, px, fill)};
  }
  std::vector<cv::Mat> crops;
  for (double s : {1 / params_.scale_step, 1.0, params_.scale_step})
    crops.push_back(crop_square(bgr, cx_ + vx_, cy_ + vy_, search_side() * s, kSearch, fill));
  return crops;
}

torch::Tensor FloorTracker::suppress_distractors(const torch::Tensor &raw, const torch::Tensor &features) const {
  if (tunables_.distractor_weight <= 0 || !distractors_.defined()) return raw;
  // DaSiamRPN: f(z, x) - a * sum_i w_i f(d_i, x) / sum_i w_i.
  auto d = xcorr_summed(features, distractors_);  // n x K x R x R
  auto w = distractor_weights_.view({1, -1, 1, 1});
  return raw - tunables_.distractor_weight * (d * w).sum(1, true) / w.sum();
}

void FloorTracker::find_distractors(const torch::Tensor &features, const torch::Tensor &resp, int64_t peak_row,
                                    int64_t peak_col) {
  distractors_ = distractor_weights_ = torch::Tensor();
  if (tunables_.distractor_weight <= 0) return;
  // Local maxima of the raw response (R x R) other than the target's.
  auto r = resp.view({1, 1, resp.size(-2), resp.size(-1)});
  auto is_max = r == F::max_pool2d(r, F::MaxPool2dFuncOptions(5).stride(1).padding(2));
  double peak = resp[peak_row][peak_col].item<double>();
  auto cand = (r * is_max).flatten();
  auto [vals, idx] = cand.topk(std::min<int64_t>(cand.numel(), 2 * kMaxDistractors + 2));
  int64_t R = resp.size(-1), k = kernel_.size(-1);
  std::vector<torch::Tensor> maps;
  std::vector<double> weights;
  for (int64_t i = 0; i < vals.numel() && int64_t(maps.size()) < kMaxDistractors; ++i) {
    double v = vals[i].item<double>();
    if (v < kDistractorShare * peak || peak <= 0) break;
    int64_t row = idx[i].item<int64_t>() / R, col = idx[i].item<int64_t>() % R;
    if (std::max(std::abs(row - peak_row), std::abs(col - peak_col)) < kDistractorMinCells) continue;
    maps.push_back(channel_normalised(features.slice(1, row, row + k).slice(2, col, col + k).unsqueeze(0)));
    weights.push_back(v / peak);
  }
  if (maps.empty()) return;
  distractors_ = torch::cat(maps);
  distractor_weights_ = torch::tensor(weights, torch::kFloat).to(device_);
}

TrackResult FloorTracker::update(const cv::Mat &bgr) {
  c10::InferenceMode guard;
  return finish_update(bgr, features(search_crops(bgr)));
}

TrackResult FloorTracker::finish_update(const cv::Mat &bgr, const torch::Tensor &features) {
  c10::InferenceMode guard;
  const bool wide = features.size(0) == 1;  // the lost state's one wider crop (search_crops)
  const int crop_px = wide ? tunables_.lost_search_size : kSearch;
  std::vector<double> scales = wide ? std::vector<double>{1.0}
                                    : std::vector<double>{1 / params_.scale_step, 1.0, params_.scale_step};
  double s_x = search_side() * crop_px / kSearch;
  auto raw_on_device = xcorr_summed(features, kernel_);  // n x 1 x R x R
  auto raw = raw_on_device.to(torch::kCPU);
  auto resp = suppress_distractors(raw_on_device, features).to(torch::kCPU);
  int64_t R = resp.size(2), U = (R - 1) * kStride + 1;                // upsampled: one cell per crop pixel
  auto up = F::interpolate(resp, F::InterpolateFuncOptions().size(std::vector<int64_t>{U, U})
                                     .mode(torch::kBicubic).align_corners(true)).squeeze(1);  // n x U x U
  // Scale: the best peak, the changed scales penalised.
  int best = wide ? 0 : 1;
  double best_peak = -1e30;
  for (int i = 0; i < int(scales.size()); ++i) {
    double p = up[i].max().item<double>() * (scales[i] == 1.0 ? 1.0 : params_.scale_penalty);
    if (p > best_peak) best_peak = p, best = i;
  }
  auto r = up[best] - up[best].min();
  r = r / r.sum().clamp_min(1e-12);
  if (!window_.defined() || window_.size(0) != U) window_ = cosine_window(int(U)) / cosine_window(int(U)).sum();
  r = r * (1 - params_.window_influence) + window_ * params_.window_influence;
  int64_t peak = r.flatten().argmax().item<int64_t>();
  double u = double(peak % U), v = double(peak / U);
  // Upsampled cell u sits on crop pixel offset + u, offset = centre - (U-1)/2.
  double c = (crop_px - 1) / 2.0, off = c - (U - 1) / 2.0;
  double side = s_x * scales[best];
  // The crops were centred on the prediction (velocity is zero while lost: untrusted frames reset it).
  auto centre = uncrop_point({off + u, off + v}, cx_ + vx_, cy_ + vy_, side, crop_px);
  // The chosen peak's response cell (look-alikes are sought away from it).
  int64_t cell_row = std::clamp<int64_t>(std::llround(v / kStride), 0, R - 1);
  int64_t cell_col = std::clamp<int64_t>(std::llround(u / kStride), 0, R - 1);
  // The score: the template's own best response, relative to the one on its first frame.
  double score = std::clamp(raw[best][0].max().item<double>() / self_response_, 0.0, 1.0);
  // The trained tracker's lost state; the box holds still while missed or lost.
  lost_state_.update(score, tunables_);
  if (lost_state_.trusted()) {
    double f = 1 - params_.scale_lr + params_.scale_lr * scales[best];
    double nx = std::clamp(centre.x, 0.0, double(bgr.cols)), ny = std::clamp(centre.y, 0.0, double(bgr.rows));
    // Constant-velocity motion model: the next search is centred where the target is heading.
    double a = tunables_.velocity_lr;
    vx_ = wide ? 0 : vx_ * (1 - a) + (nx - cx_) * a;
    vy_ = wide ? 0 : vy_ * (1 - a) + (ny - cy_) * a;
    cx_ = nx, cy_ = ny;
    w_ = clamp_side(w_ * f, params_.min_size, bgr.cols);
    h_ = clamp_side(h_ * f, params_.min_size, bgr.rows);
    find_distractors(features[best], raw[best][0], cell_row, cell_col);
    // A confident frame refreshes the template a little (appearance changes).
    if (tunables_.template_lr > 0 && score >= tunables_.template_min_score)
      kernel_ = channel_normalised(kernel_ * (1 - tunables_.template_lr) + template_kernel(bgr) * tunables_.template_lr);
  }
  if (!lost_state_.trusted()) vx_ = vy_ = 0;
  last_ = {clip_to_frame(Box::from_center(cx_, cy_, w_, h_), bgr.cols, bgr.rows), score, lost_state_.lost()};
  return last_;
}

}  // namespace saetrack
