// Runtime settings: threads (per calling thread, or process-wide for programs that own their
// process) and device selection.
#pragma once
#include <string>

#include <torch/torch.h>

namespace saetrack {

// For programs that own their process (saetrack-eval, -train, -bench, the tests): LibTorch's
// intra-op threads process-wide (this LibTorch starts with 1; n <= 0 means all cores) plus
// tune_process(). Libraries and plugins must not call this; see use_threads_on_this_thread.
void set_threads(int n);

// The cores (hardware threads) this process may run on, at least 1.
int cpu_cores();

// Process-wide tuning, changing settings of the whole application: OpenBLAS single-threaded (its
// own pool on top of LibTorch's threads oversubscribes the cores) and glibc's mmap/trim thresholds
// raised so the SAE attention buffers (~4 MB per frame) are reused instead of mapped afresh.
void tune_process();

// Without process tuning: glibc maps blocks above its mmap threshold afresh and gives back heap
// above twice it, so a frame whose buffers exceed them faults in fresh pages every frame (the
// floor's step 60 ms instead of 15 on one thread). glibc raises both when a mapped block is freed,
// so this frees one of 24 MiB (its dynamic limit is 32): the thresholds end as high as any large
// free would leave them, and glibc's own adjustment stays on. Harmless to call more than once.
void raise_allocator_thresholds();

// LibTorch work issued from the calling thread uses n threads (n <= 0: all cores); other threads
// and the process-wide default are left alone. It sets the calling thread's OpenMP thread count,
// which LibTorch's parallel regions and oneDNN follow, after LibTorch's own lazy per-thread
// initialisation (which would otherwise overwrite it on the thread's first parallel op).
void use_threads_on_this_thread(int n);

// Inference layout: every 4-D parameter of m channels-last (NHWC), so oneDNN convolves without
// reordering weights and activations on every call (inputs go in channels-last too).
void use_channels_last(torch::nn::Module &m);

// Network precision by name: "fp32" (the default), "fp16", "bf16" or "int8" (kInt8: the floor's
// backbone in 8-bit integers on CPUs, nanodet_int8.h). Throws std::invalid_argument for another name.
constexpr torch::ScalarType kInt8 = torch::kQUInt8;
torch::ScalarType parse_precision(const std::string &name);
std::string precision_name(torch::ScalarType precision);
// Throws std::invalid_argument, saying what to use instead, when this LibTorch cannot run the
// networks' operators (convolution, activation, pooling) in `precision` on `device` (fp16 on CPU).
void require_precision(torch::Device device, torch::ScalarType precision);

// Parses "cpu", "cuda", "cuda:N". Throws std::invalid_argument with an actionable message when
// the name is malformed or the device is not available in this LibTorch build / machine.
torch::Device parse_device(const std::string &name);

}  // namespace saetrack
