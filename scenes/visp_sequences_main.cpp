// saetrack-visp-sequences: turns the real camera sequences of the Debian package visp-images-data
// into OTB-layout tracking sequences with derived ground truth, so that saetrack-eval and
// tools/gst-compare.py can score trackers on real footage (camera motion, blur, perspective,
// lighting) and not only on generated scenes.
//
// The targets are ViSP's calibration patterns: a black square carrying white dots (mire-2: four
// dots and a central disc; cube: twelve dots along the border). In each frame the dots are found
// (bright, round, on a dark surround), and the box is the bounding box of their centres scaled
// about its centre by the pattern's fixed square-to-dots ratio (measured once per pattern on the
// first frame; ratios along a line survive the camera's affine part). Frames where too few dots
// are found are interpolated from their neighbours and counted in the output.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "command_line.h"
#include <opencv2/imgproc.hpp>

namespace fs = std::filesystem;

namespace {

struct Pattern {
  const char *name;     // output sequence name
  const char *folder;   // under ViSP-images/
  int dots;             // white dots on the square
  double expand;        // square side / span of the dot centres
  double min_area, max_area;  // dot areas in pixels at this footage's scale
  cv::Rect2d first;           // the square in frame 1 (read off the image once)
  bool centred;               // the largest dot is a disc at the centre of the others (mire-2)
};

// How far the centred pattern's disc may lie from the middle of the other dots, as a share of
// their span (perspective moves it a little; a wrong corner dot moves it a lot).
constexpr double kCentreTolerance = 0.08;

// Ratios measured on frame 1 of each sequence (square edges vs outer dot centres).
const Pattern kPatterns[] = {
    {"visp-mire2", "mire-2", 5, 1.50, 12, 4000, {52, 150, 233, 150}, true},
    {"visp-cube", "cube", 12, 1.40, 6, 600, {183, 78, 65, 65}, false},
};

struct Dot {
  cv::Point2d at;
  double area;
};

// The bounding box of the dots' centres, leaving out `skip` (none by default).
cv::Rect2d span(const std::vector<Dot> &dots, const Dot *skip = nullptr) {
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (auto &d : dots)
    if (&d != skip) x0 = std::min(x0, d.at.x), y0 = std::min(y0, d.at.y), x1 = std::max(x1, d.at.x), y1 = std::max(y1, d.at.y);
  return {x0, y0, x1 - x0, y1 - y0};
}

std::vector<Dot> find_dots(const cv::Mat &grey, const Pattern &p) {
  cv::Mat bright;
  cv::threshold(grey, bright, 150, 255, cv::THRESH_BINARY);
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(bright, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  std::vector<Dot> dots;
  for (auto &c : contours) {
    double area = cv::contourArea(c), perim = cv::arcLength(c, true);
    if (area < p.min_area || area > p.max_area || perim <= 0) continue;
    if (4 * CV_PI * area / (perim * perim) < 0.4) continue;  // round, or an ellipse in perspective
    cv::Rect r = cv::boundingRect(c);
    // The surround (a ring two thirds of a dot radius wide) must be dark: the dots sit on the black square.
    int pad = std::max(2, std::max(r.width, r.height) / 3);
    cv::Rect ring = cv::Rect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad) &
                    cv::Rect(0, 0, grey.cols, grey.rows);
    cv::Mat mask(grey.size(), CV_8U, cv::Scalar(0));
    mask(ring).setTo(255);
    cv::Mat inner(grey.size(), CV_8U, cv::Scalar(0));
    cv::drawContours(inner, std::vector<std::vector<cv::Point>>{c}, 0, cv::Scalar(255), -1);
    cv::dilate(inner, inner, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
    mask.setTo(0, inner);
    // Most of it, not all: dots near the square's edge see some of the bright box around it.
    cv::Mat dark = (grey < 90) & mask;
    if (cv::countNonZero(dark) < 0.6 * cv::countNonZero(mask)) continue;
    cv::Moments m = cv::moments(c);
    dots.push_back({{m.m10 / m.m00, m.m01 / m.m00}, area});
  }
  return dots;
}

}  // namespace

int main(int argc, char **argv) {
  std::string root = "/usr/share/visp-images-data/ViSP-images", out = "visp-sequences", sheet;
  saetrack::CommandLine cli("saetrack-visp-sequences", "[options]");
  cli.add("visp", &root, "visp-images-data's image folder")
      .add("out", &out, "where the OTB-layout sequences go")
      .add("sheet", &sheet, "also write a contact sheet of the derived boxes (PNG/JPEG)");
  if (int rc = cli.parse_for_main(argc, argv); rc >= 0) return rc;
  if (!fs::is_directory(root)) {
    std::fprintf(stderr, "saetrack-visp-sequences: %s not found (apt-get install visp-images-data)\n", root.c_str());
    return 1;
  }
  std::vector<cv::Mat> tiles;
  for (const Pattern &p : kPatterns) {
    std::vector<std::string> files;
    for (auto &e : fs::directory_iterator(fs::path(root) / p.folder))
      if (e.path().extension() == ".pgm") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::vector<cv::Rect2d> boxes(files.size());
    std::vector<bool> found(files.size(), false);
    std::vector<cv::Mat> frames;
    cv::Rect2d last = p.first;  // the square where it was last found
    for (size_t f = 0; f < files.size(); ++f) {
      cv::Mat grey = cv::imread(files[f], cv::IMREAD_GRAYSCALE);
      if (grey.empty()) {
        std::fprintf(stderr, "cannot read %s\n", files[f].c_str());
        return 1;
      }
      frames.push_back(grey);
      // Only dots near the last known square count (other bright round spots exist in the scene).
      double mx = last.width * 0.35, my = last.height * 0.35;
      cv::Rect2d gate(last.x - mx, last.y - my, last.width + 2 * mx, last.height + 2 * my);
      std::vector<Dot> dots;
      for (auto &d : find_dots(grey, p))
        if (gate.contains(d.at)) dots.push_back(d);
      // Spurious bright spots (reflections) lie further out than the pattern's own dots: keep the
      // dots nearest the last centre; too few means blur or the pattern left the frame.
      cv::Point2d c(last.x + last.width / 2, last.y + last.height / 2);
      std::sort(dots.begin(), dots.end(), [&](auto &a, auto &b) { return cv::norm(a.at - c) < cv::norm(b.at - c); });
      if (int(dots.size()) < p.dots) continue;  // interpolate this frame
      dots.resize(p.dots);
      const cv::Rect2d all = span(dots);
      // mire-2: a bright spot beside the pattern taken for a missed corner dot moves the corners'
      // centre off the disc (from frame 149 the box reached past the pattern for 70 frames, seen on
      // a contact sheet); such frames are interpolated.
      if (p.centred) {
        auto disc = std::max_element(dots.begin(), dots.end(), [](auto &a, auto &b) { return a.area < b.area; });
        const cv::Rect2d corners = span(dots, &*disc);
        if (std::abs(disc->at.x - (corners.x + corners.width / 2)) > kCentreTolerance * corners.width ||
            std::abs(disc->at.y - (corners.y + corners.height / 2)) > kCentreTolerance * corners.height)
          continue;
      }
      double cx = all.x + all.width / 2, cy = all.y + all.height / 2, w = all.width * p.expand, h = all.height * p.expand;
      boxes[f] = last = {cx - w / 2, cy - h / 2, w, h};
      found[f] = true;
    }
    // Fill the frames without a clean detection from the nearest detected neighbours.
    int missing = 0;
    for (size_t f = 0; f < files.size(); ++f) {
      if (found[f]) continue;
      ++missing;
      long a = long(f) - 1, b = long(f) + 1;
      while (a >= 0 && !found[a]) --a;
      while (b < long(files.size()) && !found[b]) ++b;
      if (a < 0 && b >= long(files.size())) {
        std::fprintf(stderr, "%s: the pattern was found in no frame\n", p.folder);
        return 1;
      }
      if (a < 0) boxes[f] = boxes[b];
      else if (b >= long(files.size())) boxes[f] = boxes[a];
      else {
        double t = double(long(f) - a) / double(b - a);
        auto &A = boxes[a], &B = boxes[b];
        boxes[f] = {A.x + t * (B.x - A.x), A.y + t * (B.y - A.y), A.width + t * (B.width - A.width),
                    A.height + t * (B.height - A.height)};
      }
    }
    fs::path d = fs::path(out) / p.name;
    fs::create_directories(d / "img");
    std::ofstream gt(d / "groundtruth_rect.txt"), attr(d / "attributes.txt");
    int shown = 0;
    for (size_t f = 0; f < files.size(); ++f) {
      char fn[32];
      std::snprintf(fn, sizeof fn, "%04zu.jpg", f + 1);
      cv::Mat bgr;
      cv::cvtColor(frames[f], bgr, cv::COLOR_GRAY2BGR);
      cv::imwrite((d / "img" / fn).string(), bgr, {cv::IMWRITE_JPEG_QUALITY, 95});
      auto &b = boxes[f];
      gt << int(b.x + 0.5) << "," << int(b.y + 0.5) << "," << int(b.width + 0.5) << "," << int(b.height + 0.5) << "\n";
      // Contact sheet: four frames per sequence with the derived box.
      if (f % std::max<size_t>(1, files.size() / 4) == 0 && shown < 4) {
        ++shown;
        cv::rectangle(bgr, b, cv::Scalar(0, 255, 0), 2);
        cv::putText(bgr, std::string(p.name) + " #" + std::to_string(f + 1), {6, 18}, cv::FONT_HERSHEY_SIMPLEX, 0.5,
                    cv::Scalar(0, 255, 255), 1);
        cv::resize(bgr, bgr, {384, 288});
        tiles.push_back(bgr);
      }
    }
    attr << "Scale Variation\nIllumination Variation\n";
    std::printf("%s: %zu frames, pattern found in %zu, interpolated %d -> %s\n", p.name, files.size(),
                files.size() - missing, missing, d.string().c_str());
  }
  if (!sheet.empty() && !tiles.empty()) {
    std::vector<cv::Mat> rows;
    for (size_t i = 0; i < tiles.size(); i += 4) {
      std::vector<cv::Mat> row(tiles.begin() + i, tiles.begin() + std::min(tiles.size(), i + 4));
      while (row.size() < 4) row.push_back(cv::Mat::zeros(288, 384, CV_8UC3));
      cv::Mat r;
      cv::hconcat(row, r);
      rows.push_back(r);
    }
    cv::Mat all;
    cv::vconcat(rows, all);
    cv::imwrite(sheet, all);
    std::printf("contact sheet: %s\n", sheet.c_str());
  }
  return 0;
}
