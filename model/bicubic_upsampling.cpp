#include "bicubic_upsampling.h"

#include <algorithm>
#include <cmath>

namespace saetrack {

namespace {
// out x in matrix of the cubic convolution (A = -0.75, PyTorch's and OpenCV's) with corners aligned;
// taps outside the map repeat its edge.
torch::Tensor interpolation_matrix(int64_t in, int64_t out, const torch::TensorOptions &options) {
  auto m = torch::zeros({out, in}, torch::kDouble);
  auto a = m.accessor<double, 2>();
  constexpr double A = -0.75;
  auto near = [](double x) { return ((A + 2) * x - (A + 3)) * x * x + 1; };  // |x| <= 1
  auto far = [](double x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; };  // 1 < |x| < 2
  const double scale = out > 1 ? double(in - 1) / double(out - 1) : 0.0;
  for (int64_t o = 0; o < out; ++o) {
    const double src = scale * double(o);
    const auto i = int64_t(std::floor(src));
    const double t = src - double(i);
    const double w[4] = {far(t + 1), near(t), near(1 - t), far(2 - t)};
    for (int k = 0; k < 4; ++k) a[o][std::clamp<int64_t>(i - 1 + k, 0, in - 1)] += w[k];
  }
  return m.to(options);
}
}  // namespace

torch::Tensor upsample_bicubic(const torch::Tensor &maps, int64_t out_h, int64_t out_w) {
  const int64_t n = maps.size(0) * maps.size(1), h = maps.size(2), w = maps.size(3);
  auto opts = maps.options();
  auto ax = interpolation_matrix(w, out_w, opts), ay = interpolation_matrix(h, out_h, opts);
  // Columns of all maps in one product (H x h by h x n w), then rows in one (n H x w by w x W), which
  // leaves the large result in its final layout.
  auto cols = torch::mm(ay, maps.reshape({n, h, w}).permute({1, 0, 2}).reshape({h, n * w}));
  auto out = torch::mm(cols.view({out_h, n, w}).permute({1, 0, 2}).reshape({n * out_h, w}), ax.t());
  return out.view({maps.size(0), maps.size(1), out_h, out_w});
}

}  // namespace saetrack
