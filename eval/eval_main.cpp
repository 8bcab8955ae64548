// saetrack-eval: one-pass evaluation on benchmark-layout sequences. Runs the tracker, writes results
// in the benchmark's own format, scores them (and any other trackers' result folders) and writes
// success/precision plots and a Markdown report.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "box_fit.h"
#include "command_line.h"
#include "plots.h"
#include "report.h"
#include "results_io.h"
#include "run_sequence.h"
#include "saetrack.h"
#include "sequences.h"

using namespace saetrack;
using namespace saetrack::eval;
namespace fs = std::filesystem;
using clk = std::chrono::steady_clock;

static Box parse_box(const std::string &s) {
  Box b;
  if (std::sscanf(s.c_str(), "%lf,%lf,%lf,%lf", &b.x, &b.y, &b.w, &b.h) != 4 || b.empty())
    throw std::runtime_error("--init wants X,Y,W,H with positive width and height, got '" + s + "'");
  return b;
}

int main(int argc, char **argv) {
  std::string data, layout = "auto", weights, name, device = "cpu", precision = "auto", out = "eval-output", kind = "sae", init_text;
  int threads = 0;
  size_t max_frames = 0;
  bool no_track = false, list = false, box_fit = false;
  std::vector<std::pair<std::string, std::string>> compare;
  TrackerParams params;
  CommandLine cli("saetrack-eval", "--data PATH [options]");
  cli.add("data", &data, "sequences: a benchmark folder, a folder of frames or a video file")
      .add("layout", &layout, "otb | got10k | lasot | uav123 | folder | video | auto")
      .add("init", &init_text, "initial box X,Y,W,H for a video or a folder without init.txt")
      .add("weights", &weights, "a bundled model's name (nano, light), floor (the training-free floor) or a weights "
                                "file (default: the default tracker, floor)")
      .add("tracker", &kind, "sae | floor: the same as --weights floor (training-free SiamFC on the pretrained "
                             "NanoDet-g features)")
      .add("name", &name, "name of our result set (default saetrack-<config>)")
      .add("device", &device, "cpu | cuda | cuda:N")
      .add("precision", &precision, "auto | fp32 | fp16 | bf16 | int8 (the network's; auto: int8 for the floor on CPUs, else fp32)")
      .add("threads", &threads, "CPU threads (0 = all cores)")
      .add("compare", [&](const std::string &v) {
             auto eq = v.find('=');
             if (eq == std::string::npos) throw UsageError("--compare wants NAME=DIR, got '" + v + "'");
             compare.push_back({v.substr(0, eq), v.substr(eq + 1)});
           }, "NAME=DIR: also score another tracker's result folder (repeatable)")
      .flag("no-track", &no_track, "only score the --compare result sets")
      .flag("list", &list, "print the sequences (name, layout, init box, frames, first frame or video) and exit")
      .flag("box-fit", &box_fit, "also score each result set with the true aspect ratio, the true size or the true "
                                 "centre put in its boxes (what each part of the box costs)")
      .add("max-frames", &max_frames, "stop each sequence after N frames (quick looks; 0 = all)")
      .add("out", &out, "output folder: results/, *.png, report.md")
      .section("tracker parameters (the element's properties of the same names, model/tunables.cpp)");
  add_tracker_tunables(cli, &params);
  Box init;
  int rc = cli.parse_for_main(argc, argv, [&] {
    if (data.empty()) throw UsageError("--data is required");
    if (kind != "sae" && kind != "floor") throw UsageError("--tracker is sae or floor, got '" + kind + "'");
    if (!init_text.empty()) init = parse_box(init_text);
  });
  if (rc >= 0) return rc;
  bool track = !no_track;

  try {
    auto seqs = read_sequences(data, layout, init);
    std::vector<TrackerRun> runs;
    std::vector<std::vector<std::vector<Box>>> run_boxes;  // per run, per sequence (for --box-fit)
    std::vector<std::string> names;
    std::vector<std::vector<std::string>> attrs;
    for (auto &s : seqs) names.push_back(s.name), attrs.push_back(s.attributes);
    if (list) {  // tab-separated, for scripts (tools/gst-compare.py)
      for (auto &s : seqs) {
        auto &b = s.boxes[0];
        std::printf("%s\t%s\t%.2f,%.2f,%.2f,%.2f\t%zu\t%s\n", s.name.c_str(), s.layout.c_str(), b.x, b.y, b.w, b.h,
                    s.frame_count(), s.video.empty() ? s.frame_files[0].c_str() : s.video.c_str());
        for (size_t i = 1; i < s.frame_files.size(); ++i) std::printf("\t%s\n", s.frame_files[i].c_str());
      }
      return 0;
    }
    std::fprintf(stderr, "%zu %s sequences from %s\n", seqs.size(), seqs[0].layout.c_str(), data.c_str());

    if (track) {
      set_threads(threads);
      auto dev = parse_device(device);
      // The trained network or the training-free floor, by name (model/tracker_factory.h).
      if (kind == "floor") weights = kFloorModel;
      const std::string model = weights.empty() ? kDefaultTracker : weights;
      auto tracker = make_tracker(model, params, dev, tracker_precision(precision, model, dev));
      if (name.empty()) name = tracker->name();
      TrackerRun run{name};
      std::vector<std::vector<Box>> boxes_per_sequence;
      std::string result_dir = (fs::path(out) / "results" / name).string();
      double total_s = 0;
      size_t total_frames = 0, expected = 0;
      for (auto &s : seqs) expected += s.frame_count();
      auto t_start = clk::now();
      for (size_t k = 0; k < seqs.size(); ++k) {
        auto &s = seqs[k];
        auto progress = [&](size_t n) {
          if (n % 25) return;
          double el = std::chrono::duration<double>(clk::now() - t_start).count(), done = double(total_frames + n);
          double eta = expected > done ? (expected - done) * el / std::max(done, 1.0) : 0;
          std::fprintf(stderr, "\rsequence %zu/%zu %-24s frame %5zu  ETA %4.0f s   ", k + 1, seqs.size(), s.name.c_str(), n, eta);
        };
        auto r = run_sequence(s, *tracker, max_frames, progress);
        write_results(result_dir, s.layout, s.name, r.boxes, r.seconds);
        total_s += r.update_seconds(), total_frames += r.boxes.size() - 1;
        if (s.has_ground_truth()) run.per_sequence.push_back(score_boxes(r.boxes, s));
        boxes_per_sequence.push_back(r.boxes);
      }
      run.fps = total_frames / std::max(total_s, 1e-9);
      std::ofstream((fs::path(result_dir) / "fps.txt").string()) << run.fps << "\n";  // read back by --compare
      std::fprintf(stderr, "\n%s: %zu frames at %.1f fps (tracker step, %d threads); results in %s\n", name.c_str(),
                   total_frames, run.fps, at::get_num_threads(), result_dir.c_str());
      if (run.per_sequence.size() == seqs.size()) runs.push_back(run), run_boxes.push_back(boxes_per_sequence);
      else std::fprintf(stderr, "no ground truth beyond the first frame: results written, nothing to score\n");
    }
    for (auto &[cname, dir] : compare) {
      TrackerRun run{cname};
      std::vector<std::vector<Box>> boxes_per_sequence;
      std::ifstream fps_file((fs::path(dir) / "fps.txt").string());  // optional, written by tools/gst-compare.py
      fps_file >> run.fps;
      for (auto &s : seqs) {
        if (!s.has_ground_truth()) throw std::runtime_error("sequence '" + s.name + "' has no ground truth to score against");
        auto boxes = read_results(dir, s.name);
        if (boxes.size() < s.boxes.size())
          throw std::runtime_error(cname + ": '" + s.name + "' has " + std::to_string(boxes.size()) + " boxes, ground truth " +
                                   std::to_string(s.boxes.size()));
        boxes.resize(s.boxes.size());
        run.per_sequence.push_back(score_boxes(boxes, s));
        boxes_per_sequence.push_back(boxes);
      }
      runs.push_back(run), run_boxes.push_back(boxes_per_sequence);
    }
    if (box_fit) {
      for (size_t r = 0, n = runs.size(); r < n; ++r)
        for (auto part : kTrueParts) {
          TrackerRun fit{runs[r].name + " (" + true_part_name(part) + ")"};
          for (size_t k = 0; k < seqs.size(); ++k)
            fit.per_sequence.push_back(score_boxes(with_true_part(run_boxes[r][k], seqs[k].boxes, part), seqs[k]));
          runs.push_back(fit);
        }
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
