#include "trainer.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "losses.h"
#include "weights_io.h"

namespace saetrack::train {

Losses compute_losses(SAENet &net, const Batch &b, double cls_weight, double reg_weight) {
  auto out = net->forward(b.z, b.x);
  auto tg = make_targets(b.boxes, b.positive, net->config());
  auto lc = cls_loss(out.cls, tg.label);
  auto lr = iou_loss(out.reg, tg.reg, tg.label);
  return {cls_weight * lc + reg_weight * lr, lc, lr};
}

Trainer::Trainer(SAENet net, const PairMixer &mixer, TrainOptions opt) : net_(std::move(net)), mixer_(mixer), o_(opt) {
  if (o_.warm_epochs < 0) o_.warm_epochs = o_.epochs / 4.0;
  if (o_.freeze_epochs < 0) o_.freeze_epochs = o_.epochs / 2.0;
  sched_ = {o_.warm_lr, o_.base_lr, o_.end_lr, o_.warm_epochs, double(o_.epochs), steps_per_epoch()};
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(net_->backbone_parameters());
  groups.emplace_back(net_->head_parameters());
  opt_ = std::make_unique<torch::optim::SGD>(
      groups, torch::optim::SGDOptions(o_.base_lr).momentum(o_.momentum).weight_decay(o_.weight_decay));
}

int64_t Trainer::steps_per_epoch() const { return std::max<int64_t>(1, o_.pairs_per_epoch / o_.batch); }

bool Trainer::backbone_frozen(int64_t step) const { return step < int64_t(o_.freeze_epochs * steps_per_epoch()); }

StepLosses Trainer::step(const Batch &b, int64_t step) {
  bool frozen = backbone_frozen(step);
  net_->train();
  for (auto &p : net_->backbone_parameters()) p.set_requires_grad(!frozen);
  if (frozen) net_->backbone->eval();  // frozen also means frozen BN statistics
  double lr = sched_.lr(step);
  auto &groups = opt_->param_groups();
  static_cast<torch::optim::SGDOptions &>(groups[0].options()).lr(frozen ? 0.0 : lr * o_.backbone_lr_factor);
  static_cast<torch::optim::SGDOptions &>(groups[1].options()).lr(lr);
  opt_->zero_grad();
  auto l = compute_losses(net_, b, o_.cls_weight, o_.reg_weight);
  l.total.backward();
  torch::nn::utils::clip_grad_norm_(net_->parameters(), 10.0);
  opt_->step();
  return {l.total.item<double>(), l.cls.item<double>(), l.reg.item<double>(), lr};
}

static std::string hms(double s) {
  char buf[32];
  int t = int(s);
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  return buf;
}

void Trainer::run(int start_epoch, const std::function<void(int, const StepLosses &)> &on_epoch) {
  const int64_t spe = steps_per_epoch();
  BatchLoader loader(mixer_, o_.seed, o_.batch, start_epoch * spe, o_.epochs * spe, o_.workers);
  auto t0 = std::chrono::steady_clock::now();
  int64_t done = 0, total = (o_.epochs - start_epoch) * spe;
  for (int e = start_epoch; e < o_.epochs; ++e) {
    StepLosses mean;
    for (int64_t s = 0; s < spe; ++s) {
      int64_t g = e * spe + s;
      auto l = step(loader.next(), g);
      history.emplace_back(g, l);
      mean.total += l.total / spe, mean.cls += l.cls / spe, mean.reg += l.reg / spe, mean.lr = l.lr;
      ++done;
      if (done % o_.log_every == 0 || s == spe - 1) {
        double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("epoch %d/%d step %lld/%lld loss %.4f (cls %.4f iou %.4f) lr %.5f%s pairs/s %.1f ETA %s\n", e + 1,
                    o_.epochs, (long long)(s + 1), (long long)spe, l.total, l.cls, l.reg, l.lr,
                    backbone_frozen(g) ? " [backbone frozen]" : "", done * o_.batch / el,
                    hms(el / done * (total - done)).c_str());
        std::fflush(stdout);
      }
    }
    if (!o_.checkpoint_dir.empty()) save_checkpoint(e + 1);
    if (on_epoch) on_epoch(e, mean);
  }
}

void Trainer::save_checkpoint(int epochs_done) {
  namespace fs = std::filesystem;
  fs::create_directories(o_.checkpoint_dir);
  save_weights(net_, o_.checkpoint_dir + "/checkpoint.weights");
  torch::save(*opt_, o_.checkpoint_dir + "/checkpoint.optim");
  std::ofstream(o_.checkpoint_dir + "/checkpoint.state") << epochs_done << "\n";
}

int Trainer::load_checkpoint() {
  std::ifstream st(o_.checkpoint_dir + "/checkpoint.state");
  int epochs_done = 0;
  if (!(st >> epochs_done)) throw std::runtime_error("no checkpoint to resume in '" + o_.checkpoint_dir + "'");
  load_weights_into(net_, o_.checkpoint_dir + "/checkpoint.weights");
  torch::load(*opt_, o_.checkpoint_dir + "/checkpoint.optim");
  return epochs_done;
}

}  // namespace saetrack::train
