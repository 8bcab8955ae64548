// Search features shared by many targets (issue 12). Each target's own search costs the backbone
// three 255-pixel crops (three scales), so N targets cost N times one. Instead every search window
// is put on a level of one scale ladder (SiamFC's scale step, finer than the floor's, so a window's
// features are at most half a step, 1.9 %, off its own scale); where several windows share a level, the frame
// region they cover (clipped to the frame) goes through the backbone once at that level's scale,
// and each window cuts its cells from that map (ROI-align). A window alone on its level keeps its
// own crop at its exact scale, so a lone target is tracked exactly as before. Every window keeps
// features computed at about its own scale, which the floor's scale search needs: cutting a
// target's three windows from one map made its boxes stop following size changes (tuning set AUC
// 0.905 -> 0.786).
#pragma once
#include <torch/torch.h>

#include <optional>
#include <vector>

#include "frame_crops.h"

namespace saetrack {

// Where a target's search looks this frame (SingleTargetTracker::search_area).
struct SearchArea {
  std::vector<Square> windows;  // its search windows (crop_window), each resampled to crop_px
  int crop_px = 0;
  bool shareable = true;  // false: searched on its own crops only (a lost target's wider search)
};

// The backbone's map of crop_region(frame, region), raw (before any normalisation).
struct RegionFeatures {
  ScaledRegion region;
  torch::Tensor map;  // 1 x C x h x w
};

struct WindowRef {
  size_t area = 0, window = 0;  // areas[area]->windows[window]
  bool operator==(const WindowRef &o) const { return area == o.area && window == o.window; }
};

// One level worth sharing: its windows cut from one map of `region`.
struct SharedLevel {
  ScaledRegion region;  // at the level's scale, the union of its windows clipped to the frame
  std::vector<WindowRef> windows;
};

struct SharingParams {
  double step = 1.0375;  // the ladder: level k has scale step^k crop pixels per frame pixel
  // A level must save this share of its windows' crop pixels: cutting the cells costs too (on the
  // generated MOT set, levels that saved little made 5 targets slower than own crops).
  double min_saving = 0.25;
};

// The levels on which sharing saves backbone work: at least two windows of one crop size, whose one
// region costs at most (1 - min_saving) of their own crops' pixels. Windows on no level search
// their own crops.
std::vector<SharedLevel> plan_shared_levels(const std::vector<SearchArea> &areas, int width,
                                            int height, const SharingParams &params = {});

// Cells of a stride-`stride` map for each window, as the crop (window resampled to crop_px) would
// have given them: cell j of a window sits on its crop pixel stride * j. Bilinear (ROI-align with
// one sample per cell); n x C x cells x cells.
torch::Tensor cut_windows(const RegionFeatures &features, const std::vector<Square> &windows, int crop_px, int stride,
                          int64_t cells);

}  // namespace saetrack
