#include "config.h"

#include "mobilenet.h"
#include "nanodet.h"

#include <sstream>
#include <stdexcept>

namespace saetrack {

NetConfig NetConfig::light() { return NetConfig{}; }

NetConfig NetConfig::paper() {
  NetConfig c;
  c.name = "paper";
  c.block = "bottleneck";
  c.stem_channels = 64;
  c.stem_maxpool = true;
  c.layer_blocks = {3, 4, 6, 3};
  c.layer_channels = {256, 512, 1024, 2048};
  c.neck_channels = 256;
  c.head_channels = 256;
  return c;
}

NetConfig NetConfig::mobile() {
  NetConfig c;
  c.name = "mobile";
  c.block = "mobilenetv2";
  c.stem_channels = 32;
  c.feature_layers = {5, 6, 7};
  return c;
}

NetConfig NetConfig::nano() {
  NetConfig c;
  c.name = "nano";
  c.block = "nanodet";
  c.stem_channels = 32;
  c.feature_layers = {2, 3, 4};
  c.neck_channels = 64;
  c.head_channels = 64;
  c.template_feature = 8;  // 8 of the template's 16 cells: about the target (REPORT.md's tight crop)
  c.score_size = 25;
  return c;
}

NetConfig NetConfig::from_preset(const std::string &name) {
  if (name == "light") return light();
  if (name == "mobile") return mobile();
  if (name == "nano") return nano();
  if (name == "paper") return paper();
  throw std::invalid_argument("unknown configuration preset '" + name + "' (expected light, mobile, nano or paper)");
}

static std::string join(const std::vector<int> &v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

static std::vector<int> split_ints(const std::string &key, const std::string &s) {
  std::vector<int> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      size_t used = 0;
      out.push_back(std::stoi(item, &used));
      if (used != item.size()) throw std::invalid_argument("");
    } catch (...) {
      throw std::invalid_argument("config field '" + key + "' has a non-integer item '" + item + "'");
    }
  }
  return out;
}

void NetConfig::validate() const {
  auto bad = [](const std::string &what) { throw std::invalid_argument("invalid config: " + what); };
  if (block != "basic" && block != "bottleneck" && block != "mobilenetv2" && block != "nanodet")
    bad("block must be basic, bottleneck, mobilenetv2 or nanodet, got '" + block + "'");
  if (layer_blocks.size() != 4 || layer_channels.size() != 4) bad("layer_blocks and layer_channels need 4 stages");
  for (int b : layer_blocks) if (b < 1 || b > 64) bad("layer_blocks entries must be 1..64");
  for (int c : layer_channels) if (c < 4 || c > 8192) bad("layer_channels entries must be 4..8192");
  if (feature_layers.size() != 3) bad("feature_layers must name 3 stages");
  if (block == "mobilenetv2") {
    // MobileNetV2 block numbers; blocks before 3 are not yet at stride 8.
    for (size_t i = 0; i < feature_layers.size(); ++i)
      if (feature_layers[i] < 3 || feature_layers[i] > 16 || (i && feature_layers[i] < feature_layers[i - 1]))
        bad("mobilenetv2 feature_layers must be ascending block numbers 3..16");
  } else if (block == "nanodet") {
    for (size_t i = 0; i < feature_layers.size(); ++i)
      if (feature_layers[i] < 1 || feature_layers[i] > 4 || (i && feature_layers[i] < feature_layers[i - 1]))
        bad("nanodet feature_layers must be ascending levels 1..4");
  } else {
    for (int l : feature_layers) if (l < 2 || l > 4) bad("feature_layers entries must be 2..4");
  }
  if (sae_levels.size() != feature_layers.size()) bad("sae_levels needs one entry per feature level");
  if (stem_channels < 4 || neck_channels < 4 || head_channels < 4) bad("channel counts must be >= 4");
  if (neck_channels % 2) bad("neck_channels must be even (SAE keys use c/2)");
  if (stride != 8) bad("stride must be 8 (the backbone has three stride-2 steps)");
  if (template_size < 31 || search_size <= template_size) bad("template/search sizes out of range");
  if (template_feature < 1) bad("template_feature must be >= 1");
  if (score_size != score_size_for(search_size)) bad("score_size does not match search_size");
}

