#include "report.h"

#include <cstdio>
#include <set>

namespace saetrack::eval {

static std::string fmt(const char *f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string markdown_report(const std::vector<TrackerRun> &runs, const std::vector<std::string> &names,
                            const std::vector<std::vector<std::string>> &attributes) {
  std::string md = "| tracker | success AUC | precision@20px | norm. precision@0.2 | AO | SR0.5 | SR0.75 | fps | frames |\n"
                   "|---|---|---|---|---|---|---|---|---|\n";
  for (auto &r : runs) {
    auto c = combine_scores(r.per_sequence);
    md += "| " + r.name + " | " + fmt("%.3f", c.auc) + " | " + fmt("%.3f", c.precision20) + " | " +
          fmt("%.3f", c.norm_precision20) + " | " + fmt("%.3f", c.ao) + " | " + fmt("%.3f", c.sr50) + " | " +
          fmt("%.3f", c.sr75) + " | " + (r.fps > 0 ? fmt("%.1f", r.fps) : "-") + " | " + std::to_string(c.frames) + " |\n";
  }
  md += "\n### Success AUC per sequence\n\n| sequence |";
  for (auto &r : runs) md += " " + r.name + " |";
  md += "\n|---|";
  for (size_t i = 0; i < runs.size(); ++i) md += "---|";
  md += "\n";
  for (size_t s = 0; s < names.size(); ++s) {
    md += "| " + names[s] + " |";
    for (auto &r : runs) md += " " + fmt("%.3f", r.per_sequence[s].auc) + " |";
    md += "\n";
  }
  std::set<std::string> attrs;
  for (auto &a : attributes) attrs.insert(a.begin(), a.end());
  if (!attrs.empty()) {
    md += "\n### Success AUC per attribute\n\n| attribute | sequences |";
    for (auto &r : runs) md += " " + r.name + " |";
    md += "\n|---|---|";
    for (size_t i = 0; i < runs.size(); ++i) md += "---|";
    md += "\n";
    for (auto &a : attrs) {
      std::vector<size_t> idx;
      for (size_t s = 0; s < attributes.size(); ++s)
        for (auto &x : attributes[s])
          if (x == a) idx.push_back(s);
      md += "| " + a + " | " + std::to_string(idx.size()) + " |";
      for (auto &r : runs) {
        std::vector<SequenceScores> sub;
        for (auto s : idx) sub.push_back(r.per_sequence[s]);
        md += " " + fmt("%.3f", combine_scores(sub).auc) + " |";
      }
      md += "\n";
    }
  }
  return md;
}

}  // namespace saetrack::eval
