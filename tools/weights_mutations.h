// Mutated weights files for fuzzing the loader (tools/fuzz_weights.cpp runs thousands; the weights
// test runs a slice). A valid file is split into its fields (magic, version, config, tensor
// headers, data, checksum) so that mutations hit each one, and most keep the checksum valid so the
// parser behind it is exercised, not only the CRC check.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace saetrack::fuzz {

struct Field {
  enum Kind { Magic, Version, ConfigLength, Config, Count, NameLength, Name, Dtype, Rank, Dim, Data, Checksum } kind;
  size_t offset, size;
  uint8_t dtype = 0;  // of a Data field: 0 float32, 1 int64
};

// The fields of a well-formed file, in order (see model/weights_io.cpp for the format).
inline std::vector<Field> fields_of(const std::string &f) {
  std::vector<Field> v;
  size_t p = 0;
  auto u32 = [&](size_t at) { uint32_t x; std::memcpy(&x, f.data() + at, 4); return x; };
  v.push_back({Field::Magic, 0, 8}), p = 8;
  v.push_back({Field::Version, p, 4}), p += 4;
  uint32_t cl = u32(p);
  v.push_back({Field::ConfigLength, p, 4}), p += 4;
  v.push_back({Field::Config, p, cl}), p += cl;
  uint32_t count = u32(p);
  v.push_back({Field::Count, p, 4}), p += 4;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t nl = u32(p);
    v.push_back({Field::NameLength, p, 4}), p += 4;
    v.push_back({Field::Name, p, nl}), p += nl;
    uint8_t dtype = uint8_t(f[p]);
    v.push_back({Field::Dtype, p, 1}), p += 1;
    uint32_t rank = u32(p);
    v.push_back({Field::Rank, p, 4}), p += 4;
    int64_t numel = 1;
    for (uint32_t d = 0; d < rank; ++d) {
      int64_t dim;
      std::memcpy(&dim, f.data() + p, 8);
      numel *= dim;
      v.push_back({Field::Dim, p, 8}), p += 8;
    }
    size_t bytes = size_t(numel) * (dtype == 0 ? 4 : 8);
    v.push_back({Field::Data, p, bytes, dtype}), p += bytes;
  }
  v.push_back({Field::Checksum, p, 4});
  return v;
}

inline void fix_checksum(std::string &f) {
  if (f.size() < 4) return;
  uint32_t crc = uint32_t(crc32(0L, reinterpret_cast<const Bytef *>(f.data()), uInt(f.size() - 4)));
  std::memcpy(&f[f.size() - 4], &crc, 4);
}

struct Mutation {
  std::string bytes;
  std::string what;        // for reports
  bool must_reject = true; // false where the result may still be a valid file (a flipped config name)
};

