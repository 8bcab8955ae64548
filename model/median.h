// The median of a sample (the upper one of an even count; 0 for none), as benchmarks and the
// thread choice report frame costs.
#pragma once
#include <algorithm>
#include <vector>

namespace saetrack {

inline double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace saetrack
