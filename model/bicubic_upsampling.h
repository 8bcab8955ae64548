// Bicubic upsampling of small response maps (align_corners, as F::interpolate's kBicubic mode),
// one axis at a time: each output row or column is four weighted input rows or columns (gathers
// and elementwise products on LibTorch's own threads). LibTorch's CPU kernel works out every
// output pixel's weights in scalar code (5-10 ms for the floor's 8 targets: 24 maps of 26x26 ->
// 201x201). Matrix products did it in 1-2 ms, but they ran in OpenBLAS, whose own thread pool
// spins beside LibTorch's on a 2-core machine (docs/performance.md). Same values to within float
// rounding (tests/test_network.cpp: BicubicUpsampling.EqualsLibTorchsInterpolation).
#pragma once
#include <torch/torch.h>

namespace saetrack {

// N x C x h x w -> N x C x out_h x out_w.
torch::Tensor upsample_bicubic(const torch::Tensor &maps, int64_t out_h, int64_t out_w);

}  // namespace saetrack
