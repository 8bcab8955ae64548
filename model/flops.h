// Multiply-accumulate count of the network, from its config (conv, matmul and xcorr work; BN,
// activations and softmax are ignored as is customary). FLOPs = 2 x MACs.
#pragma once
#include "config.h"

namespace saetrack {

struct FlopCount {
  double template_branch = 0;  // once per target
  double search_frame = 0;     // every frame: search backbone + neck + SAE + heads
};

FlopCount count_flops(const NetConfig &cfg);

}  // namespace saetrack
