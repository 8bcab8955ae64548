#include "mobilenet.h"

namespace nn = torch::nn;

namespace saetrack {

namespace {
const MobileNetV2Block kBlocks[17] = {{1, 16, 1},  {6, 24, 2},  {6, 24, 1},  {6, 32, 2},  {6, 32, 1},  {6, 32, 1},
                               {6, 64, 2},  {6, 64, 1},  {6, 64, 1},  {6, 64, 1},  {6, 96, 1},  {6, 96, 1},
                               {6, 96, 1},  {6, 160, 2}, {6, 160, 1}, {6, 160, 1}, {6, 320, 1}};
constexpr double kBnEps = 1e-3;  // Keras BatchNormalization default

nn::Conv2d conv(int in, int out, int k, int stride, int pad, int dil, int groups = 1) {
  return nn::Conv2d(
      nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).dilation(dil).groups(groups).bias(false));
}
nn::BatchNorm2d bn(int c) { return nn::BatchNorm2d(nn::BatchNorm2dOptions(c).eps(kBnEps)); }
torch::Tensor clamp6(const torch::Tensor &x) { return torch::hardtanh(x, 0, 6); }  // Keras ReLU(max_value=6)
// Keras "same" for a stride-2 3x3 conv: one extra zero row/column at the bottom/right only.
torch::Tensor keras_pad(const torch::Tensor &x) { return torch::constant_pad_nd(x, {0, 1, 0, 1}); }
}  // namespace

InvertedResidualImpl::InvertedResidualImpl(int in, int out, int t, int stride, int dilation)
    : stride_(stride), residual_(stride == 1 && in == out) {
  int mid = in * t;
  if (t != 1) {
    expand = register_module("expand", conv(in, mid, 1, 1, 0, 1));
    expand_bn = register_module("expand_bn", bn(mid));
  }
  depthwise = register_module("depthwise", conv(mid, mid, 3, stride, stride == 2 ? 0 : dilation, dilation, mid));
  depthwise_bn = register_module("depthwise_bn", bn(mid));
  project = register_module("project", conv(mid, out, 1, 1, 0, 1));
  project_bn = register_module("project_bn", bn(out));
}

torch::Tensor InvertedResidualImpl::forward(torch::Tensor x) {
  auto y = expand ? clamp6(expand_bn->forward(expand->forward(x))) : x;
  if (stride_ == 2) y = keras_pad(y);
  y = clamp6(depthwise_bn->forward(depthwise->forward(y)));
  y = project_bn->forward(project->forward(y));  // linear bottleneck: no activation
  return residual_ ? x + y : y;
}

MobileNetV2Impl::MobileNetV2Impl(int last_block) {
  TORCH_CHECK(last_block >= 0 && last_block <= 16, "MobileNetV2 has blocks 0..16, asked for ", last_block);
  stem = register_module("stem", conv(3, 32, 3, 2, 0, 1));
  stem_bn = register_module("stem_bn", bn(32));
  int in = 32, dilation = 1;
  for (int b = 0; b <= last_block; ++b) {
    int stride = mobilenet_v2_tracking_stride(b);
    block.push_back(register_module("block" + std::to_string(b), InvertedResidual(in, kBlocks[b].out, kBlocks[b].expand, stride, dilation)));
    // A removed stride-2 step: this block still sees the previous sampling, later ones a doubled one.
    if (stride != kBlocks[b].stride) dilation *= 2;
    in = kBlocks[b].out;
  }
}

std::vector<torch::Tensor> MobileNetV2Impl::forward(torch::Tensor x, const std::vector<int> &blocks) {
  x = x.flip(1) / 255.0;  // BGR 0..255 -> RGB 0..1 (nsfwjs' input normalisation)
  x = clamp6(stem_bn->forward(stem->forward(keras_pad(x))));
  std::vector<torch::Tensor> outs;
  size_t want = 0;
  for (size_t b = 0; b < block.size() && want < blocks.size(); ++b) {
    x = block[b]->forward(x);
    while (want < blocks.size() && blocks[want] == int(b)) {
      outs.push_back(x);
      ++want;
    }
  }
  return outs;
}

const MobileNetV2Block &mobilenet_v2_block(int b) { return kBlocks[b]; }

int mobilenet_v2_tracking_stride(int b) { return b == 6 || b == 13 ? 1 : kBlocks[b].stride; }

}  // namespace saetrack
