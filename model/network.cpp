#include "network.h"

#include "xcorr.h"

namespace saetrack {

SAENetImpl::SAENetImpl(const NetConfig &cfg) : cfg_(cfg) {
  cfg.validate();
  backbone = register_module("backbone", Backbone(cfg));
  neck = register_module("neck", Neck(backbone->feature_channels(), cfg.neck_channels, cfg.template_feature));
  for (size_t l = 0; l < cfg.sae_levels.size(); ++l) {
    if (cfg.sae_levels[l]) sae.push_back(register_module("sae" + std::to_string(l), SAEBlock(cfg.neck_channels)));
    else sae.push_back(nullptr);
  }
  head = register_module("head", Head(int(cfg.feature_layers.size()), cfg.neck_channels, cfg.head_channels, cfg.stride));
}

std::vector<torch::Tensor> SAENetImpl::refine(const std::vector<torch::Tensor> &b, bool is_template) {
  auto f = neck->forward(b, is_template);
  // The same (Siamese) SAE block serves the template and the search branch of its level.
  for (size_t l = 0; l < f.size(); ++l)
    if (sae[l]) f[l] = sae[l]->forward(f[l]);
  return f;
}

std::vector<torch::Tensor> SAENetImpl::template_features(const torch::Tensor &z) {
  auto b = backbone->forward(z);
  auto k = head->kernels(refine(b, true));
  // The similarity kernel: the first level's backbone features cut to the target, as the neck cuts.
  k.push_back(channel_normalised(centre_crop(b[0], cfg_.template_feature)));
  return k;
}

HeadOutput SAENetImpl::track(const std::vector<torch::Tensor> &zf, const torch::Tensor &x) {
  auto b = backbone->forward(x);
  auto out = head->forward_kernels(zf, refine(b, false));
  if (zf.size() > 2 * cfg_.feature_layers.size())
    out.similarity = xcorr_depthwise(channel_normalised(b[0]), zf.back()).sum(1, true);
  return out;
}

std::vector<torch::Tensor> SAENetImpl::backbone_parameters() {
  // The pretrained NanoDet trains its last stage only (the paper's recipe fine-tunes the deepest
  // layers); its earlier convolutions stay as imported.
  if (auto nd = backbone->nanodet()) return nd->last_stage_parameters();
  return backbone->parameters();
}

std::vector<torch::Tensor> SAENetImpl::head_parameters() {
  std::vector<torch::Tensor> p;
  for (auto &m : {neck->parameters(), head->parameters()}) p.insert(p.end(), m.begin(), m.end());
  for (auto &s : sae)
    if (s) for (auto &t : s->parameters()) p.push_back(t);
  return p;
}

}  // namespace saetrack
