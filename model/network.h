// The whole SAE tracker network: backbone -> neck -> SAE per level -> fused anchor-free head.
#pragma once
#include <torch/torch.h>

#include "attention.h"
#include "backbone.h"
#include "config.h"
#include "head.h"
#include "neck.h"

namespace saetrack {

class SAENetImpl : public torch::nn::Module {
 public:
  explicit SAENetImpl(const NetConfig &cfg);
  // Template branch, run once per target: z is B x 3 x 127 x 127 (BGR, 0..255). Returns what the
  // search branch correlates with (the heads' template-side kernels, cls then reg per level, and last
  // the similarity kernel), so nothing of it is redone per frame.
  std::vector<torch::Tensor> template_features(const torch::Tensor &z);
  // Search branch against cached template_features(): x is B x 3 x S x S. Besides the heads' output
  // it gives the training-free similarity map (HeadOutput::similarity).
  HeadOutput track(const std::vector<torch::Tensor> &zf, const torch::Tensor &x);
  HeadOutput forward(const torch::Tensor &z, const torch::Tensor &x) { return track(template_features(z), x); }
  const NetConfig &config() const { return cfg_; }
  // Parameters of the backbone, and of everything else (frozen separately during training).
  std::vector<torch::Tensor> backbone_parameters();
  std::vector<torch::Tensor> head_parameters();

  Backbone backbone{nullptr};
  Neck neck{nullptr};
  std::vector<SAEBlock> sae;  // null entry where the level has SAE off
  Head head{nullptr};

 private:
  std::vector<torch::Tensor> refine(const std::vector<torch::Tensor> &backbone_features, bool is_template);
  NetConfig cfg_;
};
TORCH_MODULE(SAENet);

}  // namespace saetrack
