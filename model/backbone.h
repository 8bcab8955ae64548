// Backbone: a residual network (block "basic" or "bottleneck") with the last two stages at stride 1 and dilations 2 and 4 (SiamRPN++-style).
// Stride-2 convolutions use no padding so that a 127 template gives 15x15 features and a 255
// search image 31x31, and feature cell i sits on input pixel 8*i + 7 for both. Block "mobilenetv2" delegates to MobileNetV2 (mobilenet.h),
// whose feature_layers are its block numbers, and block "nanodet" to NanoDet (nanodet.h), whose are its levels.
#pragma once
#include <torch/torch.h>

#include "config.h"
#include "mobilenet.h"
#include "nanodet.h"

namespace saetrack {

class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(bool bottleneck, int in, int out, int stride, int dilation);
  torch::Tensor forward(const torch::Tensor &x);

 private:
  bool bottleneck_;
  torch::nn::Sequential body_{nullptr};
  torch::nn::Sequential shortcut_{nullptr};
};
TORCH_MODULE(ResidualBlock);

class BackboneImpl : public torch::nn::Module {
 public:
  explicit BackboneImpl(const NetConfig &cfg);
  // Returns the features of cfg.feature_layers, in order. Input: N x 3 x H x W, BGR 0..255.
  std::vector<torch::Tensor> forward(torch::Tensor x);
  std::vector<int> feature_channels() const;
  MobileNetV2 mobilenet() const { return mobilenet_; }  // null unless block is mobilenetv2
  NanoDet nanodet() const { return nanodet_; }          // null unless block is nanodet

 private:
  NetConfig cfg_;
  torch::nn::Sequential stem_{nullptr};
  std::vector<torch::nn::Sequential> layers_;
  MobileNetV2 mobilenet_{nullptr};
  NanoDet nanodet_{nullptr};
};
TORCH_MODULE(Backbone);

}  // namespace saetrack
