#include "assignment.h"

#include <cstddef>
#include <limits>

namespace saetrack::eval {

using std::size_t;

std::vector<int> min_cost_assignment(const std::vector<std::vector<double>> &cost) {
  size_t rows = cost.size(), cols = rows ? cost[0].size() : 0;
  if (rows == 0 || cols == 0) return std::vector<int>(rows, -1);
  // The method assigns every row of an n x m problem with n <= m; transpose otherwise.
  bool transposed = rows > cols;
  size_t n = transposed ? cols : rows, m = transposed ? rows : cols;
  auto a = [&](size_t i, size_t j) { return transposed ? cost[j - 1][i - 1] : cost[i - 1][j - 1]; };  // 1-based
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1), v(m + 1);
  std::vector<size_t> p(m + 1), way(m + 1);  // p[j]: the row assigned to column j (0: none)
  for (size_t i = 1; i <= n; ++i) {
    p[0] = i;
    size_t j0 = 0;
    std::vector<double> minv(m + 1, inf);
    std::vector<bool> used(m + 1, false);
    do {  // grow an alternating tree from row i until it reaches a free column
      used[j0] = true;
      size_t i0 = p[j0], j1 = 0;
      double delta = inf;
      for (size_t j = 1; j <= m; ++j)
        if (!used[j]) {
          double cur = a(i0, j) - u[i0] - v[j];
          if (cur < minv[j]) minv[j] = cur, way[j] = j0;
          if (minv[j] < delta) delta = minv[j], j1 = j;
        }
      for (size_t j = 0; j <= m; ++j)
        if (used[j]) u[p[j]] += delta, v[j] -= delta;
        else minv[j] -= delta;
      j0 = j1;
    } while (p[j0] != 0);
    do {  // flip the augmenting path
      size_t j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  std::vector<int> out(rows, -1);
  for (size_t j = 1; j <= m; ++j)
    if (p[j]) {
      if (transposed) out[j - 1] = int(p[j] - 1);
      else out[p[j] - 1] = int(j - 1);
    }
  return out;
}

}  // namespace saetrack::eval
