// The paper's learning-rate schedule: linear warm-up from warm_lr to base_lr over the first
// warm_epochs, then exponential decay from base_lr to end_lr by the last step.
#pragma once
#include <cstdint>

namespace saetrack::train {

struct Schedule {
  double warm_lr = 0.001, base_lr = 0.005, end_lr = 0.00005;
  double warm_epochs = 5, epochs = 20;
  int64_t steps_per_epoch = 1;
  double lr(int64_t step) const;  // step counted from 0 over the whole run
};

}  // namespace saetrack::train
