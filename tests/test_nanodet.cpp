// The pretrained NanoDet-g backbone ("nano" configuration): the port is exact against an
// independent numpy reference, dilation keeps the pretrained function, the import rejects bad files.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "frame_crops.h"
#include "mobilenet_import.h"
#include "nanodet_import.h"
#include "nanodet_int8.h"
#include "test_photos.h"
#include "xcorr.h"
#include "saetrack.h"

using namespace saetrack;

namespace {

const std::string kTensors = SAETRACK_SOURCE_ROOT "/weights/nanodet-g.tensors";

// tools/nanodet-reference.py's pattern(): BGR, integer arithmetic only.
torch::Tensor pattern(int size) {
  auto img = torch::empty({1, 3, size, size});
  auto a = img.accessor<float, 4>();
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      a[0][0][y][x] = float((x * x + 3 * y) % 256);
      a[0][1][y][x] = float((7 * x + 11 * y + (x * y) / 5) % 256);
      a[0][2][y][x] = float(((x / 9 + y / 13) % 2) * 200 + 20);
    }
  return img;
}

NanoDet pretrained(bool dilated) {
  NanoDet net(dilated);
  EXPECT_EQ(import_nanodet(net, read_keras_tensors(kTensors)), 2 * kNanoDetConvs);
  net->eval();
  return net;
}

}  // namespace

TEST(NanoDet, PortMatchesTheNumpyReferenceOfTheNpmModel) {
  auto net = pretrained(false);
  torch::NoGradGuard g;
  auto f = net->forward(pattern(127), {2, 4});
  std::map<std::string, torch::Tensor> out{{"s8", f[0][0]}, {"s16", f[1][0]}};
  std::ifstream ref(SAETRACK_SOURCE_ROOT "/tests/data/nanodet-reference.txt");
  ASSERT_TRUE(ref) << "tests/data/nanodet-reference.txt missing";
  int checked = 0;
  for (std::string line; std::getline(ref, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream l(line);
    std::string name, kind;
    l >> name >> kind;
    auto &t = out.at(name);
    if (kind == "shape") {
      int64_t c, h, w;
      double sum, abssum;
      std::string k1, k2;
      l >> c >> h >> w >> k1 >> sum >> k2 >> abssum;
      ASSERT_EQ(t.sizes(), (std::vector<int64_t>{c, h, w})) << name;
      EXPECT_NEAR(t.sum().item<double>(), sum, 1e-4 * abssum) << name;
      EXPECT_NEAR(t.abs().sum().item<double>(), abssum, 1e-5 * abssum) << name;
    } else {
      int64_t c, y, x;
      double v;
      l >> c >> y >> x >> v;
      EXPECT_NEAR(t[c][y][x].item<double>(), v, 1e-4 * (1 + std::abs(v))) << name << " at " << c << "," << y << "," << x;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 2 * 25);
}

TEST(NanoDet, DilatedLastStageKeepsThePretrainedFunction) {
  // At stride 8 with dilation 2 the last stage computes the stride-16 features on every other cell.
  auto plain = pretrained(false), dilated = pretrained(true);
  torch::NoGradGuard g;
  auto x = pattern(127);
  auto s16 = plain->forward(x, {4})[0];
  auto d = dilated->forward(x, {4})[0];
  ASSERT_EQ(d.size(2), 2 * s16.size(2));
  auto every_other = d.slice(2, 0, d.size(2), 2).slice(3, 0, d.size(3), 2);
  EXPECT_LT((every_other - s16).abs().max().item<double>(), 1e-4 * s16.abs().max().item<double>());
}

TEST(NanoDet, ImportNamesTheMissingOrMisshapenTensor) {
  NanoDet net(true);
  auto t = read_keras_tensors(kTensors);
  auto missing = t;
  missing.erase("conv7.bias");
  try {
    import_nanodet(net, missing);
    FAIL() << "a missing tensor was accepted";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("conv7.bias"), std::string::npos) << e.what();
  }
  auto reshaped = t;
  reshaped["conv3.weight"] = torch::zeros({16, 16, 1, 1});
  try {
    import_nanodet(net, reshaped);
    FAIL() << "a misshapen tensor was accepted";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("conv3.weight"), std::string::npos) << e.what();
  }
}

