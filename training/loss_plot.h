// Loss-curve picture: training loss per step and validation AUC per epoch, drawn with OpenCV.
#pragma once
#include <string>
#include <vector>

namespace saetrack::train {

struct CurvePoint {
  double x, y;
};

// Writes a PNG with one panel per named series.
void write_curves_png(const std::string &path, const std::vector<std::pair<std::string, std::vector<CurvePoint>>> &series);

}  // namespace saetrack::train
