#include "nanodet_import.h"

#include <sstream>
#include <stdexcept>

namespace saetrack {

int import_nanodet(NanoDet &net, const std::map<std::string, torch::Tensor> &tensors) {
  torch::NoGradGuard no_grad;
  int copied = 0;
  for (int i = 0; i < kNanoDetConvs; ++i) {
    auto &c = net->conv[i];
    for (auto [name, dst] : {std::pair{"weight", c->weight}, std::pair{"bias", c->bias}}) {
      std::string key = "conv" + std::to_string(i) + "." + name;
      auto it = tensors.find(key);
      if (it == tensors.end()) throw std::runtime_error("NanoDet import: no tensor '" + key + "'");
      if (it->second.sizes() != dst.sizes()) {
        std::ostringstream m;
        m << "NanoDet import: '" << key << "' has shape " << it->second.sizes() << ", the network wants " << dst.sizes();
        throw std::runtime_error(m.str());
      }
      dst.copy_(it->second);
      ++copied;
    }
  }
  return copied;
}

}  // namespace saetrack
