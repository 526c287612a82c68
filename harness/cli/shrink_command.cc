// `beagle shrink [OPTIONS] --gc-replay=FILE [RUN OPTIONS] PROGRAM [ARGS...]`:
// delta debugging (Zeller's ddmin) over the forced collections of a failing
// schedule, down to a minimal set that still fails the same way.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#include "collectors/heap/stress.h"
#include "harness/cli/child_process.h"
#include "harness/cli/commands.h"

namespace beagle::cli {
namespace {

const char* kShrinkUsage =
    "Usage: beagle shrink [OPTIONS] --gc-replay=FILE [RUN OPTIONS] PROGRAM.bg [ARGS...]\n"
    "\n"
    "FILE is a schedule that makes PROGRAM fail: a --gc-record file of a failing\n"
    "run (docs/STRESS.md). Replays subsets of its forced collections with\n"
    "`beagle run --gc-replay` (Zeller's ddmin) and prints a minimal subset that\n"
    "still fails the same way: the same exit status (or signal) and the same\n"
    "first line of stderr, with numbers and addresses masked (so a verifier\n"
    "message about collection 2 matches one about collection 57). RUN OPTIONS\n"
    "(--gc=NAME, --gc-option, --heap, --test-drop-roots, ...) are passed to every\n"
    "run, as are ARGS.\n"
    "\n"
    "Options:\n"
    "  --output=FILE    where to write the minimal schedule (default: FILE.min)\n"
    "  --timeout=S      time limit per run in seconds (default 60); a run over it\n"
    "                   counts as a timeout, a failure of its own kind\n"
    "  --verbose        print every run's schedule size and outcome to stderr\n"
    "  --help           show this help\n"
    "\n"
    "Exit status: 0 when a minimal schedule was written, 1 when the full schedule\n"
    "does not fail, 2 on a usage error.\n";

struct Outcome {
  std::string kind;  // "exit status N", "signal NAME" or "timeout"
  std::string first_line;
  bool failed() const { return kind != "exit status 0"; }
  bool operator==(const Outcome& other) const { return kind == other.kind && masked() == other.masked(); }

  // The first line with every hex address and number replaced.
  std::string masked() const {
    std::string out;
    for (size_t i = 0; i < first_line.size();) {
      if (first_line.compare(i, 2, "0x") == 0 && i + 2 < first_line.size() &&
          std::isxdigit(static_cast<unsigned char>(first_line[i + 2]))) {
        i += 2;
        while (i < first_line.size() && std::isxdigit(static_cast<unsigned char>(first_line[i]))) i++;
        out += "0x?";
      } else if (std::isdigit(static_cast<unsigned char>(first_line[i]))) {
        while (i < first_line.size() && std::isdigit(static_cast<unsigned char>(first_line[i]))) i++;
        out += "N";
      } else {
        out += first_line[i++];
      }
    }
    return out;
  }
  std::string describe() const { return kind + (first_line.empty() ? "" : ": " + first_line); }
};

class Shrinker {
 public:
  Shrinker(std::vector<std::string> run_arguments, std::string replay_path, gc::ScheduleFile schedule,
           double timeout, bool verbose)
      : run_arguments_(std::move(run_arguments)), replay_path_(std::move(replay_path)),
        schedule_(std::move(schedule)), timeout_(timeout), verbose_(verbose) {
    schedule_path_ = make_temp_file("beagle-shrink-schedule-XXXXXX");
    stderr_path_ = make_temp_file("beagle-shrink-stderr-XXXXXX");
  }
  ~Shrinker() {
    std::remove(schedule_path_.c_str());
    std::remove(stderr_path_.c_str());
  }

  int runs() const { return runs_; }

  Outcome run(const std::vector<uint64_t>& collections) {
    auto cached = cache_.find(collections);
    if (cached != cache_.end()) return cached->second;
    // The full schedule replays the given file, so that an error names it.
    bool full = collections == schedule_.collections;
    if (!full) {
      gc::ScheduleFile file = schedule_;
      file.collections = collections;
      file.end = 0;
      std::ofstream(schedule_path_) << file.text();
    }
    Outcome outcome = execute(full ? replay_path_ : schedule_path_);
    runs_++;
    if (verbose_) {
      std::fprintf(stderr, "beagle shrink: run %d, %zu collection(s): %s\n", runs_, collections.size(),
                   outcome.describe().c_str());
    }
    cache_.emplace(collections, outcome);
    return outcome;
  }

  // ddmin (Zeller and Hildebrandt 2002): the smallest subset found that
  // fails like `target`, 1-minimal (removing any one collection makes it pass
  // or fail differently).
  std::vector<uint64_t> minimize(std::vector<uint64_t> c, const Outcome& target) {
    auto fails = [&](const std::vector<uint64_t>& subset) { return run(subset) == target; };
    if (fails({})) return {};
    size_t n = 2;
    while (c.size() >= 2) {
      std::vector<std::vector<uint64_t>> parts = split(c, n);
      bool reduced = false;
      for (const auto& part : parts) {
        if (fails(part)) {
          c = part;
          n = 2;
          reduced = true;
          break;
        }
      }
      for (size_t i = 0; !reduced && i < parts.size() && n > 2; i++) {
        std::vector<uint64_t> complement;
        for (size_t j = 0; j < parts.size(); j++) {
          if (j != i) complement.insert(complement.end(), parts[j].begin(), parts[j].end());
        }
        if (fails(complement)) {
          c = complement;
          n = std::max<size_t>(n - 1, 2);
          reduced = true;
        }
      }
      if (reduced) continue;
      if (n >= c.size()) break;
      n = std::min(c.size(), 2 * n);
    }
    return c;
  }

