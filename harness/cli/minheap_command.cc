// `beagle minheap [OPTIONS] PROGRAM.bg [ARGS...] [OPTIONS]`: the smallest
// --heap at which a program completes under a collector, found by bisection
// over child runs of `beagle run --heap=SIZE` (the heap-size method of
// running-ng and Blackburn et al.: time and pauses are then measured at
// multiples of it).
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "collectors/api/registry.h"
#include "harness/cli/child_process.h"
#include "harness/cli/commands.h"
#include "harness/run/collectors.h"

namespace beagle::cli {
namespace {

const char* kMinheapUsage =
    "Usage: beagle minheap [OPTIONS] PROGRAM.bg [ARGS...] [OPTIONS]\n"
    "\n"
    "Finds the smallest heap limit (`beagle run --heap=SIZE`) at which PROGRAM\n"
    "completes under a collector. It first runs PROGRAM with no limit, then with\n"
    "limits that double or halve from 1M until one completes and one runs out of\n"
    "memory, then bisects between the two. A run completes when it exits with\n"
    "status 0 and prints what the run with no limit printed; it is too small when\n"
    "it ends with `Out of memory: ...` (exit status 1) or passes the time limit.\n"
    "Any other failure (another error, a signal, other output) stops the search\n"
    "with an error: it is not a heap that is too small.\n"
    "\n"
    "Each run is reported on stderr. The result is one line on stdout:\n"
    "  minheap 22.9M (23986176 bytes) for PROGRAM.bg ARGS under COLLECTOR\n"
    "\n"
    "Options may come before PROGRAM or after its ARGS; after `--` every argument\n"
    "is one of ARGS.\n"
    "  --gc=NAME        the collector (default mark-sweep; `beagle gcs` lists them)\n"
    "  --gc-option NAME=VALUE\n"
    "                   a collector option, passed to every run\n"
    "  --tolerance=F    stop when the limit that completes is within F of the\n"
    "                   largest that does not (a fraction, default 0.01: 1%),\n"
    "                   or within 1K\n"
    "  --timeout=S      time limit per run in seconds (default: 10 times the run\n"
    "                   with no limit, at least 10 s); a run over it is too small\n"
    "  --help           show this help\n"
    "\n"
    "Exit status: 0 with the result; 1 when the program fails with no limit, or\n"
    "fails at some limit other than by running out of memory; 2 on a usage error.\n";

constexpr uint64_t kGranule = 1024;               // every limit tried is a multiple of this
constexpr uint64_t kFirstLimit = uint64_t{1} << 20;
constexpr uint64_t kLargestLimit = uint64_t{1} << 40;

struct MinheapUsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The program fails in a way that is not a heap too small: exit status 1.
struct MinheapFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct MinheapOptions {
  std::string collector = "mark-sweep";
  std::vector<std::string> gc_options;  // NAME=VALUE
  double tolerance = 0.01;
  double timeout = 0;  // 0: from the run with no limit
  std::string program;
  std::vector<std::string> program_args;
};

// "12.3M", "1.88M", "812K", "2G": three digits, for people; the bytes are
// what counts.
std::string human_size(uint64_t bytes) {
  const char* units[] = {"G", "M", "K"};
  const uint64_t scales[] = {uint64_t{1} << 30, uint64_t{1} << 20, uint64_t{1} << 10};
  for (int i = 0; i < 3; i++) {
    if (bytes < scales[i]) continue;
    double value = double(bytes) / double(scales[i]);
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", value < 10 ? 2 : value < 100 ? 1 : 0, value);
    std::string s = text;
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s + units[i];
  }
  return std::to_string(bytes);
}

double positive_number(const std::string& option, const char* text) {
  char* end = nullptr;
  double value = std::strtod(text, &end);
  if (*text == '\0' || *end != '\0' || !(value > 0)) {
    throw MinheapUsageError(option + " wants a positive number, got '" + text + "'");
  }
  return value;
}

// Takes args[i] (and, for `--gc-option NAME=VALUE`, the next) if it is an
// option; returns the index of the last argument taken.
size_t parse_option(const Args& args, size_t i, MinheapOptions& options) {
  const std::string& arg = args[i];
  auto value_of = [&](const char* name) -> const char* {
    size_t n = std::strlen(name);
    return arg.compare(0, n, name) == 0 ? arg.c_str() + n : nullptr;
  };
  if (const char* value = value_of("--gc=")) {
    options.collector = value;
  } else if (arg == "--gc-option" || value_of("--gc-option=") != nullptr) {
    if (arg == "--gc-option" && i + 1 == args.size()) throw MinheapUsageError("--gc-option wants NAME=VALUE");
    std::string text = arg == "--gc-option" ? args[++i] : arg.substr(12);
    if (text.find('=') == std::string::npos || text[0] == '=') {
      throw MinheapUsageError("--gc-option wants NAME=VALUE, got '" + text + "'");
    }
    options.gc_options.push_back(text);
  } else if (const char* value = value_of("--tolerance=")) {
    options.tolerance = positive_number("--tolerance", value);
    if (options.tolerance >= 1) throw MinheapUsageError("--tolerance wants a fraction below 1, such as 0.01");
  } else if (const char* value = value_of("--timeout=")) {
    options.timeout = positive_number("--timeout", value);
  } else {
    throw MinheapUsageError("unknown option '" + arg + "'" +
                            (options.program.empty() ? "" : " (an argument of the program goes after --)"));
  }
  return i;
}

enum class Verdict { Completes, TooSmall };

class Search {
 public:
  explicit Search(const MinheapOptions& options)
      : options_(options), stdout_path_(make_temp_file("beagle-minheap-stdout-XXXXXX")),
        stderr_path_(make_temp_file("beagle-minheap-stderr-XXXXXX")) {}
  ~Search() {
    std::remove(stdout_path_.c_str());
    std::remove(stderr_path_.c_str());
  }

