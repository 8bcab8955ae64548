#include "cuda_runtime_info.h"

#ifdef SAETRACK_WITH_CUDA
#include <cuda_runtime_api.h>
#endif

namespace saetrack {

#ifdef SAETRACK_WITH_CUDA
std::string cuda_runtime_summary() {
  int version = 0, devices = 0;
  cudaRuntimeGetVersion(&version);
  cudaError_t e = cudaGetDeviceCount(&devices);
  std::string s = "CUDA runtime " + std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10) + ": ";
  if (e != cudaSuccess) return s + "0 devices (" + cudaGetErrorString(e) + ")";
  return s + std::to_string(devices) + " device(s)";
}
#else
std::string cuda_runtime_summary() { return "the element was built without -Dcuda=enabled"; }
#endif

}  // namespace saetrack
