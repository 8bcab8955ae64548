#include "pair_crop.h"

#include "frame_crops.h"

#include <opencv2/imgproc.hpp>

namespace saetrack::train {

static double uni(Rng &r, double a, double b) { return std::uniform_real_distribution<double>(a, b)(r); }

static void photometric(cv::Mat &img, const AugmentParams &aug, Rng &rng, bool grey) {
  if (uni(rng, 0, 1) < aug.colour) scenes::colour_jitter(img, 1.0, rng);
  if (uni(rng, 0, 1) < aug.blur) {
    int k = 2 * int(uni(rng, 1, 4)) + 1;
    cv::GaussianBlur(img, img, {k, k}, 0);
  }
  if (grey) {
    cv::cvtColor(img, img, cv::COLOR_BGR2GRAY);
    cv::cvtColor(img, img, cv::COLOR_GRAY2BGR);
  }
}

Pair make_pair(const cv::Mat &zimg, const Box &zbox, const cv::Mat &ximg, const Box &xbox, const NetConfig &cfg,
               const AugmentParams &aug, Rng &rng) {
  Pair p;
  const int T = cfg.template_size, S = cfg.search_size;
  // Template: context crop around the box, with a small jitter.
  double s_z = context_size(zbox.w, zbox.h, aug.context);
  double zs = s_z * std::exp(uni(rng, -aug.template_scale, aug.template_scale));
  double zdx = uni(rng, -aug.template_shift, aug.template_shift) * zs / T;
  double zdy = uni(rng, -aug.template_shift, aug.template_shift) * zs / T;
  p.z = crop_square(zimg, crop_window(zbox.cx() + zdx, zbox.cy() + zdy, zs), T);
  // Search: the same scale as tracking uses (S/T times the template context), jittered.
  double s_x = context_size(xbox.w, xbox.h, aug.context) * S / T;
  s_x *= std::exp(uni(rng, -aug.search_scale, aug.search_scale));
  double k = s_x / S;  // image pixels per crop pixel
  const Square win = crop_window(xbox.cx() + uni(rng, -aug.search_shift, aug.search_shift) * k,
                                 xbox.cy() + uni(rng, -aug.search_shift, aug.search_shift) * k, s_x);
  const double cx = win.cx, cy = win.cy;
  p.x = crop_square(ximg, win, S);
  double x0 = (xbox.x - (cx - s_x / 2)) / k, y0 = (xbox.y - (cy - s_x / 2)) / k;
  p.box = cv::Vec4f(float(x0), float(y0), float(x0 + xbox.w / k), float(y0 + xbox.h / k));
  bool grey = uni(rng, 0, 1) < aug.grey;
  photometric(p.z, aug, rng, grey);
  photometric(p.x, aug, rng, grey);
  if (uni(rng, 0, 1) < aug.flip) {
    cv::flip(p.z, p.z, 1);
    cv::flip(p.x, p.x, 1);
    p.box = cv::Vec4f(float(S) - p.box[2], p.box[1], float(S) - p.box[0], p.box[3]);
  }
  return p;
}

}  // namespace saetrack::train
