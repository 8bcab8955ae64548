#include "floor_tracker.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <stdexcept>

#include "bicubic_upsampling.h"
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
// keep-track: the strongest local maxima of the response followed (candidate_tracks.h), one per
// neighbourhood of about half a typical target (the target fills ~64 of the 255 crop pixels).
constexpr int64_t kCandidates = 5, kCandidateSpacing = 31;
}  // namespace

FloorTracker::FloorTracker(const std::string &backbone_tensors, FloorParams params, torch::Device device,
                           torch::ScalarType precision)
    : net_(NanoDet(false)), params_(params), device_(device), precision_(precision) {
  require_precision(device_, precision_);
  import_nanodet(net_, read_keras_tensors(backbone_tensors));
  net_->eval();
  if (precision_ == kInt8) {
    int8_ = std::make_shared<const NanoDetInt8>(net_);
    return;
  }
  net_->to(device_, precision_);
  use_channels_last(*net_);
}

torch::Tensor FloorTracker::features(const torch::Tensor &crops) { return channel_normalised(backbone(crops)); }

torch::Tensor FloorTracker::backbone(const torch::Tensor &images) {
  if (int8_) return int8_->level2(images);
  auto x = images.to(device_, precision_).contiguous(at::MemoryFormat::ChannelsLast);
  return net_->forward(x, {kLevel})[0].to(torch::kFloat);
}

void FloorTracker::init(const cv::Mat &bgr, const Box &box0) {
  require_bgr_frame(bgr);
  Box in = target_in_frame(box0, bgr.cols, bgr.rows);
  cx_ = in.cx(), cy_ = in.cy(), w_ = in.w, h_ = in.h;
  c10::InferenceMode guard;
  auto frame = upload_frame(bgr, device_);
  kernel_ = template_kernel(frame);
  scale_kernels_ = scaled_kernels(frame, kernel_);
  aspect0_ = w_ / h_, aspect_index_ = params_.aspect_steps;
  // Not cut for template scales asked for by the user (live pipelines that want the cheapest step);
  // a crowd's template scales (template-scales-from) end when targets leave, so those keep them.
  aspect_templates_ = tunables_.aspect_ratio && !tunables_.template_scales ? StretchedTemplates(stretched_crops(frame))
                                                                           : StretchedTemplates();
  distractors_ = distractor_weights_ = torch::Tensor();
  vx_ = vy_ = 0;
  // Score scale: the template against the search crop of its own frame.
  auto x = features(crop_squares(frame, {crop_window(cx_, cy_, search_side())}, kSearch));
  self_response_ = std::max(1e-6, xcorr_summed(x, kernel_).max().item<double>());
  last_ = {Box::from_center(cx_, cy_, w_, h_), 1.0, false};
  lost_state_.reset();
  candidates_.reset(cx_, cy_);
  flow_.clear();
  if (tunables_.flow_scale) flow_.remember(frame, last_.box);
}

torch::Tensor FloorTracker::template_kernel(const DeviceFrame &frame, double scale) {
  double s_z = context_size(w_, h_, params_.context) / scale;
  auto z = backbone(crop_squares(frame, {crop_window(cx_, cy_, s_z)}, kTemplate));
  return channel_normalised(centre_crop(z, params_.template_cells));
}

torch::Tensor FloorTracker::stretched_crops(const DeviceFrame &frame) {
  // A square window 1/sqrt(q) times the template's side across and sqrt(q) times it down resized to
  // 127 x 127: the object looks q times wider relative to its height than it is.
  const double s_z = context_size(w_, h_, params_.context);
  std::vector<torch::Tensor> crops;
  for (int k = -params_.aspect_steps; k <= params_.aspect_steps; ++k) {
    const double root = std::sqrt(std::pow(params_.aspect_step, k)), grow = std::max(root, 1 / root);
    const int side = int(std::ceil(kTemplate * grow));
    auto square = crop_squares(frame, {crop_window(cx_, cy_, s_z * grow)}, side);
    const int64_t rows = std::max<int64_t>(kTemplate, std::lround(side / root));
    const int64_t cols = std::max<int64_t>(kTemplate, std::lround(side * root));
    auto stretched = F::interpolate(square, F::InterpolateFuncOptions()
                                                .size(std::vector<int64_t>{rows, cols})
                                                .mode(torch::kBilinear)
                                                .align_corners(false));
    crops.push_back(stretched.narrow(2, (rows - kTemplate) / 2, kTemplate).narrow(3, (cols - kTemplate) / 2, kTemplate));
  }
  return torch::cat(crops);
}

