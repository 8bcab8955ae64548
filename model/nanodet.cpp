#include "nanodet.h"

namespace nn = torch::nn;

namespace saetrack {

namespace {
// Input and output channels of each conv, in the graph's order (REPORT.md section 4).
const NanoDetConv kConvs[kNanoDetConvs] = {{3, 32},   {32, 32},   {32, 16},  {16, 16},   {32, 32},  {64, 64},
                                           {64, 32},  {32, 32},   {64, 32},  {32, 32},   {64, 64},  {128, 128},
                                           {128, 64}, {64, 64},   {128, 64}, {64, 64},   {128, 128}};
}  // namespace

const NanoDetConv &nanodet_conv(int i) { return kConvs[i]; }

int nanodet_level_channels(int level) {
  static const int ch[5] = {0, 64, 128, 128, 256};
  TORCH_CHECK(level >= 1 && level <= 4, "NanoDet levels are 1..4, asked for ", level);
  return ch[level];
}

NanoDetImpl::NanoDetImpl(bool dilated) {
  for (int i = 0; i < kNanoDetConvs; ++i) {
    int stride = (i == 0 || i == 5 || (i == kNanoDetLastStage && !dilated)) ? 2 : 1;
    int dil = (dilated && i > kNanoDetLastStage) ? 2 : 1;
    conv.push_back(register_module("conv" + std::to_string(i),
        nn::Conv2d(nn::Conv2dOptions(kConvs[i].in, kConvs[i].out, 3).stride(stride).padding(dil).dilation(dil).bias(true))));
    // Stages before the last are fixed pretrained features: no gradient work for them in training.
    if (i < kNanoDetLastStage)
      for (auto &p : conv.back()->parameters()) p.set_requires_grad(false);
  }
}

std::vector<torch::Tensor> NanoDetImpl::last_stage_parameters() {
  std::vector<torch::Tensor> p;
  for (int i = kNanoDetLastStage; i < kNanoDetConvs; ++i)
    for (auto &t : conv[i]->parameters()) p.push_back(t);
  return p;
}

torch::Tensor nanodet_normalise(const torch::Tensor &x) {
  auto opt = torch::TensorOptions().dtype(x.dtype()).device(x.device());
  return (x - torch::tensor({kNanoDetMean[0], kNanoDetMean[1], kNanoDetMean[2]}, opt).view({1, 3, 1, 1}))
      .div_(torch::tensor({kNanoDetStd[0], kNanoDetStd[1], kNanoDetStd[2]}, opt).view({1, 3, 1, 1}));
}

std::array<torch::Tensor, 5> nanodet_graph(const torch::Tensor &normalised, int last, const NanoDetNodes &n) {
  std::array<torch::Tensor, 5> out;
  auto x = n.pool(n.cbl(0, normalised));  // stride 4
  auto c1 = n.cbl(1, x), c2 = n.cbl(2, c1), c3 = n.cbl(3, c2);
  auto c4 = n.cbl(4, n.cat(c3, c2));
  out[1] = n.cat(c4, c1);
  if (last >= 2) {
    auto c5 = n.cbl(5, out[1]);  // stride 8
    auto c6 = n.cbl(6, c5), c7 = n.cbl(7, c6);
    auto c8 = n.cbl(8, n.cat(c7, c6)), c9 = n.cbl(9, c8);
    auto c10 = n.cbl(10, n.cat(c9, c8));
    out[2] = n.cat(c10, c5);
  }
  if (last >= 3) {
    auto c11 = n.cbl(11, out[2]);  // stride 16, or 8 dilated
    auto c12 = n.cbl(12, c11), c13 = n.cbl(13, c12);
    auto c14 = n.cbl(14, n.cat(c13, c12)), c15 = n.cbl(15, c14);
    out[3] = n.cat(c15, c14);
    if (last >= 4) out[4] = n.cat(n.cbl(16, out[3]), c11);
  }
  return out;
}

NanoDetNodes nanodet_fp32_nodes(std::function<torch::Tensor(int, const torch::Tensor &)> cbl) {
  return {std::move(cbl), [](const torch::Tensor &a, const torch::Tensor &b) { return torch::cat({a, b}, 1); },
          [](const torch::Tensor &t) { return torch::max_pool2d(t, 3, 2, 1); }};
}

std::vector<torch::Tensor> NanoDetImpl::forward(torch::Tensor x, const std::vector<int> &levels) {
  const auto nodes = nanodet_fp32_nodes([this](int i, const torch::Tensor &t) { return cbl(i, t); });
  auto out = nanodet_graph(nanodet_normalise(x), levels.empty() ? 0 : levels.back(), nodes);
  std::vector<torch::Tensor> feats;
  for (int l : levels) feats.push_back(out.at(size_t(l)));
  return feats;
}

}  // namespace saetrack
