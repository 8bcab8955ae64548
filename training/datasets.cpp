#include "datasets.h"

#include <opencv2/core/persistence.hpp>

#include "sequences.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace fs = std::filesystem;

namespace saetrack::train {

static Sequence make_seq(const std::string &name, const std::string &layout, std::vector<std::string> frames,
                         std::vector<Box> boxes, std::vector<bool> visible) {
  size_t n = std::min(frames.size(), boxes.size());
  if (n == 0) throw std::runtime_error("sequence '" + name + "' has no frames or no boxes");
  frames.resize(n), boxes.resize(n), visible.resize(n, true);
  for (size_t i = 0; i < n; ++i) visible[i] = visible[i] && !boxes[i].empty();
  Sequence s;
  s.name = name, s.layout = layout;
  s.frame_files = std::move(frames), s.boxes = std::move(boxes), s.visible = std::move(visible);
  return s;
}

static std::vector<Sequence> from_eval(const std::string &root, const std::string &layout) {
  std::vector<Sequence> out;
  for (auto &s : eval::read_sequences(root, layout)) out.push_back(make_seq(s.name, layout, s.frame_files, s.boxes, s.visible));
  return out;
}

std::vector<Sequence> read_got10k(const std::string &root) { return from_eval(root, "got10k"); }

std::vector<Sequence> read_lasot(const std::string &root) { return from_eval(root, "lasot"); }

std::vector<Sequence> read_coco(const std::string &json_path, const std::string &image_dir) {
  // OpenCV's FileStorage reads JSON, so no extra JSON dependency is needed.
  cv::FileStorage fsj(json_path, cv::FileStorage::READ | cv::FileStorage::FORMAT_JSON);
  if (!fsj.isOpened()) throw std::runtime_error("cannot read COCO annotations '" + json_path + "'");
  std::map<int, std::string> files;
  for (const auto &img : fsj["images"]) files[int(img["id"])] = std::string(img["file_name"]);
  std::vector<Sequence> out;
  for (const auto &a : fsj["annotations"]) {
    if (!a["iscrowd"].empty() && int(a["iscrowd"]) != 0) continue;
    auto it = files.find(int(a["image_id"]));
    if (it == files.end()) throw std::runtime_error(json_path + ": annotation refers to unknown image id");
    std::vector<float> bb;
    a["bbox"] >> bb;
    if (bb.size() != 4) throw std::runtime_error(json_path + ": annotation bbox must have 4 numbers");
    Box b{bb[0], bb[1], bb[2], bb[3]};
    if (b.w < 4 || b.h < 4) continue;
    out.push_back(make_seq(it->second + "#" + std::to_string(int(a["id"])), "coco",
                           {(fs::path(image_dir) / it->second).string()}, {b}, {true}));
  }
  if (out.empty()) throw std::runtime_error(json_path + ": no usable (non-crowd, >= 4 px) annotations");
  return out;
}

}  // namespace saetrack::train
