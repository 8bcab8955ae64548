// Tracker result files in each benchmark's own format, so the official toolkits read ours and we
// read theirs (and the cvtracker runs of tools/gst-compare.py).
#pragma once
#include <string>
#include <vector>

#include "geometry.h"

namespace saetrack::eval {

// otb/lasot/uav123/folder/video: <dir>/<seq>.txt, one "x,y,w,h" row per frame (pysot/OTB toolkit style).
// got10k: <dir>/<seq>/<seq>_001.txt (rows as above) and <seq>_time.txt (seconds per frame).
void write_results(const std::string &dir, const std::string &layout, const std::string &seq,
                   const std::vector<Box> &boxes, const std::vector<double> &seconds);
// Finds and reads <dir>/<seq>.txt or <dir>/<seq>/<seq>_001.txt; throws std::runtime_error if neither exists.
std::vector<Box> read_results(const std::string &dir, const std::string &seq);

}  // namespace saetrack::eval
