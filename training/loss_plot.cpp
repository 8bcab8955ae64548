#include "loss_plot.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>

namespace saetrack::train {

void write_curves_png(const std::string &path, const std::vector<std::pair<std::string, std::vector<CurvePoint>>> &series) {
  const int W = 800, PH = 300;
  cv::Mat img(PH * int(series.size()), W, CV_8UC3, cv::Scalar(255, 255, 255));
  for (size_t k = 0; k < series.size(); ++k) {
    const auto &[name, pts] = series[k];
    cv::Rect area(60, int(k) * PH + 30, W - 80, PH - 60);
    cv::rectangle(img, area, cv::Scalar(0, 0, 0));
    cv::putText(img, name, {area.x, area.y - 8}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    if (pts.empty()) continue;
    double x0 = pts.front().x, x1 = pts.back().x, y0 = pts[0].y, y1 = pts[0].y;
    for (auto &p : pts) y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    if (x1 <= x0) x1 = x0 + 1;
    if (y1 <= y0) y1 = y0 + 1e-6;
    auto map = [&](const CurvePoint &p) {
      return cv::Point(area.x + int((p.x - x0) / (x1 - x0) * area.width), area.y + area.height - int((p.y - y0) / (y1 - y0) * area.height));
    };
    for (size_t i = 1; i < pts.size(); ++i) cv::line(img, map(pts[i - 1]), map(pts[i]), cv::Scalar(200, 80, 0), 1, cv::LINE_AA);
    if (pts.size() == 1) cv::circle(img, map(pts[0]), 3, cv::Scalar(200, 80, 0), -1);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4g", y1);
    cv::putText(img, buf, {2, area.y + 10}, cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(0, 0, 0));
    std::snprintf(buf, sizeof buf, "%.4g", y0);
    cv::putText(img, buf, {2, area.y + area.height}, cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(0, 0, 0));
    std::snprintf(buf, sizeof buf, "%.0f", x1);
    cv::putText(img, buf, {area.x + area.width - 40, area.y + area.height + 15}, cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(0, 0, 0));
  }
  cv::imwrite(path, img);
}

}  // namespace saetrack::train
