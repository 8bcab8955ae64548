#include "runtime.h"

#include "nanodet_int8.h"

#include "cuda_runtime_info.h"

#include <dlfcn.h>
#include <malloc.h>
#include <sched.h>
#include <omp.h>

#include <thread>

#include <ATen/Parallel.h>

namespace saetrack {

int cpu_cores() {
  // The cores this process may run on (taskset, cpusets, containers pinned to CPUs), not the machine's.
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return int(std::max(1u, std::thread::hardware_concurrency()));
}

void set_threads(int n) {
  at::set_num_threads(n <= 0 ? cpu_cores() : n);
  tune_process();
}

void raise_allocator_thresholds() {
  // LibTorch's CPU allocator: posix_memalign, mapped at this size. Never touched: glibc raises the
  // thresholds on the free of any mapped block, and touching it cost ~6,000 page faults.
  torch::empty({24 << 20}, torch::kByte);
}

void use_threads_on_this_thread(int n) {
  at::parallel_for(0, 1, 1, [](int64_t, int64_t) {});  // LibTorch's lazy per-thread init, done now
  omp_set_num_threads(n <= 0 ? cpu_cores() : n);
}

void tune_process() {
  // OpenBLAS's own thread pool on top of LibTorch's threads oversubscribes the cores (2 threads
  // ran the light network 2x slower than 1); our callers parallelise, so BLAS stays single-threaded.
  using SetThreads = void (*)(int);
  if (auto f = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) f(1);
  // The SAE attention matrices (N x N, ~4 MB at N = 961) are above glibc's mmap threshold, so every
  // frame would map and fault in fresh pages; keeping them on the heap makes SAE ~3x faster.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

void use_channels_last(torch::nn::Module &m) {
  torch::NoGradGuard no_grad;
  for (auto &p : m.parameters())
    if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
}

torch::ScalarType parse_precision(const std::string &name) {
  if (name == "fp32") return torch::kFloat;
  if (name == "fp16") return torch::kHalf;
  if (name == "bf16") return torch::kBFloat16;
  if (name == "int8") return kInt8;
  throw std::invalid_argument("unknown precision '" + name + "' (use fp32, fp16, bf16 or int8)");
}

std::string precision_name(torch::ScalarType precision) {
  return precision == torch::kHalf ? "fp16" : precision == torch::kBFloat16 ? "bf16" : precision == kInt8 ? "int8" : "fp32";
}

void require_precision(torch::Device device, torch::ScalarType precision) {
  if (precision == torch::kFloat) return;
  if (precision == kInt8) {
    if (!device.is_cpu() || !NanoDetInt8::supported())
      throw std::invalid_argument("precision int8 runs on CPUs with a quantized engine in LibTorch; " +
                                  (device.is_cpu() ? std::string("this LibTorch has none") : "not on " + device.str()) +
                                  "; use fp32");
    return;
  }
  c10::InferenceMode guard;
  try {
    auto x = torch::rand({1, 3, 16, 16}).to(device, precision), w = torch::rand({4, 3, 3, 3}).to(device, precision);
    torch::max_pool2d(torch::leaky_relu(torch::conv2d(x, w, {}, 1, 1), 0.1), 3, 2, 1);
  } catch (const std::exception &e) {
    std::string why = e.what();
    throw std::invalid_argument("precision " + precision_name(precision) + " is not supported on " + device.str() +
                                " by this LibTorch (" + why.substr(0, why.find('\n')) + "); use fp32" +
                                (device.is_cpu() ? " (or bf16 on CPU)" : ""));
  }
}

torch::Device parse_device(const std::string &name) {
  torch::Device dev(torch::kCPU);
  try {
    dev = torch::Device(name);
  } catch (const std::exception &) {
    throw std::invalid_argument("unknown device '" + name + "' (use cpu, cuda or cuda:N)");
  }
  if (dev.is_cuda()) {
    if (!torch::cuda::is_available())
      throw std::invalid_argument("device '" + name + "' requested but CUDA is not available: " +
                                  (at::hasCUDA() ? "this LibTorch has CUDA but finds no usable GPU"
                                                 : "this LibTorch is CPU-only") +
                                  " (" + cuda_runtime_summary() + "); use device=cpu, or build with " +
                                  "-Dtorch_dir=<CUDA LibTorch> on a machine with an NVIDIA driver");
    if (dev.has_index() && dev.index() >= int(torch::cuda::device_count()))
      throw std::invalid_argument("device '" + name + "' does not exist (" + std::to_string(torch::cuda::device_count()) +
                                  " CUDA devices)");
  } else if (!dev.is_cpu()) {
    throw std::invalid_argument("device '" + name + "' is not supported (use cpu or cuda)");
  }
  return dev;
}

}  // namespace saetrack
