#include "losses.h"

namespace saetrack {

Targets make_targets(const torch::Tensor &boxes, const std::vector<bool> &positive, const NetConfig &cfg) {
  int64_t B = boxes.size(0), S = cfg.score_size;
  auto pos = torch::arange(S, torch::kFloat32) * double(cfg.stride) + cfg.score_offset();
  auto ys = pos.view({1, S, 1}), xs = pos.view({1, 1, S});
  auto b = boxes.to(torch::kFloat32);
  auto x0 = b.select(1, 0).view({B, 1, 1}), y0 = b.select(1, 1).view({B, 1, 1});
  auto x1 = b.select(1, 2).view({B, 1, 1}), y1 = b.select(1, 3).view({B, 1, 1});
  auto l = (xs - x0).expand({B, S, S}), t = (ys - y0).expand({B, S, S});
  auto r = (x1 - xs).expand({B, S, S}), bt = (y1 - ys).expand({B, S, S});
  auto reg = torch::stack({l, t, r, bt}, 1);
  auto inside = (std::get<0>(reg.min(1)) > 0).to(torch::kFloat32);
  auto pmask = torch::zeros({B, 1, 1});
  for (int64_t i = 0; i < B; ++i) pmask[i] = positive[size_t(i)] ? 1.0 : 0.0;
  return {inside * pmask, reg};
}

torch::Tensor cls_loss(const torch::Tensor &logits, const torch::Tensor &label) {
  auto logp = torch::log_softmax(logits, 1);
  auto pos = label > 0.5, neg = label <= 0.5;
  auto fg = logp.select(1, 1), bg = logp.select(1, 0);
  auto loss = torch::zeros({}, logits.options());
  if (pos.any().item<bool>()) loss = loss - 0.5 * fg.masked_select(pos).mean();
  if (neg.any().item<bool>()) loss = loss - 0.5 * bg.masked_select(neg).mean();
  return loss;
}

torch::Tensor iou_loss(const torch::Tensor &pred, const torch::Tensor &target, const torch::Tensor &label) {
  auto mask = label > 0.5;
  if (!mask.any().item<bool>()) return torch::zeros({}, pred.options());
  auto area = [](const torch::Tensor &q) { return (q.select(1, 0) + q.select(1, 2)) * (q.select(1, 1) + q.select(1, 3)); };
  auto w_int = torch::min(pred.select(1, 0), target.select(1, 0)) + torch::min(pred.select(1, 2), target.select(1, 2));
  auto h_int = torch::min(pred.select(1, 1), target.select(1, 1)) + torch::min(pred.select(1, 3), target.select(1, 3));
  auto inter = w_int * h_int;
  auto iou = inter / (area(pred) + area(target) - inter + 1e-6);
  return (1.0 - iou).masked_select(mask).mean();
}

}  // namespace saetrack
