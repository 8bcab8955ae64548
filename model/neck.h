// Neck: per level, a 1x1 conv + BN to neck_channels; template features are centre-cropped
// (15x15 -> 7x7) as in pysot's AdjustLayer, which keeps the target and drops far context.
#pragma once
#include <torch/torch.h>

#include "config.h"

namespace saetrack {

class NeckImpl : public torch::nn::Module {
 public:
  NeckImpl(const std::vector<int> &in_channels, int out_channels, int template_crop);
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor> &feats, bool is_template);

 private:
  int crop_;
  std::vector<torch::nn::Sequential> adjust_;
};
TORCH_MODULE(Neck);

}  // namespace saetrack