void FloorTracker::measure_aspect(const torch::Tensor &search_map, int frame_width, int frame_height) {
  const int rows = aspect_templates_.rows(), first = std::clamp(aspect_index_ - 1, 0, rows - 3);
  auto kernels = aspect_templates_.rows_from(first, 3, [this](const torch::Tensor &crops) {
    return channel_normalised(centre_crop(backbone(crops), params_.template_cells));
  });
  auto peaks = xcorr_summed(search_map, kernels).amax({2, 3}).flatten().to(torch::kCPU);
  auto p = peaks.accessor<float, 1>();
  int best = aspect_index_;
  double best_peak = p[aspect_index_ - first];
  for (int i = 0; i < 3; ++i)
    if (first + i != aspect_index_ && p[i] * params_.aspect_penalty > best_peak)
      best = first + i, best_peak = p[i] * params_.aspect_penalty;
  aspect_index_ = best;
  const double want = aspect0_ * std::pow(params_.aspect_step, best - params_.aspect_steps);
  const double aspect = (w_ / h_) * (1 - params_.aspect_lr) + want * params_.aspect_lr, area = w_ * h_;
  w_ = clamp_side(std::sqrt(area * aspect), params_.min_size, frame_width);
  h_ = clamp_side(std::sqrt(area / aspect), params_.min_size, frame_height);
}

torch::Tensor FloorTracker::scaled_kernels(const DeviceFrame &frame, const torch::Tensor &middle) {
  const auto s = search_scales();
  return torch::cat({template_kernel(frame, s[0]), middle, template_kernel(frame, s[2])});
}

std::array<double, 3> FloorTracker::search_scales() const { return {1 / params_.scale_step, 1.0, params_.scale_step}; }

bool FloorTracker::by_template() const {
  const auto from = size_t(std::max(tunables_.template_scales_from, 0));
  return (tunables_.template_scales || hurry_ || (from > 0 && crowd_ >= from)) && !wide_search();
}

void FloorTracker::rescale(double sx, double sy) {
  cx_ *= sx, cy_ *= sy, w_ *= sx, h_ *= sy, vx_ *= sx, vy_ *= sy;
  if (aspect_templates_.defined()) {
    // Frames stretched by q = sx/sy stretch the object as much: the stretched template that matches
    // it now lies log_step(q) rows on; the row moves with it and the remainder goes into aspect0_.
    const double q = sx / sy;
    const int rows = aspect_templates_.rows();
    const int shift = std::clamp(int(std::lround(std::log(q) / std::log(params_.aspect_step))), -aspect_index_,
                                 rows - 1 - aspect_index_);
    aspect_index_ += shift;
    aspect0_ *= q / std::pow(params_.aspect_step, shift);
  }
  last_.box = Box::from_center(cx_, cy_, w_, h_);
  candidates_.reset(cx_, cy_);
  flow_.clear();
}

std::unique_ptr<SingleTargetTracker> FloorTracker::another() const {
  auto t = std::unique_ptr<FloorTracker>(new FloorTracker(net_, int8_, params_, device_, precision_));
  t->tunables_ = tunables_;
  t->crowd_ = crowd_;
  return t;
}

void FloorTracker::move_to(const Box &box) {
  cx_ = box.cx(), cy_ = box.cy(), w_ = box.w, h_ = box.h;
  vx_ = vy_ = 0;
  // The stretched templates stay; the current row now stands for the given box's aspect ratio.
  aspect0_ = (w_ / h_) / std::pow(params_.aspect_step, aspect_index_ - params_.aspect_steps);
  last_.box = box;
  candidates_.reset(cx_, cy_);
  flow_.clear();
}

double FloorTracker::search_side() const { return context_size(w_, h_, params_.context) * kSearch / kTemplate; }

bool FloorTracker::wide_search() const { return lost_state_.lost() && tunables_.lost_search_size > kSearch; }

std::vector<Square> FloorTracker::search_windows() const {
  // Centred on the prediction (velocity is zero while lost: untrusted frames reset it).
  double cx = cx_ + vx_, cy = cy_ + vy_;
  if (wide_search())  // re-detection: the same scale over a wider area
    return {crop_window(cx, cy, search_side() * tunables_.lost_search_size / kSearch)};
  if (by_template()) return {crop_window(cx, cy, search_side())};
  std::vector<Square> windows;
  for (double s : search_scales()) windows.push_back(crop_window(cx, cy, search_side() * s));
  return windows;
}

