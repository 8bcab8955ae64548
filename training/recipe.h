// Everything a training run is told, in one struct whose initialisers are the only defaults
// (the paper's schedule lives in TrainOptions, the augmentation in AugmentParams). The same
// names are saetrack-train's flags and the keys of recipe files (training/recipes/*.recipe,
// "name = value" lines), so a recipe is data that the trainer reads, not a flag string.
#pragma once
#include <string>
#include <vector>

#include "command_line.h"
#include "pair_crop.h"
#include "trainer.h"

namespace saetrack::train {

struct TrainRecipe {
  // data
  std::string data, extra_data, objects, got10k, lasot, coco, coco_images = ".";
  std::vector<double> mix{1, 2, 2};  // still / synthetic / annotated-sequence pairs
  AugmentParams aug;
  // model
  std::string config = "light", init, backbone_weights;
  // schedule and optimisation
  TrainOptions options;
  // run
  std::string out, report_dir, device = "cpu";
  int threads = 2, val_sequences = 8, val_frames = 60;
  bool resume = false, force = false;
};

// Declares every recipe setting on cli (and --recipe FILE, which applies a recipe file where it
// appears on the command line, so later flags override it).
void add_recipe_options(CommandLine &cli, TrainRecipe &r);

}  // namespace saetrack::train
