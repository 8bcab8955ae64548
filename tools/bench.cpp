// saetrack-bench: per configuration and thread count, ms per frame of the bare network (template
// cached, one search crop) and of the full tracker step, fps, FLOPs, GFLOP/s and peak RSS.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "bench_steps.h"
#include "bench_targets.h"
#include "command_line.h"
#include "saetrack.h"

using namespace saetrack;
using clk = std::chrono::steady_clock;

// The machine's attainable peak for this LibTorch: a large 3x3 convolution (oneDNN, all given threads),
// so the "GFLOP/s" column can be read as a fraction of it.
static double peak_gflops(int threads) {
  set_threads(threads);
  c10::InferenceMode g;
  auto x = torch::rand({1, 256, 64, 64}), w = torch::rand({256, 256, 3, 3});
  torch::conv2d(x, w, {}, 1, 1);
  auto t0 = clk::now();
  int n = 5;
  for (int i = 0; i < n; ++i) torch::conv2d(x, w, {}, 1, 1);
  return 2.0 * 256 * 256 * 9 * 64 * 64 * n / std::chrono::duration<double>(clk::now() - t0).count() / 1e9;
}

static int run(int argc, char **argv) {
  std::vector<std::string> configs{"light", "mobile", "paper"};
  std::vector<int> threads{1, 2};
  int frames = 50;
  bool pipeline = false, steps = false, untuned = false;
  std::vector<int> targets;
  std::string model = kDefaultTracker;
  std::string device = "cpu", precision = "auto";
  std::string weights, video, image = "/usr/share/doc/opencv-doc/examples/data/fruits.jpg";
  CommandLine cli("saetrack-bench", "[options]\n       saetrack-bench --pipeline [VIDEO]   the element in a gst "
                                    "pipeline vs the bare network (tools/bench-pipeline.sh)\n");
  cli.add("config", [&](const std::string &v) { configs = {v}; }, "light | mobile | nano | paper", "light, mobile, paper")
      .add("threads", [&](const std::string &v) { threads = {int(parse_int(v, "--threads"))}; }, "CPU threads", "1 and 2")
      .add("frames", &frames, "timed frames per configuration")
      .add("weights", &weights, "time this weights file instead of random weights of --config")
      .add("image", &image, "the frame to track in")
      .add("device", &device, "cpu | cuda | cuda:N (--config and --steps)")
      .add("precision", &precision, "auto | fp32 | fp16 | bf16 | int8 (--config and --steps; auto: int8 for the floor on CPUs, else fp32)")
      .flag("pipeline", &pipeline, "run tools/bench-pipeline.sh instead")
      .add("targets", [&](const std::string &v) {
             for (size_t a = 0; a < v.size();) {
               size_t b = v.find(',', a);
               targets.push_back(int(parse_int(v.substr(a, b - a), "--targets")));
               a = b == std::string::npos ? v.size() : b + 1;
             }
           }, "time many targets instead: counts, e.g. 1,2,4,8,16 (shared features, own crops in one batch, one pass per target)")
      .flag("steps", &steps, "time one tracking step's parts instead (crops, network, finish; medians)")
      .flag("untuned", &untuned, "--steps in an untuned process (glibc and OpenBLAS defaults, as the element without process-tuning)")
      .add("model", &model, "the tracker for --targets and --steps (floor, nano, light or a weights file)")
      .positional("VIDEO", &video, "the video for --pipeline", false)
      .section("tracker parameters for --targets and --steps (the element's properties of the same names)");
  TrackerParams params;
  add_tracker_tunables(cli, &params);
  if (int rc = cli.parse_for_main(argc, argv); rc >= 0) return rc;
  if (pipeline) {
    std::string cmd = (video.empty() ? "" : "VIDEO='" + video + "' ") + "sh '" SAETRACK_SOURCE_DIR "/tools/bench-pipeline.sh'";
    return std::system(cmd.c_str()) == 0 ? 0 : 1;
  }
  cv::Mat frame = cv::imread(image);
  if (frame.empty()) frame = cv::Mat(480, 640, CV_8UC3, cv::Scalar(90, 120, 150));
  cv::resize(frame, frame, {640, 480});
  const auto dev = parse_device(device);
  const auto dtype = tracker_precision(precision, steps ? model : "", dev);
  if (steps) {
    bench_steps(model, params, threads, frames, frame, !untuned, dev, dtype);
    return 0;
  }
  if (!targets.empty()) {
    bench_targets(model, params, targets, threads, frames, frame);
    return 0;
  }
  std::map<int, double> peak;
  for (int t : threads) peak[t] = peak_gflops(t);
  for (auto &[t, p] : peak) std::printf("machine peak (256-channel 3x3 conv on 64x64), %d threads: %.1f GFLOP/s\n", t, p);
  std::printf("| config | threads | params (M) | GFLOPs/frame | network ms | network fps | GFLOP/s | of peak | tracker ms | tracker fps | peak RSS MB |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (auto &name : configs) {
    SAENet net = weights.empty() ? SAENet(NetConfig::from_preset(name)) : load_weights(weights);
    require_precision(dev, dtype);
    net->to(dev, dtype);
    net->eval();
    const auto &cfg = net->config();
    double params = 0;
    for (auto &p : net->parameters()) params += p.numel();
    auto fl = count_flops(cfg);
    for (int t : threads) {
      set_threads(t);
      c10::InferenceMode g;
      auto opt = torch::TensorOptions().device(dev).dtype(dtype);
      auto zf = net->template_features(torch::rand({1, 3, cfg.template_size, cfg.template_size}, opt) * 255);
      auto x = torch::rand({1, 3, cfg.search_size, cfg.search_size}, opt) * 255;
      int n = name == "paper" ? std::max(5, frames / 10) : frames;
      for (int i = 0; i < 3; ++i) net->track(zf, x);
      auto t0 = clk::now();
      for (int i = 0; i < n; ++i) net->track(zf, x);
      if (dev.is_cuda()) torch::cuda::synchronize();  // the kernels are asynchronous
      double net_ms = std::chrono::duration<double, std::milli>(clk::now() - t0).count() / n;
      Tracker tr(net, {}, dev, dtype);
      tr.init(frame, {280, 200, 60, 80});
      for (int i = 0; i < 3; ++i) tr.update(frame);
      t0 = clk::now();
      for (int i = 0; i < n; ++i) tr.update(frame);
      double trk_ms = std::chrono::duration<double, std::milli>(clk::now() - t0).count() / n;
      double gfs = fl.search_frame / 1e6 / net_ms;
      std::printf("| %s | %d | %.2f | %.2f | %.1f | %.1f | %.1f | %.0f%% | %.1f | %.1f | %.0f |\n", cfg.name.c_str(), t,
                  params / 1e6, fl.search_frame / 1e9, net_ms, 1000 / net_ms, gfs, 100 * gfs / peak[t], trk_ms,
                  1000 / trk_ms, peak_resident_mb());
      std::fflush(stdout);
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception &e) {  // bad device, precision, model or weights: say so, no abort
    std::fprintf(stderr, "saetrack-bench: %s\n", e.what());
    return 1;
  }
}