SearchArea FloorTracker::search_area() const {
  if (!kernel_.defined()) throw std::logic_error("FloorTracker::update called before init");
  return {search_windows(), wide_search() ? tunables_.lost_search_size : kSearch, !wide_search()};
}

RegionFeatures FloorTracker::region_features(const DeviceFrame &frame, const ScaledRegion &region) {
  c10::InferenceMode guard;
  return {region, backbone(crop_region(frame, region))};
}

torch::Tensor FloorTracker::search_features_in(const RegionFeatures &features, const std::vector<Square> &windows,
                                               int crop_px) {
  c10::InferenceMode guard;
  const int64_t cells = (crop_px - 1) / kStride + 1;  // what the crop's map would hold
  return channel_normalised(cut_windows(features, windows, crop_px, kStride, cells));
}

torch::Tensor FloorTracker::suppress_distractors(const torch::Tensor &raw, const torch::Tensor &features) const {
  if (tunables_.distractor_weight <= 0 || !distractors_.defined()) return raw;
  // DaSiamRPN: f(z, x) - a * sum_i w_i f(d_i, x) / sum_i w_i.
  auto d = xcorr_summed(features, distractors_);  // n x K x R x R
  auto w = distractor_weights_.view({1, -1, 1, 1});
  return raw - tunables_.distractor_weight * (d * w).sum(1, true) / w.sum();
}

void FloorTracker::find_distractors(const torch::Tensor &features, const torch::Tensor &response, int64_t peak_row,
                                    int64_t peak_col) {
  distractors_ = distractor_weights_ = torch::Tensor();
  if (tunables_.distractor_weight <= 0) return;
  // Local maxima of the raw response (R x R) other than the target's (on the host: a few items).
  auto resp = response.to(torch::kCPU);
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
  auto frame = upload_frame(bgr, device_);
  return finish_update(frame, features(search_crops(frame)));
}

TrackResult FloorTracker::finish_update(const DeviceFrame &frame, const torch::Tensor &features) {
  return finish_updates(frame, {this}, {features})[0];
}

std::vector<TrackResult> FloorTracker::finish_updates(const DeviceFrame &frame,
                                                      const std::vector<SingleTargetTracker *> &trackers,
                                                      const std::vector<torch::Tensor> &features) {
  c10::InferenceMode guard;
  // Targets searched alike (the lost state's wider search and the template-scales mode differ) are
  // scored together.
  std::map<std::tuple<bool, bool, int64_t>, std::vector<size_t>> groups;
  std::vector<FloorTracker *> floors;
  for (size_t i = 0; i < trackers.size(); ++i) {
    floors.push_back(&dynamic_cast<FloorTracker &>(*trackers[i]));  // made by another(): one network
    if (!floors.back()->kernel_.defined()) throw std::logic_error("FloorTracker::update called before init");
    groups[{floors.back()->wide_search(), floors.back()->by_template(), features[i].size(-1)}].push_back(i);
  }
  std::vector<TrackResult> out(trackers.size());
  for (const auto &[key, members] : groups) {
    std::vector<FloorTracker *> group;
    std::vector<torch::Tensor> group_features;
    for (size_t i : members) group.push_back(floors[i]), group_features.push_back(features[i]);
    auto results = score_together(frame, group, group_features, std::get<0>(key));
    for (size_t m = 0; m < members.size(); ++m) out[members[m]] = results[m];
  }
  return out;
}

