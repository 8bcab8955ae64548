#include "mobilenet_import.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace saetrack {

std::map<std::string, torch::Tensor> read_keras_tensors(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open (make it with tools/import-nsfwjs.js)");
  std::string magic;
  int version = 0, count = 0;
  std::string first;
  std::getline(in, first);
  std::istringstream h(first);
  h >> magic >> version >> count;
  if (magic != "saetrack-keras-tensors" || version != 1 || count <= 0)
    throw std::runtime_error(path + ": not a saetrack-keras-tensors v1 file");
  std::vector<std::pair<std::string, std::vector<int64_t>>> specs;
  for (int i = 0; i < count; ++i) {
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error(path + ": header ends early");
    auto tab = line.find('\t');
    if (tab == std::string::npos) throw std::runtime_error(path + ": bad header line '" + line + "'");
    std::vector<int64_t> shape;
    std::stringstream dims(line.substr(tab + 1));
    for (std::string d; std::getline(dims, d, ',');) shape.push_back(std::stoll(d));
    specs.emplace_back(line.substr(0, tab), shape);
  }
  std::map<std::string, torch::Tensor> out;
  for (auto &[name, shape] : specs) {
    auto t = torch::empty(shape, torch::kFloat32);
    in.read(reinterpret_cast<char *>(t.data_ptr<float>()), std::streamsize(t.numel() * sizeof(float)));
    if (!in) throw std::runtime_error(path + ": data ends inside tensor " + name);
    out[name] = t;
  }
  if (in.peek() != EOF) throw std::runtime_error(path + ": bytes left after the last tensor");
  return out;
}

namespace {

struct Importer {
  const std::map<std::string, torch::Tensor> &keras;
  int copied = 0;

  torch::Tensor get(const std::string &name) {
    auto it = keras.find(name);
    if (it == keras.end()) throw std::runtime_error("MobileNetV2 import: no tensor '" + name + "'");
    return it->second;
  }
  void copy(torch::Tensor dst, torch::Tensor src, const std::string &name) {
    if (dst.sizes() != src.sizes()) {
      std::ostringstream m;
      m << "MobileNetV2 import: '" << name << "' has shape " << src.sizes() << ", the network wants " << dst.sizes();
      throw std::runtime_error(m.str());
    }
    torch::NoGradGuard g;
    dst.copy_(src);
    ++copied;
  }
  void conv(torch::nn::Conv2d &c, const std::string &name, bool depthwise) {
    auto k = get(name + (depthwise ? "/depthwise_kernel" : "/kernel"));
    // Keras: conv H W I O, depthwise H W C 1; torch: O I H W, depthwise C 1 H W.
    copy(c->weight, depthwise ? k.permute({2, 3, 0, 1}) : k.permute({3, 2, 0, 1}), name);
  }
  void bn(torch::nn::BatchNorm2d &b, const std::string &name) {
    copy(b->weight, get(name + "/gamma"), name + "/gamma");
    copy(b->bias, get(name + "/beta"), name + "/beta");
    copy(b->running_mean, get(name + "/moving_mean"), name + "/moving_mean");
    copy(b->running_var, get(name + "/moving_variance"), name + "/moving_variance");
  }
};

}  // namespace

int import_mobilenet_v2(MobileNetV2 &net, const std::map<std::string, torch::Tensor> &keras) {
  Importer im{keras};
  im.conv(net->stem, "Conv1", false);
  im.bn(net->stem_bn, "bn_Conv1");
  for (size_t b = 0; b < net->block.size(); ++b) {
    auto &blk = net->block[b];
    std::string k = b == 0 ? "expanded_conv" : "block_" + std::to_string(b);
    if (blk->expand) {
      im.conv(blk->expand, k + "_expand", false);
      im.bn(blk->expand_bn, k + "_expand_BN");
    }
    // Keras names block 0's depthwise "expanded_conv_depthwise" too, with BN "..._depthwise_BN".
    im.conv(blk->depthwise, k + "_depthwise", true);
    im.bn(blk->depthwise_bn, k + "_depthwise_BN");
    im.conv(blk->project, k + "_project", false);
    im.bn(blk->project_bn, k + "_project_BN");
  }
  return im.copied;
}

}  // namespace saetrack
