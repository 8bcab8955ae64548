#include "xcorr.h"

namespace saetrack {

torch::Tensor xcorr_depthwise(const torch::Tensor &search, const torch::Tensor &kernel) {
  auto b = search.size(0), c = search.size(1);
  auto x = search.reshape({1, b * c, search.size(2), search.size(3)});
  auto k = kernel.reshape({b * c, 1, kernel.size(2), kernel.size(3)});
  auto out = torch::conv2d(x, k, torch::Tensor(), at::IntArrayRef{1}, at::IntArrayRef{0}, at::IntArrayRef{1}, b * c);
  return out.reshape({b, c, out.size(2), out.size(3)});
}

torch::Tensor xcorr_summed(const torch::Tensor &search, const torch::Tensor &kernels) {
  const int64_t c = search.size(1);
  std::vector<torch::Tensor> out;
  for (int64_t k = 0; k < kernels.size(0); ++k) {
    auto per_channel = torch::conv2d(search, kernels[k].reshape({c, 1, kernels.size(2), kernels.size(3)}), torch::Tensor(),
                                     at::IntArrayRef{1}, at::IntArrayRef{0}, at::IntArrayRef{1}, c);
    out.push_back(per_channel.sum(1, true));
  }
  return out.size() == 1 ? out[0] : torch::cat(out, 1);
}

torch::Tensor centre_crop(const torch::Tensor &f, int64_t side) {
  if (f.size(3) <= side) return f;
  int64_t l = (f.size(3) - side) / 2;
  return f.slice(2, l, l + side).slice(3, l, l + side);
}

torch::Tensor channel_normalised(const torch::Tensor &f) {
  return f / f.flatten(2).norm(2, 2).clamp_min(1e-6).unsqueeze(-1).unsqueeze(-1);
}

}  // namespace saetrack
