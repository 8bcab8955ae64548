// Optimal one-to-one assignment (the Hungarian method, Kuhn-Munkres with potentials): the MOT
// metrics' frame matching (CLEAR MOT) and trajectory matching (IDF1) both need it.
#pragma once
#include <vector>

namespace saetrack::eval {

// cost: rows x cols (any shape). Returns for every row the column assigned to it or -1, minimising
// the summed cost over a matching of min(rows, cols) pairs. Pairs the caller does not allow should
// carry a large cost and be dropped by the caller afterwards.
std::vector<int> min_cost_assignment(const std::vector<std::vector<double>> &cost);

}  // namespace saetrack::eval
