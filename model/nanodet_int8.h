// NanoDet-g up to its stride-8 level (the floor's features) in 8-bit integers, for CPUs: LibTorch's
// quantized convolutions (oneDNN, or QNNPACK) with per-channel int8 weights and uint8 activations.
// On one of this machine's AVX-512 VNNI cores it takes about 60 % of fp32's time
// (docs/performance.md); the accuracy change is measured on the tuning sets
// (docs/tracker-tuning.md). The input normalisation is folded into the first convolution, whose
// zero padding is kept by padding the image with the mean colour, so the frame's pixels go in as
// they are.
#pragma once
#include <memory>
#include <vector>

#include <torch/torch.h>

#include "nanodet.h"

namespace saetrack {

// The range of one activation (a convolution's output after its LeakyReLU).
struct ActivationRange {
  double lo = 0, hi = 0;
};

// The eleven convolutions' output ranges used by default, measured with calibrate_nanodet_int8 on
// the trainer's photos (tools/calibrate_int8.cpp).
const std::vector<ActivationRange> &nanodet_int8_ranges();

// The ranges each of conv 0..10's outputs reached on these crops (N x 3 x H x W, BGR 0..255),
// widened to those already in `ranges` (empty: start afresh).
void calibrate_nanodet_int8(NanoDet &net, const torch::Tensor &crops, std::vector<ActivationRange> &ranges);

class NanoDetInt8 {
 public:
  // Whether this LibTorch has a quantized engine on this CPU.
  static bool supported();
  // Packs conv 0..10 of `net` (fp32, on the CPU); throws std::invalid_argument where int8 is not supported.
  explicit NanoDetInt8(NanoDet &net, std::vector<ActivationRange> ranges = nanodet_int8_ranges());
  // The stride-8 level (NanoDet::forward level 2) of N x 3 x H x W BGR images (0..255), as float.
  torch::Tensor level2(const torch::Tensor &images) const;

 private:
  struct Packed;
  std::shared_ptr<const Packed> packed_;  // shared by every copy: one set of packed weights
};

}  // namespace saetrack
