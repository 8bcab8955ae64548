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
  return xcorr_summed_pairs({search}, {kernels}).view({search.size(0), kernels.size(0), search.size(2) - kernels.size(2) + 1,
                                                       search.size(3) - kernels.size(3) + 1});
}

torch::Tensor xcorr_summed_pairs(const std::vector<torch::Tensor> &search, const std::vector<torch::Tensor> &kernels) {
  const int64_t pairs = int64_t(search.size()), m = search[0].size(0), c = search[0].size(1), q = kernels[0].size(0);
  // The pairs side by side as channels (m x pairs C x H x W, NCHW), one depthwise convolution per
  // kernel index. oneDNN's depthwise path wants this layout: one grouped convolution with q outputs
  // per channel instead took 46 ms for 8 targets against 7 (template-scales), and the search rows
  // stacked as channels instead of batch twice the time for one target.
  auto x = (pairs == 1 ? search[0] : torch::cat(search, 1)).contiguous();
  std::vector<torch::Tensor> per_kernel;  // each m x pairs x R x R
  for (int64_t j = 0; j < q; ++j) {
    std::vector<torch::Tensor> weights;
    for (const auto &k : kernels) weights.push_back(k[j]);
    auto w = torch::cat(weights).view({pairs * c, 1, kernels[0].size(2), kernels[0].size(3)});
    auto out = torch::conv2d(x, w, torch::Tensor(), at::IntArrayRef{1}, at::IntArrayRef{0}, at::IntArrayRef{1}, pairs * c);
    per_kernel.push_back(out.view({m, pairs, c, out.size(2), out.size(3)}).sum(2));
  }
  auto rows = torch::stack(per_kernel, 2).transpose(0, 1);  // pairs x m x q x R x R
  return rows.reshape({pairs * m * q, 1, rows.size(3), rows.size(4)});
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
