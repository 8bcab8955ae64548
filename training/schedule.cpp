#include "schedule.h"

#include <algorithm>
#include <cmath>

namespace saetrack::train {

double Schedule::lr(int64_t step) const {
  double warm = warm_epochs * steps_per_epoch, total = epochs * steps_per_epoch;
  double s = double(step);
  if (s < warm) return warm_lr + (base_lr - warm_lr) * s / warm;
  double span = std::max(1.0, total - warm - 1);
  double f = std::min(1.0, (s - warm) / span);
  return base_lr * std::pow(end_lr / base_lr, f);
}

}  // namespace saetrack::train
