// The tracker tunables table: values set and read back through it, clamped to the range, and
// docs/element.md's property table in step with it (name, type and range, default).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tunables.h"

using namespace saetrack;

static std::string docs_row(const std::string &name) {
  std::ifstream f(SAETRACK_SOURCE_ROOT "/docs/element.md");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("| `" + name + "` |", 0) == 0) return line;
  return "";
}

static std::string expected_cells(const Tunable &t) {
  char buf[128];
  switch (t.kind) {
    case Tunable::Kind::Double:
      std::snprintf(buf, sizeof buf, "| `%s` | double %g..%g | %g |", t.name, t.min, t.max, t.default_value());
      break;
    case Tunable::Kind::Int:
      std::snprintf(buf, sizeof buf, "| `%s` | int %g..%g | %g |", t.name, t.min, t.max, t.default_value());
      break;
    case Tunable::Kind::Bool:
      std::snprintf(buf, sizeof buf, "| `%s` | bool | %s |", t.name, t.default_value() != 0 ? "true" : "false");
      break;
  }
  return buf;
}

TEST(Tunables, DocsTableMatchesTheTable) {
  for (const auto &t : tracker_tunables()) {
    auto row = docs_row(t.name);
    ASSERT_FALSE(row.empty()) << "docs/element.md has no property row for " << t.name;
    EXPECT_EQ(row.rfind(expected_cells(t), 0), 0u) << "docs/element.md row for " << t.name << " should start with\n  "
                                                   << expected_cells(t) << "\nbut is\n  " << row;
  }
}

TEST(Tunables, SetGetAndClamp) {
  TrackerParams p;
  for (const auto &t : tracker_tunables()) {
    EXPECT_DOUBLE_EQ(t.get(p), t.default_value()) << t.name;
    t.set(p, t.max + 100);
    EXPECT_DOUBLE_EQ(t.get(p), t.max) << t.name;
    t.set(p, t.min);
    EXPECT_DOUBLE_EQ(t.get(p), t.min) << t.name;
  }
  tracker_tunables()[0].set(p, 0.125);
  EXPECT_DOUBLE_EQ(p.lost_threshold, 0.125);  // the first row is lost-threshold
}
