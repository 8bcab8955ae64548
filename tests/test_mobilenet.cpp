// The MobileNetV2 backbone ("mobile" configuration) and the import of Keras weights into it.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "mobilenet_import.h"
#include "saetrack.h"
#include "test_dirs.h"

using namespace saetrack;

namespace {

// Writes a saetrack-keras-tensors file (the format tools/import-nsfwjs.js writes).
void write_keras_tensors(const std::string &path, const std::vector<std::pair<std::string, torch::Tensor>> &ts) {
  std::ofstream o(path, std::ios::binary);
  o << "saetrack-keras-tensors 1 " << ts.size() << "\n";
  for (auto &[name, t] : ts) {
    o << name << "\t";
    for (int64_t d = 0; d < t.dim(); ++d) o << (d ? "," : "") << t.size(d);
    o << "\n";
  }
  for (auto &[name, t] : ts) {
    auto c = t.contiguous();
    o.write(reinterpret_cast<const char *>(c.data_ptr<float>()), std::streamsize(c.numel() * sizeof(float)));
  }
}

// Keras-named tensors, in Keras layouts, for MobileNetV2 blocks 0..last, filled with distinct values.
std::vector<std::pair<std::string, torch::Tensor>> keras_mobilenet(int last) {
  std::vector<std::pair<std::string, torch::Tensor>> ts;
  auto add = [&](const std::string &n, std::vector<int64_t> shape) { ts.emplace_back(n, torch::randn(shape)); };
  auto bn = [&](const std::string &n, int64_t c) {
    for (const char *p : {"/gamma", "/beta", "/moving_mean"}) add(n + p, {c});
    ts.emplace_back(n + "/moving_variance", torch::rand({c}) + 0.5);
  };
  add("Conv1/kernel", {3, 3, 3, 32});
  bn("bn_Conv1", 32);
  int in = 32;
  for (int b = 0; b <= last; ++b) {
    auto spec = mobilenet_v2_block(b);
    std::string k = b == 0 ? "expanded_conv" : "block_" + std::to_string(b);
    int mid = in * spec.expand;
    if (spec.expand != 1) {
      add(k + "_expand/kernel", {1, 1, in, mid});
      bn(k + "_expand_BN", mid);
    }
    add(k + "_depthwise/depthwise_kernel", {3, 3, mid, 1});
    bn(k + "_depthwise_BN", mid);
    add(k + "_project/kernel", {1, 1, mid, spec.out});
    bn(k + "_project_BN", spec.out);
    in = spec.out;
  }
  return ts;
}

std::string temp_path(const char *name) { return (test_dir("mobilenet") / name).string(); }

}  // namespace

TEST(MobileNet, ParameterCountIsKerasMobileNetV2) {
  // Keras MobileNetV2(alpha=1, include_top=False) has 2,223,872 trainable parameters; without its
  // final Conv_1 + BN (409,600 + 2,560), which the tracker does not use: 1,811,712.
  MobileNetV2 net(16);
  int64_t n = 0;
  for (auto &p : net->parameters()) n += p.numel();
  EXPECT_EQ(n, 1811712);
}