  // The run with no limit: what every other run must print.
  void run_unbounded() {
    ChildResult result = run(0);
    std::string first_line = first_stderr_line();
    if (result.exit_status == 2 && first_line.rfind("beagle run:", 0) == 0) {
      throw MinheapUsageError("the run itself was refused: " + first_line);
    }
    if (!result.succeeded()) {
      throw MinheapFailure("the program fails with no heap limit (" + result.describe() + "): " +
                           last_words(last_run_));
    }
    expected_stdout_ = read_file(stdout_path_);
    if (options_.timeout == 0) options_.timeout = std::max(10.0, 10 * result.wall_seconds);
    std::fprintf(stderr, "beagle minheap: no limit: completes in %.2f s (time limit per run %.1f s)\n",
                 result.wall_seconds, options_.timeout);
  }

  // The smallest limit (a multiple of kGranule) found to complete, within
  // the tolerance of the largest found not to.
  uint64_t find() {
    uint64_t low = 0, high = 0;  // low: too small (0: none found yet); high: completes
    if (probe(kFirstLimit) == Verdict::Completes) {
      high = kFirstLimit;
      while (low == 0 && high > kGranule) {
        uint64_t half = high / 2;
        (probe(half) == Verdict::Completes ? high : low) = half;
      }
    } else {
      low = kFirstLimit;
      while (high == 0) {
        if (low * 2 > kLargestLimit) {
          throw MinheapFailure("the program does not complete even with --heap=" + human_size(low) +
                               ", although it does with no limit");
        }
        uint64_t twice = low * 2;
        (probe(twice) == Verdict::Completes ? high : low) = twice;
      }
    }
    while (high - low > std::max<uint64_t>(kGranule, uint64_t(options_.tolerance * double(high)))) {
      uint64_t middle = (low + (high - low) / 2) / kGranule * kGranule;
      if (middle <= low) break;
      (probe(middle) == Verdict::Completes ? high : low) = middle;
    }
    if (low == 0) {
      std::fprintf(stderr, "beagle minheap: %d runs; completes at %s, the smallest limit tried\n", runs_,
                   human_size(high).c_str());
    } else {
      std::fprintf(stderr, "beagle minheap: %d runs; too small at %s (%" PRIu64 " bytes), completes at %s\n", runs_,
                   human_size(low).c_str(), low, human_size(high).c_str());
    }
    return high;
  }

 private:
  MinheapOptions options_;
  std::string stdout_path_, stderr_path_;
  std::string expected_stdout_;
  ChildRun last_run_;
  int runs_ = 0;

