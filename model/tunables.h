// The tracker's tunables, listed once: name, nick, blurb, range and the TrackerParams field each
// sets (the default is the field's initialiser). The element installs its properties from this
// table, saetrack-eval takes its flags from it, and a test checks docs/element.md against it, so
// adding a tunable is one TrackerParams field and one row here.
#pragma once
#include <string>
#include <vector>

#include "tracker.h"

namespace saetrack {

struct Tunable {
  enum class Kind { Double, Int, Bool };
  const char *name;   // property and flag name
  const char *nick;
  const char *blurb;
  Kind kind;
  double min, max;
  double TrackerParams::*real = nullptr;
  int TrackerParams::*integer = nullptr;
  bool TrackerParams::*boolean = nullptr;

  double get(const TrackerParams &p) const;
  void set(TrackerParams &p, double v) const;  // clamps to [min, max]
  double default_value() const { return get(TrackerParams{}); }
};

const std::vector<Tunable> &tracker_tunables();

}  // namespace saetrack
