#include "nanodet_int8.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/stack.h>
#include <ATen/native/quantized/PackedParams.h>

namespace saetrack {

namespace {

constexpr int kConvs = kNanoDetLastStage;  // conv 0..10 make the stride-8 level

using PackedConv = c10::intrusive_ptr<ConvPackedParamsBase<2>>;

// LibTorch's quantized operators have no C++ API functions in 1.13: they are called through the dispatcher.
PackedConv prepack(const torch::Tensor &qweight, const torch::Tensor &bias, int64_t stride, int64_t padding) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("quantized::conv2d_prepack", "")
                       .typed<PackedConv(at::Tensor, c10::optional<at::Tensor>, torch::List<int64_t>,
                                         torch::List<int64_t>, torch::List<int64_t>, int64_t)>();
  return op.call(qweight, bias, {stride, stride}, {padding, padding}, {1, 1}, 1);
}

torch::Tensor quantized_conv(const torch::Tensor &x, const PackedConv &w, double scale, int64_t zero_point) {
  static auto op = c10::Dispatcher::singleton()
                       .findSchemaOrThrow("quantized::conv2d", "new")
                       .typed<at::Tensor(at::Tensor, const PackedConv &, double, int64_t)>();
  return op.call(x, w, scale, zero_point);
}

// uint8 quantisation of [lo, hi] (lo <= 0 <= hi).
std::pair<double, int64_t> qparams(double lo, double hi) {
  lo = std::min(lo, 0.0), hi = std::max(hi, lo + 1e-6);
  const double scale = (hi - lo) / 255;
  return {scale, std::clamp<int64_t>(std::llround(-lo / scale), 0, 255)};
}

// The two maps' channels joined, requantised to the union of their ranges.
torch::Tensor quantized_cat(const torch::Tensor &a, const torch::Tensor &b) {
  static auto op = c10::Dispatcher::singleton().findSchemaOrThrow("quantized::cat", "");
  auto lo_of = [](const torch::Tensor &t) { return -double(t.q_zero_point()) * t.q_scale(); };
  auto hi_of = [](const torch::Tensor &t) { return double(255 - t.q_zero_point()) * t.q_scale(); };
  const auto [scale, zero] = qparams(std::min(lo_of(a), lo_of(b)), std::max(hi_of(a), hi_of(b)));
  torch::jit::Stack stack{c10::IValue(c10::List<at::Tensor>({a, b})), c10::IValue(int64_t(1)), c10::IValue(scale),
                          c10::IValue(zero)};
  op.callBoxed(&stack);
  return stack[0].toTensor();
}

}  // namespace

struct NanoDetInt8::Packed {
  std::vector<PackedConv> convs;
  std::vector<ActivationRange> ranges;
  torch::Tensor mean;  // 1 x 3 x 1 x 1
};

const std::vector<ActivationRange> &nanodet_int8_ranges() {
  // saetrack-calibrate-int8 data/images (tools/calibrate_int8.cpp): 22 photos, 6 crops each.
  static const std::vector<ActivationRange> ranges{
      {-0.5954, 4.8446}, {-0.6312, 4.4628}, {-0.7232, 3.8162}, {-0.5884, 4.7549},
      {-0.5305, 4.2919}, {-0.3545, 1.9424}, {-0.2553, 2.0610}, {-0.2422, 2.9144},
      {-0.2114, 2.0922}, {-0.2196, 2.2851}, {-0.2620, 2.4577}};
  return ranges;
}

void calibrate_nanodet_int8(NanoDet &net, const torch::Tensor &crops, std::vector<ActivationRange> &ranges) {
  c10::InferenceMode guard;
  if (ranges.empty()) ranges.assign(kConvs, {});
  const auto nodes = nanodet_fp32_nodes([&](int i, const torch::Tensor &x) {
    auto y = net->cbl(i, x);
    ranges[size_t(i)].lo = std::min(ranges[size_t(i)].lo, y.min().item<double>());
    ranges[size_t(i)].hi = std::max(ranges[size_t(i)].hi, y.max().item<double>());
    return y;
  });
  nanodet_graph(nanodet_normalise(crops.to(torch::kFloat)), 2, nodes);
}

