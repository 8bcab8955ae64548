// What the CUDA runtime says about this machine, for the device error a person reads: it tells a
// CPU-only LibTorch from a missing driver or GPU. Only a -Dcuda=enabled build links the runtime
// (the toolkit in /usr/local/cuda or CUDA_PATH); others say they were built without it.
#pragma once
#include <string>

namespace saetrack {

// e.g. "CUDA runtime 13.0: 0 devices (CUDA driver version is insufficient for CUDA runtime version)"
std::string cuda_runtime_summary();

}  // namespace saetrack
