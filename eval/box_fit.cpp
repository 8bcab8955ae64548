#include "box_fit.h"

#include <algorithm>
#include <cmath>

namespace saetrack::eval {

std::string true_part_name(TruePart part) {
  switch (part) {
    case TruePart::Aspect: return "true aspect";
    case TruePart::Size: return "true size";
    case TruePart::Centre: return "true centre";
  }
  return "";
}

std::vector<Box> with_true_part(const std::vector<Box> &boxes, const std::vector<Box> &truth, TruePart part) {
  std::vector<Box> out(boxes);
  for (size_t i = 0; i < std::min(boxes.size(), truth.size()); ++i) {
    const Box &b = boxes[i], &t = truth[i];
    if (t.empty() || b.empty()) continue;
    double cx = b.cx(), cy = b.cy(), w = b.w, h = b.h;
    switch (part) {
      case TruePart::Aspect: {
        const double area = b.w * b.h, aspect = t.w / t.h;
        w = std::sqrt(area * aspect), h = std::sqrt(area / aspect);
        break;
      }
      case TruePart::Size: w = t.w, h = t.h; break;
      case TruePart::Centre: cx = t.cx(), cy = t.cy(); break;
    }
    out[i] = Box::from_center(cx, cy, w, h);
  }
  return out;
}

}  // namespace saetrack::eval