bool NanoDetInt8::supported() {
  const auto &engines = at::globalContext().supportedQEngines();
  return std::any_of(engines.begin(), engines.end(), [](at::QEngine e) { return e != at::QEngine::NoQEngine; });
}

NanoDetInt8::NanoDetInt8(NanoDet &net, std::vector<ActivationRange> ranges) {
  if (!supported()) throw std::invalid_argument("this LibTorch has no quantized engine for int8 on this CPU");
  if (ranges.size() != size_t(kConvs)) throw std::invalid_argument("NanoDetInt8 needs the ranges of conv 0..10");
  c10::InferenceMode guard;
  auto p = std::make_shared<Packed>();
  p->ranges = std::move(ranges);
  auto mean = torch::tensor({kNanoDetMean[0], kNanoDetMean[1], kNanoDetMean[2]}, torch::kFloat);
  auto stdev = torch::tensor({kNanoDetStd[0], kNanoDetStd[1], kNanoDetStd[2]}, torch::kFloat);
  p->mean = mean.view({1, 3, 1, 1});
  for (int i = 0; i < kConvs; ++i) {
    auto w = net->conv[size_t(i)]->weight.detach().to(torch::kCPU, torch::kFloat).contiguous();
    auto b = net->conv[size_t(i)]->bias.detach().to(torch::kCPU, torch::kFloat);
    const auto &options = net->conv[size_t(i)]->options;  // the module's stride and padding
    int64_t padding = (*c10::get<torch::ExpandingArray<2>>(options.padding()))[0];
    if (i == 0) {
      // The normalisation folded in: conv((x - m) / s) = conv'(x) with w / s and b - sum(w m / s).
      // Its zero padding (the mean colour in pixels) becomes padding with the mean in level2.
      w = w / stdev.view({1, 3, 1, 1});
      b = b - (w * mean.view({1, 3, 1, 1})).sum({1, 2, 3});
      padding = 0;
    }
    auto scales = (w.abs().amax({1, 2, 3}) / 127).clamp_min(1e-12).to(torch::kDouble);
    auto qw = at::quantize_per_channel(w, scales, torch::zeros({w.size(0)}, torch::kLong), 0, torch::kQInt8);
    p->convs.push_back(prepack(qw, b, (*options.stride())[0], padding));
  }
  packed_ = std::move(p);
}

torch::Tensor NanoDetInt8::level2(const torch::Tensor &images) const {
  const Packed &p = *packed_;
  // Pixels as they are (uint8, scale 1), padded by one pixel of the mean colour for conv 0.
  auto padded = torch::constant_pad_nd(images.to(torch::kFloat) - p.mean, {1, 1, 1, 1}, 0).add_(p.mean);
  auto pixels = padded.round_().clamp_(0, 255).to(torch::kUInt8).contiguous(at::MemoryFormat::ChannelsLast);
  const NanoDetNodes nodes{[&p](int i, const torch::Tensor &x) {
                             // The convolution's output range is its LeakyReLU's input range, whose
                             // negative part is 1/slope times the output's.
                             const auto &r = p.ranges[size_t(i)];
                             const auto [scale, zero] = qparams(r.lo / kNanoDetSlope, r.hi);
                             return torch::leaky_relu(quantized_conv(x, p.convs[size_t(i)], scale, zero), kNanoDetSlope);
                           },
                           quantized_cat,
                           [](const torch::Tensor &t) { return torch::max_pool2d(t, {3, 3}, {2, 2}, {1, 1}, {1, 1}); }};
  return nanodet_graph(at::_make_per_tensor_quantized_tensor(pixels, 1.0, 0), 2, nodes)[2].dequantize();
}

}  // namespace saetrack
