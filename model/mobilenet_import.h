// Imports Keras MobileNetV2 weights (converted from nsfwjs by tools/import-nsfwjs.js) into the
// MobileNetV2 backbone: the initialisation the "mobile" configuration trains from.
#pragma once
#include <map>
#include <string>

#include <torch/torch.h>

#include "mobilenet.h"

namespace saetrack {

// Reads a "saetrack-keras-tensors" file: Keras names -> tensors in Keras layout.
// Throws std::runtime_error naming the file and the problem (bad header, truncated data).
std::map<std::string, torch::Tensor> read_keras_tensors(const std::string &path);

// Copies every parameter and BN statistic of net's blocks from the Keras tensors (kernels HWIO ->
// OIHW, depthwise HWC1 -> C1HW). Throws std::runtime_error naming the first missing or misshapen
// tensor; returns how many tensors were copied.
int import_mobilenet_v2(MobileNetV2 &net, const std::map<std::string, torch::Tensor> &keras);

}  // namespace saetrack
