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

// Rows of the N x N matrix per block: 96 x 961 floats (~370 KB) stay in L2 cache.
constexpr int64_t kRowBlock = 96;

// softmax_row(m n) s as one batched product: the training path, and the fallback off the CPU.
static torch::Tensor attend_plain(const torch::Tensor &m, const torch::Tensor &n, const torch::Tensor &s) {
  return torch::bmm(torch::softmax(torch::bmm(m, n), 2), s);
}

// softmax(m n) s for rows [r0, r1) of every batch item, in row blocks small enough that a block of
// the N x N matrix stays in cache (the whole matrix is 3.7 MB at N = 961).
static void attend_rows(const torch::Tensor &m, const torch::Tensor &n, const torch::Tensor &s, torch::Tensor &out,
                        int64_t r0, int64_t r1) {
  for (int64_t b = 0; b < m.size(0); ++b)
    for (int64_t r = r0; r < r1; r += kRowBlock) {
      int64_t e = std::min(r1, r + kRowBlock);
      auto a = torch::mm(m[b].slice(0, r, e), n[b]);
      torch::softmax_out(a, a, 1);
      auto dst = out[b].slice(0, r, e);
      torch::mm_out(dst, a, s[b]);
    }
}

// Inference path: same result as bmm(softmax(bmm(m, n)), s), computed by row blocks spread over
// LibTorch's intra-op threads (the attention is the light network's largest cost on a CPU; inside
// parallel_for the per-block ops run single-threaded, so nothing oversubscribes the cores).
static torch::Tensor attend_inference(const torch::Tensor &m, const torch::Tensor &n, const torch::Tensor &s) {
  if (!m.device().is_cpu()) return attend_plain(m, n, s);
  auto out = torch::empty({m.size(0), m.size(1), s.size(2)}, s.options());
  int64_t blocks = (m.size(1) + kRowBlock - 1) / kRowBlock;
  bool inference = c10::InferenceMode::is_enabled();
  at::parallel_for(0, blocks, 1, [&](int64_t b0, int64_t b1) {
    // Grad and inference modes are thread-local: pool threads must take the caller's.
    c10::InferenceMode inference_guard(inference);
    torch::NoGradGuard no_grad;
    attend_rows(m, n, s, out, b0 * kRowBlock, std::min(m.size(1), b1 * kRowBlock));
  });
  return out;
}

torch::Tensor SAEBlockImpl::forward(const torch::Tensor &x) {
  auto m = query_->forward(x).flatten(2).transpose(1, 2).contiguous();  // B x N x c/2
  auto n = key_->forward(x).flatten(2);                                  // B x c/2 x N
  auto s = value_->forward(x).flatten(2).transpose(1, 2).contiguous();  // B x N x c/2
  torch::Tensor ctx;
  if (torch::GradMode::is_enabled()) ctx = attend_plain(m, n, s);
  else ctx = attend_inference(m, n, s);
  ctx = ctx.transpose(1, 2).reshape({x.size(0), -1, x.size(2), x.size(3)});
  return x + transform_->forward(ctx);
}

}  // namespace saetrack
