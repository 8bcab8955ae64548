// Depthwise cross-correlation: each channel of the search features is correlated with the same
// channel of the template features (SiamRPN++), batched through a grouped convolution.
#pragma once
#include <torch/torch.h>

namespace saetrack {

// search: B x C x H x W, kernel: B x C x h x w  ->  B x C x (H-h+1) x (W-w+1)
torch::Tensor xcorr_depthwise(const torch::Tensor &search, const torch::Tensor &kernel);

// Plain (SiamFC) correlation summed over channels: search n x C x H x W with each of K kernels
// K x C x h x w -> n x K x (H-h+1) x (W-w+1). Computed per channel (depthwise) and then summed:
// oneDNN's convolution with one output channel and an 8x8 kernel is ~7x slower (docs/performance.md).
torch::Tensor xcorr_summed(const torch::Tensor &search, const torch::Tensor &kernels);

// xcorr_summed for many pairs at once (many targets): search[b] (m x C x H x W) with kernels[b]
// (q x C x h x w), m and q the same for every pair -> (B m q) x 1 x R x R, rows in the order
// (pair, search row, kernel). One grouped convolution with q outputs per channel for all pairs.
torch::Tensor xcorr_summed_pairs(const std::vector<torch::Tensor> &search, const std::vector<torch::Tensor> &kernels);

// Each channel of B x C x H x W features divided by its L2 norm over the map (SiamFC-style
// similarity of pretrained features: the training-free tracker and SAENet's similarity cue).
torch::Tensor channel_normalised(const torch::Tensor &f);

// The central side x side cells of B x C x H x W features (unchanged when not larger): the template
// map cut to about the target, as pysot's AdjustLayer does.
torch::Tensor centre_crop(const torch::Tensor &f, int64_t side);

}  // namespace saetrack
