#include "neck.h"

#include "xcorr.h"

namespace nn = torch::nn;

namespace saetrack {

NeckImpl::NeckImpl(const std::vector<int> &in_channels, int out_channels, int template_crop)
    : crop_(template_crop) {
  for (size_t i = 0; i < in_channels.size(); ++i) {
    nn::Sequential s(nn::Conv2d(nn::Conv2dOptions(in_channels[i], out_channels, 1).bias(false)),
                     nn::BatchNorm2d(out_channels));
    adjust_.push_back(register_module("adjust" + std::to_string(i), s));
  }
}

std::vector<torch::Tensor> NeckImpl::forward(const std::vector<torch::Tensor> &feats, bool is_template) {
  std::vector<torch::Tensor> out;
  for (size_t i = 0; i < feats.size(); ++i) {
    auto f = adjust_[i]->forward(feats[i]);
    out.push_back(is_template ? centre_crop(f, crop_) : f);
  }
  return out;
}

}  // namespace saetrack
