#include "stretched_templates.h"

#include <algorithm>
#include <stdexcept>

namespace saetrack {

torch::Tensor StretchedTemplates::rows_from(int first, int n, const Kernels &kernels) {
  if (first < 0 || n < 1 || first + n > rows()) throw std::out_of_range("StretchedTemplates: rows out of range");
  std::vector<int64_t> missing;
  for (int r = first; r < first + n; ++r)
    if (!kernels_[r].defined()) missing.push_back(r);
  if (!missing.empty()) {
    auto index = torch::tensor(missing, torch::kLong).to(crops_.device());
    auto maps = kernels(crops_.index_select(0, index));
    for (size_t i = 0; i < missing.size(); ++i) kernels_[missing[i]] = maps.narrow(0, int64_t(i), 1);
  }
  std::vector<torch::Tensor> out(kernels_.begin() + first, kernels_.begin() + first + n);
  // Channels-last, as rows narrowed from one batch of backbone maps were, so the correlation takes
  // the same path (boxes byte-identical to computing all rows at init, docs/performance.md).
  return torch::cat(out).contiguous(at::MemoryFormat::ChannelsLast);
}

int StretchedTemplates::computed() const {
  return int(std::count_if(kernels_.begin(), kernels_.end(), [](const torch::Tensor &k) { return k.defined(); }));
}

}  // namespace saetrack