 private:
  std::vector<std::string> run_arguments_;  // after `beagle run --gc-replay=FILE`
  std::string replay_path_;
  gc::ScheduleFile schedule_;
  double timeout_;
  bool verbose_;
  std::string schedule_path_, stderr_path_;
  std::map<std::vector<uint64_t>, Outcome> cache_;
  int runs_ = 0;

  static std::vector<std::vector<uint64_t>> split(const std::vector<uint64_t>& c, size_t n) {
    std::vector<std::vector<uint64_t>> parts;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
      size_t end = start + (c.size() - start) / (n - i);
      parts.emplace_back(c.begin() + long(start), c.begin() + long(end));
      start = end;
    }
    return parts;
  }

  // One `beagle run --gc-replay=<schedule_path_> ...`, stdout discarded,
  // stderr to a file, killed at the time limit.
  Outcome execute(const std::string& schedule_path) {
    ChildRun child;
    child.executable = "/proc/self/exe";
    child.argv = {"beagle", "run", "--gc-replay=" + schedule_path};
    child.argv.insert(child.argv.end(), run_arguments_.begin(), run_arguments_.end());
    child.stderr_path = stderr_path_;
    child.timeout_seconds = timeout_;
    ChildResult result = run_child(child);
    Outcome outcome;
    outcome.kind = result.describe();
    if (result.timed_out) return outcome;
    std::ifstream err(stderr_path_);
    std::getline(err, outcome.first_line);
    return outcome;
  }
};

const char* value_of(const std::string& arg, const char* name) {
  size_t n = std::strlen(name);
  return arg.compare(0, n, name) == 0 ? arg.c_str() + n : nullptr;
}

}  // namespace

int shrink_command(const Args& args) {
  std::string replay, output;
  double timeout = 60;
  bool verbose = false;
  std::vector<std::string> run_arguments;
  size_t i = 0;
  for (; i < args.size() && !args[i].empty() && args[i][0] == '-'; i++) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kShrinkUsage, stdout);
      return 0;
    } else if (const char* value = value_of(arg, "--gc-replay=")) {
      replay = value;
    } else if (const char* value = value_of(arg, "--output=")) {
      output = value;
    } else if (const char* value = value_of(arg, "--timeout=")) {
      char* end = nullptr;
      timeout = std::strtod(value, &end);
      if (*value == '\0' || *end != '\0' || !(timeout > 0)) {
        std::fprintf(stderr, "beagle shrink: --timeout wants a positive number of seconds, got '%s'\n", value);
        return 2;
      }
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (value_of(arg, "--gc-record=") != nullptr) {
      std::fprintf(stderr, "beagle shrink: --gc-record makes no sense here (the minimal schedule is written to "
                           "--output)\n");
      return 2;
    } else {
      run_arguments.push_back(arg);
      if (arg == "--gc-option" && i + 1 < args.size()) run_arguments.push_back(args[++i]);
    }
  }
  if (replay.empty() || i == args.size()) {
    std::fprintf(stderr, "beagle shrink: %s\n\n%s", replay.empty() ? "no --gc-replay=FILE given" : "no program given",
                 kShrinkUsage);
    return 2;
  }
  run_arguments.insert(run_arguments.end(), args.begin() + long(i), args.end());
  if (output.empty()) output = replay + ".min";
  gc::ScheduleFile schedule;
  try {
    schedule = gc::ScheduleFile::read(replay);
  } catch (const gc::ScheduleFileError& e) {
    std::fprintf(stderr, "beagle shrink: %s\n", e.what());
    return 2;
  }
  try {
    Shrinker shrinker(run_arguments, replay, schedule, timeout, verbose);
    Outcome full = shrinker.run(schedule.collections);
    if (!full.failed()) {
      std::printf("the full schedule (%zu collections) does not fail: nothing to shrink\n",
                  schedule.collections.size());
      return 1;
    }
    if (full.kind == "exit status 2" && full.first_line.rfind("beagle run:", 0) == 0) {
      std::fprintf(stderr, "beagle shrink: the run itself was refused: %s\n", full.first_line.c_str());
      return 2;
    }
    std::printf("the full schedule (%zu collections) fails with %s\n", schedule.collections.size(),
                full.describe().c_str());
    std::vector<uint64_t> minimal = shrinker.minimize(schedule.collections, full);
    const char* points = gc::stress_points_name(schedule.points);
    std::printf("minimal schedule: %zu collection(s) (%d runs)%s\n", minimal.size(), shrinker.runs(),
                minimal.empty() ? ": it fails with no forced collection" : "");
    for (uint64_t index : minimal) {
      std::printf("  collect at %.*s %llu\n", int(std::strlen(points) - 1), points, (unsigned long long)index);
    }
    gc::ScheduleFile result = schedule;
    result.collections = minimal;
    result.end = 0;
    result.recorded_by = "beagle shrink of " + replay;
    std::ofstream out(output);
    out << result.text();
    if (!out) {
      std::fprintf(stderr, "beagle shrink: cannot write '%s'\n", output.c_str());
      return 2;
    }
    std::printf("written to %s (replay it with beagle run --gc-replay=%s)\n", output.c_str(), output.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "beagle shrink: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace beagle::cli
