// saetrack-fuzz-weights: feeds thousands of mutated weights files (tools/weights_mutations.h: bit
// flips with and without a valid checksum, truncation at every field boundary, oversized and
// negative dimensions, huge counts and lengths, wrong magic/version, config/tensor mismatch,
// NaN/infinity in the data) to the loader. Every file must be rejected with a WeightsError or, for
// the few mutations that can leave a valid file, load; anything else (another exception, a crash,
// a hang) is a bug. Prints counts per class and the peak memory growth. Run it under ASan for the
// full check (docs/reliability.md).

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <array>
#include <map>

#include "command_line.h"
#include "saetrack.h"
#include "weights_mutations.h"

using namespace saetrack;

int main(int argc, char **argv) {
  std::string weights = kDefaultModel;
  uint64_t cases = 2000, seed = 1;
  CommandLine cli("saetrack-fuzz-weights", "[options]");
  cli.add("weights", &weights, "the valid weights file to mutate (a bundled name or a path)")
      .add("cases", &cases, "mutated files to try")
      .add("seed", &seed, "random seed (fixed: runs are repeatable)");
  if (int rc = cli.parse_for_main(argc, argv); rc >= 0) return rc;
  std::string path = find_weights(weights);
  std::ifstream in(path, std::ios::binary);
  std::string file{std::istreambuf_iterator<char>(in), {}};
  auto fields = fuzz::fields_of(file);
  auto tmp = (std::filesystem::temp_directory_path() / ("saetrack-fuzz-" + std::to_string(::getpid()) + ".weights")).string();
  load_weights(path);  // warm-up: the network's own allocations before measuring growth
  double rss0 = peak_resident_mb();
  const char *kClass[8] = {"header bit flip, checksum fixed", "bit flip", "truncation at a field boundary",
                           "dimension oversized/negative", "count/length huge or zero", "wrong magic/version",
                           "config changed", "NaN/infinity in data"};
  std::map<int, std::array<int, 3>> counts;  // rejected, loaded, bad
  int bad = 0;
  for (uint64_t i = 0; i < cases; ++i) {
    auto m = fuzz::mutate(file, fields, seed, i);
    std::ofstream(tmp, std::ios::binary | std::ios::trunc) << m.bytes;
    int cls = int(i % 8), outcome;
    try {
      load_weights(tmp);
      outcome = m.must_reject ? 2 : 1;
      if (outcome == 2) std::fprintf(stderr, "case %llu (%s): loaded, must be rejected\n", (unsigned long long)i, m.what.c_str());
    } catch (const WeightsError &e) {
      outcome = std::string(e.what()).find(tmp) == std::string::npos ? 2 : 0;  // the message names the file
      if (outcome == 2) std::fprintf(stderr, "case %llu (%s): message without the file name: %s\n", (unsigned long long)i, m.what.c_str(), e.what());
    } catch (const std::exception &e) {
      outcome = 2;
      std::fprintf(stderr, "case %llu (%s): %s instead of a WeightsError\n", (unsigned long long)i, m.what.c_str(), e.what());
    }
    counts[cls][outcome]++;
    bad += outcome == 2;
    if ((i + 1) % 100 == 0) std::fprintf(stderr, "\r%llu/%llu cases", (unsigned long long)(i + 1), (unsigned long long)cases);
  }
  std::filesystem::remove(tmp);
  std::printf("\n| mutation | cases | rejected | loaded (valid file) | bugs |\n|---|---|---|---|---|\n");
  for (auto &[c, n] : counts) std::printf("| %s | %d | %d | %d | %d |\n", kClass[c], n[0] + n[1] + n[2], n[0], n[1], n[2]);
  std::printf("\n%llu cases, seed %llu, file %s (%zu bytes): %d bugs; peak memory growth %.1f MB\n",
              (unsigned long long)cases, (unsigned long long)seed, path.c_str(), file.size(), bad, peak_resident_mb() - rss0);
  return bad ? 1 : 0;
}
