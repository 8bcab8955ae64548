#include "recipe.h"

#include <sstream>

namespace saetrack::train {

static std::vector<double> parse_list(const std::string &s, const std::string &what) {
  std::vector<double> v;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(parse_double(item, what));
  if (v.empty() || v.size() > 3) throw UsageError(what + " wants 1 to 3 comma-separated weights, got '" + s + "'");
  return v;
}

void add_recipe_options(CommandLine &cli, TrainRecipe &r) {
  auto &o = r.options;
  cli.add("recipe", [&cli](const std::string &path) { cli.parse_file(path); },
          "a recipe file (training/recipes/*.recipe: name = value lines, the flags below); later flags override it")
      .section("data")
      .add("data", &r.data, "real photographs (tools/gather-data.sh builds one); 10% held back for validation")
      .add("extra-data", &r.extra_data, "more photographs for training only (data/images-extra)")
      .add("objects", &r.objects, "cut-out objects (PNG with alpha, data/objects): half the synthetic targets")
      .add("got10k", &r.got10k, "add GOT-10k sequences (folders with groundtruth.txt)")
      .add("lasot", &r.lasot, "add LaSOT sequences (<class>/<seq>/img + groundtruth.txt)")
      .add("coco", &r.coco, "add COCO-style still-image annotations (a json file)")
      .add("coco-images", &r.coco_images, "the COCO images' folder")
      .add("mix", [&r](const std::string &v) {
             auto w = parse_list(v, "--mix");  // weights not given keep their defaults
             for (size_t i = 0; i < w.size(); ++i) r.mix[i] = w[i];
           }, "weights of still / synthetic / sequence pairs", "1,2,2")
      .add("search-scale", &r.aug.search_scale, "log-uniform scale jitter of the search crop, +-X (pysot's 0.18)")
      .section("model")
      .add("config", &r.config, "network configuration: light | mobile | nano | paper")
      .add("init", &r.init, "start from these weights instead of random initialisation")
      .add("backbone-weights", &r.backbone_weights,
           "pretrained backbone tensors: (mobile) data/mobilenet_v2.tensors, (nano) weights/nanodet-g.tensors")
      .section("schedule (defaults are the paper's)")
      .add("epochs", &o.epochs, "epochs")
      .add("pairs-per-epoch", &o.pairs_per_epoch, "training pairs per epoch")
      .add("batch", &o.batch, "batch size")
      .add("warm-epochs", &o.warm_epochs, "linear warm-up epochs (< 0: a quarter of the epochs)")
      .add("freeze-epochs", &o.freeze_epochs, "backbone frozen for these epochs (< 0: half of the epochs)")
      .add("backbone-lr-factor", &o.backbone_lr_factor, "backbone rate relative to the rest once unfrozen")
      .add("warm-lr", &o.warm_lr, "learning rate at the start of the warm-up")
      .add("base-lr", &o.base_lr, "learning rate after the warm-up")
      .add("end-lr", &o.end_lr, "learning rate at the last step (exponential decay)")
      .add("cls-weight", &o.cls_weight, "loss = cls_weight*BCE + reg_weight*IoU loss")
      .add("reg-weight", &o.reg_weight, "see --cls-weight")
      .section("run")
      .add("out", &r.out, "weights file to write (refuses to overwrite unless --force)")
      .add("checkpoint-dir", &o.checkpoint_dir, "checkpoint every epoch here; --resume continues from it")
      .flag("resume", &r.resume, "continue from the last checkpoint in --checkpoint-dir")
      .flag("force", &r.force, "overwrite --out")
      .add("threads", &r.threads, "CPU threads")
      .add("workers", &o.workers, "pair-making threads")
      .add("seed", &o.seed, "random seed")
      .add("device", &r.device, "cpu | cuda | cuda:N")
      .add("val-sequences", &r.val_sequences, "validation sequences (from the held-back photos)")
      .add("val-frames", &r.val_frames, "frames per validation sequence")
      .add("report-dir", &r.report_dir, "loss CSV and PNG (default: next to --out)");
}

}  // namespace saetrack::train