TEST(MobileNet, MobileConfigShapesAndStride8Alignment) {
  NetConfig cfg = NetConfig::mobile();
  EXPECT_EQ(NetConfig::parse(cfg.serialise()), cfg);
  SAENet net(cfg);
  net->eval();
  auto x = (torch::rand({1, 3, 255, 255}) * 255).requires_grad_(true);
  auto feats = net->backbone->forward(x);
  ASSERT_EQ(feats.size(), 3u);
  for (size_t l = 0; l < 3; ++l)
    EXPECT_EQ(feats[l].sizes(), (std::vector<int64_t>{1, mobilenet_v2_block(cfg.feature_layers[l]).out, 31, 31}));
  // Feature cell (i, i) is centred on input pixel 8i + 7, like the ResNet backbone's: the centre of
  // mass of its input gradient (with unit weights, so the mean and not the noise shows) sits there.
  {
    MobileNetV2 m(cfg.feature_layers.back());
    for (auto &p : m->parameters()) torch::nn::init::constant_(p, 0.1);
    m->eval();
    auto xi = torch::full({1, 3, 255, 255}, 100.0).requires_grad_(true);
    auto f = m->forward(xi, {cfg.feature_layers.back()})[0];
    const int i = 15;
    f.index({0, torch::indexing::Slice(), i, i}).sum().backward();
    torch::Tensor g = xi.grad().abs().sum(std::vector<int64_t>{0, 1});
    auto idx = torch::arange(255, torch::kFloat);
    double cy = (g.sum(1) * idx).sum().item<double>() / g.sum().item<double>();
    double cx = (g.sum(0) * idx).sum().item<double>() / g.sum().item<double>();
    EXPECT_NEAR(cy, 8 * i + 7, 0.5);
    EXPECT_NEAR(cx, 8 * i + 7, 0.5);
  }
  torch::NoGradGuard ng;
  auto out = net->forward(torch::rand({1, 3, 127, 127}) * 255, torch::rand({1, 3, 255, 255}) * 255);
  EXPECT_EQ(out.cls.sizes(), (std::vector<int64_t>{1, 2, 25, 25}));
  EXPECT_EQ(out.reg.sizes(), (std::vector<int64_t>{1, 4, 25, 25}));
}

TEST(MobileNetImport, KerasLayoutsLandInTorchLayouts) {
  auto keras = keras_mobilenet(3);
  std::string path = temp_path("saetrack-test-mnv2.tensors");
  write_keras_tensors(path, keras);
  auto read = read_keras_tensors(path);
  ASSERT_EQ(read.size(), keras.size());
  MobileNetV2 net(3);
  EXPECT_EQ(import_mobilenet_v2(net, read), int(keras.size()));
  std::map<std::string, torch::Tensor> k(keras.begin(), keras.end());
  // Conv kernel: Keras (h, w, in, out) -> torch (out, in, h, w).
  EXPECT_FLOAT_EQ(net->stem->weight[5][2][0][1].item<float>(), k["Conv1/kernel"][0][1][2][5].item<float>());
  EXPECT_FLOAT_EQ(net->block[1]->project->weight[7][40][0][0].item<float>(),
                  k["block_1_project/kernel"][0][0][40][7].item<float>());
  // Depthwise kernel: Keras (h, w, channel, 1) -> torch (channel, 1, h, w).
  EXPECT_FLOAT_EQ(net->block[2]->depthwise->weight[100][0][2][1].item<float>(),
                  k["block_2_depthwise/depthwise_kernel"][2][1][100][0].item<float>());
  EXPECT_TRUE(torch::equal(net->block[3]->expand_bn->running_var, k["block_3_expand_BN/moving_variance"]));
  EXPECT_TRUE(torch::equal(net->block[0]->depthwise_bn->bias, k["expanded_conv_depthwise_BN/beta"]));
  std::filesystem::remove(path);
}

TEST(MobileNetImport, MissingMisshapenAndTruncatedAreRejectedByName) {
  auto expect_error = [](auto fn, const std::string &needle) {
    try {
      fn();
      ADD_FAILURE() << "no error, expected one naming " << needle;
    } catch (const std::runtime_error &e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  auto keras = keras_mobilenet(2);
  MobileNetV2 deeper(3);  // wants block_3 tensors the file does not have
  std::map<std::string, torch::Tensor> k(keras.begin(), keras.end());
  expect_error([&] { import_mobilenet_v2(deeper, k); }, "block_3_expand/kernel");
  k["block_1_expand/kernel"] = torch::zeros({1, 1, 16, 95});
  MobileNetV2 net(2);
  expect_error([&] { import_mobilenet_v2(net, k); }, "block_1_expand");
  std::string path = temp_path("saetrack-test-mnv2-cut.tensors");
  write_keras_tensors(path, keras);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 8);
  expect_error([&] { read_keras_tensors(path); }, "data ends inside tensor");
  expect_error([&] { read_keras_tensors(path + ".absent"); }, "cannot open");
  std::filesystem::remove(path);
}
