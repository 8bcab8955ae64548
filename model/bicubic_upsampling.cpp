#include "bicubic_upsampling.h"

#include <algorithm>
#include <cmath>

namespace saetrack {

namespace {
// The four taps of each output position along one axis of the cubic convolution (A = -0.75,
// PyTorch's and OpenCV's) with corners aligned: source indices (taps outside the map repeat its
// edge) and weights, each out x 4.
struct Taps {
  torch::Tensor index, weight;
};

Taps cubic_taps(int64_t in, int64_t out, const torch::TensorOptions &options) {
  auto index = torch::empty({out, 4}, torch::kLong);
  auto weight = torch::empty({out, 4}, torch::kDouble);
  auto ia = index.accessor<int64_t, 2>();
  auto wa = weight.accessor<double, 2>();
  constexpr double A = -0.75;
  auto near = [](double x) { return ((A + 2) * x - (A + 3)) * x * x + 1; };  // |x| <= 1
  auto far = [](double x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; };  // 1 < |x| < 2
  const double scale = out > 1 ? double(in - 1) / double(out - 1) : 0.0;
  for (int64_t o = 0; o < out; ++o) {
    const double src = scale * double(o);
    const auto i = int64_t(std::floor(src));
    const double t = src - double(i);
    const double w[4] = {far(t + 1), near(t), near(1 - t), far(2 - t)};
    for (int k = 0; k < 4; ++k) ia[o][k] = std::clamp<int64_t>(i - 1 + k, 0, in - 1), wa[o][k] = w[k];
  }
  return {index.to(options.device()), weight.to(options)};
}

// Interpolates dimension `dim` of x (the last or the one before) to the taps' length.
torch::Tensor along(const torch::Tensor &x, int64_t dim, const Taps &taps) {
  const auto out = taps.index.size(0);
  // The weights broadcast along the dimensions after `dim`.
  std::vector<int64_t> shape(size_t(x.dim() - dim), 1);
  shape[0] = out;
  torch::Tensor sum;
  for (int64_t k = 0; k < 4; ++k) {
    auto term = x.index_select(dim, taps.index.select(1, k)) * taps.weight.select(1, k).view(shape);
    sum = k == 0 ? term : sum.add_(term);
  }
  return sum;
}
}  // namespace

torch::Tensor upsample_bicubic(const torch::Tensor &maps, int64_t out_h, int64_t out_w) {
  auto opts = maps.options();
  // Width first, on the small maps, then height, which leaves the large result in its final layout.
  auto rows = along(maps, 3, cubic_taps(maps.size(3), out_w, opts));
  return along(rows, 2, cubic_taps(maps.size(2), out_h, opts));
}

}  // namespace saetrack