// Case `index` of the fuzzing run with `seed`: one of eight classes in turn.
inline Mutation mutate(const std::string &file, const std::vector<Field> &fields, uint64_t seed, uint64_t index) {
  std::mt19937_64 rng(seed * 1000003ull + index);
  auto pick = [&](size_t n) { return size_t(std::uniform_int_distribution<size_t>(0, n - 1)(rng)); };
  auto fields_of_kind = [&](std::initializer_list<Field::Kind> kinds) {
    std::vector<Field> out;
    for (auto &f : fields)
      for (auto k : kinds)
        if (f.kind == k) out.push_back(f);
    return out;
  };
  Mutation m{file, "", true};
  auto put64 = [&](size_t at, int64_t v) { std::memcpy(&m.bytes[at], &v, 8); };
  auto put32 = [&](size_t at, uint32_t v) { std::memcpy(&m.bytes[at], &v, 4); };
  switch (index % 8) {
    case 0: {  // a bit flip in a header field, checksum made valid again: the parser must cope
      auto hs = fields_of_kind({Field::Version, Field::ConfigLength, Field::Config, Field::Count, Field::NameLength,
                                Field::Name, Field::Dtype, Field::Rank, Field::Dim});
      auto &f = hs[pick(hs.size())];
      if (f.size == 0) return mutate(file, fields, seed, index + 8);
      size_t at = f.offset + pick(f.size);
      m.bytes[at] = char(m.bytes[at] ^ (1 << pick(8)));
      fix_checksum(m.bytes);
      m.what = "bit flip at byte " + std::to_string(at) + " (checksum fixed)";
      m.must_reject = f.kind != Field::Config && f.kind != Field::Name;  // may stay valid
      break;
    }
    case 1: {  // a bit flip anywhere, checksum left: the checksum must catch it
      size_t at = pick(m.bytes.size() - 4);
      m.bytes[at] = char(m.bytes[at] ^ (1 << pick(8)));
      m.what = "bit flip at byte " + std::to_string(at);
      break;
    }
    case 2: {  // truncated at a field boundary (every boundary in turn)
      const auto &f = fields[(index / 8) % fields.size()];
      m.bytes.resize(f.offset);
      m.what = "truncated at byte " + std::to_string(f.offset);
      break;
    }
    case 3: {  // a dimension oversized, negative or huge, checksum valid
      auto ds = fields_of_kind({Field::Dim});
      const int64_t values[] = {-1, int64_t(1) << 30, int64_t(1) << 40, INT64_MAX, INT64_MIN, 3};
      int64_t v = values[pick(6)];
      const auto &f = ds[pick(ds.size())];
      int64_t old;
      std::memcpy(&old, file.data() + f.offset, 8);
      if (v == old) v = -1;
      put64(f.offset, v);
      fix_checksum(m.bytes);
      m.what = "dimension set to " + std::to_string(v);
      break;
    }
    case 4: {  // a count or length field huge or zero, checksum valid
      auto cs = fields_of_kind({Field::ConfigLength, Field::Count, Field::NameLength, Field::Rank});
      const uint32_t values[] = {0, 1, 0xffffffffu, 0x7fffffffu, 1u << 20};
      uint32_t v = values[pick(5)];
      const auto &f = cs[pick(cs.size())];
      uint32_t old;
      std::memcpy(&old, file.data() + f.offset, 4);
      if (v == old) v = 0xffffffffu;
      put32(f.offset, v);
      fix_checksum(m.bytes);
      m.what = "count/length at byte " + std::to_string(f.offset) + " set to " + std::to_string(v);
      break;
    }
    case 5: {  // wrong magic or version
      if (pick(2)) m.bytes[pick(8)] ^= 0x20, m.what = "wrong magic";
      else put32(8, uint32_t(2 + pick(1000))), fix_checksum(m.bytes), m.what = "unsupported version";
      break;
    }
    case 6: {  // config and tensors disagree: a digit of the config changed, checksum valid
      const Field cfg = fields_of_kind({Field::Config})[0];  // a copy: the vector is a temporary
      std::vector<size_t> digits;
      for (size_t i = cfg.offset; i < cfg.offset + cfg.size; ++i)
        if (m.bytes[i] >= '0' && m.bytes[i] <= '9') digits.push_back(i);
      size_t at = digits[pick(digits.size())];
      m.bytes[at] = char('0' + (m.bytes[at] - '0' + 1 + pick(8)) % 10);
      fix_checksum(m.bytes);
      m.what = "config digit changed at byte " + std::to_string(at);
      m.must_reject = false;  // some numbers (e.g. a score threshold) do not change the tensors
      break;
    }
    default: {  // NaN or infinity written into a float tensor, checksum valid
      auto ds = fields_of_kind({Field::Data});
      const auto &f = ds[pick(ds.size())];
      if (f.size < 4 || f.dtype != 0) return mutate(file, fields, seed, index + 8);
      const uint32_t bits[] = {0x7fc00000u, 0x7f800000u, 0xff800000u};
      put32(f.offset + 4 * pick(f.size / 4), bits[pick(3)]);
      fix_checksum(m.bytes);
      m.what = "NaN/infinity in tensor data at byte " + std::to_string(f.offset);
      break;
    }
  }
  return m;
}

}  // namespace saetrack::fuzz
