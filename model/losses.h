// Training targets and losses of the anchor-free head (paper eq. (9)-(12)).
#pragma once
#include <torch/torch.h>

#include "config.h"

namespace saetrack {

struct Targets {
  torch::Tensor label;  // B x S x S float: 1 inside the box (positive), 0 outside
  torch::Tensor reg;    // B x 4 x S x S: l, t, r, b from each cell to the box borders (eq. 9)
};

// boxes: B x 4 (x0, y0, x1, y1) in search-image pixels; positive[b] false makes sample b a
// negative pair (all cells negative: the template object is not in the search image).
Targets make_targets(const torch::Tensor &boxes, const std::vector<bool> &positive, const NetConfig &cfg);

// BCE on the 2-channel logits (log-softmax), positives and negatives weighted 0.5 each.
torch::Tensor cls_loss(const torch::Tensor &logits, const torch::Tensor &label);

// Eq. (10): mean of 1 - IoU(Q, Q~) over cells with G(Q~) = 1 (all four distances > 0).
torch::Tensor iou_loss(const torch::Tensor &pred, const torch::Tensor &target, const torch::Tensor &label);

}  // namespace saetrack
