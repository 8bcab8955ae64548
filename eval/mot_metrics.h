// Multi-object tracking metrics with their published definitions, as the MOTChallenge devkit and
// py-motmetrics compute them: CLEAR MOT (Bernardin & Stiefelhagen 2008: MOTA, MOTP, false
// positives, misses, identity switches; a correspondence from the previous frame is kept while its
// IoU stays at the threshold, the rest matched optimally), fragmentations (Li et al. 2009: a
// ground-truth trajectory's tracked stretches interrupted and resumed) and the identity scores of
// Ristani et al. 2016 (IDF1, IDP, IDR: one optimal matching of whole trajectories).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "geometry.h"

namespace saetrack::eval {

struct MotObject {
  int64_t id;
  Box box;
};
using MotFrames = std::map<int, std::vector<MotObject>>;  // frame number -> objects

struct MotScores {
  size_t gt = 0, hypotheses = 0;  // boxes over all frames
  size_t matches = 0, false_positives = 0, misses = 0, id_switches = 0, fragmentations = 0;
  double mota = 0, motp = 0;  // MOTP: mean IoU of the matches
  size_t idtp = 0;
  double idf1 = 0, idp = 0, idr = 0;
};

// iou_threshold: a ground-truth box and a hypothesis can match at IoU >= this (MOTChallenge: 0.5).
MotScores score_mot(const MotFrames &gt, const MotFrames &hypotheses, double iou_threshold = 0.5);

// MOTChallenge text files: "frame,id,x,y,w,h,conf,..." per line (frame numbers as written).
// Ground truth keeps lines with conf != 0 (the devkit's "consider" flag).
MotFrames read_mot_file(const std::string &path, bool ground_truth);
void write_mot_file(const std::string &path, const MotFrames &frames);

}  // namespace saetrack::eval
