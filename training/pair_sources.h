// Sources of training pairs. Every source is a pure function of (index, rng) so that batches are
// reproducible from the seed whatever the number of workers.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "datasets.h"
#include "pair_crop.h"
#include "synthetic_scene.h"

namespace saetrack::train {

class PairSource {
 public:
  virtual ~PairSource() = default;
  virtual Pair sample(Rng &rng) const = 0;
  virtual std::string name() const = 0;
};

// COCO/DaSiamRPN-style pairs from still photos: a random region is the object; the search view
// is the same photo under a different crop, scale and photometry.
class StillPairSource : public PairSource {
 public:
  StillPairSource(const std::vector<cv::Mat> &images, NetConfig cfg, AugmentParams aug)
      : images_(images), cfg_(std::move(cfg)), aug_(aug) {}
  Pair sample(Rng &rng) const override;
  std::string name() const override { return "still"; }

 private:
  const std::vector<cv::Mat> &images_;
  NetConfig cfg_;
  AugmentParams aug_;
};

// Two frames of a synthetic scene: the object moves, rescales and changes colour between them,
// with look-alike distractors and an occluder. With cut-out objects, half the targets are those.
class SyntheticPairSource : public PairSource {
 public:
  SyntheticPairSource(const std::vector<cv::Mat> &images, NetConfig cfg, AugmentParams aug,
                      std::vector<scenes::Sprite> objects = {})
      : images_(images), cfg_(std::move(cfg)), aug_(aug), objects_(std::move(objects)) {}
  Pair sample(Rng &rng) const override;
  std::string name() const override { return "synthetic"; }

 private:
  const std::vector<cv::Mat> &images_;
  NetConfig cfg_;
  AugmentParams aug_;
  std::vector<scenes::Sprite> objects_;
};

// Pairs of frames (at most max_gap apart) from annotated sequences (GOT-10k, LaSOT, COCO, ...).
class SequencePairSource : public PairSource {
 public:
  SequencePairSource(std::vector<Sequence> seqs, NetConfig cfg, AugmentParams aug, int max_gap = 100)
      : seqs_(std::move(seqs)), cfg_(std::move(cfg)), aug_(aug), max_gap_(max_gap) {}
  Pair sample(Rng &rng) const override;
  std::string name() const override { return "sequences"; }
  size_t size() const { return seqs_.size(); }

 private:
  std::vector<Sequence> seqs_;
  NetConfig cfg_;
  AugmentParams aug_;
  int max_gap_;
};

// Mixes sources with weights and turns a fraction of pairs into negatives (search view taken
// from an unrelated image, every label negative).
class PairMixer {
 public:
  PairMixer(std::vector<std::shared_ptr<PairSource>> sources, std::vector<double> weights,
            const std::vector<cv::Mat> &images, NetConfig cfg, double negative = 0.2);
  Pair sample(uint64_t seed, uint64_t index) const;

 private:
  std::vector<std::shared_ptr<PairSource>> sources_;
  std::vector<double> weights_;
  const std::vector<cv::Mat> &images_;
  NetConfig cfg_;
  double negative_;
};

}  // namespace saetrack::train
