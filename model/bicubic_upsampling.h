// Bicubic upsampling of small response maps (align_corners, as F::interpolate's kBicubic mode) as
// two matrix products: the interpolation is separable, so each map becomes A x A^T with A the
// out x in interpolation matrix. LibTorch's CPU kernel works out every output pixel's weights in
// scalar code; for the floor's 8 targets (24 maps of 26x26 -> 201x201) it took 5-10 ms against
// 1-2 ms this way, with the same values to within float rounding (tests/test_network.cpp:
// BicubicUpsampling.EqualsLibTorchsInterpolation).
#pragma once
#include <torch/torch.h>

namespace saetrack {

// N x C x h x w -> N x C x out_h x out_w.
torch::Tensor upsample_bicubic(const torch::Tensor &maps, int64_t out_h, int64_t out_w);

}  // namespace saetrack
