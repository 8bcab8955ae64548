#include "results_io.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sequences.h"

namespace fs = std::filesystem;

namespace saetrack::eval {

static void write_rows(const fs::path &p, const std::vector<Box> &boxes) {
  std::ofstream f(p);
  if (!f) throw std::runtime_error("cannot write '" + p.string() + "'");
  char line[128];
  for (auto &b : boxes) {
    std::snprintf(line, sizeof line, "%.2f,%.2f,%.2f,%.2f\n", b.x, b.y, b.w, b.h);
    f << line;
  }
}

void write_results(const std::string &dir, const std::string &layout, const std::string &seq,
                   const std::vector<Box> &boxes, const std::vector<double> &seconds) {
  fs::path d(dir);
  if (layout == "got10k") {
    d /= seq;
    fs::create_directories(d);
    write_rows(d / (seq + "_001.txt"), boxes);
    std::ofstream t(d / (seq + "_time.txt"));
    for (double s : seconds) t << s << "\n";
  } else {
    fs::create_directories(d);
    write_rows(d / (seq + ".txt"), boxes);
  }
}

std::vector<Box> read_results(const std::string &dir, const std::string &seq) {
  fs::path a = fs::path(dir) / (seq + ".txt"), b = fs::path(dir) / seq / (seq + "_001.txt");
  if (fs::exists(a)) return read_boxes(a.string());
  if (fs::exists(b)) return read_boxes(b.string());
  throw std::runtime_error("no result file for sequence '" + seq + "' in '" + dir + "' (expected " + a.string() + " or " +
                           b.string() + ")");
}

}  // namespace saetrack::eval
