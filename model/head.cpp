#include "head.h"

#include "xcorr.h"

namespace nn = torch::nn;

namespace saetrack {

static nn::Sequential conv_bn_relu(int in, int out, int k) {
  return nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, k).bias(false)), nn::BatchNorm2d(out), nn::ReLU(true));
}

XCorrBranchImpl::XCorrBranchImpl(int in, int hidden, int out) {
  conv_kernel_ = register_module("conv_kernel", conv_bn_relu(in, hidden, 3));
  conv_search_ = register_module("conv_search", conv_bn_relu(in, hidden, 3));
  head_ = register_module("head", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(hidden, hidden, 1).bias(false)),
                                                 nn::BatchNorm2d(hidden), nn::ReLU(true),
                                                 nn::Conv2d(nn::Conv2dOptions(hidden, out, 1))));
}

torch::Tensor XCorrBranchImpl::kernel(const torch::Tensor &z) { return conv_kernel_->forward(z); }

torch::Tensor XCorrBranchImpl::forward_kernel(const torch::Tensor &kernel, const torch::Tensor &x) {
  return head_->forward(xcorr_depthwise(conv_search_->forward(x), kernel));
}

HeadImpl::HeadImpl(int levels, int in, int hidden, int stride) : stride_(stride) {
  for (int l = 0; l < levels; ++l) {
    cls_.push_back(register_module("cls" + std::to_string(l), XCorrBranch(in, hidden, 2)));
    reg_.push_back(register_module("reg" + std::to_string(l), XCorrBranch(in, hidden, 4)));
  }
  alpha_ = register_parameter("alpha", torch::zeros({levels}));
  beta_ = register_parameter("beta", torch::zeros({levels}));
}

torch::Tensor HeadImpl::cls_weights() { return torch::softmax(alpha_, 0); }
torch::Tensor HeadImpl::reg_weights() { return torch::softmax(beta_, 0); }

std::vector<torch::Tensor> HeadImpl::kernels(const std::vector<torch::Tensor> &z) {
  std::vector<torch::Tensor> k;
  for (size_t l = 0; l < cls_.size(); ++l) k.push_back(cls_[l]->kernel(z[l]));
  for (size_t l = 0; l < reg_.size(); ++l) k.push_back(reg_[l]->kernel(z[l]));
  return k;
}

HeadOutput HeadImpl::forward_kernels(const std::vector<torch::Tensor> &k, const std::vector<torch::Tensor> &x) {
  auto a = cls_weights(), b = reg_weights();
  torch::Tensor cls, reg;
  size_t levels = cls_.size();
  for (size_t l = 0; l < levels; ++l) {
    auto c = cls_[l]->forward_kernel(k[l], x[l]) * a[l];
    auto r = reg_[l]->forward_kernel(k[levels + l], x[l]) * b[l];
    cls = l ? cls + c : c;
    reg = l ? reg + r : r;
  }
  // exp keeps distances positive with gradients everywhere (ReLU can die on negatives); scaling
  // by the stride puts a zero output at one cell and the useful 1..255 px range at -2..3.5.
  return {cls, torch::exp(reg.clamp(-6.0, 6.0)) * double(stride_)};
}

}  // namespace saetrack
