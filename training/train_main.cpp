// saetrack-train: trains SAE tracker weights from real photographs (still and synthetic pairs)
// and, where the user has them, GOT-10k / LaSOT / COCO datasets.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "image_pool.h"
#include "recipe.h"
#include "loss_plot.h"
#include "mobilenet_import.h"
#include "nanodet_import.h"
#include "runtime.h"
#include "trainer.h"
#include "validation.h"
#include "weights_io.h"

using namespace saetrack;
using namespace saetrack::train;

int main(int argc, char **argv) {
  TrainRecipe r;
  CommandLine cli("saetrack-train", "--data DIR --out FILE [options]\n\nTrains the SAE tracker with the paper's recipe "
                                    "and writes a weights file.\n");
  add_recipe_options(cli, r);
  int rc = cli.parse_for_main(argc, argv, [&] {
    if (r.data.empty() || r.out.empty()) throw UsageError("--data and --out are required");
  });
  if (rc >= 0) return rc;
  try {
    const std::string &out = r.out;
    if (std::filesystem::exists(out) && !r.force && !r.resume)
      throw std::invalid_argument(out + " exists; pass --force to overwrite it");
    set_threads(r.threads);
    torch::Device device = parse_device(r.device);
    torch::manual_seed(r.options.seed);

    NetConfig cfg = NetConfig::from_preset(r.config);
    SAENet net = !r.init.empty() ? load_weights(r.init) : SAENet(cfg);
    cfg = net->config();
    if (!r.backbone_weights.empty()) {
      auto mobilenet = net->backbone->mobilenet();
      auto nanodet = net->backbone->nanodet();
      if (!mobilenet && !nanodet)
        throw std::invalid_argument("--backbone-weights needs a pretrained-backbone configuration (--config mobile or nano)");
      auto tensors = read_keras_tensors(r.backbone_weights);
      int n = mobilenet ? import_mobilenet_v2(mobilenet, tensors) : import_nanodet(nanodet, tensors);
      std::printf("backbone: %d tensors imported from %s\n", n, r.backbone_weights.c_str());
    }
    net->to(device);

    auto pool = scenes::load_image_pool(r.data);
    if (!r.extra_data.empty()) {
      auto extra = scenes::load_image_pool(r.extra_data);
      pool.train.insert(pool.train.end(), extra.train.begin(), extra.train.end());
    }
    std::vector<scenes::Sprite> objects;
    if (!r.objects.empty()) {
      objects = scenes::load_object_sprites(r.objects);
      if (objects.empty()) throw std::invalid_argument("no PNG with an alpha channel under " + r.objects);
    }
    std::printf("images: %zu train, %zu validation; cut-out objects: %zu\n", pool.train.size(), pool.val.size(),
                objects.size());
    const AugmentParams &aug = r.aug;
    std::vector<std::shared_ptr<PairSource>> sources{
        std::make_shared<StillPairSource>(pool.train, cfg, aug),
        std::make_shared<SyntheticPairSource>(pool.train, cfg, aug, objects)};
    const std::vector<double> &mix = r.mix;
    std::vector<double> weights{mix[0], mix[1]};
    std::vector<Sequence> seqs;
    auto add = [&](std::vector<Sequence> s) { seqs.insert(seqs.end(), s.begin(), s.end()); };
    if (!r.got10k.empty()) add(read_got10k(r.got10k));
    if (!r.lasot.empty()) add(read_lasot(r.lasot));
    if (!r.coco.empty()) add(read_coco(r.coco, r.coco_images));
    if (!seqs.empty()) {
      std::printf("annotated sequences: %zu\n", seqs.size());
      sources.push_back(std::make_shared<SequencePairSource>(seqs, cfg, aug));
      weights.push_back(mix[2]);
    }
    PairMixer mixer(sources, weights, pool.train, cfg);

    Trainer trainer(net, mixer, r.options);
    int start = 0;
    if (r.resume) {
      start = trainer.load_checkpoint();
      std::printf("resuming after epoch %d\n", start);
    }

    std::string report = r.report_dir.empty() ? std::filesystem::path(out).parent_path().string() : r.report_dir;
    if (report.empty()) report = ".";
    std::filesystem::create_directories(report);
    std::string stem = std::filesystem::path(out).stem().string();
    auto val_set = make_validation_set(pool.val.empty() ? pool.train : pool.val, r.val_sequences,
                                       r.val_frames, 12345);
    auto before = evaluate(net, val_set, {}, device);
    std::printf("validation before training: AUC %.3f precision %.3f\n", before.auc, before.precision);
    std::vector<CurvePoint> val_curve{{double(start), before.auc}};
    std::ofstream val_csv(report + "/" + stem + "-validation.csv", r.resume ? std::ios::app : std::ios::trunc);
    if (!r.resume) val_csv << "epoch,auc,precision,fps\n" << start << "," << before.auc << "," << before.precision << "," << before.fps << "\n";

    trainer.run(start, [&](int e, const StepLosses &m) {
      auto r = evaluate(net, val_set, {}, device);
      std::printf("epoch %d done: mean loss %.4f (cls %.4f iou %.4f) validation AUC %.3f precision %.3f tracker %.1f fps\n",
                  e + 1, m.total, m.cls, m.reg, r.auc, r.precision, r.fps);
      std::fflush(stdout);
      val_csv << e + 1 << "," << r.auc << "," << r.precision << "," << r.fps << std::endl;
      val_curve.push_back({double(e + 1), r.auc});
    });

    std::ofstream csv(report + "/" + stem + "-loss.csv");
    csv << "step,loss,cls,iou,lr\n";
    std::vector<CurvePoint> loss_curve;
    double ema = trainer.history.empty() ? 0 : trainer.history[0].second.total;
    for (auto &[s, l] : trainer.history) {
      csv << s << "," << l.total << "," << l.cls << "," << l.reg << "," << l.lr << "\n";
      ema = 0.95 * ema + 0.05 * l.total;
      loss_curve.push_back({double(s), ema});
    }
    write_curves_png(report + "/" + stem + "-curves.png",
                     {{"training loss (EMA 0.95)", loss_curve}, {"validation success AUC per epoch", val_curve}});
    net->to(torch::kCPU);
    save_weights(net, out, true);
    std::printf("wrote %s\n", out.c_str());
  } catch (const std::exception &e) {
    std::fprintf(stderr, "saetrack-train: %s\n", e.what());
    return 1;
  }
  return 0;
}
