#include "backbone.h"

namespace nn = torch::nn;

namespace saetrack {

static nn::Conv2d conv(int in, int out, int k, int stride = 1, int pad = 0, int dil = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).dilation(dil).bias(false));
}

ResidualBlockImpl::ResidualBlockImpl(bool bottleneck, int in, int out, int stride, int dilation)
    : bottleneck_(bottleneck) {
  // A stride-2 3x3 conv is unpadded (keeps the 8i+7 alignment); dilated ones pad by their dilation.
  int pad3 = stride == 2 ? 0 : dilation;
  body_ = nn::Sequential();
  if (bottleneck) {
    int mid = out / 4;
    body_->push_back(conv(in, mid, 1));
    body_->push_back(nn::BatchNorm2d(mid));
    body_->push_back(nn::ReLU(true));
    body_->push_back(conv(mid, mid, 3, stride, pad3, dilation));
    body_->push_back(nn::BatchNorm2d(mid));
    body_->push_back(nn::ReLU(true));
    body_->push_back(conv(mid, out, 1));
    body_->push_back(nn::BatchNorm2d(out));
  } else {
    body_->push_back(conv(in, out, 3, stride, pad3, dilation));
    body_->push_back(nn::BatchNorm2d(out));
    body_->push_back(nn::ReLU(true));
    body_->push_back(conv(out, out, 3, 1, dilation, dilation));
    body_->push_back(nn::BatchNorm2d(out));
  }
  register_module("body", body_);
  if (stride != 1 || in != out) {
    shortcut_ = nn::Sequential();
    // Same geometry as the body: a 3x3 unpadded conv for stride 2, 1x1 otherwise.
    if (stride == 2) shortcut_->push_back(conv(in, out, 3, 2, 0));
    else shortcut_->push_back(conv(in, out, 1));
    shortcut_->push_back(nn::BatchNorm2d(out));
    register_module("shortcut", shortcut_);
  }
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor &x) {
  auto idn = shortcut_ ? shortcut_->forward(x) : x;
  return torch::relu(body_->forward(x) + idn);
}

BackboneImpl::BackboneImpl(const NetConfig &cfg) : cfg_(cfg) {
  if (cfg.block == "mobilenetv2") {
    mobilenet_ = register_module("mobilenetv2", MobileNetV2(cfg.feature_layers.back()));
    return;
  }
  if (cfg.block == "nanodet") {
    nanodet_ = register_module("nanodet", NanoDet(true));
    return;
  }
  bool bott = cfg.block == "bottleneck";
  stem_ = nn::Sequential();
  if (cfg.stem_maxpool) {
    stem_->push_back(conv(3, cfg.stem_channels, 7, 2, 0));
    stem_->push_back(nn::BatchNorm2d(cfg.stem_channels));
    stem_->push_back(nn::ReLU(true));
    stem_->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).padding(1)));
  } else {
    stem_->push_back(conv(3, cfg.stem_channels, 3, 2, 0));
    stem_->push_back(nn::BatchNorm2d(cfg.stem_channels));
    stem_->push_back(nn::ReLU(true));
  }
  register_module("stem", stem_);
  // Stage strides/dilations: ResNet-50 (maxpool stem) downsamples in layer2 only; the light
  // backbone downsamples in layer1 and layer2. layer3/layer4: stride 1, dilation 2 and 4.
  int strides[4] = {cfg.stem_maxpool ? 1 : 2, 2, 1, 1};
  int dilations[4] = {1, 1, 2, 4};
  int in = cfg.stem_channels;
  for (int s = 0; s < 4; ++s) {
    auto layer = nn::Sequential();
    for (int b = 0; b < cfg.layer_blocks[s]; ++b) {
      layer->push_back(ResidualBlock(bott, in, cfg.layer_channels[s], b == 0 ? strides[s] : 1, dilations[s]));
      in = cfg.layer_channels[s];
    }
    layers_.push_back(register_module("layer" + std::to_string(s + 1), layer));
  }
}

std::vector<torch::Tensor> BackboneImpl::forward(torch::Tensor x) {
  if (mobilenet_) return mobilenet_->forward(x, cfg_.feature_layers);
  if (nanodet_) return nanodet_->forward(x, cfg_.feature_layers);
  x = (x - 114.0) / 58.0;  // fixed pixel normalisation, part of the network so callers pass raw 0..255
  x = stem_->forward(x);
  std::vector<torch::Tensor> outs(4);
  for (int s = 0; s < 4; ++s) {
    x = layers_[s]->forward(x);
    outs[s] = x;
  }
  std::vector<torch::Tensor> feats;
  for (int l : cfg_.feature_layers) feats.push_back(outs[l - 1]);
  return feats;
}

std::vector<int> BackboneImpl::feature_channels() const { return cfg_.feature_channels(); }

}  // namespace saetrack
