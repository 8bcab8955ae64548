#include "mot_metrics.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "assignment.h"

namespace saetrack::eval {

namespace {

constexpr double kNoMatch = 1e9;  // cost of a pair below the IoU threshold

std::vector<int64_t> ids_in(const MotFrames &frames) {
  std::set<int64_t> ids;
  for (auto &[f, objs] : frames)
    for (auto &o : objs) ids.insert(o.id);
  return {ids.begin(), ids.end()};
}

}  // namespace

MotScores score_mot(const MotFrames &gt, const MotFrames &hyp, double thr) {
  MotScores s;
  std::map<int64_t, int64_t> last_match;      // gt id -> hypothesis id it was last matched to
  std::map<int64_t, int64_t> current;         // correspondences of the previous frame
  std::map<int64_t, bool> was_tracked, ever;  // per gt id: tracked in its previous frame / ever
  std::map<std::pair<int64_t, int64_t>, size_t> co;  // (gt id, hyp id) -> frames matched at >= thr (IDF1)
  double iou_sum = 0;
  std::set<int> frame_numbers;
  for (auto &[f, o] : gt) frame_numbers.insert(f);
  for (auto &[f, o] : hyp) frame_numbers.insert(f);
  static const std::vector<MotObject> none;
  for (int f : frame_numbers) {
    auto g_it = gt.find(f), h_it = hyp.find(f);
    const auto &G = g_it == gt.end() ? none : g_it->second;
    const auto &H = h_it == hyp.end() ? none : h_it->second;
    s.gt += G.size(), s.hypotheses += H.size();
    for (auto &g : G)
      for (auto &h : H)
        if (iou(g.box, h.box) >= thr) co[{g.id, h.id}]++;
    // CLEAR MOT: keep last frame's correspondences that are still valid, then match the rest.
    std::vector<int> g_to_h(G.size(), -1);
    std::vector<bool> h_used(H.size(), false);
    for (size_t i = 0; i < G.size(); ++i) {
      auto c = current.find(G[i].id);
      if (c == current.end()) continue;
      for (size_t j = 0; j < H.size(); ++j)
        if (!h_used[j] && H[j].id == c->second && iou(G[i].box, H[j].box) >= thr) {
          g_to_h[i] = int(j), h_used[j] = true;
          break;
        }
    }
    std::vector<size_t> gi, hj;
    for (size_t i = 0; i < G.size(); ++i)
      if (g_to_h[i] < 0) gi.push_back(i);
    for (size_t j = 0; j < H.size(); ++j)
      if (!h_used[j]) hj.push_back(j);
    if (!gi.empty() && !hj.empty()) {
      std::vector<std::vector<double>> cost(gi.size(), std::vector<double>(hj.size()));
      for (size_t a = 0; a < gi.size(); ++a)
        for (size_t b = 0; b < hj.size(); ++b) {
          double v = iou(G[gi[a]].box, H[hj[b]].box);
          cost[a][b] = v >= thr ? 1 - v : kNoMatch;
        }
      auto assign = min_cost_assignment(cost);
      for (size_t a = 0; a < gi.size(); ++a)
        if (assign[a] >= 0 && cost[a][size_t(assign[a])] < kNoMatch) g_to_h[gi[a]] = int(hj[size_t(assign[a])]);
    }
    current.clear();
    for (size_t i = 0; i < G.size(); ++i) {
      int64_t gid = G[i].id;
      bool tracked = g_to_h[i] >= 0;
      if (tracked) {
        const MotObject &h = H[size_t(g_to_h[i])];
        s.matches++;
        iou_sum += iou(G[i].box, h.box);
        auto lm = last_match.find(gid);
        if (lm != last_match.end() && lm->second != h.id) s.id_switches++;
        last_match[gid] = h.id;
        current[gid] = h.id;
        if (ever[gid] && !was_tracked[gid]) s.fragmentations++;  // resumed after an interruption
        ever[gid] = true;
      } else {
        s.misses++;
      }
      was_tracked[gid] = tracked;
    }
  }
  s.false_positives = s.hypotheses - s.matches;
  s.mota = s.gt ? 1.0 - double(s.misses + s.false_positives + s.id_switches) / double(s.gt) : 0.0;
  s.motp = s.matches ? iou_sum / double(s.matches) : 0.0;
  // IDF1: one matching of whole trajectories maximising the frames they share at the threshold.
  auto gids = ids_in(gt), hids = ids_in(hyp);
  if (!gids.empty() && !hids.empty()) {
    std::vector<std::vector<double>> cost(gids.size(), std::vector<double>(hids.size()));
    for (size_t a = 0; a < gids.size(); ++a)
      for (size_t b = 0; b < hids.size(); ++b) {
        auto it = co.find({gids[a], hids[b]});
        cost[a][b] = -double(it == co.end() ? 0 : it->second);
      }
    auto assign = min_cost_assignment(cost);
    for (size_t a = 0; a < gids.size(); ++a)
      if (assign[a] >= 0) s.idtp += size_t(-cost[a][size_t(assign[a])]);
  }
  s.idf1 = s.gt + s.hypotheses ? 2.0 * double(s.idtp) / double(s.gt + s.hypotheses) : 0.0;
  s.idp = s.hypotheses ? double(s.idtp) / double(s.hypotheses) : 0.0;
  s.idr = s.gt ? double(s.idtp) / double(s.gt) : 0.0;
  return s;
}

MotFrames read_mot_file(const std::string &path, bool ground_truth) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  MotFrames frames;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream ls(line);
    double f, id, x, y, w, h, conf = 1;
    if (!(ls >> f >> id >> x >> y >> w >> h)) throw std::runtime_error(path + ":" + std::to_string(n) + ": expected frame,id,x,y,w,h");
    ls >> conf;
    if (ground_truth && conf == 0) continue;
    frames[int(f)].push_back({int64_t(id), Box{x, y, w, h}});
  }
  return frames;
}

void write_mot_file(const std::string &path, const MotFrames &frames) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  for (auto &[f, objs] : frames)
    for (auto &o : objs)
      out << f << ',' << o.id << ',' << o.box.x << ',' << o.box.y << ',' << o.box.w << ',' << o.box.h << ",1,-1,-1,-1\n";
}

}  // namespace saetrack::eval