int NetConfig::feature_size_for(int input) const {
  if (block != "nanodet") return (input - 15) / stride + 1;  // three valid stride-2 3x3 steps
  for (int i = 0; i < 3; ++i) input = (input - 1) / 2 + 1;   // three padded ones (conv, pool, conv)
  return input;
}

int NetConfig::score_size_for(int search) const { return feature_size_for(search) - template_feature + 1; }

std::vector<int> NetConfig::feature_channels() const {
  std::vector<int> c;
  for (int l : feature_layers) c.push_back(block == "mobilenetv2" ? mobilenet_v2_block(l).out
                                : block == "nanodet"   ? nanodet_level_channels(l)
                                                       : layer_channels[l - 1]);
  return c;
}

double NetConfig::score_offset(int search) const {
  if (search == 0) search = search_size;
  int n = score_size_for(search);
  return (search - 1) / 2.0 - stride * (n - 1) / 2.0;
}

std::string NetConfig::serialise() const {
  std::ostringstream o;
  o << "name=" << name << "\nblock=" << block << "\nstem_channels=" << stem_channels
    << "\nstem_maxpool=" << (stem_maxpool ? 1 : 0) << "\nlayer_blocks=" << join(layer_blocks)
    << "\nlayer_channels=" << join(layer_channels) << "\nfeature_layers=" << join(feature_layers)
    << "\nneck_channels=" << neck_channels << "\nsae_levels=" << join(sae_levels)
    << "\nhead_channels=" << head_channels << "\ntemplate_size=" << template_size
    << "\nsearch_size=" << search_size << "\nstride=" << stride
    << "\ntemplate_feature=" << template_feature << "\nscore_size=" << score_size << "\n";
  return o.str();
}

NetConfig NetConfig::parse(const std::string &text) {
  NetConfig c;
  std::stringstream ss(text);
  std::string line;
  int seen = 0;
  while (std::getline(ss, line)) {
    if (line.empty()) continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("config line without '=': '" + line + "'");
    std::string k = line.substr(0, eq), v = line.substr(eq + 1);
    auto to_int = [&](const std::string &s) {
      try {
        size_t used = 0;
        int r = std::stoi(s, &used);
        if (used != s.size()) throw std::invalid_argument("");
        return r;
      } catch (...) {
        throw std::invalid_argument("config field '" + k + "' is not an integer: '" + s + "'");
      }
    };
    ++seen;
    if (k == "name") c.name = v;
    else if (k == "block") c.block = v;
    else if (k == "stem_channels") c.stem_channels = to_int(v);
    else if (k == "stem_maxpool") c.stem_maxpool = to_int(v) != 0;
    else if (k == "layer_blocks") c.layer_blocks = split_ints(k, v);
    else if (k == "layer_channels") c.layer_channels = split_ints(k, v);
    else if (k == "feature_layers") c.feature_layers = split_ints(k, v);
    else if (k == "neck_channels") c.neck_channels = to_int(v);
    else if (k == "sae_levels") c.sae_levels = split_ints(k, v);
    else if (k == "head_channels") c.head_channels = to_int(v);
    else if (k == "template_size") c.template_size = to_int(v);
    else if (k == "search_size") c.search_size = to_int(v);
    else if (k == "stride") c.stride = to_int(v);
    else if (k == "template_feature") c.template_feature = to_int(v);
    else if (k == "score_size") c.score_size = to_int(v);
    else throw std::invalid_argument("unknown config field '" + k + "'");
  }
  if (seen != 15) throw std::invalid_argument("config has " + std::to_string(seen) + " fields, expected 15");
  c.validate();
  return c;
}

}  // namespace saetrack
