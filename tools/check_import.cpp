// Prints what tools/nsfwjs-reference.js prints, from the imported backbone (see docs/training.md).
// Usage: saetrack-check-import data/mobilenet_v2.tensors
#include <iostream>
#include "command_line.h"
#include "mobilenet_import.h"
using namespace saetrack;
int main(int argc, char **argv) {
  std::string tensors;
  CommandLine cli("saetrack-check-import", "TENSORS");
  cli.positional("TENSORS", &tensors, "the imported nsfwjs MobileNetV2 (data/mobilenet_v2.tensors)");
  if (int rc = cli.parse_for_main(argc, argv); rc >= 0) return rc;
  MobileNetV2 net(5);
  int n = import_mobilenet_v2(net, read_keras_tensors(tensors));
  net->eval();
  const int H = 224;
  auto x = torch::empty({1, 3, H, H});
  auto a = x.accessor<float, 4>();
  for (int h = 0; h < H; ++h) for (int w = 0; w < H; ++w) for (int c = 0; c < 3; ++c)
    a[0][2 - c][h][w] = float((h * 7 + w * 13 + c * 29) % 256);  // BGR 0..255
  torch::NoGradGuard g;
  auto f = net->forward(x, {2, 5});
  std::cout << n << " tensors; block_5 " << f[1].sizes() << " sum " << f[1].sum().item<double>() << " abs " << f[1].abs().sum().item<double>()
            << " v " << f[1].index({0, torch::indexing::Slice(0, 4), 3, 4}) << "\nblock_2 sum " << f[0].sum().item<double>() << "\n";
}
