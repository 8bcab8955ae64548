// The paper's learning-rate schedule: linear warm-up from warm_lr to base_lr over the first
// warm_epochs, then exponential decay from base_lr to end_lr by the last step.
#pragma once
#include <cstdint>

namespace saetrack::train {

// The values come from TrainOptions (the only defaults); the trainer fills this in.
struct Schedule {
  double warm_lr, base_lr, end_lr;
  double warm_epochs, epochs;
  int64_t steps_per_epoch;
  double lr(int64_t step) const;  // step counted from 0 over the whole run
};

}  // namespace saetrack::train
