// workload_bench: every workload of workloads/ under every registered
// collector, as Google Benchmark benchmarks named WORKLOAD/COLLECTOR. Each
// iteration is one child `beagle run --gc=COLLECTOR --gc-log=FILE WORKLOAD
// ARGS`: its wall time is the iteration's (manual) time, and its GC log gives
// the counters. bench/README.md and docs/BENCHMARKS.md describe them.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>

#include "bench/gc_log_reader.h"
#include "bench/workloads.h"
#include "collectors/api/registry.h"
#include "collectors/heap/heap.h"
#include "harness/cli/child_process.h"

namespace beagle::bench {
namespace {

const char* kUsage =
    "Usage: workload_bench [OPTIONS] [--benchmark_...]\n"
    "\n"
    "Runs every workload (every .bg file of the workloads folder) under every\n"
    "collector of this build, as benchmarks named WORKLOAD/COLLECTOR. Each\n"
    "iteration is one child `beagle run --gc=COLLECTOR --gc-log=FILE WORKLOAD ARGS`.\n"
    "Its time is the child's wall time (start-up and compilation included); the\n"
    "counters are cpu_ms (the child's user and system CPU time), gc_time_ms,\n"
    "gc_cpu_ms, gc_share, pause_p50_ms, pause_p95_ms, pause_p99_ms, pause_max_ms,\n"
    "minor, major, peak_heap (from the GC log) and peak_rss (the child's). Every\n"
    "run's output must equal the first run's of the same workload; a run that\n"
    "fails or differs is an error, and the exit status is then 1.\n"
    "\n"
    "Options:\n"
    "  --sizes=NAME      the workloads' arguments: a sizes name of the sizes file\n"
    "                    (default, full, tiny; also BEAGLE_BENCH_SIZES); default\n"
    "                    `default`, about a minute a repetition; `full`: issue 9's\n"
    "  --beagle=PATH     the beagle executable (default: this build's)\n"
    "  --workloads=DIR   the workloads folder (default: this checkout's workloads/)\n"
    "  --sizes-file=FILE the sizes file (default: this checkout's bench/sizes)\n"
    "  --timeout=S       time limit per run in seconds (default 600)\n"
    "  --help            show this help, then Google Benchmark's\n"
    "\n"
    "Medians of 3 repetitions, kept as JSON:\n"
    "  workload_bench --benchmark_repetitions=3 --benchmark_out=bench.json\n"
    "                 --benchmark_out_format=json\n"
    "\n"
    "Google Benchmark's options:\n";

struct Settings {
  std::string beagle = BEAGLE_EXECUTABLE;
  std::string workloads = BEAGLE_SOURCE_DIR "/workloads";
  std::string sizes_file = BEAGLE_SOURCE_DIR "/bench/sizes";
  std::string sizes = "default";
  double timeout = 600;
};

// Where each run's output and GC log go, and what each workload printed
// first: every later run of it must print the same.
struct Scratch {
  std::string folder, stdout_path, stderr_path, log_path;
  std::map<std::string, std::string> first_output;
};

Settings settings;
Scratch scratch;
bool any_failed = false;

// What the runs of one repetition add up to.
struct Totals {
  gc::GcStats pauses;  // every pause of every run: its percentiles are the Heap's own
  double wall = 0, cpu = 0, gc_time_ms = 0, gc_cpu_ms = 0, minor = 0, major = 0;
  uint64_t peak_heap = 0;
  long long peak_rss = 0;

  void add(const cli::ChildResult& result, const GcLogRun& log) {
    wall += result.wall_seconds;
    cpu += result.cpu_seconds;
    peak_rss = std::max(peak_rss, result.max_rss_bytes);
    pauses.pauses_ns.insert(pauses.pauses_ns.end(), log.pauses_ns.begin(), log.pauses_ns.end());
    pauses.max_pause_ns = std::max(pauses.max_pause_ns, log.totals.pause_max_ns);
    gc_time_ms += double(log.totals.pause_total_ns) / 1e6;
    gc_cpu_ms += double(log.totals.collector_cpu_ns) / 1e6;
    minor += double(log.totals.minor);
    major += double(log.totals.start + log.totals.major + log.totals.full);  // --stats' major
    peak_heap = std::max(peak_heap, log.totals.peak_heap_bytes);
  }

