// Parallel, deterministic batch production: worker threads build batch k from (seed, k) alone,
// and the consumer receives batches in order, so results do not depend on the worker count.
#pragma once
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <torch/torch.h>

#include "pair_sources.h"

namespace saetrack::train {

struct Batch {
  torch::Tensor z, x;          // B x 3 x T x T, B x 3 x S x S, float 0..255
  torch::Tensor boxes;         // B x 4 (x0, y0, x1, y1) in search pixels
  std::vector<bool> positive;
};

Batch collate(const std::vector<Pair> &pairs);

class BatchLoader {
 public:
  // Produces batches first..last-1 of size batch_size; at most `ahead` are buffered.
  BatchLoader(const PairMixer &mixer, uint64_t seed, int batch_size, int64_t first, int64_t last, int workers,
              int ahead = 8);
  ~BatchLoader();
  Batch next();  // blocks until the next batch in order is ready

 private:
  void work();
  const PairMixer &mixer_;
  uint64_t seed_;
  int batch_;
  int64_t next_claim_, next_out_, last_;
  int ahead_;
  bool stop_ = false;
  std::map<int64_t, Batch> ready_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;
};

}  // namespace saetrack::train
