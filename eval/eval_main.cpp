// saetrack-eval: one-pass evaluation on benchmark-layout sequences. Runs the tracker, writes results
// in the benchmark's own format, scores them (and any other trackers' result folders) and writes
// success/precision plots and a Markdown report.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>

#include "floor_tracker.h"
#include "frame_reader.h"
#include "plots.h"
#include "report.h"
#include "results_io.h"
#include "saetrack.h"
#include "sequences.h"

using namespace saetrack;
using namespace saetrack::eval;
namespace fs = std::filesystem;
using clk = std::chrono::steady_clock;

static const char *kUsage =
    "usage: saetrack-eval --data PATH [options]\n"
    "  --data PATH          sequences: a benchmark folder, a folder of frames or a video file\n"
    "  --layout L           otb | got10k | lasot | uav123 | folder | video | auto (default auto)\n"
    "  --init X,Y,W,H       initial box for a video or a folder without init.txt\n"
    "  --weights W          a bundled model's name (nano, light) or a weights file (default: nano)\n"
    "  --tracker T          sae (the trained network, default) | floor (training-free SiamFC on the\n"
    "                       pretrained NanoDet-g features; --weights is then weights/nanodet-g.tensors)\n"
    "  --name NAME          name of our result set (default saetrack-<config>)\n"
    "  --device D           cpu | cuda | cuda:N (default cpu)\n"
    "  --threads N          CPU threads (default 0 = all cores)\n"
    "  --compare NAME=DIR   also score another tracker's result folder (repeatable)\n"
    "  --no-track           only score the --compare result sets\n"
    "  --list               print the sequences (name, layout, init box, frames, first frame or video) and exit\n"
    "  --max-frames N       stop each sequence after N frames (quick looks)\n"
    "  --out DIR            output folder (default eval-output): results/, *.png, report.md\n"
    "tracker parameters (the element's properties of the same names; defaults in model/tracker.h):\n"
    "  --window-influence X  --penalty-k X  --size-lr X  --context X  --box-radius N\n"
    "  --template-lr X  --template-min-score X  --lost-threshold X  --similarity-weight X\n";

static Box parse_box(const std::string &s) {
  Box b;
  if (std::sscanf(s.c_str(), "%lf,%lf,%lf,%lf", &b.x, &b.y, &b.w, &b.h) != 4 || b.empty())
    throw std::runtime_error("--init wants X,Y,W,H with positive width and height, got '" + s + "'");
  return b;
}

