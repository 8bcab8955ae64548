// Square crops of a frame as LibTorch ops on the tracker's device (issue 15): the frame goes to the
// device once per step, and every crop, resize and the SiamFC mean fill outside the frame happen
// there, so with a CUDA LibTorch no crop makes a host round trip. On the CPU the frame is not
// copied at all, and the crops cost what OpenCV's warpAffine did.
#pragma once
#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <vector>

namespace saetrack {

struct DeviceFrame {
  torch::Tensor pixels;  // H x W x 3 uint8 (BGR), on the device
  int width = 0, height = 0;
  torch::Device device() const { return pixels.device(); }
  // 3 floats: the frame's per-channel mean, used outside the frame (SiamFC); computed when a crop
  // first leaves the frame (most frames never need it).
  const torch::Tensor &fill() const;

 private:
  mutable torch::Tensor fill_;
};

// bgr (8-bit, 3 channels) on `device`. On the CPU the pixels alias bgr, which must outlive the result.
DeviceFrame upload_frame(const cv::Mat &bgr, torch::Device device);
// An H x W x 3 uint8 tensor (BGR) on `device`; throws std::invalid_argument for another shape or type.
DeviceFrame upload_frame(const torch::Tensor &bgr, torch::Device device);

// A square crop window in frame pixels: centre and side.
struct Square {
  double cx = 0, cy = 0, side = 0;
};

// The window crop_squares actually samples for a square asked at (cx, cy): its top-left corner on
// a whole pixel (as pysot's get_subwindow places its patches), so the centre moves by at most half
// a pixel. Map crop points back to the frame with this window, not the one asked for.
Square crop_window(double cx, double cy, double side);
// The whole-pixel top-left coordinate of a window centred at c with this side (crop_window's).
int64_t window_corner(double c, double side);

// Each window (from crop_window) resampled bilinearly to out x out: n x 3 x out x out float
// (values 0..255) on the frame's device. Crop pixel i's centre samples frame coordinate
// cx - side/2 + (i + 0.5) side/out - 0.5 (pixel centres at integers); outside the frame the samples
// blend towards the fill.
torch::Tensor crop_squares(const DeviceFrame &frame, const std::vector<Square> &windows, int out);

// A frame region resampled by `scale` (crop pixels per frame pixel) to out_w x out_h: crop pixel i
// samples frame coordinate x + (i + 0.5) / scale - 0.5, from a whole-pixel corner (x, y).
struct ScaledRegion {
  int64_t x = 0, y = 0;
  int out_w = 0, out_h = 0;
  double scale = 1;
};
// 1 x 3 x out_h x out_w float (0..255), blending towards the fill outside the frame as crop_squares does.
torch::Tensor crop_region(const DeviceFrame &frame, const ScaledRegion &region);

// One window of bgr as an out x out 8-bit BGR image (the trainer's crops, which it augments as images).
cv::Mat crop_square(const cv::Mat &bgr, const Square &window, int out);

}  // namespace saetrack