std::vector<TrackResult> FloorTracker::score_together(const DeviceFrame &frame, const std::vector<FloorTracker *> &group,
                                                      const std::vector<torch::Tensor> &features, bool wide) {
  // Rows of the response: one per search scale (a window each, or one window against each template
  // scale), for every target; one grouped correlation for all of them.
  std::vector<torch::Tensor> kernels;
  for (auto *f : group) kernels.push_back(f->by_template() ? f->scale_kernels_ : f->kernel_);
  const int64_t T = int64_t(group.size());
  auto raw = xcorr_summed_pairs(features, kernels);  // T n x 1 x R x R
  const int64_t n = raw.size(0) / T;                   // rows per target
  auto resp = raw;
  // Look-alikes are subtracted per target (each by its own distractor-weight); copy the rows only
  // when some target has look-alikes.
  bool suppressing = false;
  for (auto *f : group) suppressing = suppressing || f->distractors_.defined();
  if (suppressing) {
    std::vector<torch::Tensor> rows;
    for (int64_t i = 0; i < T; ++i) rows.push_back(group[i]->suppress_distractors(raw.narrow(0, i * n, n), features[i]));
    resp = torch::cat(rows);
  }
  const int64_t R = resp.size(2), U = (R - 1) * kStride + 1;  // upsampled: one cell per crop pixel
  auto up = upsample_bicubic(resp, U, U).view({T, n, U * U});
  // Scale: each target's best peak, the changed scales penalised (argmax keeps the first of equal peaks).
  auto peaks = std::get<0>(up.max(2));  // T x n
  if (!wide && n == 3) peaks.select(1, 0).mul_(params_.scale_penalty), peaks.select(1, 2).mul_(params_.scale_penalty);
  auto best = peaks.argmax(1);  // T
  auto r = up.gather(1, best.view({T, 1, 1}).expand({T, 1, U * U})).squeeze(1);  // T x UU
  r = r - std::get<0>(r.min(1, true));
  r = r / r.sum(1, true).clamp_min(1e-12);
  auto &window = windows_[U];
  if (!window.defined()) {
    auto w = cosine_window(int(U));
    window = (w / w.sum()).flatten().to(device_);
  }
  r = r * (1 - params_.window_influence) + window * params_.window_influence;
  // The peaks: the strongest local maxima where some target keeps track of look-alikes, else the maximum.
  bool keeping = false;
  for (auto *f : group) keeping = keeping || (f->tunables_.keep_track > 0 && !wide);
  const int64_t K = keeping ? kCandidates : 1;
  torch::Tensor peak_values, peak_index;
  if (keeping) {
    auto m = r.view({T, 1, U, U});
    const int64_t k = kCandidateSpacing;  // separable max pooling: k x k neighbourhoods at 2k cost
    auto pooled = F::max_pool2d(m, F::MaxPool2dFuncOptions({1, k}).stride(1).padding({0, k / 2}));
    pooled = F::max_pool2d(pooled, F::MaxPool2dFuncOptions({k, 1}).stride(1).padding({k / 2, 0}));
    std::tie(peak_values, peak_index) = torch::where(m == pooled, m, torch::zeros_like(m)).view({T, U * U}).topk(K, 1);
  } else {
    std::tie(peak_values, peak_index) = r.max(1, true);
  }
  // The score: each template's own best response, relative to the one on its first frame.
  std::vector<double> self;
  for (auto *f : group) self.push_back(f->self_response_);
  auto raw_peaks = std::get<0>(raw.view({T, n, R * R}).max(2)).gather(1, best.view({T, 1})).squeeze(1);
  auto score = raw_peaks / torch::tensor(self, torch::kFloat).to(device_);
  // The one download for all targets: the chosen scale, the score and the peaks.
  auto host = torch::cat({best.to(torch::kDouble).view({T, 1}), score.to(torch::kDouble).view({T, 1}),
                          peak_index.to(torch::kDouble), peak_values.to(torch::kDouble)},
                         1)
                  .to(torch::kCPU)
                  .contiguous();
  auto h = host.accessor<double, 2>();
  std::vector<TrackResult> out;
  for (int64_t i = 0; i < T; ++i) {
    std::vector<std::pair<int64_t, double>> peaks;
    for (int64_t k = 0; k < K; ++k) peaks.emplace_back(int64_t(h[i][2 + k]), h[i][2 + K + k]);
    out.push_back(group[i]->conclude(frame, features[i], raw.narrow(0, i * n, n), int(h[i][0]), peaks,
                                     std::clamp(h[i][1], 0.0, 1.0)));
  }
  return out;
}

