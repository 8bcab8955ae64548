#include "flops.h"

#include "mobilenet.h"
#include "nanodet.h"

namespace saetrack {

namespace {

double conv(double cin, double cout, double k, double hw_out) { return 2.0 * cin * cout * k * k * hw_out; }

// MobileNetV2 blocks 0..last at one input side (stride 8 from block 3 on, see mobilenet.h).
double mobilenet(const NetConfig &c, int side, int &feat_side) {
  int s = (side + 1 - 3) / 2 + 1;  // stride-2 convs pad (0,1)
  double f = conv(3, 32, 3, double(s) * s);
  int in = 32;
  for (int b = 0; b <= c.feature_layers.back(); ++b) {
    const auto &k = mobilenet_v2_block(b);
    int mid = in * k.expand, so = mobilenet_v2_tracking_stride(b) == 2 ? (s + 1 - 3) / 2 + 1 : s;
    if (k.expand != 1) f += conv(in, mid, 1, double(s) * s);
    f += 2.0 * mid * 9 * so * so + conv(mid, k.out, 1, double(so) * so);  // depthwise, project
    in = k.out, s = so;
  }
  feat_side = s;
  return f;
}

// NanoDet to its last requested level (nanodet.h: padded convs, last stage dilated at stride 8).
double nanodet(const NetConfig &c, int side, int &feat_side) {
  static const int convs_to_level[5] = {0, 5, kNanoDetLastStage, 16, kNanoDetConvs};
  auto half = [](int s) { return (s - 1) / 2 + 1; };
  int s = half(side);
  double f = conv(nanodet_conv(0).in, nanodet_conv(0).out, 3, double(s) * s);
  s = half(s);  // max-pool
  for (int i = 1; i < convs_to_level[c.feature_layers.back()]; ++i) {
    if (i == 5) s = half(s);
    f += conv(nanodet_conv(i).in, nanodet_conv(i).out, 3, double(s) * s);
  }
  feat_side = c.feature_size_for(side);
  return f;
}

// Backbone + neck + SAE for one input side; returns FLOPs, sets the neck feature side.
double features(const NetConfig &c, int side, int &feat_side) {
  if (c.block == "mobilenetv2") return mobilenet(c, side, feat_side);
  if (c.block == "nanodet") return nanodet(c, side, feat_side);
  bool bott = c.block == "bottleneck";
  double f = 0;
  int s = c.stem_maxpool ? (side - 7) / 2 + 1 : (side - 3) / 2 + 1;
  f += conv(3, c.stem_channels, c.stem_maxpool ? 7 : 3, double(s) * s);
  if (c.stem_maxpool) s = (s + 2 - 3) / 2 + 1;
  int in = c.stem_channels;
  int strides[4] = {c.stem_maxpool ? 1 : 2, 2, 1, 1};
  for (int l = 0; l < 4; ++l) {
    for (int b = 0; b < c.layer_blocks[l]; ++b) {
      int st = b == 0 ? strides[l] : 1, out = c.layer_channels[l];
      int so = st == 2 ? (s - 3) / 2 + 1 : s;
      double a = double(so) * so;
      if (bott) f += conv(in, out / 4, 1, double(s) * s) + conv(out / 4, out / 4, 3, a) + conv(out / 4, out, 1, a);
      else f += conv(in, out, 3, a) + conv(out, out, 3, a);
      if (st != 1 || in != out) f += conv(in, out, st == 2 ? 3 : 1, a);
      in = out, s = so;
    }
  }
  feat_side = s;
  return f;
}

}  // namespace

FlopCount count_flops(const NetConfig &c) {
  FlopCount r;
  const double n = c.neck_channels, h = c.head_channels;
  const double levels = double(c.feature_layers.size());
  double neck_in = 0;
  for (int ch : c.feature_channels()) neck_in += ch;
  auto sae = [&](double N) {  // three projections, two N x N products, SE transform
    return 3 * 2.0 * N * n * (n / 2) + 2 * 2.0 * N * N * (n / 2) + 2.0 * N * (n / 2) * n + 2.0 * N * n * n;
  };
  int sz, sx;
  double zb = features(c, c.template_size, sz), xb = features(c, c.search_size, sx);
  double zt = double(c.template_feature) * c.template_feature, xt = double(sx) * sx;
  int sae_on = 0;
  for (int v : c.sae_levels) sae_on += v;
  int k = c.template_feature - 2, xs = sx - 2, out = xs - k + 1;  // 3x3 valid convs, xcorr output side
  r.template_branch = zb + 2.0 * neck_in * n * double(sz) * sz + sae_on * sae(zt) + levels * 2 * conv(n, h, 3, double(k) * k);
  double per_branch = conv(n, h, 3, double(xs) * xs) + 2.0 * h * k * k * out * out + conv(h, h, 1, double(out) * out);
  r.search_frame = xb + 2.0 * neck_in * n * xt + sae_on * sae(xt) +
                   levels * (2 * per_branch + conv(h, 2, 1, double(out) * out) + conv(h, 4, 1, double(out) * out));
  return r;
}

}  // namespace saetrack
