#include "plots.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace saetrack::eval {

void write_plot(const std::string &path, const std::string &title, const std::string &xlabel, const std::string &ylabel,
                double x0, double x1, std::vector<Curve> curves) {
  const int W = 800, H = 600, L = 80, R = 30, T = 50, B = 70;
  cv::Mat img(H, W, CV_8UC3, cv::Scalar(255, 255, 255));
  auto px = [&](double x) { return int(L + (x - x0) / (x1 - x0) * (W - L - R)); };
  auto py = [&](double y) { return int(H - B - y * (H - T - B)); };
  auto font = cv::FONT_HERSHEY_SIMPLEX;
  for (int i = 0; i <= 10; ++i) {  // grid and tick labels
    double x = x0 + (x1 - x0) * i / 10, y = i / 10.0;
    cv::line(img, {px(x), py(0)}, {px(x), py(1)}, cv::Scalar(225, 225, 225));
    cv::line(img, {px(x0), py(y)}, {px(x1), py(y)}, cv::Scalar(225, 225, 225));
    char buf[32];
    std::snprintf(buf, sizeof buf, (x1 - x0) >= 10 ? "%.0f" : "%.1f", x);
    cv::putText(img, buf, {px(x) - 12, py(0) + 22}, font, 0.45, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    std::snprintf(buf, sizeof buf, "%.1f", y);
    cv::putText(img, buf, {px(x0) - 36, py(y) + 5}, font, 0.45, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  }
  cv::rectangle(img, {px(x0), py(1)}, {px(x1), py(0)}, cv::Scalar(0, 0, 0), 1);
  cv::putText(img, title, {L, 32}, font, 0.7, cv::Scalar(0, 0, 0), 2, cv::LINE_AA);
  cv::putText(img, xlabel, {W / 2 - 80, H - 20}, font, 0.55, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  cv::Mat yl(30, 300, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::putText(yl, ylabel, {5, 22}, font, 0.55, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  cv::rotate(yl, yl, cv::ROTATE_90_COUNTERCLOCKWISE);
  yl.copyTo(img(cv::Rect(5, (H - 300) / 2, 30, 300)));

  static const cv::Scalar colours[] = {{40, 40, 220}, {200, 120, 0},  {30, 160, 30}, {0, 140, 255},
                                       {160, 40, 160}, {120, 120, 0}, {90, 90, 90},  {0, 200, 200}};
  std::stable_sort(curves.begin(), curves.end(), [](const Curve &a, const Curve &b) { return a.score > b.score; });
  for (size_t c = 0; c < curves.size(); ++c) {
    const auto &y = curves[c].y;
    auto col = colours[c % 8];
    for (size_t i = 1; i < y.size(); ++i) {
      double xa = x0 + (x1 - x0) * (i - 1) / (y.size() - 1), xb = x0 + (x1 - x0) * i / (y.size() - 1);
      cv::line(img, {px(xa), py(y[i - 1])}, {px(xb), py(y[i])}, col, 2, cv::LINE_AA);
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s [%.3f]", curves[c].label.c_str(), curves[c].score);
    // Below the curves: success curves fall to the right, precision curves rise to the right.
    bool falling = y.front() >= y.back();
    int ly = py(0.45) + int(c) * 22, lx = falling ? px(x0) + 15 : px(x1) - 300;
    cv::line(img, {lx, ly - 5}, {lx + 25, ly - 5}, col, 3, cv::LINE_AA);
    cv::putText(img, buf, {lx + 32, ly}, font, 0.5, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  }
  if (!cv::imwrite(path, img)) throw std::runtime_error("cannot write plot '" + path + "'");
}

}  // namespace saetrack::eval
