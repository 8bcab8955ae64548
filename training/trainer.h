// The training loop of the paper's recipe: BCE + IoU loss (lambda 1), SGD momentum 0.9 with
// weight decay, warm-up then exponential decay, backbone frozen for the first epochs and then
// trained at a lower rate; checkpoints every epoch and resume.
#pragma once
#include <functional>
#include <string>

#include <torch/torch.h>

#include "batch_loader.h"
#include "network.h"
#include "schedule.h"

namespace saetrack::train {

struct TrainOptions {
  int epochs = 20;
  int64_t pairs_per_epoch = 2000;
  int batch = 16;
  int workers = 1;
  uint64_t seed = 1;
  double warm_epochs = -1;         // < 0: a quarter of the epochs (paper: 5 of 20)
  double freeze_epochs = -1;       // < 0: half of the epochs (paper: 10 of 20)
  double backbone_lr_factor = 0.1; // backbone rate relative to the rest once unfrozen
  double momentum = 0.9, weight_decay = 1e-4;
  double warm_lr = 0.001, base_lr = 0.005, end_lr = 0.00005;
  double cls_weight = 1.0, reg_weight = 1.0;  // lambda_1, lambda_2
  std::string checkpoint_dir;      // empty: no checkpoints
  int log_every = 10;
};

struct StepLosses {
  double total = 0, cls = 0, reg = 0, lr = 0;
};

struct Losses {
  torch::Tensor total, cls, reg;
};
Losses compute_losses(SAENet &net, const Batch &b, double cls_weight = 1.0, double reg_weight = 1.0);

class Trainer {
 public:
  Trainer(SAENet net, const PairMixer &mixer, TrainOptions opt);
  // One optimisation step on a batch at global step `step` (sets lr and freezing from the schedule).
  StepLosses step(const Batch &b, int64_t step);
  // Runs epochs [start_epoch, epochs); calls on_epoch(epoch) after each (validation, logging).
  void run(int start_epoch = 0, const std::function<void(int, const StepLosses &)> &on_epoch = {});
  void save_checkpoint(int epochs_done);
  int load_checkpoint();  // returns the number of completed epochs
  int64_t steps_per_epoch() const;
  bool backbone_frozen(int64_t step) const;
  const Schedule &schedule() const { return sched_; }
  torch::optim::SGD &optimizer() { return *opt_; }
  std::vector<std::pair<int64_t, StepLosses>> history;

 private:
  SAENet net_;
  const PairMixer &mixer_;
  TrainOptions o_;
  Schedule sched_;
  std::unique_ptr<torch::optim::SGD> opt_;
};

}  // namespace saetrack::train
