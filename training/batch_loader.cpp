#include "batch_loader.h"

#include <opencv2/core/utility.hpp>

#include "geometry.h"

namespace saetrack::train {

Batch collate(const std::vector<Pair> &pairs) {
  std::vector<torch::Tensor> zs, xs, bs;
  Batch b;
  for (auto &p : pairs) {
    zs.push_back(image_to_tensor(p.z));
    xs.push_back(image_to_tensor(p.x));
    bs.push_back(torch::tensor({p.box[0], p.box[1], p.box[2], p.box[3]}));
    b.positive.push_back(p.positive);
  }
  b.z = torch::cat(zs), b.x = torch::cat(xs), b.boxes = torch::stack(bs);
  return b;
}

BatchLoader::BatchLoader(const PairMixer &mixer, uint64_t seed, int batch_size, int64_t first, int64_t last,
                         int workers, int ahead)
    : mixer_(mixer), seed_(seed), batch_(batch_size), next_claim_(first), next_out_(first), last_(last), ahead_(ahead) {
  cv::setNumThreads(0);  // workers are the parallelism; OpenCV must not spawn its own pool per call
  for (int i = 0; i < std::max(1, workers); ++i) threads_.emplace_back([this] { work(); });
}

BatchLoader::~BatchLoader() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto &t : threads_) t.join();
}

void BatchLoader::work() {
  for (;;) {
    int64_t k;
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [&] { return stop_ || next_claim_ >= last_ || next_claim_ < next_out_ + ahead_; });
      if (stop_ || next_claim_ >= last_) return;
      k = next_claim_++;
    }
    std::vector<Pair> pairs;
    for (int i = 0; i < batch_; ++i) pairs.push_back(mixer_.sample(seed_, uint64_t(k) * batch_ + i));
    Batch b = collate(pairs);
    {
      std::lock_guard<std::mutex> l(mu_);
      ready_[k] = std::move(b);
    }
    cv_.notify_all();
  }
}

Batch BatchLoader::next() {
  std::unique_lock<std::mutex> l(mu_);
  if (next_out_ >= last_) throw std::out_of_range("BatchLoader: no batches left");
  cv_.wait(l, [&] { return ready_.count(next_out_) > 0; });
  Batch b = std::move(ready_[next_out_]);
  ready_.erase(next_out_++);
  cv_.notify_all();
  return b;
}

}  // namespace saetrack::train
