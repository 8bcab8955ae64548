// How much of a tracker's score is lost to its box's shape rather than its position: its boxes
// rescored with one part replaced by the ground truth's (saetrack-eval --box-fit).
#pragma once
#include <string>
#include <vector>

#include "geometry.h"

namespace saetrack::eval {

enum class TruePart {
  Aspect,  // own centre and area, the true aspect ratio: what an aspect-ratio estimate could gain
  Size,    // own centre, the true width and height: what any size estimate could gain
  Centre,  // the true centre, own width and height: what better localisation alone could gain
};
inline constexpr TruePart kTrueParts[] = {TruePart::Aspect, TruePart::Size, TruePart::Centre};
std::string true_part_name(TruePart part);  // "true aspect", ...

// `boxes` with `part` taken from `truth` frame by frame (as many frames as both have); frames whose
// truth is empty (target absent) keep the tracker's box.
std::vector<Box> with_true_part(const std::vector<Box> &boxes, const std::vector<Box> &truth, TruePart part);

}  // namespace saetrack::eval
