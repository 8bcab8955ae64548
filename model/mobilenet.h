// MobileNetV2 (width 1.0) as a tracking backbone: the Keras layout, so weights of a Keras/TF.js
// MobileNetV2 import one to one (see mobilenet_import.h). The stride-2 steps of blocks 6 and 13 are
// removed and later blocks dilated (2, then 4), SiamRPN++-style, so every output is at stride 8.
// Stride-2 3x3 convs pad (0,1) as Keras "same" does: on odd inputs (127, 255) that equals no
// padding, so feature cell i sits on input pixel 8*i + 7 as in the ResNet backbone.
#pragma once
#include <torch/torch.h>

namespace saetrack {

// Keras MobileNetV2 (alpha 1.0), per block: expansion, output channels, stride in the classifier.
struct MobileNetV2Block {
  int expand, out, stride;
};
const MobileNetV2Block &mobilenet_v2_block(int b);  // b in 0..16
// Stride of block b in the tracking backbone: the classifier's, except blocks 6 and 13, whose
// stride-2 steps (past stride 8) become dilation of the blocks after them.
int mobilenet_v2_tracking_stride(int b);

class InvertedResidualImpl : public torch::nn::Module {
 public:
  InvertedResidualImpl(int in, int out, int expand, int stride, int dilation);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d expand{nullptr}, depthwise{nullptr}, project{nullptr};
  torch::nn::BatchNorm2d expand_bn{nullptr}, depthwise_bn{nullptr}, project_bn{nullptr};

 private:
  int stride_;
  bool residual_;
};
TORCH_MODULE(InvertedResidual);

class MobileNetV2Impl : public torch::nn::Module {
 public:
  // Builds blocks 0..last_block (Keras numbering: 0 = "expanded_conv", 1..16 = "block_N").
  explicit MobileNetV2Impl(int last_block);
  // Input N x 3 x H x W, BGR 0..255 (converted to the RGB 0..1 the imported weights expect).
  // Returns the output of each block in `blocks`, in order.
  std::vector<torch::Tensor> forward(torch::Tensor x, const std::vector<int> &blocks);

  torch::nn::Conv2d stem{nullptr};
  torch::nn::BatchNorm2d stem_bn{nullptr};
  std::vector<InvertedResidual> block;
};
TORCH_MODULE(MobileNetV2);

}  // namespace saetrack
