#include <array>
// The network is the paper's: shapes per configuration, SAE block formula, depthwise xcorr, fusion.
#include <gtest/gtest.h>

#include "saetrack.h"
#include "xcorr.h"
#include "bicubic_upsampling.h"

using namespace saetrack;

TEST(Network, LightShapes) {
  SAENet net(NetConfig::light());
  net->eval();
  torch::NoGradGuard ng;
  auto zf = net->template_features(torch::rand({2, 3, 127, 127}) * 255);
  ASSERT_EQ(zf.size(), 7u);  // cls and reg correlation kernels of three levels (7x7 features, 3x3 conv), similarity
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(zf[i].sizes(), (std::vector<int64_t>{2, 32, 5, 5}));
  EXPECT_EQ(zf[6].sizes(), (std::vector<int64_t>{2, 32, 7, 7}));  // layer2 features cut to the target
  auto out = net->track(zf, torch::rand({2, 3, 255, 255}) * 255);
  EXPECT_EQ(out.similarity.sizes(), (std::vector<int64_t>{2, 1, 25, 25}));
  EXPECT_EQ(out.cls.sizes(), (std::vector<int64_t>{2, 2, 25, 25}));
  EXPECT_EQ(out.reg.sizes(), (std::vector<int64_t>{2, 4, 25, 25}));
  EXPECT_GT(out.reg.min().item<float>(), 0.f);  // distances are positive
  // A wider search image gives a wider score map (used while the target is lost).
  auto wide = net->track(zf, torch::rand({2, 3, 383, 383}) * 255);
  EXPECT_EQ(wide.cls.size(2), NetConfig::light().score_size_for(383));
  EXPECT_EQ(wide.cls.size(2), 41);
}

TEST(Network, PaperIsResNet50WithThreeLevels) {
  NetConfig cfg = NetConfig::paper();
  SAENet net(cfg);
  net->eval();
  torch::NoGradGuard ng;
  // ResNet-50 stages 3, 4, 5 (layer2..4) at 512, 1024, 2048 channels, all at stride 8.
  auto feats = net->backbone->forward(torch::rand({1, 3, 255, 255}) * 255);
  ASSERT_EQ(feats.size(), 3u);
  EXPECT_EQ(feats[0].sizes(), (std::vector<int64_t>{1, 512, 31, 31}));
  EXPECT_EQ(feats[1].sizes(), (std::vector<int64_t>{1, 1024, 31, 31}));
  EXPECT_EQ(feats[2].sizes(), (std::vector<int64_t>{1, 2048, 31, 31}));
  auto out = net->forward(torch::rand({1, 3, 127, 127}) * 255, torch::rand({1, 3, 255, 255}) * 255);
  EXPECT_EQ(out.cls.sizes(), (std::vector<int64_t>{1, 2, 25, 25}));
  int64_t backbone = 0;
  for (auto &p : net->backbone_parameters()) backbone += p.numel();
  // torchvision's resnet50 without fc has 23,508,032 parameters; our layer2 shortcut is a 3x3
  // (not 1x1) stride-2 conv to keep the 8i+7 alignment: + 8 * 256 * 512.
  EXPECT_EQ(backbone, 23508032 + 8 * 256 * 512);
  ASSERT_EQ(net->sae.size(), 3u);
  for (auto &s : net->sae) EXPECT_TRUE(s);  // SAE on every level, as the paper says
}

TEST(SAE, AttentionRowsSumToOne) {
  SAEBlock b(16);
  auto x = torch::randn({2, 16, 5, 6});
  auto A = b->attention(x);
  EXPECT_EQ(A.sizes(), (std::vector<int64_t>{2, 30, 30}));
  EXPECT_TRUE(torch::allclose(A.sum(2), torch::ones({2, 30}), 1e-5, 1e-5));
  EXPECT_GE(A.min().item<float>(), 0.f);
}

TEST(SAE, MatchesEquationFive) {
  SAEBlock b(8);
  b->eval();
  torch::NoGradGuard ng;
  for (auto &p : b->parameters()) p.normal_(0, 0.3);  // non-trivial weights everywhere
  auto x = torch::randn({1, 8, 3, 4});
  auto params = b->named_parameters();
  auto conv = [&](const std::string &n, const torch::Tensor &in) {  // 1x1 conv as a matrix product
    auto w = params[n + ".weight"].flatten(1);
    return torch::matmul(w, in) + params[n + ".bias"].unsqueeze(1);
  };
  auto X = x[0].flatten(1);  // c x N
  auto m = conv("query", X).t(), n = conv("key", X), s = conv("value", X).t();  // N x c/2, c/2 x N, N x c/2
  auto A = torch::softmax(torch::matmul(m, n), 1);
  auto N = torch::matmul(A, s).t();  // c/2 x N
  auto bn = b->named_buffers();
  auto h = conv("transform.0", N);
  h = (h - bn["transform.1.running_mean"].unsqueeze(1)) / torch::sqrt(bn["transform.1.running_var"].unsqueeze(1) + 1e-5) *
          params["transform.1.weight"].unsqueeze(1) + params["transform.1.bias"].unsqueeze(1);
  h = conv("transform.3", torch::relu(h));
  auto expected = (X + h).view({1, 8, 3, 4});
  EXPECT_TRUE(torch::allclose(b->forward(x), expected, 1e-4, 1e-4));
}

// Inference splits the N x N attention into row blocks over threads; it must equal the plain
// formula used in training (grad mode), for a batch and with N not a multiple of the block.
TEST(SAE, InferencePathEqualsTrainingPath) {
  SAEBlock b(16);
  b->eval();
  for (auto &p : b->parameters()) p.data().normal_(0, 0.3);
  auto x = torch::randn({2, 16, 31, 29});
  auto expected = b->forward(x).detach();  // grad mode: bmm(softmax(bmm(m, n)), s)
  for (int threads : {1, 2}) {
    at::set_num_threads(threads);
    c10::InferenceMode im;
    EXPECT_TRUE(torch::allclose(b->forward(x), expected, 1e-5, 1e-5)) << threads << " threads";
  }
}

