// The weights file: one file with a magic, a format version, the network config and every tensor
// (parameters and BN statistics), closed by a CRC-32. Loading validates all of it and reports the
// first problem as a WeightsError whose message names the file and what is wrong.
#pragma once
#include <stdexcept>
#include <string>

#include "network.h"

namespace saetrack {

constexpr uint32_t kWeightsFormatVersion = 1;

struct WeightsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes net (parameters and buffers) to path, atomically (temp file + rename).
// If overwrite is false and path exists, throws WeightsError.
void save_weights(SAENet &net, const std::string &path, bool overwrite = true);

// Low level: writes a file from a config and named tensors (used by save_weights and by tests
// that need files with missing, extra or reshaped tensors).
void write_weights_file(const std::string &path, const NetConfig &cfg,
                        const std::vector<std::pair<std::string, torch::Tensor>> &tensors);

// Reads just the config stored in a weights file.
NetConfig read_weights_config(const std::string &path);

// Builds a network from the file's config and loads every tensor into it.
SAENet load_weights(const std::string &path);

// The bundled trained weights the tools use when none are named (saetrack-bench, -size-response,
// training). Which tracker runs by default is kDefaultTracker (tracker_factory.h).
constexpr const char *kDefaultModel = "nano";

// A weights file from a bundled model's name ("nano", "light": saetrack-<name>.weights, installed or
// in the source tree's weights/) or a path (anything with a '/' or an extension, returned as is).
// Throws WeightsError naming where it looked.
std::string find_weights(const std::string &name_or_path);
// Another file shipped beside the weights (e.g. "nanodet-g.tensors"), installed or in the source tree.
std::string find_data_file(const std::string &file);

// Loads into an existing network; the file's config must equal the network's.
void load_weights_into(SAENet &net, const std::string &path);

}  // namespace saetrack