  // One `beagle run`, with --heap=heap_bytes unless it is 0.
  ChildResult run(uint64_t heap_bytes) {
    ChildRun child;
    child.executable = "/proc/self/exe";
    child.argv = {"beagle", "run", "--gc=" + options_.collector};
    for (const std::string& option : options_.gc_options) child.argv.push_back("--gc-option=" + option);
    if (heap_bytes != 0) child.argv.push_back("--heap=" + std::to_string(heap_bytes));
    child.argv.push_back(options_.program);
    child.argv.insert(child.argv.end(), options_.program_args.begin(), options_.program_args.end());
    child.stdout_path = stdout_path_;
    child.stderr_path = stderr_path_;
    child.timeout_seconds = options_.timeout;
    runs_++;
    last_run_ = child;
    return run_child(child);
  }

  std::string first_stderr_line() const {
    std::ifstream err(stderr_path_);
    std::string line;
    std::getline(err, line);
    return line;
  }

  bool out_of_memory() const {
    std::ifstream err(stderr_path_);
    for (std::string line; std::getline(err, line);) {
      if (line.rfind("Out of memory: ", 0) == 0) return true;
    }
    return false;
  }

  Verdict probe(uint64_t heap_bytes) {
    ChildResult result = run(heap_bytes);
    std::string limit = "--heap=" + human_size(heap_bytes) + " (" + std::to_string(heap_bytes) + " bytes)";
    const char* verdict = nullptr;
    if (result.timed_out) {
      verdict = "passes the time limit: too small";
    } else if (result.exit_status == 1 && result.signal == 0 && out_of_memory()) {
      verdict = "out of memory";
    } else if (result.succeeded() && read_file(stdout_path_) == expected_stdout_) {
      std::fprintf(stderr, "beagle minheap: %s: completes in %.2f s\n", limit.c_str(), result.wall_seconds);
      return Verdict::Completes;
    } else if (result.succeeded()) {
      throw MinheapFailure("with " + limit + " the program completes but prints something else than with no "
                           "limit (a collector bug?)");
    } else {
      throw MinheapFailure("with " + limit + " the program fails (" + result.describe() + "): " +
                           last_words(last_run_) + "; that is not running out of memory, so the search stops");
    }
    std::fprintf(stderr, "beagle minheap: %s: %s (%.2f s)\n", limit.c_str(), verdict, result.wall_seconds);
    return Verdict::TooSmall;
  }
};

MinheapOptions parse_arguments(const Args& args) {
  MinheapOptions options;
  size_t i = 0;
  for (; i < args.size() && args[i].rfind("-", 0) == 0 && args[i] != "--"; i++) i = parse_option(args, i, options);
  if (i < args.size() && args[i] == "--") i++;
  if (i == args.size()) throw MinheapUsageError("no program given");
  options.program = args[i++];
  for (; i < args.size(); i++) {
    if (args[i] == "--") {
      options.program_args.insert(options.program_args.end(), args.begin() + long(i) + 1, args.end());
      break;
    }
    if (args[i].rfind("--", 0) == 0) {
      i = parse_option(args, i, options);
    } else {
      options.program_args.push_back(args[i]);
    }
  }
  if (gc::find_collector(options.collector) == nullptr) {
    throw MinheapUsageError("unknown collector '" + options.collector + "' (collectors: " + run::collector_names() + ")");
  }
  if (!std::ifstream(options.program)) throw MinheapUsageError("cannot open '" + options.program + "'");
  return options;
}

}  // namespace

int minheap_command(const Args& args) {
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kMinheapUsage, stdout);
      return 0;
    }
  }
  MinheapOptions options;
  try {
    options = parse_arguments(args);
  } catch (const MinheapUsageError& e) {
    std::fprintf(stderr, "beagle minheap: %s\n\n%s", e.what(), kMinheapUsage);
    return 2;
  }
  try {
    Search search(options);
    search.run_unbounded();
    uint64_t bytes = search.find();
    std::string program = options.program;
    for (const std::string& arg : options.program_args) program += " " + arg;
    std::printf("minheap %s (%" PRIu64 " bytes) for %s under %s\n", human_size(bytes).c_str(), bytes,
                program.c_str(), options.collector.c_str());
    return 0;
  } catch (const MinheapUsageError& e) {
    std::fprintf(stderr, "beagle minheap: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "beagle minheap: %s\n", e.what());
    return 1;
  }
}

}  // namespace beagle::cli
