#include "datasets.h"

#include <opencv2/core/persistence.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace saetrack::train {

std::vector<Box> read_box_file(const std::string &path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open box file '" + path + "'");
  std::vector<Box> boxes;
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    std::replace_if(line.begin(), line.end(), [](char c) { return c == ',' || c == '\t'; }, ' ');
    if (line.find_first_not_of(" \r") == std::string::npos) continue;
    std::istringstream ss(line);
    Box b;
    if (!(ss >> b.x >> b.y >> b.w >> b.h)) throw std::runtime_error(path + ":" + std::to_string(n) + ": expected x,y,w,h");
    boxes.push_back(b);
  }
  return boxes;
}

static std::vector<bool> read_flags(const std::string &path, size_t n) {
  std::vector<bool> flags(n, false);
  std::ifstream f(path);
  if (!f) return flags;
  std::string tok;
  size_t i = 0;
  while (i < n && (f >> tok)) {
    // LaSOT packs flags comma-separated on one line; GOT-10k puts one per line.
    std::stringstream ss(tok);
    std::string v;
    while (i < n && std::getline(ss, v, ',')) flags[i++] = !v.empty() && v != "0";
  }
  return flags;
}

static std::vector<std::string> list_images(const fs::path &dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (auto &e : fs::directory_iterator(dir)) {
    auto ext = e.path().extension().string();
    if (ext == ".jpg" || ext == ".png" || ext == ".jpeg") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

static AnnotatedSequence make_seq(const std::string &name, std::vector<std::string> frames, std::vector<Box> boxes,
                                  std::vector<bool> hidden) {
  size_t n = std::min(frames.size(), boxes.size());
  if (n == 0) throw std::runtime_error("sequence '" + name + "' has no frames or no boxes");
  frames.resize(n), boxes.resize(n), hidden.resize(n, false);
  AnnotatedSequence s{name, std::move(frames), std::move(boxes), {}};
  for (size_t i = 0; i < n; ++i) s.visible.push_back(!hidden[i] && !s.boxes[i].empty());
  return s;
}

std::vector<AnnotatedSequence> read_got10k(const std::string &root) {
  std::vector<AnnotatedSequence> out;
  std::vector<fs::path> dirs;
  for (auto &e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() == "groundtruth.txt") dirs.push_back(e.path().parent_path());
  std::sort(dirs.begin(), dirs.end());
  for (auto &d : dirs) {
    auto boxes = read_box_file((d / "groundtruth.txt").string());
    auto absent = read_flags((d / "absence.label").string(), boxes.size());
    out.push_back(make_seq(d.filename().string(), list_images(d), boxes, absent));
  }
  if (out.empty()) throw std::runtime_error("no GOT-10k sequences (folders with groundtruth.txt) under '" + root + "'");
  return out;
}

std::vector<AnnotatedSequence> read_lasot(const std::string &root) {
  std::vector<AnnotatedSequence> out;
  std::vector<fs::path> dirs;
  for (auto &e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() == "groundtruth.txt" && fs::is_directory(e.path().parent_path() / "img"))
      dirs.push_back(e.path().parent_path());
  std::sort(dirs.begin(), dirs.end());
  for (auto &d : dirs) {
    auto boxes = read_box_file((d / "groundtruth.txt").string());
    auto occ = read_flags((d / "full_occlusion.txt").string(), boxes.size());
    auto oov = read_flags((d / "out_of_view.txt").string(), boxes.size());
    std::vector<bool> hidden(boxes.size());
    for (size_t i = 0; i < boxes.size(); ++i) hidden[i] = occ[i] || oov[i];
    out.push_back(make_seq(d.filename().string(), list_images(d / "img"), boxes, hidden));
  }
  if (out.empty()) throw std::runtime_error("no LaSOT sequences (<class>/<seq>/img + groundtruth.txt) under '" + root + "'");
  return out;
}

std::vector<AnnotatedSequence> read_coco(const std::string &json_path, const std::string &image_dir) {
  // OpenCV's FileStorage reads JSON, so no extra JSON dependency is needed.
  cv::FileStorage fsj(json_path, cv::FileStorage::READ | cv::FileStorage::FORMAT_JSON);
  if (!fsj.isOpened()) throw std::runtime_error("cannot read COCO annotations '" + json_path + "'");
  std::map<int, std::string> files;
  for (const auto &img : fsj["images"]) files[int(img["id"])] = std::string(img["file_name"]);
  std::vector<AnnotatedSequence> out;
  for (const auto &a : fsj["annotations"]) {
    if (!a["iscrowd"].empty() && int(a["iscrowd"]) != 0) continue;
    auto it = files.find(int(a["image_id"]));
    if (it == files.end()) throw std::runtime_error(json_path + ": annotation refers to unknown image id");
    std::vector<float> bb;
    a["bbox"] >> bb;
    if (bb.size() != 4) throw std::runtime_error(json_path + ": annotation bbox must have 4 numbers");
    Box b{bb[0], bb[1], bb[2], bb[3]};
    if (b.w < 4 || b.h < 4) continue;
    out.push_back(make_seq(it->second + "#" + std::to_string(int(a["id"])),
                           {(fs::path(image_dir) / it->second).string()}, {b}, {false}));
  }
  if (out.empty()) throw std::runtime_error(json_path + ": no usable (non-crowd, >= 4 px) annotations");
  return out;
}

}  // namespace saetrack::train
