// Network configuration: everything needed to rebuild a network, serialised into the weights file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace saetrack {

struct NetConfig {
  std::string name = "light";       // preset the config came from (informational)
  std::string block = "basic";      // backbone: "basic", "bottleneck" (ResNet-50), "mobilenetv2" or "nanodet"
  int stem_channels = 16;           // channels of the stem conv
  bool stem_maxpool = false;        // ResNet-50 stem: 7x7 s2 conv + 3x3 s2 maxpool
  std::vector<int> layer_blocks{1, 1, 1, 1};      // residual blocks per stage (layer1..layer4)
  std::vector<int> layer_channels{16, 32, 48, 64};  // block output channels per stage
  std::vector<int> feature_layers{2, 3, 4};  // stages feeding the heads (1-based: layer2..layer4;
                                             // mobilenetv2: block numbers 3..16; nanodet: levels 1..4)
  int neck_channels = 32;           // 1x1 conv reduction of each level (paper: 256)
  std::vector<int> sae_levels{1, 1, 1};  // SAE block on (1) or off (0) per level
  int head_channels = 32;           // hidden channels of the dw-xcorr heads
  int template_size = 127;
  int search_size = 255;
  int stride = 8;
  int template_feature = 7;         // centre crop of template features (15 -> 7)
  int score_size = 25;

  static NetConfig light();
  static NetConfig mobile();  // light heads on an (importable) MobileNetV2 backbone
  static NetConfig nano();    // light heads on the pretrained NanoDet-g backbone (nanodet.h)
  static NetConfig paper();
  static NetConfig from_preset(const std::string &name);  // throws std::invalid_argument

  // Checks internal consistency; throws std::invalid_argument naming the bad field.
  void validate() const;
  std::string serialise() const;                   // "key=value\n" lines
  static NetConfig parse(const std::string &text);  // throws std::invalid_argument
  bool operator==(const NetConfig &o) const { return serialise() == o.serialise(); }
  bool operator!=(const NetConfig &o) const { return !(*this == o); }

  // Search-image pixel coordinate of score-map index 0 (score cell i sits at offset + i*stride).
  double score_offset(int search = 0) const;
  int feature_size_for(int input) const;  // backbone feature-map side for an input side
  int score_size_for(int search) const;  // score-map side for a given search-image side
  std::vector<int> feature_channels() const;  // backbone output channels of each feature level
};

}  // namespace saetrack
