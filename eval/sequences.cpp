#include "sequences.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace saetrack::eval {

const std::vector<std::string> &uav123_attributes() {
  static const std::vector<std::string> names{
      "Scale Variation", "Aspect Ratio Change", "Low Resolution", "Fast Motion", "Full Occlusion", "Partial Occlusion",
      "Out-of-View", "Background Clutter", "Illumination Variation", "Viewpoint Change", "Camera Motion", "Similar Object"};
  return names;
}

std::vector<Box> read_boxes(const std::string &path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open box file '" + path + "'");
  std::vector<Box> boxes;
  std::string line;
  for (int n = 1; std::getline(f, line); ++n) {
    std::replace_if(line.begin(), line.end(), [](char c) { return c == ',' || c == '\t' || c == '\r'; }, ' ');
    if (line.find_first_not_of(' ') == std::string::npos) continue;
    std::istringstream ss(line);
    std::string v[4];
    if (!(ss >> v[0] >> v[1] >> v[2] >> v[3])) throw std::runtime_error(path + ":" + std::to_string(n) + ": expected x,y,w,h");
    double d[4];
    bool nan = false;
    for (int i = 0; i < 4; ++i) {
      std::string low = v[i];
      std::transform(low.begin(), low.end(), low.begin(), ::tolower);
      if (low == "nan") { nan = true; continue; }
      try {
        d[i] = std::stod(v[i]);
      } catch (const std::exception &) {
        throw std::runtime_error(path + ":" + std::to_string(n) + ": '" + v[i] + "' is not a number");
      }
    }
    boxes.push_back(nan ? Box{0, 0, 0, 0} : Box{d[0], d[1], d[2], d[3]});
  }
  return boxes;
}

