#include "pair_sources.h"

#include <opencv2/imgcodecs.hpp>

#include "frame_reader.h"

#include <stdexcept>

namespace saetrack::train {

static double uni(Rng &r, double a, double b) { return std::uniform_real_distribution<double>(a, b)(r); }
template <typename T> static const T &pick(const std::vector<T> &v, Rng &r) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(r)];
}

static Box random_box(int W, int H, Rng &rng) {
  double side = uni(rng, 0.06, 0.4) * std::min(W, H);
  double ar = std::exp(uni(rng, -0.6, 0.6));
  double w = side * std::sqrt(ar), h = side / std::sqrt(ar);
  return {uni(rng, 0, W - w), uni(rng, 0, H - h), w, h};
}

Pair StillPairSource::sample(Rng &rng) const {
  const cv::Mat &img = pick(images_, rng);
  Box b = random_box(img.cols, img.rows, rng);
  return make_pair(img, b, img, b, cfg_, aug_, rng);
}

Pair SyntheticPairSource::sample(Rng &rng) const {
  const int W = 640, H = 480;
  // Two frames of a short synthetic sequence, a few frames apart. Drawn in this order to keep the
  // random stream of the documented training runs (GCC evaluated the former one-call form's
  // arguments right to left).
  scenes::SceneOptions opt;
  opt.occluder = uni(rng, 0, 1) < 0.3;
  opt.distractors = std::uniform_int_distribution<int>(0, 3)(rng);
  int n = 1 + std::uniform_int_distribution<int>(1, 12)(rng);
  opt.objects = &objects_;
  auto seq = scenes::generate_sequence(images_, n, W, H, rng, opt);
  size_t last = seq.images.size() - 1;
  return make_pair(seq.images[0], seq.boxes[0], seq.images[last], seq.boxes[last], cfg_, aug_, rng);
}

Pair SequencePairSource::sample(Rng &rng) const {
  for (int attempt = 0; attempt < 20; ++attempt) {
    const auto &s = pick(seqs_, rng);
    std::vector<size_t> vis;
    for (size_t i = 0; i < s.boxes.size(); ++i)
      if ((s.visible.empty() || s.visible[i]) && !s.boxes[i].empty()) vis.push_back(i);
    if (vis.empty()) continue;
    size_t a = pick(vis, rng);
    std::vector<size_t> near;
    for (size_t i : vis)
      if (std::abs(long(i) - long(a)) <= max_gap_) near.push_back(i);
    size_t b = pick(near, rng);
    cv::Mat ia = frame_at(s, a), ib = a == b ? ia : frame_at(s, b);
    return make_pair(ia, s.boxes[a], ib, s.boxes[b], cfg_, aug_, rng);
  }
  throw std::runtime_error("annotated sequences hold no visible target");
}

PairMixer::PairMixer(std::vector<std::shared_ptr<PairSource>> sources, std::vector<double> weights,
                     const std::vector<cv::Mat> &images, NetConfig cfg, double negative)
    : sources_(std::move(sources)), weights_(std::move(weights)), images_(images), cfg_(std::move(cfg)),
      negative_(negative) {}

Pair PairMixer::sample(uint64_t seed, uint64_t index) const {
  std::seed_seq ss{seed, index, uint64_t(0x5ae7ac)};
  Rng rng(ss);
  std::discrete_distribution<size_t> which(weights_.begin(), weights_.end());
  Pair p = sources_[which(rng)]->sample(rng);
  if (uni(rng, 0, 1) < negative_) {
    // Replace the search view by a crop of an unrelated photo at the same scale.
    const cv::Mat &img = pick(images_, rng);
    Box b = random_box(img.cols, img.rows, rng);
    AugmentParams aug;
    Pair other = make_pair(img, b, img, b, cfg_, aug, rng);
    p.x = other.x;
    p.positive = false;
  }
  return p;
}

}  // namespace saetrack::train
