#include "synthetic_scene.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>


namespace saetrack::scenes {

static double uni(Rng &r, double a, double b) { return std::uniform_real_distribution<double>(a, b)(r); }

void colour_jitter(cv::Mat &img, double strength, Rng &rng) {
  double gain = 1 + uni(rng, -0.3, 0.3) * strength, bias = uni(rng, -25, 25) * strength;
  cv::Scalar ch(1 + uni(rng, -0.1, 0.1) * strength, 1 + uni(rng, -0.1, 0.1) * strength, 1 + uni(rng, -0.1, 0.1) * strength);
  img.convertTo(img, CV_32FC3);
  img = img.mul(cv::Scalar(gain * ch[0], gain * ch[1], gain * ch[2])) + cv::Scalar::all(bias);
  img.convertTo(img, CV_8UC3);
}
template <class T>
static const T &pick(const std::vector<T> &v, Rng &r) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(r)];
}

cv::Mat random_background(const std::vector<cv::Mat> &images, int w, int h, Rng &rng) {
  const cv::Mat &img = pick(images, rng);
  double s = std::min(1.0, std::min(img.cols / double(w), img.rows / double(h))) * uni(rng, 0.6, 1.0);
  int cw = std::max(8, int(w * s)), ch = std::max(8, int(h * s));
  cw = std::min(cw, img.cols), ch = std::min(ch, img.rows);
  int x = std::uniform_int_distribution<int>(0, img.cols - cw)(rng), y = std::uniform_int_distribution<int>(0, img.rows - ch)(rng);
  cv::Mat out;
  cv::resize(img(cv::Rect(x, y, cw, ch)), out, {w, h}, 0, 0, cv::INTER_LINEAR);
  return out;
}

Sprite random_sprite(const std::vector<cv::Mat> &images, int w, int h, Rng &rng) {
  Sprite s;
  s.patch = random_background(images, w, h, rng);
  s.alpha = cv::Mat::zeros(h, w, CV_32F);
  if (uni(rng, 0, 1) < 0.6)
    cv::ellipse(s.alpha, {w / 2, h / 2}, {std::max(1, w / 2 - 1), std::max(1, h / 2 - 1)}, 0, 0, 360, cv::Scalar(1), -1);
  else
    s.alpha.setTo(1);
  cv::GaussianBlur(s.alpha, s.alpha, {5, 5}, 0);
  return s;
}

Sprite recolour(const Sprite &s, Rng &rng, double strength) {
  Sprite r{s.patch.clone(), s.alpha};
  colour_jitter(r.patch, strength, rng);
  return r;
}

