// One-pass evaluation metrics of the tracking benchmarks (OTB/LaSOT/GOT-10k conventions).
#pragma once
#include <vector>

#include "geometry.h"


namespace saetrack::eval {

// Per-sequence scores with the benchmarks' conventions. Frames whose `visible` flag is false (target
// absent, fully occluded or out of view) are left out, as LaSOT and GOT-10k do; an empty mask means
// every frame counts. Frame 0 (the initialisation) is the caller's to drop.
struct SequenceScores {
  std::vector<double> success;       // 21 thresholds 0..1 step 0.05 (OTB/LaSOT success plot)
  std::vector<double> precision;     // 51 thresholds 0..50 px (OTB precision plot)
  std::vector<double> norm_precision;// 51 thresholds 0..0.5 of the normalised centre error (LaSOT)
  double auc = 0;                    // mean of `success`
  double precision20 = 0;            // precision at 20 px
  double norm_precision20 = 0;       // normalised precision at 0.2 (LaSOT's reported number)
  double ao = 0, sr50 = 0, sr75 = 0; // GOT-10k: average overlap, success rate at IoU 0.5 / 0.75
  size_t frames = 0;                 // frames scored
};
SequenceScores score_sequence(const std::vector<Box> &pred, const std::vector<Box> &gt,
                              const std::vector<bool> &visible = {});
// Frame-weighted mean over sequences for the curves and OTB-style numbers (every frame counts once, as
// the OTB/LaSOT toolkits' overall plots do), sequence mean for AO/SR (GOT-10k's convention).
SequenceScores combine_scores(const std::vector<SequenceScores> &seqs);

}  // namespace saetrack::eval