static std::vector<std::string> list_images(const fs::path &dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (auto &e : fs::directory_iterator(dir)) {
    auto ext = e.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Per-frame flags: one per line (GOT-10k) or comma-separated on one line (LaSOT, UAV123 att).
static std::vector<int> read_flags(const fs::path &path) {
  std::vector<int> flags;
  std::ifstream f(path);
  std::string tok;
  while (f >> tok) {
    std::stringstream ss(tok);
    std::string v;
    while (std::getline(ss, v, ','))
      if (!v.empty()) flags.push_back(std::atoi(v.c_str()));
  }
  return flags;
}

static Sequence finish(Sequence s) {
  if (s.frame_files.empty() && s.video.empty()) throw std::runtime_error("sequence '" + s.name + "' has no frames");
  if (s.boxes.empty()) throw std::runtime_error("sequence '" + s.name + "' has no boxes");
  if (!s.frame_files.empty() && s.boxes.size() > 1 && s.frame_files.size() != s.boxes.size()) {
    size_t n = std::min(s.frame_files.size(), s.boxes.size());  // benchmarks trim to the shorter list
    s.frame_files.resize(n), s.boxes.resize(n);
  }
  s.visible.resize(s.boxes.size(), true);
  for (size_t i = 0; i < s.boxes.size(); ++i)
    if (s.boxes[i].empty()) s.visible[i] = false;
  if (s.boxes[0].empty()) throw std::runtime_error("sequence '" + s.name + "': the first ground-truth box is empty");
  return s;
}

static std::vector<fs::path> dirs_with(const fs::path &root, const std::string &file) {
  std::vector<fs::path> d;
  for (auto &e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() == file) d.push_back(e.path().parent_path());
  std::sort(d.begin(), d.end());
  return d;
}

static std::vector<Sequence> read_otb(const fs::path &root) {
  std::vector<Sequence> out;
  std::vector<fs::path> dirs;
  for (auto &e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename().string().rfind("groundtruth_rect", 0) == 0 &&
        std::find(dirs.begin(), dirs.end(), e.path().parent_path()) == dirs.end())
      dirs.push_back(e.path().parent_path());
  std::sort(dirs.begin(), dirs.end());
  for (auto &d : dirs) {
    Sequence s{d.filename().string(), "otb"};
    s.frame_files = list_images(d / "img");
    auto gt = d / "groundtruth_rect.txt";
    if (!fs::exists(gt)) gt = d / "groundtruth_rect.1.txt";  // OTB's two-target sequences: first target
    s.boxes = read_boxes(gt.string());
    std::ifstream a(d / "attributes.txt");
    std::string tok;
    while (std::getline(a, tok)) {  // one attribute per line, or comma-separated (names may hold spaces)
      std::stringstream ss(tok);
      std::string name;
      while (std::getline(ss, name, ',')) {
        auto b = name.find_first_not_of(" \t\r"), e = name.find_last_not_of(" \t\r");
        if (b != std::string::npos) s.attributes.push_back(name.substr(b, e - b + 1));
      }
    }
    out.push_back(finish(std::move(s)));
  }
  return out;
}

static std::vector<Sequence> read_got10k(const fs::path &root) {
  std::vector<Sequence> out;
  for (auto &d : dirs_with(root, "groundtruth.txt")) {
    if (fs::is_directory(d / "img")) continue;  // LaSOT-style folder
    Sequence s{d.filename().string(), "got10k"};
    s.frame_files = list_images(d);
    s.boxes = read_boxes((d / "groundtruth.txt").string());
    s = finish(std::move(s));
    auto absence = read_flags(d / "absence.label"), cover = read_flags(d / "cover.label");
    for (size_t i = 0; i < s.boxes.size(); ++i) {
      if (i < absence.size() && absence[i]) s.visible[i] = false;
      if (i < cover.size() && cover[i] == 0) s.visible[i] = false;  // cover 0: fully occluded
    }
    out.push_back(std::move(s));
  }
  return out;
}

static std::vector<Sequence> read_lasot(const fs::path &root) {
  std::vector<Sequence> out;
  for (auto &d : dirs_with(root, "groundtruth.txt")) {
    if (!fs::is_directory(d / "img")) continue;
    Sequence s{d.filename().string(), "lasot"};
    s.frame_files = list_images(d / "img");
    s.boxes = read_boxes((d / "groundtruth.txt").string());
    s = finish(std::move(s));
    auto occ = read_flags(d / "full_occlusion.txt"), oov = read_flags(d / "out_of_view.txt");
    for (size_t i = 0; i < s.boxes.size(); ++i)
      if ((i < occ.size() && occ[i]) || (i < oov.size() && oov[i])) s.visible[i] = false;
    out.push_back(std::move(s));
  }
  return out;
}

static fs::path first_dir(std::initializer_list<fs::path> c) {
  for (auto &p : c)
    if (fs::is_directory(p)) return p;
  return {};
}

static std::vector<Sequence> read_uav123(const fs::path &root) {
  auto data = first_dir({root / "data_seq" / "UAV123", root / "data_seq"});
  auto anno = first_dir({root / "anno" / "UAV123", root / "anno"});
  if (data.empty() || anno.empty()) throw std::runtime_error("UAV123 layout needs data_seq/ and anno/ under '" + root.string() + "'");
  std::vector<Sequence> out;
  std::vector<fs::path> files;
  for (auto &e : fs::directory_iterator(anno))
    if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (auto &f : files) {
    std::string name = f.stem().string();
    Sequence s{name, "uav123"};
    s.frame_files = list_images(data / name);
    if (s.frame_files.empty()) continue;  // UAV123 splits some sequences' annotations (car1_1.txt, ...) over one folder
    s.boxes = read_boxes(f.string());
    auto flags = read_flags(anno / "att" / (name + ".txt"));
    for (size_t i = 0; i < flags.size() && i < uav123_attributes().size(); ++i)
      if (flags[i]) s.attributes.push_back(uav123_attributes()[i]);
    out.push_back(finish(std::move(s)));
  }
  return out;
}

static std::vector<Sequence> read_folder(const fs::path &root, const Box &init) {
  Sequence s{root.filename().string(), "folder"};
  s.frame_files = list_images(root);
  if (fs::exists(root / "groundtruth.txt")) s.boxes = read_boxes((root / "groundtruth.txt").string());
  else if (fs::exists(root / "init.txt")) s.boxes = read_boxes((root / "init.txt").string());
  else if (!init.empty()) s.boxes = {init};
  else throw std::runtime_error("folder '" + root.string() + "' has no groundtruth.txt or init.txt; give --init x,y,w,h");
  return {finish(std::move(s))};
}

std::string detect_layout(const std::string &root_s) {
  fs::path root(root_s);
  if (!fs::exists(root)) throw std::runtime_error("'" + root_s + "' does not exist");
  if (fs::is_regular_file(root)) return "video";
  if (fs::is_directory(root / "data_seq") && fs::is_directory(root / "anno")) return "uav123";
  bool gt = false, lasot = false, got = false;
  for (auto &e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    auto n = e.path().filename().string();
    if (n.rfind("groundtruth_rect", 0) == 0) return "otb";
    if (n == "groundtruth.txt") {
      gt = true;
      if (fs::is_directory(e.path().parent_path() / "img")) lasot = true;
      else if (e.path().parent_path() != root) got = true;
    }
  }
  if (lasot) return "lasot";
  if (got) return "got10k";
  if (gt || fs::exists(root / "init.txt") || !list_images(root).empty()) return "folder";
  throw std::runtime_error("cannot tell the layout of '" + root_s + "' (no groundtruth_rect.txt, groundtruth.txt, " +
                           "data_seq/anno or frames found); give --layout");
}

std::vector<Sequence> read_sequences(const std::string &root_s, const std::string &layout_in, const Box &init) {
  std::string layout = layout_in == "auto" ? detect_layout(root_s) : layout_in;
  fs::path root(root_s);
  std::vector<Sequence> out;
  if (layout == "otb") out = read_otb(root);
  else if (layout == "got10k") out = read_got10k(root);
  else if (layout == "lasot") out = read_lasot(root);
  else if (layout == "uav123") out = read_uav123(root);
  else if (layout == "folder") out = read_folder(root, init);
  else if (layout == "video") {
    if (init.empty()) throw std::runtime_error("a video needs an initial box: --init x,y,w,h");
    Sequence s{root.stem().string(), "video"};
    s.video = root_s, s.boxes = {init};
    out = {finish(std::move(s))};
  } else {
    throw std::runtime_error("unknown layout '" + layout + "' (otb, got10k, lasot, uav123, folder, video, auto)");
  }
  if (out.empty()) throw std::runtime_error("no " + layout + " sequences found under '" + root_s + "'");
  return out;
}

}  // namespace saetrack::eval