Sprite with_gait(const Sprite &s, double shear) {
  const int w = s.patch.cols, h = s.patch.rows;
  cv::Mat mx(h, w, CV_32F), my(h, w, CV_32F);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      mx.at<float>(y, x) = float(x - shear * std::max(0.0, y - h / 2.0)), my.at<float>(y, x) = float(y);
  Sprite g;
  cv::remap(s.patch, g.patch, mx, my, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::remap(s.alpha, g.alpha, mx, my, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  return g;
}

void paste(cv::Mat &canvas, const Sprite &s, const Box &box) {
  int w = std::max(1, int(std::lround(box.w))), h = std::max(1, int(std::lround(box.h)));
  int x = int(std::lround(box.x)), y = int(std::lround(box.y));
  cv::Rect dst(x, y, w, h), clip = dst & cv::Rect(0, 0, canvas.cols, canvas.rows);
  if (clip.empty()) return;
  cv::Mat p, a;
  cv::resize(s.patch, p, {w, h});
  cv::resize(s.alpha, a, {w, h});
  cv::Rect src(clip.x - x, clip.y - y, clip.width, clip.height);
  cv::Mat pf, cf, a3;
  p(src).convertTo(pf, CV_32FC3);
  canvas(clip).convertTo(cf, CV_32FC3);
  cv::cvtColor(a(src), a3, cv::COLOR_GRAY2BGR);
  cv::Mat out = pf.mul(a3) + cf.mul(cv::Scalar::all(1) - a3);
  out.convertTo(canvas(clip), CV_8UC3);
}

std::vector<Sprite> load_object_sprites(const std::string &dir, int max_side) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw std::runtime_error("object folder '" + dir + "' does not exist");
  std::vector<std::string> files;
  for (auto &e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".png") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<Sprite> out;
  for (auto &f : files) {
    cv::Mat rgba = cv::imread(f, cv::IMREAD_UNCHANGED);
    if (rgba.empty() || rgba.channels() != 4 || rgba.depth() != CV_8U) continue;  // no outline to cut along
    std::vector<cv::Mat> ch;
    cv::split(rgba, ch);
    cv::Rect extent = cv::boundingRect(ch[3] > 127);
    if (extent.width < 24 || extent.height < 24) continue;
    Sprite s;
    cv::merge(std::vector<cv::Mat>{ch[0], ch[1], ch[2]}, s.patch);
    s.patch = s.patch(extent).clone();
    ch[3](extent).convertTo(s.alpha, CV_32F, 1 / 255.0);
    double k = double(max_side) / std::max(extent.width, extent.height);
    if (k < 1) {
      cv::resize(s.patch, s.patch, {}, k, k, cv::INTER_AREA);
      cv::resize(s.alpha, s.alpha, {}, k, k, cv::INTER_AREA);
    }
    out.push_back(s);
  }
  return out;
}

namespace {
struct Mover {
  Sprite sprite;
  double cx, cy, w, h, vx, vy, vs;
  double speed = 1.0;
  double aspect_change = 0, va = 0;  // SceneOptions::aspect_change; the aspect's velocity
  double zoom = 0;                   // steady change of log size per frame (SceneOptions::zoom)
  bool walking = false, bounce = true;  // walking: keeps to its pace (px, py) with a little noise
  double px = 0, py = 0;
  void step(Rng &rng, int W, int H) {
    if (walking)
      vx += 0.2 * (px - vx) + uni(rng, -0.2, 0.2), vy += 0.2 * (py - vy) + uni(rng, -0.2, 0.2);
    else
      vx = 0.9 * vx + uni(rng, -1.5, 1.5) * speed, vy = 0.9 * vy + uni(rng, -1.5, 1.5) * speed;
    vs = 0.9 * vs + uni(rng, -0.004, 0.004);
    cx += vx, cy += vy;
    double s = std::exp(vs + zoom), sw = s, sh = s;
    if (aspect_change > 0) {
      va = 0.9 * va + uni(rng, -aspect_change, aspect_change);
      // Kept between 1:4 and 4:1: past that a squashed photo no longer looks like an object.
      double aspect = w / h * std::exp(va);
      if (aspect > 4 || aspect < 0.25) va = -va;
      sw *= std::exp(va / 2), sh /= std::exp(va / 2);
    }
    const double nw = w * sw, nh = h * sh;
    w = std::clamp(nw, 16.0, W * 0.4), h = std::clamp(nh, 16.0, H * 0.4);
    if (w != nw || h != nh) zoom = -zoom;  // at the size limit the camera turns back
    if (!bounce) return;
    if (cx < w / 2 || cx > W - w / 2) vx = -vx, px = -px, cx = std::clamp(cx, w / 2, W - w / 2);
    if (cy < h / 2 || cy > H - h / 2) vy = -vy, py = -py, cy = std::clamp(cy, h / 2, H - h / 2);
  }
  Box box() const { return Box::from_center(cx, cy, w, h); }
};
}  // namespace

// SceneOptions::crossings: the target's whole walk first, then look-alikes sent to meet it.
struct Walker {
  Sprite sprite;
  std::vector<Box> path;  // per frame
  bool in_front = false;
  double gait_period = 18, gait_phase = 0;
};
struct Crowd {
  std::vector<Box> path;  // the target's, per frame
  Walker target_gait;     // only its gait is used
  std::vector<Walker> walkers;
  // The shear of a walker's lower half on frame f (legs swinging).
  double gait(const Walker &w, int f) const { return 0.25 * std::sin(2 * M_PI * f / w.gait_period + w.gait_phase); }
};

static Crowd walk_crowd(Mover target, int crossings, int n, int W, int H, Rng &rng) {
  Crowd crowd;
  const double heading = uni(rng, 0, 2 * M_PI), pace = uni(rng, 1.5, 4.0);
  target.walking = true, target.px = pace * std::cos(heading), target.py = pace * std::sin(heading);
  target.vx = target.px, target.vy = target.py;
  crowd.target_gait.gait_period = uni(rng, 14, 24), crowd.target_gait.gait_phase = uni(rng, 0, 2 * M_PI);
  for (int f = 0; f < n; ++f) {
    if (f > 0) target.step(rng, W, H);
    crowd.path.push_back(target.box());
  }
  for (int k = 0; k < crossings; ++k) {
    Walker c;
    c.sprite = recolour(target.sprite, rng, uni(rng, 0.4, 1.2));
    c.in_front = uni(rng, 0, 1) < 0.5;
    c.gait_period = uni(rng, 14, 24), c.gait_phase = uni(rng, 0, 2 * M_PI);
    // Meets the target at frame t, beside it or overlapping, coming from another direction; some
    // stop there a while (people meeting at the lamp post).
    const double slot = double(n) / (crossings + 1);
    const int t = std::clamp(int(slot * (k + 1) + uni(rng, -0.2, 0.2) * slot), 1, n - 1);
    const Box &at = crowd.path[size_t(t)];
    const double mx = at.cx() + uni(rng, -0.6, 0.6) * at.w, my = at.cy() + uni(rng, -0.2, 0.2) * at.h;
    const double dir = std::atan2(target.py, target.px) + uni(rng, M_PI / 2, 3 * M_PI / 2), speed = uni(rng, 1.5, 4.0);
    const int pause = uni(rng, 0, 1) < 0.4 ? int(uni(rng, 8, 25)) : 0;
    Mover m{c.sprite, mx - speed * std::cos(dir) * t, my - speed * std::sin(dir) * t, at.w * uni(rng, 0.85, 1.15),
            at.h * uni(rng, 0.85, 1.15), speed * std::cos(dir), speed * std::sin(dir), 0};
    m.walking = true, m.bounce = false, m.px = m.vx, m.py = m.vy;
    for (int f = 0; f < n; ++f) {
      if (f > 0 && !(f > t && f <= t + pause)) m.step(rng, W, H);
      c.path.push_back(m.box());
    }
    crowd.walkers.push_back(std::move(c));
  }
  return crowd;
}

Sequence generate_sequence(const std::vector<cv::Mat> &images, int n, int W, int H, Rng &rng,
                           const SceneOptions &opt, std::vector<std::vector<Box>> *walkers) {
  Sequence seq;
  seq.layout = "generated";
  cv::Mat bg = random_background(images, W + 64, H + 64, rng);
  auto make_mover = [&](const Sprite &sp, double w, double h) {
    return Mover{sp, uni(rng, w, W - w), uni(rng, h, H - h), w, h, uni(rng, -3, 3), uni(rng, -3, 3), 0};
  };
  double tw = uni(rng, 36, 90), th = tw * std::exp(uni(rng, -0.5, 0.5));
  Sprite target_sprite;
  if (opt.objects && !opt.objects->empty() && uni(rng, 0, 1) < opt.object_share) {
    // A cut-out keeps its own aspect ratio (squashing a real object would teach wrong shapes).
    target_sprite = pick(*opt.objects, rng);
    th = std::clamp(tw * target_sprite.patch.rows / double(target_sprite.patch.cols), 24.0, H * 0.4);
  } else {
    target_sprite = random_sprite(images, int(tw), int(th), rng);
  }
  Mover target = make_mover(target_sprite, tw, th);
  target.speed = opt.speed;
  target.aspect_change = opt.aspect_change;
  if (opt.zoom > 0) target.zoom = uni(rng, opt.zoom / 2, opt.zoom) * (uni(rng, 0, 1) < 0.5 ? -1 : 1);
  std::vector<Mover> others;
  for (int d = 0; d < opt.distractors; ++d) {
    // Half of the distractors are look-alikes of the target.
    Sprite sp = d % 2 == 0 ? recolour(target.sprite, rng) : random_sprite(images, int(tw), int(th), rng);
    others.push_back(make_mover(sp, tw * uni(rng, 0.8, 1.2), th * uni(rng, 0.8, 1.2)));
  }
  Sprite occ = random_sprite(images, 40, 120, rng);
  int occ_start = std::uniform_int_distribution<int>(n / 3, std::max(n / 3, n - 10))(rng);
  const Crowd crowd = opt.crossings > 0 ? walk_crowd(target, opt.crossings, n, W, H, rng) : Crowd{};
  // Posts: fixed in the frame, drawn in front of everyone; narrow (0.15-0.3 of the target's width).
  std::vector<std::pair<Sprite, Box>> posts;
  for (int k = 0; k < (crowd.path.empty() ? 0 : opt.posts); ++k) {
    const Box &at = crowd.path[size_t(uni(rng, 0.25, 0.75) * n)];
    const double pw = std::max(4.0, at.w * uni(rng, 0.15, 0.3)), top = std::max(0.0, at.y - at.h * uni(rng, 0.2, 1.0));
    const double px = at.cx() + uni(rng, -0.3, 0.3) * at.w - pw / 2;
    Sprite post = random_sprite(images, int(pw), int(H - top), rng);
    post.alpha.setTo(1);  // a post is opaque to its edges
    posts.push_back({post, Box{px, top, pw, H - top}});
  }
  if (walkers) {
    walkers->clear();
    for (auto &c : crowd.walkers) walkers->push_back(c.path);
  }
  double camx = 32, camy = 32;
  for (int f = 0; f < n; ++f) {
    camx = std::clamp(camx + uni(rng, -1, 1), 0.0, 64.0), camy = std::clamp(camy + uni(rng, -1, 1), 0.0, 64.0);
    cv::Mat frame = bg(cv::Rect(int(camx), int(camy), W, H)).clone();
    if (f > 0) {
      if (crowd.path.empty()) target.step(rng, W, H);
      for (auto &o : others) o.step(rng, W, H);
    }
    if (!crowd.path.empty()) target.cx = crowd.path[f].cx(), target.cy = crowd.path[f].cy(), target.w = crowd.path[f].w,
                             target.h = crowd.path[f].h;
    for (auto &o : others) paste(frame, o.sprite, o.box());
    if (crowd.path.empty()) {
      paste(frame, target.sprite, target.box());
    } else {
      for (auto &c : crowd.walkers)
        if (!c.in_front) paste(frame, with_gait(c.sprite, crowd.gait(c, f)), c.path[f]);
      paste(frame, with_gait(target.sprite, crowd.gait(crowd.target_gait, f)), target.box());
      for (auto &c : crowd.walkers)
        if (c.in_front) paste(frame, with_gait(c.sprite, crowd.gait(c, f)), c.path[f]);
    }
    for (auto &[sprite, box] : posts) paste(frame, sprite, box);
    if (opt.occluder && f >= occ_start && f < occ_start + 8) {
      // A narrow occluder sweeps across the target, hiding at most about half of it.
      double t = (f - occ_start) / 7.0;
      Box tb = target.box();
      paste(frame, occ, {tb.x - tb.w * 0.3 + t * tb.w * 1.3, tb.y - 10, tb.w * 0.3, tb.h + 20});
    }
    seq.images.push_back(frame);
    seq.boxes.push_back(target.box());
  }
  return seq;
}

MultiObjectSequence generate_multi_object_sequence(const std::vector<cv::Mat> &images, int n, int W, int H,
                                                   int objects, Rng &rng) {
  MultiObjectSequence seq;
  cv::Mat bg = random_background(images, W, H, rng);
  std::vector<Mover> movers;
  for (int k = 0; k < objects; ++k) {
    double w = uni(rng, 36, 80), h = w * std::exp(uni(rng, -0.4, 0.6));
    Sprite sp = k % 3 == 2 ? recolour(movers[size_t(k - 1)].sprite, rng) : random_sprite(images, int(w), int(h), rng);
    Mover m{sp, uni(rng, w, W - w), uni(rng, h, H - h), w, h, uni(rng, -3, 3), uni(rng, -3, 3), 0};
    m.speed = 1.5;
    movers.push_back(m);
  }
  for (int f = 0; f < n; ++f) {
    cv::Mat frame = bg.clone();
    if (f > 0)
      for (auto &m : movers) m.step(rng, W, H);
    std::vector<Box> boxes;
    std::vector<double> visible;
    for (size_t k = 0; k < movers.size(); ++k) {
      paste(frame, movers[k].sprite, movers[k].box());
      boxes.push_back(clip_to_frame(movers[k].box(), W, H));
    }
    // Visible share: the box area not covered by the boxes of objects drawn after it (sampled on a grid).
    for (size_t k = 0; k < boxes.size(); ++k) {
      int seen = 0, total = 0;
      for (int gy = 0; gy < 8; ++gy)
        for (int gx = 0; gx < 8; ++gx) {
          double x = boxes[k].x + (gx + 0.5) * boxes[k].w / 8, y = boxes[k].y + (gy + 0.5) * boxes[k].h / 8;
          bool covered = false;
          for (size_t j = k + 1; j < boxes.size() && !covered; ++j)
            covered = x >= boxes[j].x && x < boxes[j].x + boxes[j].w && y >= boxes[j].y && y < boxes[j].y + boxes[j].h;
          seen += !covered, total++;
        }
      visible.push_back(double(seen) / total);
    }
    seq.images.push_back(frame);
    seq.boxes.push_back(boxes);
    seq.visibility.push_back(visible);
  }
  return seq;
}

}  // namespace saetrack::scenes
