#include "attention.h"

namespace nn = torch::nn;

namespace saetrack {

SAEBlockImpl::SAEBlockImpl(int c) {
  int h = c / 2;
  query_ = register_module("query", nn::Conv2d(nn::Conv2dOptions(c, h, 1)));
  key_ = register_module("key", nn::Conv2d(nn::Conv2dOptions(c, h, 1)));
  value_ = register_module("value", nn::Conv2d(nn::Conv2dOptions(c, h, 1)));
  transform_ = register_module(
      "transform", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(h, c, 1)), nn::BatchNorm2d(c), nn::ReLU(true),
                                  nn::Conv2d(nn::Conv2dOptions(c, c, 1))));
  // Start as identity (last conv zero) so adding the block does not disturb a trained backbone.
  auto last = transform_->ptr<nn::Conv2dImpl>(3);
  nn::init::zeros_(last->weight);
  nn::init::zeros_(last->bias);
}

torch::Tensor SAEBlockImpl::attention(const torch::Tensor &x) {
  auto m = query_->forward(x).flatten(2).transpose(1, 2);  // B x N x c/2
  auto n = key_->forward(x).flatten(2);                     // B x c/2 x N
  return torch::softmax(torch::bmm(m, n), 2);               // B x N x N, rows sum to 1
}

torch::Tensor SAEBlockImpl::forward(const torch::Tensor &x) {
  auto A = attention(x);
  auto s = value_->forward(x).flatten(2).transpose(1, 2);  // B x N x c/2
  auto ctx = torch::bmm(A, s).transpose(1, 2).reshape({x.size(0), -1, x.size(2), x.size(3)});
  return x + transform_->forward(ctx);
}

}  // namespace saetrack
