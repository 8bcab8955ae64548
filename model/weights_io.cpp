#include "weights_io.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace saetrack {

static const char kMagic[8] = {'S', 'A', 'E', 'T', 'R', 'A', 'C', 'K'};
enum : uint8_t { kF32 = 0, kI64 = 1 };

namespace {

struct Writer {
  std::string buf;
  template <typename T> void pod(T v) { buf.append(reinterpret_cast<const char *>(&v), sizeof v); }
  void str(const std::string &s) { pod<uint32_t>(uint32_t(s.size())); buf += s; }
};

struct Reader {
  const std::string &buf;
  const std::string &path;
  size_t pos = 0;
  void need(size_t n, const char *what) {
    if (pos + n > buf.size())
      throw WeightsError(path + ": file is truncated (ends while reading " + what + ")");
  }
  template <typename T> T pod(const char *what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, buf.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
  }
  std::string str(const char *what, uint32_t max_len) {
    auto n = pod<uint32_t>(what);
    if (n > max_len) throw WeightsError(path + ": corrupt " + what + " length " + std::to_string(n));
    need(n, what);
    std::string s = buf.substr(pos, n);
    pos += n;
    return s;
  }
};

std::map<std::string, torch::Tensor> named_state(SAENet &net) {
  std::map<std::string, torch::Tensor> m;
  for (auto &p : net->named_parameters()) m[p.key()] = p.value();
  for (auto &b : net->named_buffers()) m[b.key()] = b.value();
  return m;
}

std::string shape_str(at::IntArrayRef s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

std::string read_file(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw WeightsError(path + ": cannot open weights file (" + std::strerror(errno) + ")");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Parsed {
  NetConfig cfg;
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
};

Parsed parse(const std::string &path, bool with_tensors) {
  std::string buf = read_file(path);
  if (buf.size() < sizeof kMagic || std::memcmp(buf.data(), kMagic, sizeof kMagic) != 0)
    throw WeightsError(path + ": not a saetrack weights file (wrong magic)");
  if (buf.size() < sizeof kMagic + 8) throw WeightsError(path + ": file is truncated (no header)");
  uint32_t stored_crc;
  std::memcpy(&stored_crc, buf.data() + buf.size() - 4, 4);
  uint32_t crc = crc32(0L, reinterpret_cast<const Bytef *>(buf.data()), uInt(buf.size() - 4));
  Reader r{buf, path, sizeof kMagic};
  auto version = r.pod<uint32_t>("format version");
  if (version != kWeightsFormatVersion)
    throw WeightsError(path + ": unsupported format version " + std::to_string(version) + " (this build reads " +
                       std::to_string(kWeightsFormatVersion) + ")");
  Parsed p;
  std::string cfg_text = r.str("config", 1 << 16);
  if (crc != stored_crc)
    throw WeightsError(path + ": checksum mismatch: the file is truncated or corrupt");
  try {
    p.cfg = NetConfig::parse(cfg_text);
  } catch (const std::invalid_argument &e) {
    throw WeightsError(path + ": bad network config: " + e.what());
  }
  if (!with_tensors) return p;
  auto count = r.pod<uint32_t>("tensor count");
  for (uint32_t i = 0; i < count; ++i) {
    std::string name = r.str("tensor name", 4096);
    auto dtype = r.pod<uint8_t>("tensor dtype");
    auto ndim = r.pod<uint32_t>("tensor rank");
    if (ndim > 8 || (dtype != kF32 && dtype != kI64)) throw WeightsError(path + ": corrupt header of tensor '" + name + "'");
    std::vector<int64_t> dims;
    // The declared size may not exceed what is left of the file: checked per dimension, so a
    // hostile shape can neither overflow the element count nor make us allocate more than the
    // file holds.
    const size_t elem = dtype == kF32 ? 4 : 8, left = buf.size() - r.pos;
    size_t numel = 1;
    for (uint32_t d = 0; d < ndim; ++d) {
      dims.push_back(r.pod<int64_t>("tensor shape"));
      if (dims.back() < 0 || (dims.back() > 0 && numel > left / elem / size_t(dims.back())))
        throw WeightsError(path + ": corrupt shape of tensor '" + name + "' (dimension " + std::to_string(dims.back()) +
                           " is negative or larger than the file)");
      numel *= size_t(dims.back());
    }
    size_t bytes = numel * elem;
    r.need(bytes, ("data of tensor '" + name + "'").c_str());
    auto t = torch::empty(dims, dtype == kF32 ? torch::kFloat32 : torch::kInt64);
    std::memcpy(t.data_ptr(), buf.data() + r.pos, bytes);
    r.pos += bytes;
    if (dtype == kF32 && !torch::isfinite(t).all().item<bool>())
      throw WeightsError(path + ": tensor '" + name + "' holds NaN or infinite values");
    p.tensors.emplace_back(name, t);
  }
  if (r.pos != buf.size() - 4) throw WeightsError(path + ": unexpected bytes after the last tensor");
  return p;
}

}  // namespace

void save_weights(SAENet &net, const std::string &path, bool overwrite) {
  if (!overwrite && std::filesystem::exists(path))
    throw WeightsError(path + ": exists; refusing to overwrite (choose another name or allow overwriting)");
  auto state = named_state(net);
  write_weights_file(path, net->config(), {state.begin(), state.end()});
}

void write_weights_file(const std::string &path, const NetConfig &cfg,
                        const std::vector<std::pair<std::string, torch::Tensor>> &tensors) {
  Writer w;
  w.buf.append(kMagic, sizeof kMagic);
  w.pod<uint32_t>(kWeightsFormatVersion);
  w.str(cfg.serialise());
  w.pod<uint32_t>(uint32_t(tensors.size()));
  for (auto &[name, t0] : tensors) {
    auto t = t0.detach().to(torch::kCPU).contiguous();
    bool f = t.scalar_type() == torch::kFloat32;
    if (!f && t.scalar_type() != torch::kInt64) throw WeightsError("tensor '" + name + "' has an unsupported dtype");
    w.str(name);
    w.pod<uint8_t>(f ? kF32 : kI64);
    w.pod<uint32_t>(uint32_t(t.dim()));
    for (auto d : t.sizes()) w.pod<int64_t>(d);
    w.buf.append(static_cast<const char *>(t.data_ptr()), t.numel() * t.element_size());
  }
  w.pod<uint32_t>(uint32_t(crc32(0L, reinterpret_cast<const Bytef *>(w.buf.data()), uInt(w.buf.size()))));
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw WeightsError(path + ": cannot write (" + std::strerror(errno) + ")");
    f.write(w.buf.data(), std::streamsize(w.buf.size()));
    if (!f) throw WeightsError(path + ": write failed (" + std::strerror(errno) + ")");
  }
  std::filesystem::rename(tmp, path);
}

NetConfig read_weights_config(const std::string &path) { return parse(path, false).cfg; }

namespace {
// Copies a parsed file's tensors into net after checking that they match it one to one.
void copy_into(SAENet &net, const Parsed &p, const std::string &path) {
  if (p.cfg != net->config())
    throw WeightsError(path + ": network config in the file does not match this network ('" + p.cfg.name +
                       "' file vs '" + net->config().name + "' network)");
  auto state = named_state(net);
  std::map<std::string, torch::Tensor> seen;
  for (auto &[name, t] : p.tensors) {
    auto it = state.find(name);
    if (it == state.end()) throw WeightsError(path + ": unexpected tensor '" + name + "' (not in this network)");
    if (it->second.sizes() != t.sizes())
      throw WeightsError(path + ": tensor '" + name + "' has shape " + shape_str(t.sizes()) + ", network expects " +
                         shape_str(it->second.sizes()));
    if (it->second.scalar_type() != t.scalar_type()) throw WeightsError(path + ": tensor '" + name + "' has the wrong dtype");
    seen[name] = t;
  }
  for (auto &[name, t] : state)
    if (!seen.count(name)) throw WeightsError(path + ": missing tensor '" + name + "'");
  torch::NoGradGuard ng;
  for (auto &[name, t] : state) t.copy_(seen[name].to(t.device()));
}
}  // namespace

void load_weights_into(SAENet &net, const std::string &path) { copy_into(net, parse(path, true), path); }

SAENet load_weights(const std::string &path) {
  auto p = parse(path, true);  // the file is read and checked once: config and tensors together
  SAENet net(p.cfg);
  copy_into(net, p, path);
  return net;
}

// Installed copies first; a build-tree run falls back to the source tree's weights/.
std::string find_data_file(const std::string &file) {
  namespace fs = std::filesystem;
  for (const char *dir : {SAETRACK_WEIGHTS_DIR, SAETRACK_SOURCE_ROOT "/weights"})
    if (fs::exists(fs::path(dir) / file)) return (fs::path(dir) / file).string();
  throw WeightsError("cannot find " + file + " in " + SAETRACK_WEIGHTS_DIR + " or " + SAETRACK_SOURCE_ROOT "/weights");
}

std::string find_weights(const std::string &name_or_path) {
  if (name_or_path.find('/') != std::string::npos || std::filesystem::path(name_or_path).has_extension())
    return name_or_path;
  try {
    return find_data_file("saetrack-" + name_or_path + ".weights");
  } catch (const WeightsError &e) {
    throw WeightsError("no bundled weights named '" + name_or_path + "' (" + e.what() + "); bundled: " +
                       kDefaultModel + ", light, floor (training-free); or give a weights file's path");
  }
}

}  // namespace saetrack