TEST(NanoDet, NanoConfigurationShapesAndTrainableParameters) {
  auto cfg = NetConfig::nano();
  SAENet net(cfg);
  net->eval();
  torch::NoGradGuard g;
  auto out = net->forward(torch::rand({2, 3, 127, 127}) * 255, torch::rand({2, 3, 255, 255}) * 255);
  EXPECT_EQ(out.cls.sizes(), (std::vector<int64_t>{2, 2, 25, 25}));
  EXPECT_EQ(out.reg.sizes(), (std::vector<int64_t>{2, 4, 25, 25}));
  EXPECT_EQ(cfg.feature_size_for(127), 16);
  EXPECT_EQ(cfg.feature_size_for(255), 32);
  EXPECT_DOUBLE_EQ(cfg.score_offset(), 31.0);
  // Only the last stage of the pretrained backbone trains (conv 11..16: weight + bias each).
  EXPECT_EQ(net->backbone_parameters().size(), 12u);
  int64_t fixed = 0;
  for (auto &p : net->backbone->parameters()) fixed += p.requires_grad() ? 0 : p.numel();
  EXPECT_GT(fixed, 100000);
  EXPECT_EQ(NetConfig::parse(cfg.serialise()), cfg);
}

TEST(NanoDet, LastStageTrainsThroughInPlaceActivations) {
  // The activations run in place on each convolution's output; the trainable last stage must still
  // get the gradients a finite difference predicts.
  NanoDet net(true);
  net->train();
  auto x = torch::rand({1, 3, 64, 64}) * 255;
  auto loss = [&] { return net->forward(x, {4})[0].pow(2).mean(); };
  auto &b = net->conv[kNanoDetConvs - 1]->bias;
  net->zero_grad();
  loss().backward();
  ASSERT_TRUE(b.grad().defined());
  double analytic = b.grad()[0].item<double>(), eps = 1e-2;
  torch::NoGradGuard g;
  b[0] += eps;
  double up = loss().item<double>();
  b[0] -= 2 * eps;
  double down = loss().item<double>();
  b[0] += eps;
  EXPECT_NEAR(analytic, (up - down) / (2 * eps), 1e-3 + 0.02 * std::abs(analytic));
}

// precision=int8 (nanodet_int8.h): the floor's features in 8-bit integers follow the fp32 port on
// real photographs, and the floor's cue finds a template where fp32 finds it: the 8x8 cells at the
// centre of one crop, correlated (channel-normalised) with a crop of the same size 24 px right and
// 16 px up, peak at row 12 + 2, column 12 - 3 (16 and 24 px are 2.1 and 3.2 cells of 8 crop pixels).
// Measured at the change on the 90 photos: mean cosine 0.982 (0.939 at least), the cell found on 85 (fp32 84).
TEST(NanoDetInt8, FollowsTheFp32PortOnRealPhotos) {
  if (!NanoDetInt8::supported()) GTEST_SKIP() << "this LibTorch has no quantized engine";
  auto net = pretrained(false);
  NanoDetInt8 int8(net);
  c10::InferenceMode g;
  auto found = [](const torch::Tensor &maps) {
    auto z = channel_normalised(maps.narrow(0, 0, 1).narrow(2, 12, 8).narrow(3, 12, 8));
    auto r = xcorr_summed(channel_normalised(maps.narrow(0, 1, 1)), z);
    return r.flatten().argmax().item<int64_t>() == 14 * r.size(3) + 9;
  };
  int photos = 0, found_fp32 = 0, found_int8 = 0;
  double cosine_sum = 0;
  for (const cv::Mat &photo : test_photos()) {
    auto frame = upload_frame(photo, torch::kCPU);
    const double cx = photo.cols / 2.0, cy = photo.rows / 2.0;
    auto crops = crop_squares(frame, {crop_window(cx, cy, 240), crop_window(cx + 24, cy - 16, 240)}, 255);
    auto fp32 = net->forward(crops.contiguous(at::MemoryFormat::ChannelsLast), {2})[0];
    auto q = int8.level2(crops);
    ASSERT_EQ(q.sizes(), fp32.sizes());
    auto cosine = torch::cosine_similarity(fp32.flatten(1), q.flatten(1), 1);
    EXPECT_GT(cosine.min().item<double>(), 0.9);
    cosine_sum += cosine.mean().item<double>();
    ++photos, found_fp32 += found(fp32), found_int8 += found(q);
  }
  std::printf("%d photos: mean cosine %.3f; template found by fp32 on %d, by int8 on %d\n", photos,
              cosine_sum / photos, found_fp32, found_int8);
  EXPECT_GT(cosine_sum / photos, 0.97);
  EXPECT_GE(found_int8, found_fp32 - std::max(1, photos / 30));
  EXPECT_GE(found_int8, photos * 9 / 10);
}

TEST(NanoDetInt8, RefusesRangesOfAnotherNetwork) {
  if (!NanoDetInt8::supported()) GTEST_SKIP() << "this LibTorch has no quantized engine";
  auto net = pretrained(false);
  EXPECT_THROW(NanoDetInt8(net, std::vector<ActivationRange>(4)), std::invalid_argument);
}
