// Process-wide runtime settings: LibTorch thread count and device selection.
#pragma once
#include <string>

#include <torch/torch.h>

namespace saetrack {

// Sets LibTorch's intra-op threads (this LibTorch starts with 1); n <= 0 means all cores.
// Also raises glibc's mmap threshold so per-frame attention buffers are reused.
void set_threads(int n);

// Parses "cpu", "cuda", "cuda:N". Throws std::invalid_argument with an actionable message when
// the name is malformed or the device is not available in this LibTorch build / machine.
torch::Device parse_device(const std::string &name);

}  // namespace saetrack
