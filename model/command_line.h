// The one command-line parser of every saetrack program. Options are declared against the
// variables they set, so a default lives only in the struct that holds it and the usage text
// shows it; unknown flags, missing values and malformed numbers are errors that list the valid
// flags (a typo must never run a recipe with the wrong settings). Files of "name = value" lines
// (recipes) are read by the same parser.
#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace saetrack {

struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

class CommandLine {
 public:
  CommandLine(std::string program, std::string synopsis);

  CommandLine &section(const std::string &title);  // a heading in the usage text
  CommandLine &add(const std::string &name, std::string *v, const std::string &help);
  CommandLine &add(const std::string &name, double *v, const std::string &help);
  CommandLine &add(const std::string &name, int *v, const std::string &help);
  CommandLine &add(const std::string &name, int64_t *v, const std::string &help);
  CommandLine &add(const std::string &name, uint64_t *v, const std::string &help);  // also size_t
  CommandLine &add(const std::string &name, bool *v, const std::string &help);  // value 0/1/true/false
  CommandLine &flag(const std::string &name, bool *v, const std::string &help);  // no value: sets true
  CommandLine &add(const std::string &name, std::function<void(const std::string &)> set, const std::string &help,
                   const std::string &shown_default = "");
  // Positional arguments, in order; required ones must be given.
  CommandLine &positional(const std::string &name, std::string *v, const std::string &help, bool required = true);

  // Parses argv[1..]. Returns false after printing the usage for --help/-h (the caller exits 0).
  // Throws UsageError naming the problem.
  bool parse(int argc, char **argv);
  // For main(): parses argv, then runs `check` (which may throw UsageError for missing or
  // inconsistent options). Returns -1 to go on, 0 after printing the usage for --help, 2 after
  // printing "program: problem" and the usage to stderr.
  int parse_for_main(int argc, char **argv, const std::function<void()> &check = {});
  // Applies "name = value" lines (blank lines and # comments skipped) as if they were flags.
  void parse_file(const std::string &path);
  bool given(const std::string &name) const;
  std::string usage() const;

 private:
  struct Option {
    std::string name, help, shown_default;
    bool takes_value = true, positional = false, required = false, given = false;
    std::function<void(const std::string &)> set;
  };
  Option *find(const std::string &name);
  void apply(Option &o, const std::string &value);
  CommandLine &push(Option o);

  std::string program_, synopsis_;
  std::vector<Option> options_;
  std::vector<std::pair<size_t, std::string>> sections_;  // heading before options_[index]
};

// Numbers from text, the whole string or an error naming `what`.
double parse_double(const std::string &s, const std::string &what);
int64_t parse_int(const std::string &s, const std::string &what);
// A number as the usage text shows defaults (shortest form: 0.0205, 1e-05).
std::string format_number(double v);

struct TrackerParams;
// Every tracker tunable (model/tunables.cpp) as --NAME VALUE, setting *params; the element's
// properties of the same names.
void add_tracker_tunables(CommandLine &cli, TrackerParams *params);

}  // namespace saetrack
