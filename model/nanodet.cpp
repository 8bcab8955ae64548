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

std::vector<torch::Tensor> NanoDetImpl::forward(torch::Tensor x, const std::vector<int> &levels) {
  static const double mean[3] = {103.53, 116.28, 123.675}, stdev[3] = {57.375, 57.12, 58.395};  // BGR
  auto opt = torch::TensorOptions().dtype(x.dtype()).device(x.device());
  x = (x - torch::tensor({mean[0], mean[1], mean[2]}, opt).view({1, 3, 1, 1}))
          .div_(torch::tensor({stdev[0], stdev[1], stdev[2]}, opt).view({1, 3, 1, 1}));
  int last = levels.empty() ? 0 : levels.back();
  std::vector<torch::Tensor> out(5);
  x = torch::max_pool2d(cbl(0, x), 3, 2, 1);  // stride 4
  auto c1 = cbl(1, x), c2 = cbl(2, c1), c3 = cbl(3, c2);
  auto c4 = cbl(4, torch::cat({c3, c2}, 1));
  out[1] = torch::cat({c4, c1}, 1);
  if (last >= 2) {
    auto c5 = cbl(5, out[1]);  // stride 8
    auto c6 = cbl(6, c5), c7 = cbl(7, c6);
    auto c8 = cbl(8, torch::cat({c7, c6}, 1)), c9 = cbl(9, c8);
    auto c10 = cbl(10, torch::cat({c9, c8}, 1));
    out[2] = torch::cat({c10, c5}, 1);
  }
  if (last >= 3) {
    auto c11 = cbl(11, out[2]);  // stride 16, or 8 dilated
    auto c12 = cbl(12, c11), c13 = cbl(13, c12);
    auto c14 = cbl(14, torch::cat({c13, c12}, 1)), c15 = cbl(15, c14);
    out[3] = torch::cat({c15, c14}, 1);
    if (last >= 4) out[4] = torch::cat({cbl(16, out[3]), c11}, 1);
  }
  std::vector<torch::Tensor> feats;
  for (int l : levels) feats.push_back(out.at(l));
  return feats;
}

}  // namespace saetrack
