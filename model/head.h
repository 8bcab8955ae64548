// Anchor-free head: per level a depthwise-xcorr classification branch (2 channels) and
// regression branch (l, t, r, b), fused across levels by softmax-normalised learned weights
// (alpha for classification, beta for regression, paper eq. (8)).
#pragma once
#include <torch/torch.h>

namespace saetrack {

// One branch: 3x3 conv on template and on search, depthwise xcorr, then 1x1 conv-BN-ReLU-1x1 conv.
class XCorrBranchImpl : public torch::nn::Module {
 public:
  XCorrBranchImpl(int in, int hidden, int out);
  // The template side of the correlation depends on the template only: trackers compute it once.
  torch::Tensor kernel(const torch::Tensor &z);
  torch::Tensor forward_kernel(const torch::Tensor &kernel, const torch::Tensor &x);
  torch::Tensor forward(const torch::Tensor &z, const torch::Tensor &x) { return forward_kernel(kernel(z), x); }

 private:
  torch::nn::Sequential conv_kernel_{nullptr}, conv_search_{nullptr}, head_{nullptr};
};
TORCH_MODULE(XCorrBranch);

struct HeadOutput {
  torch::Tensor cls;  // B x 2 x S x S logits (channel 1 = foreground)
  torch::Tensor reg;  // B x 4 x S x S distances l, t, r, b in search-image pixels (> 0)
  // B x 1 x S x S: correlation of the first level's channel-normalised backbone features with the
  // template's (no trained layer: the training-free tracker's cue), set by SAENet::track.
  torch::Tensor similarity;
};

class HeadImpl : public torch::nn::Module {
 public:
  HeadImpl(int levels, int in, int hidden, int stride);
  // Correlation kernels of template features z (one level each): cls kernels then reg kernels.
  std::vector<torch::Tensor> kernels(const std::vector<torch::Tensor> &z);
  HeadOutput forward_kernels(const std::vector<torch::Tensor> &kernels, const std::vector<torch::Tensor> &x);
  HeadOutput forward(const std::vector<torch::Tensor> &z, const std::vector<torch::Tensor> &x) {
    return forward_kernels(kernels(z), x);
  }
  torch::Tensor cls_weights();  // softmax(alpha)
  torch::Tensor reg_weights();  // softmax(beta)

 private:
  int stride_;
  std::vector<XCorrBranch> cls_, reg_;
  torch::Tensor alpha_, beta_;
};
TORCH_MODULE(Head);

}  // namespace saetrack
