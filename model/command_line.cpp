#include "command_line.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "tunables.h"

namespace saetrack {

// The whole string as a number (std::stod / std::stoll), or a UsageError naming `what`.
template <typename T, typename Parse>
static T parse_whole(const std::string &s, const std::string &what, const char *kind, Parse parse) {
  size_t used = 0;
  T v{};
  try {
    v = parse(s, &used);
  } catch (const std::exception &) {
    used = 0;
  }
  if (used == 0 || used != s.size()) throw UsageError(what + " wants " + kind + ", got '" + s + "'");
  return v;
}

double parse_double(const std::string &s, const std::string &what) {
  return parse_whole<double>(s, what, "a number", [](const std::string &x, size_t *u) { return std::stod(x, u); });
}

int64_t parse_int(const std::string &s, const std::string &what) {
  return parse_whole<int64_t>(s, what, "an integer", [](const std::string &x, size_t *u) { return std::stoll(x, u); });
}

std::string format_number(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

CommandLine::CommandLine(std::string program, std::string synopsis)
    : program_(std::move(program)), synopsis_(std::move(synopsis)) {}

CommandLine &CommandLine::push(Option o) {
  if (find(o.name)) throw std::logic_error(program_ + ": option --" + o.name + " declared twice");
  options_.push_back(std::move(o));
  return *this;
}

CommandLine &CommandLine::section(const std::string &title) {
  sections_.push_back({options_.size(), title});
  return *this;
}

CommandLine &CommandLine::add(const std::string &name, std::string *v, const std::string &help) {
  return push({name, help, *v, true, false, false, false, [v](const std::string &s) { *v = s; }});
}
CommandLine &CommandLine::add(const std::string &name, double *v, const std::string &help) {
  return push({name, help, format_number(*v), true, false, false, false,
               [v, name](const std::string &s) { *v = parse_double(s, "--" + name); }});
}
CommandLine &CommandLine::add(const std::string &name, int *v, const std::string &help) {
  return push({name, help, std::to_string(*v), true, false, false, false,
               [v, name](const std::string &s) { *v = int(parse_int(s, "--" + name)); }});
}
CommandLine &CommandLine::add(const std::string &name, int64_t *v, const std::string &help) {
  return push({name, help, std::to_string(*v), true, false, false, false,
               [v, name](const std::string &s) { *v = parse_int(s, "--" + name); }});
}
CommandLine &CommandLine::add(const std::string &name, uint64_t *v, const std::string &help) {
  return push({name, help, std::to_string(*v), true, false, false, false, [v, name](const std::string &s) {
                 auto x = parse_int(s, "--" + name);
                 if (x < 0) throw UsageError("--" + name + " cannot be negative");
                 *v = uint64_t(x);
               }});
}
CommandLine &CommandLine::add(const std::string &name, bool *v, const std::string &help) {
  return push({name, help, *v ? "1" : "0", true, false, false, false, [v, name](const std::string &s) {
                 if (s == "1" || s == "true") *v = true;
                 else if (s == "0" || s == "false") *v = false;
                 else throw UsageError("--" + name + " wants 0 or 1, got '" + s + "'");
               }});
}
CommandLine &CommandLine::flag(const std::string &name, bool *v, const std::string &help) {
  return push({name, help, "", false, false, false, false, [v](const std::string &) { *v = true; }});
}
CommandLine &CommandLine::add(const std::string &name, std::function<void(const std::string &)> set,
                              const std::string &help, const std::string &shown_default) {
  return push({name, help, shown_default, true, false, false, false, std::move(set)});
}
CommandLine &CommandLine::positional(const std::string &name, std::string *v, const std::string &help, bool required) {
  return push({name, help, "", true, true, required, false, [v](const std::string &s) { *v = s; }});
}

CommandLine::Option *CommandLine::find(const std::string &name) {
  for (auto &o : options_)
    if (o.name == name && !o.positional) return &o;
  return nullptr;
}

bool CommandLine::given(const std::string &name) const {
  for (auto &o : options_)
    if (o.name == name) return o.given;
  return false;
}

void CommandLine::apply(Option &o, const std::string &value) {
  o.set(value);
  o.given = true;
}

std::string CommandLine::usage() const {
  std::string u = "usage: " + program_ + " " + synopsis_ + "\n";
  size_t next_section = 0;
  for (size_t i = 0; i < options_.size(); ++i) {
    while (next_section < sections_.size() && sections_[next_section].first == i)
      u += sections_[next_section++].second + ":\n";
    const auto &o = options_[i];
    std::string left = o.positional ? "  " + o.name : "  --" + o.name + (o.takes_value ? " X" : "");
    if (left.size() < 26) left.resize(26, ' ');
    else left += "\n" + std::string(26, ' ');
    u += left + o.help + (o.shown_default.empty() ? "" : " (default " + o.shown_default + ")") + "\n";
  }
  return u;
}

bool CommandLine::parse(int argc, char **argv) {
  size_t next_positional = 0;
  auto positional_at = [&](size_t k) -> Option * {
    for (auto &o : options_)
      if (o.positional && k-- == 0) return &o;
    return nullptr;
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(usage().c_str(), stdout);
      return false;
    }
    if (a.rfind("--", 0) != 0) {
      Option *p = positional_at(next_positional++);
      if (!p) throw UsageError("unexpected argument '" + a + "'");
      apply(*p, a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) value = name.substr(eq + 1), name.resize(eq), inline_value = true;
    Option *o = find(name);
    if (!o) {
      std::string valid;
      for (auto &x : options_)
        if (!x.positional) valid += " --" + x.name;
      throw UsageError("unknown option '" + a + "'; valid options:" + valid);
    }
    if (o->takes_value && !inline_value) {
      if (i + 1 >= argc) throw UsageError("--" + name + " needs a value");
      value = argv[++i];
    }
    apply(*o, value);
  }
  for (auto &o : options_)
    if (o.positional && o.required && !o.given) throw UsageError("missing " + o.name);
  return true;
}

int CommandLine::parse_for_main(int argc, char **argv, const std::function<void()> &check) {
  try {
    if (!parse(argc, argv)) return 0;
    if (check) check();
  } catch (const std::exception &e) {
    std::fprintf(stderr, "%s: %s\n%s", program_.c_str(), e.what(), usage().c_str());
    return 2;
  }
  return -1;
}

void CommandLine::parse_file(const std::string &path) {
  std::ifstream f(path);
  if (!f) throw UsageError("cannot read '" + path + "'");
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t\r"));
      s.erase(s.find_last_not_of(" \t\r") + 1);
      return s;
    };
    line = trim(line);
    if (line.empty()) continue;
    auto eq = line.find('=');
    std::string name = trim(line.substr(0, eq)), value = eq == std::string::npos ? "" : trim(line.substr(eq + 1));
    Option *o = find(name);
    if (!o) throw UsageError(path + ":" + std::to_string(n) + ": unknown setting '" + name + "'");
    if (o->takes_value && eq == std::string::npos) throw UsageError(path + ":" + std::to_string(n) + ": '" + name + "' needs '= value'");
    apply(*o, value);
  }
}

void add_tracker_tunables(CommandLine &cli, TrackerParams *params) {
  for (const auto &t : tracker_tunables())
    cli.add(t.name, [params, &t](const std::string &v) { t.set(*params, parse_double(v, std::string("--") + t.name)); },
            t.blurb, format_number(t.default_value()));
}

}  // namespace saetrack
