#include "image_pool.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <stdexcept>

namespace saetrack::scenes {

ImagePool load_image_pool(const std::string &dir, int max_side, int val_percent) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw std::runtime_error("image folder '" + dir + "' does not exist");
  std::vector<std::string> files;
  for (auto &e : fs::recursive_directory_iterator(dir)) {
    auto ext = e.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (e.is_regular_file() && (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp"))
      files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  ImagePool pool;
  for (auto &f : files) {
    cv::Mat img = cv::imread(f, cv::IMREAD_COLOR);
    if (img.empty() || std::min(img.cols, img.rows) < 128) continue;
    double s = double(max_side) / std::max(img.cols, img.rows);
    if (s < 1) cv::resize(img, img, {}, s, s, cv::INTER_AREA);
    // FNV-1a of the base name: stable across machines and folder locations.
    uint32_t h = 2166136261u;
    for (char c : fs::path(f).filename().string()) h = (h ^ uint8_t(c)) * 16777619u;
    bool val = int(h % 100) < val_percent;
    (val ? pool.val : pool.train).push_back(img);
    (val ? pool.val_names : pool.train_names).push_back(f);
  }
  if (pool.train.empty()) throw std::runtime_error("no usable training images under '" + dir + "'");
  return pool;
}

}  // namespace saetrack::scenes