int main(int argc, char **argv) {
  std::string data, layout = "auto", weights, name, device = "cpu", out = "eval-output", kind = "sae";
  Box init;
  int threads = 0;
  size_t max_frames = 0;
  bool track = true, list = false;
  std::vector<std::pair<std::string, std::string>> compare;
  TrackerParams params;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      auto next = [&]() -> std::string {
        if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
        return argv[++i];
      };
      if (a == "--data") data = next();
      else if (a == "--layout") layout = next();
      else if (a == "--init") init = parse_box(next());
      else if (a == "--weights") weights = next();
      else if (a == "--tracker") kind = next();
      else if (a == "--name") name = next();
      else if (a == "--device") device = next();
      else if (a == "--threads") threads = std::stoi(next());
      else if (a == "--max-frames") max_frames = std::stoul(next());
      else if (a == "--out") out = next();
      else if (a == "--window-influence") params.window_influence = std::stod(next());
      else if (a == "--penalty-k") params.penalty_k = std::stod(next());
      else if (a == "--size-lr") params.lr = std::stod(next());
      else if (a == "--context") params.context = std::stod(next());
      else if (a == "--box-radius") params.box_radius = std::stoi(next());
      else if (a == "--template-lr") params.template_lr = std::stod(next());
      else if (a == "--template-min-score") params.template_min_score = std::stod(next());
      else if (a == "--lost-threshold") params.lost_threshold = std::stod(next());
      else if (a == "--similarity-weight") params.similarity_weight = std::stod(next());
      else if (a == "--no-track") track = false;
      else if (a == "--list") list = true;
      else if (a == "--compare") {
        auto v = next();
        auto eq = v.find('=');
        if (eq == std::string::npos) throw std::runtime_error("--compare wants NAME=DIR, got '" + v + "'");
        compare.push_back({v.substr(0, eq), v.substr(eq + 1)});
      } else if (a == "--help" || a == "-h") {
        std::fputs(kUsage, stdout);
        return 0;
      } else throw std::runtime_error("unknown option '" + a + "'");
    }
    if (data.empty()) throw std::runtime_error("--data is required");
    if (kind != "sae" && kind != "floor") throw std::runtime_error("--tracker is sae or floor, got '" + kind + "'");
  } catch (const std::exception &e) {
    std::fprintf(stderr, "saetrack-eval: %s\n%s", e.what(), kUsage);
    return 2;
  }

  try {
    auto seqs = read_sequences(data, layout, init);
    std::vector<TrackerRun> runs;
    std::vector<std::string> names;
    std::vector<std::vector<std::string>> attrs;
    for (auto &s : seqs) names.push_back(s.name), attrs.push_back(s.attributes);
    if (list) {  // tab-separated, for scripts (tools/gst-compare.py)
      for (auto &s : seqs) {
        auto &b = s.boxes[0];
        std::printf("%s\t%s\t%.2f,%.2f,%.2f,%.2f\t%zu\t%s\n", s.name.c_str(), s.layout.c_str(), b.x, b.y, b.w, b.h,
                    s.video.empty() ? s.frames.size() : size_t(0), s.video.empty() ? s.frames[0].c_str() : s.video.c_str());
        for (size_t i = 1; s.video.empty() && i < s.frames.size(); ++i) std::printf("\t%s\n", s.frames[i].c_str());
      }
      return 0;
    }
    std::fprintf(stderr, "%zu %s sequences from %s\n", seqs.size(), seqs[0].layout.c_str(), data.c_str());

    if (track) {
      set_threads(threads);
      auto dev = parse_device(device);
      // The trained network, or the training-free floor, behind one init/update pair.
      std::function<void(const cv::Mat &, const Box &)> init_fn;
      std::function<TrackResult(const cv::Mat &)> update_fn;
      std::unique_ptr<Tracker> sae;
      std::unique_ptr<FloorTracker> floor;
      if (kind == "floor") {
        if (weights.empty()) weights = find_data_file("nanodet-g.tensors");
        floor = std::make_unique<FloorTracker>(weights, FloorParams{}, dev);
        if (name.empty()) name = "floor-nanodet";
        init_fn = [&](const cv::Mat &f, const Box &b) { floor->init(f, b); };
        update_fn = [&](const cv::Mat &f) { return floor->update(f); };
      } else {
        SAENet net = load_weights(find_weights(weights.empty() ? kDefaultModel : weights));
        if (name.empty()) name = "saetrack-" + net->config().name;
        sae = std::make_unique<Tracker>(net, params, dev);
        init_fn = [&](const cv::Mat &f, const Box &b) { sae->init(f, b); };
        update_fn = [&](const cv::Mat &f) { return sae->update(f); };
      }
      TrackerRun run{name};
      std::string result_dir = (fs::path(out) / "results" / name).string();
      double total_s = 0;
      size_t total_frames = 0, expected = 0;
      for (auto &s : seqs) expected += s.video.empty() ? s.frames.size() : 0;
      auto t_start = clk::now();
      for (size_t k = 0; k < seqs.size(); ++k) {
        auto &s = seqs[k];
        FrameReader reader(s);
        std::vector<Box> boxes;
        std::vector<double> seconds;
        cv::Mat frame;
        while ((max_frames == 0 || boxes.size() < max_frames) && reader.next(frame)) {
          auto t0 = clk::now();
          if (boxes.empty()) {
            init_fn(frame, s.boxes[0]);
            boxes.push_back(s.boxes[0]);  // benchmarks record the given box for frame 1
          } else {
            boxes.push_back(update_fn(frame).box);
          }
          double dt = std::chrono::duration<double>(clk::now() - t0).count();
          seconds.push_back(dt);
          if (boxes.size() > 1) total_s += dt, ++total_frames;
          if (boxes.size() % 25 == 0) {
            double el = std::chrono::duration<double>(clk::now() - t_start).count();
            double fps = total_frames / std::max(total_s, 1e-9), done = double(total_frames + k);
            double eta = expected > done ? (expected - done) * el / std::max(done, 1.0) : 0;
            std::fprintf(stderr, "\rsequence %zu/%zu %-24s frame %5zu  %5.1f fps  ETA %4.0f s   ", k + 1, seqs.size(),
                         s.name.c_str(), boxes.size(), fps, eta);
          }
        }
        write_results(result_dir, s.layout, s.name, boxes, seconds);
        if (s.has_ground_truth()) {
          auto gt = s.boxes;
          auto vis = s.visible;
          gt.resize(boxes.size()), vis.resize(boxes.size());
          vis[0] = false;  // the initialisation frame is not scored
          run.per_sequence.push_back(score_sequence(boxes, gt, vis));
        }
      }
      run.fps = total_frames / std::max(total_s, 1e-9);
      std::ofstream((fs::path(result_dir) / "fps.txt").string()) << run.fps << "\n";  // read back by --compare
      std::fprintf(stderr, "\n%s: %zu frames at %.1f fps (tracker step, %d threads); results in %s\n", name.c_str(),
                   total_frames, run.fps, at::get_num_threads(), result_dir.c_str());
      if (run.per_sequence.size() == seqs.size()) runs.push_back(run);
      else std::fprintf(stderr, "no ground truth beyond the first frame: results written, nothing to score\n");
    }
    for (auto &[cname, dir] : compare) {
      TrackerRun run{cname};
      std::ifstream fps_file((fs::path(dir) / "fps.txt").string());  // optional, written by tools/gst-compare.py
      fps_file >> run.fps;
      for (auto &s : seqs) {
        if (!s.has_ground_truth()) throw std::runtime_error("sequence '" + s.name + "' has no ground truth to score against");
        auto boxes = read_results(dir, s.name);
        auto gt = s.boxes;
        auto vis = s.visible;
        if (boxes.size() < gt.size())
          throw std::runtime_error(cname + ": '" + s.name + "' has " + std::to_string(boxes.size()) + " boxes, ground truth " +
                                   std::to_string(gt.size()));
        boxes.resize(gt.size());
        vis[0] = false;
        run.per_sequence.push_back(score_sequence(boxes, gt, vis));
      }
      runs.push_back(run);
    }
    if (runs.empty()) return 0;

    fs::create_directories(out);
    std::vector<Curve> succ, prec, nprec;
    for (auto &r : runs) {
      auto c = combine_scores(r.per_sequence);
      succ.push_back({r.name, c.success, c.auc});
      prec.push_back({r.name, c.precision, c.precision20});
      nprec.push_back({r.name, c.norm_precision, c.norm_precision20});
    }
    write_plot((fs::path(out) / "success.png").string(), "Success plot of OPE", "Overlap threshold", "Success rate", 0, 1, succ);
    write_plot((fs::path(out) / "precision.png").string(), "Precision plot of OPE", "Location error threshold (px)",
               "Precision", 0, 50, prec);
    write_plot((fs::path(out) / "norm_precision.png").string(), "Normalized precision plot of OPE",
               "Normalized location error threshold", "Normalized precision", 0, 0.5, nprec);
    auto md = markdown_report(runs, names, attrs);
    std::ofstream((fs::path(out) / "report.md").string()) << md;
    std::fputs(md.c_str(), stdout);
    std::fprintf(stderr, "wrote %s/{success,precision,norm_precision}.png and report.md\n", out.c_str());
    return 0;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "\nsaetrack-eval: %s\n", e.what());
    return 1;
  }
}
