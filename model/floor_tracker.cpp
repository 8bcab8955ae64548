#include "floor_tracker.h"

#include <cmath>
#include <stdexcept>

#include "mobilenet_import.h"
#include "nanodet_import.h"
#include "xcorr.h"

namespace F = torch::nn::functional;

namespace saetrack {

namespace {
constexpr int kTemplate = 127, kSearch = 255, kStride = 8;
constexpr int kLevel = 2;  // NanoDet's stride-8 node (Concat_27, 128 channels)
}  // namespace

FloorTracker::FloorTracker(const std::string &backbone_tensors, FloorParams params, torch::Device device)
    : net_(NanoDet(false)), params_(params), device_(device) {
  import_nanodet(net_, read_keras_tensors(backbone_tensors));
  net_->to(device_);
  net_->eval();
}

torch::Tensor FloorTracker::features(const std::vector<cv::Mat> &crops) {
  std::vector<torch::Tensor> t;
  for (auto &c : crops) t.push_back(image_to_tensor(c));
  return channel_normalised(net_->forward(torch::cat(t).to(device_), {kLevel})[0]);
}

void FloorTracker::init(const cv::Mat &bgr, const Box &box0) {
  require_bgr_frame(bgr);
  Box in = target_in_frame(box0, bgr.cols, bgr.rows);
  cx_ = in.cx(), cy_ = in.cy(), w_ = in.w, h_ = in.h;
  c10::InferenceMode guard;
  double s_z = context_size(w_, h_, params_.context);
  cv::Scalar fill = cv::mean(bgr);
  auto z = net_->forward(image_to_tensor(crop_square(bgr, cx_, cy_, s_z, kTemplate, fill)).to(device_), {kLevel})[0];
  kernel_ = channel_normalised(centre_crop(z, params_.template_cells));
  // Score scale: the template against the search crop of its own frame.
  auto x = features({crop_square(bgr, cx_, cy_, s_z * kSearch / kTemplate, kSearch, fill)});
  self_response_ = std::max(1e-6, F::conv2d(x, kernel_).max().item<double>());
  last_ = {Box::from_center(cx_, cy_, w_, h_), 1.0, false};
  lost_state_.reset();
}

void FloorTracker::rescale(double sx, double sy) {
  cx_ *= sx, cy_ *= sy, w_ *= sx, h_ *= sy;
  last_.box = Box::from_center(cx_, cy_, w_, h_);
}

std::unique_ptr<SingleTargetTracker> FloorTracker::another() const {
  auto t = std::unique_ptr<FloorTracker>(new FloorTracker(net_, params_, device_));
  t->lost_params_ = lost_params_;
  return t;
}

void FloorTracker::move_to(const Box &box) {
  cx_ = box.cx(), cy_ = box.cy(), w_ = box.w, h_ = box.h;
  last_.box = box;
}

double FloorTracker::search_side() const { return context_size(w_, h_, params_.context) * kSearch / kTemplate; }

std::vector<cv::Mat> FloorTracker::search_crops(const cv::Mat &bgr) const {
  if (!kernel_.defined()) throw std::logic_error("FloorTracker::update called before init");
  cv::Scalar fill = cv::mean(bgr);
  std::vector<cv::Mat> crops;
  for (double s : {1 / params_.scale_step, 1.0, params_.scale_step})
    crops.push_back(crop_square(bgr, cx_, cy_, search_side() * s, kSearch, fill));
  return crops;
}

TrackResult FloorTracker::update(const cv::Mat &bgr) {
  c10::InferenceMode guard;
  return finish_update(bgr, features(search_crops(bgr)));
}

TrackResult FloorTracker::finish_update(const cv::Mat &bgr, const torch::Tensor &features) {
  c10::InferenceMode guard;
  double s_x = search_side();
  const double scales[3] = {1 / params_.scale_step, 1.0, params_.scale_step};
  auto resp = F::conv2d(features, kernel_).to(torch::kCPU);  // 3 x 1 x R x R
  int64_t R = resp.size(2), U = (R - 1) * kStride + 1;                // upsampled: one cell per crop pixel
  auto up = F::interpolate(resp, F::InterpolateFuncOptions().size(std::vector<int64_t>{U, U})
                                     .mode(torch::kBicubic).align_corners(true)).squeeze(1);  // 3 x U x U
  // Scale: the best peak, the changed scales penalised.
  int best = 1;
  double best_peak = -1e30;
  for (int i = 0; i < 3; ++i) {
    double p = up[i].max().item<double>() * (i == 1 ? 1.0 : params_.scale_penalty);
    if (p > best_peak) best_peak = p, best = i;
  }
  auto r = up[best] - up[best].min();
  r = r / r.sum().clamp_min(1e-12);
  if (!window_.defined() || window_.size(0) != U) window_ = cosine_window(int(U)) / cosine_window(int(U)).sum();
  r = r * (1 - params_.window_influence) + window_ * params_.window_influence;
  int64_t peak = r.flatten().argmax().item<int64_t>();
  double u = double(peak % U), v = double(peak / U);
  // Upsampled cell u sits on crop pixel offset + u, offset = centre - (U-1)/2.
  double c = (kSearch - 1) / 2.0, off = c - (U - 1) / 2.0;
  double side = s_x * scales[best];
  auto centre = uncrop_point({off + u, off + v}, cx_, cy_, side, kSearch);
  double score = std::clamp(resp[best].max().item<double>() / self_response_, 0.0, 1.0);
  // The trained tracker's lost state; the box holds still while missed or lost.
  lost_state_.update(score, lost_params_);
  if (lost_state_.trusted()) {
    double f = 1 - params_.scale_lr + params_.scale_lr * scales[best];
    cx_ = std::clamp(centre.x, 0.0, double(bgr.cols));
    cy_ = std::clamp(centre.y, 0.0, double(bgr.rows));
    w_ = clamp_side(w_ * f, params_.min_size, bgr.cols);
    h_ = clamp_side(h_ * f, params_.min_size, bgr.rows);
  }
  last_ = {clip_to_frame(Box::from_center(cx_, cy_, w_, h_), bgr.cols, bgr.rows), score, lost_state_.lost()};
  return last_;
}

}  // namespace saetrack
