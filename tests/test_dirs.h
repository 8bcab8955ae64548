// The one scratch folder of a test process: <temp>/saetrack-test-<pid>/<name>, for tests that write
// files (fixtures, checkpoints, weights files).
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

// Created if missing; `fresh` empties it first.
inline std::filesystem::path test_dir(const std::string &name, bool fresh = false) {
  auto d = std::filesystem::temp_directory_path() / ("saetrack-test-" + std::to_string(::getpid())) / name;
  if (fresh) std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}
