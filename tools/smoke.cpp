#include <chrono>
#include <iostream>
#include "saetrack.h"
using namespace saetrack;
int main(int argc, char **argv) {
  set_threads(2);
  for (auto name : {"light", "paper"}) {
    SAENet net(NetConfig::from_preset(name));
    net->eval();
    c10::InferenceMode g;
    auto z = torch::rand({1, 3, 127, 127}) * 255, x = torch::rand({1, 3, 255, 255}) * 255;
    auto zf = net->template_features(z);
    for (auto &f : zf) std::cout << f.sizes() << " ";
    auto o = net->track(zf, x);
    std::cout << name << " cls " << o.cls.sizes() << " reg " << o.reg.sizes() << "\n";
    int n = 10;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) o = net->track(zf, x);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / n;
    int64_t np = 0; for (auto &p : net->parameters()) np += p.numel();
    std::cout << name << " params " << np << " ms " << ms << "\n";
  }
}