  void report(benchmark::State& state) const {
    using benchmark::Counter;
    auto ms = [](uint64_t ns) { return double(ns) / 1e6; };
    state.counters["cpu_ms"] = Counter(cpu * 1e3, Counter::kAvgIterations);
    state.counters["gc_time_ms"] = Counter(gc_time_ms, Counter::kAvgIterations);
    state.counters["gc_cpu_ms"] = Counter(gc_cpu_ms, Counter::kAvgIterations);
    state.counters["gc_share"] = Counter(wall > 0 ? gc_time_ms / 1e3 / wall : 0);
    state.counters["pause_p50_ms"] = Counter(ms(pauses.pause_percentile_ns(50)));
    state.counters["pause_p95_ms"] = Counter(ms(pauses.pause_percentile_ns(95)));
    state.counters["pause_p99_ms"] = Counter(ms(pauses.pause_percentile_ns(99)));
    state.counters["pause_max_ms"] = Counter(ms(pauses.max_pause_ns));
    state.counters["minor"] = Counter(minor, Counter::kAvgIterations);
    state.counters["major"] = Counter(major, Counter::kAvgIterations);
    state.counters["peak_heap"] = Counter(double(peak_heap), Counter::kDefaults, Counter::kIs1024);
    state.counters["peak_rss"] = Counter(double(peak_rss), Counter::kDefaults, Counter::kIs1024);
  }
};

// One run of the child: "" and its log when it counts, else why not (it
// failed, or printed something else than the workload's first run).
std::string run_once(const Workload& workload, const cli::ChildRun& child, cli::ChildResult& result, GcLogRun& log) {
  try {
    result = cli::run_child(child);
    if (!result.succeeded()) return result.describe() + ": " + cli::last_words(child);
    std::string output = cli::read_file(child.stdout_path);
    auto [first, inserted] = scratch.first_output.emplace(workload.name, output);
    if (!inserted && first->second != output) {
      return "its output differs from the first run of " + workload.name + " (" + std::to_string(output.size()) +
             " bytes, not " + std::to_string(first->second.size()) + ")";
    }
    log = read_gc_log(scratch.log_path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void run_workload(benchmark::State& state, const Workload& workload, const std::string& collector) {
  cli::ChildRun child;
  child.executable = settings.beagle;
  child.argv = {"beagle", "run", "--gc=" + collector, "--gc-log=" + scratch.log_path, workload.path};
  child.argv.insert(child.argv.end(), workload.args.begin(), workload.args.end());
  child.stdout_path = scratch.stdout_path;
  child.stderr_path = scratch.stderr_path;
  child.timeout_seconds = settings.timeout;
  state.SetLabel(workload.label());
  Totals totals;
  for (auto _ : state) {
    cli::ChildResult result;
    GcLogRun log;
    std::string error = run_once(workload, child, result, log);
    if (!error.empty()) {
      any_failed = true;
      state.SkipWithError(("beagle run --gc=" + collector + " " + workload.command_line() + ": " + error).c_str());
      break;
    }
    state.SetIterationTime(result.wall_seconds);
    totals.add(result, log);
  }
  if (!state.error_occurred()) totals.report(state);
}

void print_usage_then_benchmarks() {
  std::fputs(kUsage, stdout);
  benchmark::PrintDefaultHelp();
}

// Takes this program's own options out of argv (Google Benchmark has taken
// its own); false, with a message, on anything else.
bool parse_options(int argc, char** argv) {
  if (const char* sizes = std::getenv("BEAGLE_BENCH_SIZES"); sizes != nullptr && *sizes != '\0') settings.sizes = sizes;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      size_t n = std::strlen(name);
      return arg.compare(0, n, name) == 0 ? argv[i] + n : nullptr;
    };
    if (const char* v = value("--sizes=")) {
      settings.sizes = v;
    } else if (const char* v = value("--beagle=")) {
      settings.beagle = v;
    } else if (const char* v = value("--workloads=")) {
      settings.workloads = v;
    } else if (const char* v = value("--sizes-file=")) {
      settings.sizes_file = v;
    } else if (const char* v = value("--timeout=")) {
      char* end = nullptr;
      settings.timeout = std::strtod(v, &end);
      if (*v == '\0' || *end != '\0' || !(settings.timeout > 0)) {
        std::fprintf(stderr, "workload_bench: --timeout wants a positive number of seconds, got '%s'\n", v);
        return false;
      }
    } else {
      std::fprintf(stderr, "workload_bench: unknown option '%s' (--help lists them)\n", argv[i]);
      return false;
    }
  }
  if (access(settings.beagle.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "workload_bench: '%s' is not an executable file (--beagle=PATH)\n", settings.beagle.c_str());
    return false;
  }
  return true;
}

void make_scratch() {
  std::string pattern = (std::filesystem::temp_directory_path() / "beagle-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a temporary folder " + pattern);
  scratch.folder = pattern;
  scratch.stdout_path = pattern + "/stdout";
  scratch.stderr_path = pattern + "/stderr";
  scratch.log_path = pattern + "/gc.jsonl";
}

}  // namespace
}  // namespace beagle::bench

int main(int argc, char** argv) {
  using namespace beagle::bench;
  benchmark::Initialize(&argc, argv, print_usage_then_benchmarks);
  if (!parse_options(argc, argv)) return 2;
  std::vector<Workload> workloads;
  try {
    workloads = find_workloads(settings.workloads, settings.sizes_file, settings.sizes);
    make_scratch();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "workload_bench: %s\n", e.what());
    return 2;
  }
  for (const Workload& workload : workloads) {
    for (const beagle::gc::CollectorInfo& collector : beagle::gc::registered_collectors()) {
      std::string name = workload.name + "/" + collector.name;
      benchmark::RegisterBenchmark(name.c_str(), run_workload, workload, std::string(collector.name))
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::AddCustomContext("beagle", settings.beagle);
  benchmark::AddCustomContext("workloads", settings.workloads);
  benchmark::AddCustomContext("sizes", settings.sizes);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove_all(scratch.folder);
  return any_failed ? 1 : 0;
}