TrackResult FloorTracker::conclude(const DeviceFrame &frame, const torch::Tensor &features, const torch::Tensor &raw, int b,
                                   const std::vector<std::pair<int64_t, double>> &peaks, double score) {
  const auto windows = search_windows();
  const bool wide = wide_search();
  const bool templates = by_template();
  const int crop_px = wide ? tunables_.lost_search_size : kSearch;
  const int64_t R = raw.size(2), U = (R - 1) * kStride + 1;
  // Upsampled cell u sits on crop pixel offset + u, offset = centre - (U-1)/2.
  const double c = (crop_px - 1) / 2.0, off = c - (U - 1) / 2.0;
  const Square &win = windows[templates ? 0 : b];
  auto in_frame = [&](int64_t index) {
    return uncrop_point({off + double(index % U), off + double(index / U)}, win.cx, win.cy, win.side, crop_px);
  };
  // keep-track: the peak that continues the target's track, or none while a look-alike covers it.
  int64_t peak = peaks[0].first;
  bool hidden = false;
  if (tunables_.keep_track > 0 && !wide) {
    std::vector<Candidate> candidates;
    for (auto &[index, value] : peaks) {
      const auto p = in_frame(index);
      candidates.push_back({p.x, p.y, value});
    }
    candidates_.set_keep_ratio(tunables_.keep_track);
    const int k = candidates_.choose(candidates, std::max(w_, h_));
    hidden = k < 0;
    if (!hidden) peak = peaks[size_t(k)].first;
  }
  const double u = double(peak % U), v = double(peak / U);
  const auto centre = in_frame(peak);
  // The chosen peak's response cell (look-alikes are sought away from it).
  int64_t cell_row = std::clamp<int64_t>(std::llround(v / kStride), 0, R - 1);
  int64_t cell_col = std::clamp<int64_t>(std::llround(u / kStride), 0, R - 1);
  // The trained tracker's lost state; the box holds still while missed or lost.
  lost_state_.update(score, tunables_);
  if (lost_state_.trusted() && hidden) {
    // A look-alike covers the target: the box waits where the target's track is heading, its size kept.
    cx_ = std::clamp(candidates_.target_x(), 0.0, double(frame.width));
    cy_ = std::clamp(candidates_.target_y(), 0.0, double(frame.height));
  } else if (lost_state_.trusted()) {
    double scale = wide ? 1.0 : templates ? search_scales()[b] : win.side / search_side();  // the chosen search scale
    double f = 1 - params_.scale_lr + params_.scale_lr * scale;
    double nx = std::clamp(centre.x, 0.0, double(frame.width)), ny = std::clamp(centre.y, 0.0, double(frame.height));
    // Constant-velocity motion model: the next search is centred where the target is heading.
    const double a = tunables_.velocity_lr, moved_x = nx - cx_, moved_y = ny - cy_;
    vx_ = wide ? 0 : vx_ * (1 - a) + moved_x * a;
    vy_ = wide ? 0 : vy_ * (1 - a) + moved_y * a;
    cx_ = nx, cy_ = ny;
    if (wide) candidates_.reset(cx_, cy_);  // found again: the look-alikes around it are new
    // The flow's scale change since the last frame (which the search's scales, centred on the last
    // size, do not see below a whole step), then the search's own choice. One scale: width and
    // height apart followed noise and look-alikes more (tracker-tuning.md). Believed only where the
    // search found the target where the points went (not after a jump).
    if (tunables_.flow_scale && !wide) {
      const auto flow = flow_.measure(frame);
      const bool along = std::hypot(moved_x - flow.dx, moved_y - flow.dy) <= 0.15 * std::max(w_, h_);
      if (flow.ok && along) f *= flow.scale;
    }
    w_ = clamp_side(w_ * f, params_.min_size, frame.width);
    h_ = clamp_side(h_ * f, params_.min_size, frame.height);
    // The aspect ratio on the chosen scale's map (not measured on the wider lost search or with
    // template scales, whose one map is cut for three template sizes).
    if (tunables_.aspect_ratio && aspect_templates_.defined() && !wide && !templates) measure_aspect(features.narrow(0, b, 1), frame.width, frame.height);
    find_distractors(features[templates ? 0 : b], raw[b][0], cell_row, cell_col);
    // A confident frame refreshes the template a little (appearance changes).
    if (tunables_.template_lr > 0 && score >= tunables_.template_min_score) {
      const double lr = tunables_.template_lr;
      auto now = template_kernel(frame);
      kernel_ = channel_normalised(kernel_ * (1 - lr) + now * lr);
      scale_kernels_ = channel_normalised(scale_kernels_ * (1 - lr) + scaled_kernels(frame, now) * lr);
    }
  }
  if (!lost_state_.trusted()) vx_ = vy_ = 0;
  last_ = {clip_to_frame(Box::from_center(cx_, cy_, w_, h_), frame.width, frame.height), score, lost_state_.lost()};
  if (tunables_.flow_scale) flow_.remember(frame, Box::from_center(cx_, cy_, w_, h_));
  return last_;
}

}  // namespace saetrack
