// Markdown report: overall table per tracker, per-sequence table, per-attribute AUC.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "metrics.h"

namespace saetrack::eval {

struct TrackerRun {
  std::string name;
  std::vector<SequenceScores> per_sequence;  // same order as the sequences
  double fps = 0;                            // 0: not measured (results read from files)
};

// `names` and `attributes` are per sequence, in the order of each run's per_sequence.
std::string markdown_report(const std::vector<TrackerRun> &runs, const std::vector<std::string> &names,
                            const std::vector<std::vector<std::string>> &attributes);

}  // namespace saetrack::eval
