// Precompiled for the two libraries with many translation units (model/, training/): parsing
// LibTorch's and OpenCV's headers is most of each file's compile time (measured here: 26-65 s per
// file without, 10-29 s with; the header itself takes ~90 s, once per library).
#include <opencv2/core.hpp>
#include <torch/torch.h>
