// The floor's aspect-ratio templates (FloorParams::aspect_step/aspect_steps): the first frame's
// template stretched to aspect_step^k times its aspect ratio, k = -steps..steps. Cutting the
// windows is cheap; running all 2 steps + 1 through the backbone is not (21 templates, about 90 ms
// on one thread: most of what setting a target cost, and a late first frame in a live pipeline).
// A frame correlates only the current row and its neighbours, so each row's map is computed the
// first time a frame asks for it, from the crop kept since the first frame.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <vector>

namespace saetrack {

class StretchedTemplates {
 public:
  // crops -> normalised template maps, row for row (the floor's backbone and template cut).
  using Kernels = std::function<torch::Tensor(const torch::Tensor &)>;
  StretchedTemplates() = default;
  // crops: rows x 3 x 127 x 127, the stretched windows in row order.
  explicit StretchedTemplates(torch::Tensor crops) : crops_(std::move(crops)), kernels_(crops_.size(0)) {}
  bool defined() const { return crops_.defined(); }
  int rows() const { return int(kernels_.size()); }
  // Rows first .. first + n - 1 (n x C x k x k), the missing ones computed in one batch.
  torch::Tensor rows_from(int first, int n, const Kernels &kernels);
  // Rows whose maps have been computed (for tests and benchmarks).
  int computed() const;

 private:
  torch::Tensor crops_;
  std::vector<torch::Tensor> kernels_;  // 1 x C x k x k each, undefined until asked for
};

}  // namespace saetrack
