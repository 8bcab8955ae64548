#include "shared_features.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace saetrack {

std::vector<SharedLevel> plan_shared_levels(const std::vector<SearchArea> &areas, int width,
                                            int height, const SharingParams &params) {
  // Windows by (crop size, level).
  std::map<std::pair<int, long>, std::vector<WindowRef>> by_level;
  for (size_t i = 0; i < areas.size(); ++i) {
    if (!areas[i].shareable) continue;
    for (size_t b = 0; b < areas[i].windows.size(); ++b) {
      long k = std::lround(std::log(areas[i].crop_px / areas[i].windows[b].side) / std::log(params.step));
      by_level[{areas[i].crop_px, k}].push_back({i, b});
    }
  }
  std::vector<SharedLevel> levels;
  for (auto &[key, windows] : by_level) {
    if (windows.size() < 2) continue;
    const auto [crop_px, k] = key;
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    for (auto [i, b] : windows) {
      const Square &w = areas[i].windows[b];
      x0 = std::min(x0, w.cx - w.side / 2), y0 = std::min(y0, w.cy - w.side / 2);
      x1 = std::max(x1, w.cx + w.side / 2), y1 = std::max(y1, w.cy + w.side / 2);
    }
    // Outside the frame the map's edge cells are repeated (a crop would see the frame's mean).
    x0 = std::max(x0, 0.0), y0 = std::max(y0, 0.0), x1 = std::min(x1, double(width)), y1 = std::min(y1, double(height));
    if (x1 <= x0 || y1 <= y0) continue;
    SharedLevel l;
    l.region.scale = std::pow(params.step, double(k));
    l.region.x = int64_t(std::floor(x0)), l.region.y = int64_t(std::floor(y0));
    // One pixel more than the span: the last window's bilinear neighbour.
    l.region.out_w = int(std::ceil((x1 - double(l.region.x)) * l.region.scale)) + 1;
    l.region.out_h = int(std::ceil((y1 - double(l.region.y)) * l.region.scale)) + 1;
    if (double(l.region.out_w) * l.region.out_h > (1 - params.min_saving) * double(windows.size()) * crop_px * crop_px)
      continue;
    l.windows = std::move(windows);
    levels.push_back(std::move(l));
  }
  return levels;
}

torch::Tensor cut_windows(const RegionFeatures &features, const std::vector<Square> &windows, int crop_px, int stride,
                          int64_t cells) {
  const auto &r = features.region;
  const auto &map = features.map;
  const double w = double(map.size(3)), h = double(map.size(2));
  auto opts = map.options().dtype(torch::kFloat);
  auto j = torch::arange(cells, opts) * double(stride);  // crop pixels of the cells
  std::vector<torch::Tensor> grids;
  for (const auto &win : windows) {
    const double s = win.side / crop_px;
    // crop pixel p -> frame x = corner + (p + 0.5) s - 0.5 -> region pixel (x + 0.5 - r.x) scale - 0.5
    // -> region cell / stride -> grid_sample's coordinate (align_corners): 2 cell / (size - 1) - 1.
    auto cell = [&](double corner, int64_t origin, double size) {
      auto px = ((j + 0.5) * s + (corner - double(origin))) * r.scale - 0.5;
      return px / double(stride) * (2 / std::max(size - 1, 1.0)) - 1;
    };
    auto gx = cell(double(window_corner(win.cx, win.side)), r.x, w), gy = cell(double(window_corner(win.cy, win.side)), r.y, h);
    grids.push_back(torch::stack({gx.view({1, cells}).expand({cells, cells}), gy.view({cells, 1}).expand({cells, cells})}, -1));
  }
  auto n = int64_t(windows.size());
  return torch::grid_sampler(map.to(torch::kFloat).expand({n, -1, -1, -1}), torch::stack(grids), /*bilinear*/ 0,
                             /*border*/ 1, /*align_corners=*/true);
}

}  // namespace saetrack
