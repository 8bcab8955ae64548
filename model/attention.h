// Spatial attention extraction (SAE) block, paper eq. (2)-(5):
//   z = x + SE( reshape( softmax_row(m n) s ) )
// m, n: 1x1 convs to c/2 (query and key), s: 1x1 conv to c/2 (value), softmax over the N = h*w
// positions of each row; SE transform: conv1x1 -> BN -> ReLU -> conv1x1 back to c; residual add.
#pragma once
#include <torch/torch.h>

namespace saetrack {

class SAEBlockImpl : public torch::nn::Module {
 public:
  explicit SAEBlockImpl(int channels);
  torch::Tensor forward(const torch::Tensor &x);
  // The N x N attention matrix A of eq. (2), for inspection and tests.
  torch::Tensor attention(const torch::Tensor &x);

 private:
  torch::nn::Conv2d query_{nullptr}, key_{nullptr}, value_{nullptr};
  torch::nn::Sequential transform_{nullptr};
};
TORCH_MODULE(SAEBlock);

}  // namespace saetrack