TEST(XCorr, DepthwiseEqualsNaiveLoop) {
  auto x = torch::randn({2, 3, 7, 8}), k = torch::randn({2, 3, 3, 2});
  auto out = xcorr_depthwise(x, k);
  ASSERT_EQ(out.sizes(), (std::vector<int64_t>{2, 3, 5, 7}));
  auto xa = x.accessor<float, 4>(), ka = k.accessor<float, 4>();
  for (int b = 0; b < 2; ++b)
    for (int c = 0; c < 3; ++c)
      for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 7; ++j) {
          double s = 0;
          for (int u = 0; u < 3; ++u)
            for (int v = 0; v < 2; ++v) s += xa[b][c][i + u][j + v] * ka[b][c][u][v];
          EXPECT_NEAR(out[b][c][i][j].item<double>(), s, 1e-4);
        }
}

TEST(XCorr, SummedEqualsNaiveLoopForEachKernel) {
  // Channels-last search maps, as the floor's backbone returns them.
  auto x = torch::randn({3, 4, 9, 8}).contiguous(at::MemoryFormat::ChannelsLast), k = torch::randn({2, 4, 3, 2});
  auto out = xcorr_summed(x, k);
  ASSERT_EQ(out.sizes(), (std::vector<int64_t>{3, 2, 7, 7}));
  auto xc = x.contiguous();
  auto xa = xc.accessor<float, 4>(), ka = k.accessor<float, 4>();
  for (int n = 0; n < 3; ++n)
    for (int m = 0; m < 2; ++m)
      for (int i = 0; i < 7; ++i)
        for (int j = 0; j < 7; ++j) {
          double s = 0;
          for (int c = 0; c < 4; ++c)
            for (int u = 0; u < 3; ++u)
              for (int v = 0; v < 2; ++v) s += xa[n][c][i + u][j + v] * ka[m][c][u][v];
          EXPECT_NEAR(out[n][m][i][j].item<double>(), s, 1e-4);
        }
}

// Many pairs in one grouped convolution give each pair's own correlation, rows in (pair, search
// row, kernel) order, for the floor's two layouts: three search rows against one kernel, and one
// search row against three kernels.
TEST(XCorr, PairsEqualEachPairsOwn) {
  for (auto [m, q] : std::vector<std::pair<int64_t, int64_t>>{{3, 1}, {1, 3}}) {
    std::vector<torch::Tensor> search, kernels;
    for (int b = 0; b < 2; ++b)
      search.push_back(torch::randn({m, 4, 9, 8}).contiguous(at::MemoryFormat::ChannelsLast)),
          kernels.push_back(torch::randn({q, 4, 3, 2}));
    auto out = xcorr_summed_pairs(search, kernels);
    ASSERT_EQ(out.sizes(), (std::vector<int64_t>{2 * m * q, 1, 7, 7}));
    for (int b = 0; b < 2; ++b) {
      auto own = xcorr_summed(search[b], kernels[b]).reshape({m * q, 1, 7, 7});
      EXPECT_LT((out.narrow(0, b * m * q, m * q) - own).abs().max().item<double>(), 1e-4);
    }
  }
}

// The matrix form of bicubic upsampling gives LibTorch's own bicubic interpolation (align_corners)
// to float rounding, on the floor's response sizes and on an odd, non-square one; peaks included.
TEST(BicubicUpsampling, EqualsLibTorchsInterpolation) {
  namespace F = torch::nn::functional;
  for (auto [h, w, oh, ow] : std::vector<std::array<int64_t, 4>>{{26, 26, 201, 201}, {7, 5, 23, 11}, {3, 4, 3, 4}}) {
    auto x = torch::randn({3, 2, h, w});
    auto want = F::interpolate(x, F::InterpolateFuncOptions().size(std::vector<int64_t>{oh, ow})
                                      .mode(torch::kBicubic).align_corners(true));
    auto got = upsample_bicubic(x, oh, ow);
    ASSERT_EQ(got.sizes(), want.sizes());
    EXPECT_LT((got - want).abs().max().item<double>(), 1e-5) << h << "x" << w << " -> " << oh << "x" << ow;
    EXPECT_TRUE(got.flatten(2).argmax(2).equal(want.flatten(2).argmax(2)));
  }
}

TEST(Head, FusionWeightsAreSoftmaxNormalised) {
  Head h(3, 8, 8, 8);
  auto a = h->cls_weights(), b = h->reg_weights();
  EXPECT_NEAR(a.sum().item<double>(), 1.0, 1e-6);
  EXPECT_NEAR(b.sum().item<double>(), 1.0, 1e-6);
  EXPECT_NEAR(a[0].item<double>(), 1.0 / 3, 1e-6);  // equal at start
}

TEST(Config, SerialiseParseRoundTripAndValidation) {
  for (auto c : {NetConfig::light(), NetConfig::paper()}) EXPECT_EQ(NetConfig::parse(c.serialise()), c);
  NetConfig bad = NetConfig::light();
  bad.score_size = 17;
  EXPECT_THROW(bad.validate(), std::invalid_argument);
  EXPECT_THROW(NetConfig::parse("name=x\n"), std::invalid_argument);
  EXPECT_THROW(NetConfig::from_preset("huge"), std::invalid_argument);
  // The score map cell i sits at search pixel 31 + 8 i: the centre cell (12) at the crop centre.
  EXPECT_DOUBLE_EQ(NetConfig::light().score_offset() + 12 * 8, 127.0);
}
