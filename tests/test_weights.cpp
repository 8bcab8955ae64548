// Weights file: bit-exact round trip, and every class of bad file rejected with a clear message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "saetrack.h"
#include "test_dirs.h"

using namespace saetrack;

namespace {

std::string tmp(const std::string &name) { return (test_dir("weights") / name).string(); }

std::string slurp(const std::string &p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}
void spit(const std::string &p, const std::string &s) { std::ofstream(p, std::ios::binary) << s; }

// Expects load_weights to throw a WeightsError whose message contains `needle`.
void expect_rejected(const std::string &path, const std::string &needle) {
  try {
    load_weights(path);
    FAIL() << "loaded a bad file; expected an error containing '" << needle << "'";
  } catch (const WeightsError &e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << "message must name the file: " << e.what();
  }
}

std::vector<std::pair<std::string, torch::Tensor>> state_of(SAENet &net) {
  std::vector<std::pair<std::string, torch::Tensor>> v;
  for (auto &p : net->named_parameters()) v.emplace_back(p.key(), p.value());
  for (auto &b : net->named_buffers()) v.emplace_back(b.key(), b.value());
  return v;
}

}  // namespace

TEST(Weights, RoundTripIsBitExact) {
  SAENet a(NetConfig::light());
  { torch::NoGradGuard ng; for (auto &p : a->parameters()) p.normal_(); }
  auto path = tmp("rt.weights");
  save_weights(a, path);
  SAENet b = load_weights(path);
  EXPECT_EQ(b->config(), a->config());
  auto sa = state_of(a), sb = state_of(b);
  ASSERT_EQ(sa.size(), sb.size());
  for (size_t i = 0; i < sa.size(); ++i) EXPECT_TRUE(torch::equal(sa[i].second, sb[i].second)) << sa[i].first;
  EXPECT_THROW(save_weights(a, path, /*overwrite=*/false), WeightsError);
}

TEST(Weights, CorruptFilesAreRejected) {
  SAENet net(NetConfig::light());
  auto good = tmp("good.weights");
  save_weights(net, good);
  std::string bytes = slurp(good);

  expect_rejected(tmp("does-not-exist.weights"), "cannot open");
  spit(tmp("empty.weights"), "");
  expect_rejected(tmp("empty.weights"), "wrong magic");
  spit(tmp("magic.weights"), "NOTATRACKERFILE" + bytes.substr(15));
  expect_rejected(tmp("magic.weights"), "wrong magic");
  spit(tmp("short.weights"), bytes.substr(0, 10));
  expect_rejected(tmp("short.weights"), "truncated");
  spit(tmp("trunc.weights"), bytes.substr(0, bytes.size() / 2));
  expect_rejected(tmp("trunc.weights"), "truncated or corrupt");
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x40;
  spit(tmp("flip.weights"), flipped);
  expect_rejected(tmp("flip.weights"), "checksum");
  std::string version = bytes;
  version[8] = 9;
  spit(tmp("version.weights"), version);
  expect_rejected(tmp("version.weights"), "unsupported format version 9");
}

TEST(Weights, MismatchedTensorsAreRejected) {
  SAENet net(NetConfig::light());
  auto state = state_of(net);
  auto missing = state;
  missing.erase(missing.begin() + 3);
  write_weights_file(tmp("missing.weights"), net->config(), missing);
  expect_rejected(tmp("missing.weights"), "missing tensor '" + state[3].first + "'");

  auto extra = state;
  extra.emplace_back("head.gamma", torch::zeros({3}));
  write_weights_file(tmp("extra.weights"), net->config(), extra);
  expect_rejected(tmp("extra.weights"), "unexpected tensor 'head.gamma'");

  auto reshaped = state;
  reshaped[0].second = torch::zeros({1, 2, 3});
  write_weights_file(tmp("shape.weights"), net->config(), reshaped);
  expect_rejected(tmp("shape.weights"), "has shape [1,2,3]");
}

TEST(Weights, ConfigMismatchIsRejected) {
  SAENet light(NetConfig::light());
  auto path = tmp("light.weights");
  save_weights(light, path);
  NetConfig other = NetConfig::light();
  other.neck_channels = 48;
  other.name = "wider";
  SAENet wider(other);
  try {
    load_weights_into(wider, path);
    FAIL();
  } catch (const WeightsError &e) {
    EXPECT_NE(std::string(e.what()).find("does not match"), std::string::npos) << e.what();
  }
  // A config that does not validate (bad score size) is reported as such.
  NetConfig bad = NetConfig::light();
  bad.score_size = 3;
  write_weights_file(tmp("badcfg.weights"), bad, state_of(light));
  expect_rejected(tmp("badcfg.weights"), "bad network config");
}

// A slice of the loader fuzzing (tools/fuzz_weights.cpp runs 2,000+): every class of mutation of the
// shipped file is rejected with a WeightsError that names the file, or (only where the mutation can
// leave a valid file) loads; never another exception, a crash or an allocation beyond the file.
#include "../tools/weights_mutations.h"

TEST(Weights, FuzzedFilesAreRejectedCleanly) {
  std::string file = slurp(SAETRACK_DEFAULT_WEIGHTS);
  auto fields = fuzz::fields_of(file);
  ASSERT_EQ(fields.back().offset + 4, file.size());  // the field walk covers the whole file
  auto path = tmp("fuzzed.weights");
  int rejected = 0;
  for (uint64_t i = 0; i < 200; ++i) {
    auto m = fuzz::mutate(file, fields, /*seed=*/1, i);
    spit(path, m.bytes);
    try {
      load_weights(path);
      EXPECT_FALSE(m.must_reject) << "case " << i << " (" << m.what << ") loaded";
    } catch (const WeightsError &e) {
      ++rejected;
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    } catch (const std::exception &e) {
      ADD_FAILURE() << "case " << i << " (" << m.what << "): " << e.what() << " instead of a WeightsError";
    }
  }
  EXPECT_GE(rejected, 175);  // all but some config/name changes that leave a valid file
}
