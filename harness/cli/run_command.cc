// `beagle run [OPTIONS] FILE.bg [ARGS...]`: compile and run a program.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "harness/cli/commands.h"
#include "harness/cli/stress_flags.h"
#include "harness/run/run.h"

namespace beagle::cli {
namespace {

const char* kRunUsage =
    "Usage: beagle run [OPTIONS] FILE.bg [ARGS...]\n"
    "\n"
    "Compiles FILE to machine code and runs it: its top-level code, then main.\n"
    "ARGS reach `fn main(args)` as an Array of strings.\n"
    "\n"
    "Options:\n"
    "  --gc=NAME      the garbage collector (default mark-sweep; `beagle gcs` lists them)\n"
    "  --gc-option NAME=VALUE\n"
    "                 a collector option, e.g. nursery=4M (`beagle gcs NAME` lists them)\n"
    "\n"
    "Stress schedules (one at a time; see docs/STRESS.md). Each forces collections\n"
    "that no allocation needs, disarms the inline allocation fast paths (so every\n"
    "allocation reaches the heap) and verifies the heap before and after every\n"
    "collection; a generational collector makes every major-every-th one major:\n"
    "  --gc-always    a collection before every allocation (also BEAGLE_GC_ALWAYS=1,\n"
    "                 or `// gc-always` in the file, when no flag chooses a schedule)\n"
    "  --gc-always=major\n"
    "                 the same, with every collection major (the whole heap)\n"
    "  --gc-every=N   a collection before every N-th allocation\n"
    "  --gc-every-bytes=SIZE\n"
    "                 a collection before the first allocation after SIZE bytes\n"
    "                 (e.g. 4096, 64K) were allocated since the last forced one\n"
    "  --gc-at-safepoints\n"
    "                 a collection at every safepoint: every call from compiled code\n"
    "                 into the runtime or a builtin (not at allocations)\n"
    "  --gc-random=SEED[:P]\n"
    "                 before each allocation, a collection with probability P\n"
    "                 (default 0.1) drawn from a generator seeded with SEED: the same\n"
    "                 seed gives the same collections\n"
    "  --gc-record=FILE\n"
    "                 write the allocation (or safepoint) indices at which the\n"
    "                 schedule collected to FILE\n"
    "  --gc-replay=FILE\n"
    "                 collect at exactly the indices FILE lists (a --gc-record file\n"
    "                 of this program and collector); `beagle shrink` minimises one\n"
    "\n"
    "Other options:\n"
    "  --verify       verify the heap (and, for a generational collector, that the\n"
    "                 remembered set covers every old-to-young reference) before and\n"
    "                 after every collection\n"
    "  --heap=SIZE    a hard limit on the heap, e.g. 64M or 1G (default: grows as needed)\n"
    "  --max-steps=N  stop the program after N steps (function entries and loop\n"
    "                 iterations, the prelude's included; gc() costs 1000) with an\n"
    "                 error that no `try` catches, exit status 1: with --heap, every\n"
    "                 program ends\n"
    "  --stats        print collection statistics to stderr at exit\n"
    "  --gc-log=FILE  write every phase of every collection to FILE as JSON Lines: a\n"
    "                 header (collector, options, heap limit, program, start time), a\n"
    "                 record per phase (requested, stopped, roots, ..., resumed) with\n"
    "                 monotonic nanosecond times, kind, reason and heap sizes, and the\n"
    "                 totals at exit; the schema is docs/GC-LOG.md\n"
    "  --perf-map     write /tmp/perf-PID.map naming every compiled function and stub\n"
    "                 (ns/function; a closure as ns/outer/fn@LINE:COLUMN), so that\n"
    "                 `perf report` shows Beagle functions (docs/PROFILING.md)\n"
    "  --jitdump      write /tmp/jit-PID.dump, a jitdump file with every compiled\n"
    "                 function's name and code, for `perf record -k mono` and\n"
    "                 `perf inject --jit` (docs/PROFILING.md)\n"
    "  --no-std       run without the prelude (also BEAGLE_NO_STD=1, or `// no-std`)\n"
    "  --test-drop-barrier=KIND\n"
    "                 test only: compile stores of KIND (box, binding, field) without their\n"
    "                 write barrier, to show that --verify catches a missing barrier\n"
    "  --test-drop-roots=CLASS\n"
    "                 test only: hide the roots of CLASS (frames, handles, globals)\n"
    "                 from the collector, not from the verifier, to show that a\n"
    "                 stress schedule finds a missing root (and `beagle shrink` the\n"
    "                 collection that exposes it)\n"
    "  --help         show this help\n"
    "Environment: BEAGLE_REPRODUCIBLE=1 makes the collector decide nothing by the\n"
    "                 clock (as under a stress schedule), so that every run of a program\n"
    "                 collects alike (generational's pause-goal, slice-pause and\n"
    "                 minor-goal are off; its nursery is sized by survivor-goal)\n";

bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && std::strcmp(v, "1") == 0;
}

double ms(uint64_t ns) { return double(ns) / 1e6; }
unsigned long long ull(uint64_t n) { return (unsigned long long)n; }

// The format is read by scripts/bench_workloads.py: change both together.
void print_stats(const run::RunResult& result) {
  const gc::GcStats& s = *result.stats;
  std::fprintf(stderr,
               "gc: collector %s, %llu collections (%llu minor, %llu major), pause total %.3f ms, max %.3f ms, "
               "peak heap %zu bytes, %llu slow-path allocations\n",
               result.collector.c_str(), ull(s.collections), ull(s.minor.count), ull(s.major.count),
               ms(s.total_pause_ns), ms(s.max_pause_ns), s.peak_used_bytes, ull(s.allocations));
  std::fprintf(stderr, "gc: pauses p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms\n",
               ms(s.pause_percentile_ns(50)), ms(s.pause_percentile_ns(95)), ms(s.pause_percentile_ns(99)),
               ms(s.max_pause_ns));
  std::fprintf(stderr, "gc: pause cpu p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms\n",
               ms(s.pause_cpu_percentile_ns(50)), ms(s.pause_cpu_percentile_ns(95)),
               ms(s.pause_cpu_percentile_ns(99)), ms(s.pause_cpu_percentile_ns(100)));
  if (result.generations) {
    std::fprintf(stderr,
                 "gc: minor %llu, pause total %.3f ms, max %.3f ms, promoted %llu bytes, remembered %llu entries "
                 "(max %llu in one collection), pretenured %llu bytes\n",
                 ull(s.minor.count), ms(s.minor.total_ns), ms(s.minor.max_ns), ull(s.promoted_bytes),
                 ull(s.remembered_objects), ull(s.max_remembered_objects), ull(s.pretenured_bytes));
  }
  std::fprintf(stderr, "gc: major %llu, pause total %.3f ms, max %.3f ms\n", ull(s.major.count),
               ms(s.major.total_ns), ms(s.major.max_ns));
  std::fprintf(stderr, "gc: longest stall %.3f ms (a collection's request, stopping the world included, to its end)\n",
               ms(s.max_stall_ns));
  uint64_t wall = result.wall_ns;
  std::fprintf(stderr, "gc: wall %.3f ms, mutator %.3f ms, collector cpu %.3f ms\n", ms(wall),
               ms(wall - std::min(wall, s.total_pause_ns)), ms(s.total_pause_cpu_ns));
  if (s.concurrent_cpu_ns != 0) {
    std::fprintf(stderr, "gc: concurrent cpu %.3f ms (the collector's work while the program ran)\n",
                 ms(s.concurrent_cpu_ns));
  }
}

}  // namespace

int run_command(const Args& args) {
  run::RunRequest job;
  bool stats = false;
  job.options.no_std = env_flag("BEAGLE_NO_STD");
  job.options.heap.config.reproducible = env_flag("BEAGLE_REPRODUCIBLE");
  size_t i = 0;
  for (; i < args.size() && !args[i].empty() && args[i][0] == '-'; i++) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kRunUsage, stdout);
      return 0;
    } else if (arg.rfind("--gc=", 0) == 0) {
      job.options.heap.collector = arg.substr(5);
    } else if (arg == "--gc-option" || arg.rfind("--gc-option=", 0) == 0) {
      std::string text = arg == "--gc-option" ? (i + 1 < args.size() ? args[++i] : "") : arg.substr(12);
      size_t equals = text.find('=');
      if (equals == std::string::npos || equals == 0) {
        std::fprintf(stderr, "beagle run: --gc-option wants NAME=VALUE, got '%s'\n", text.c_str());
        return 2;
      }
      job.options.heap.config.options.emplace_back(text.substr(0, equals), text.substr(equals + 1));
    } else if (arg.rfind("--test-drop-barrier=", 0) == 0) {
      std::string kind = arg.substr(20);
      if (kind == "box") {
        job.options.test_drop_barrier = jit::StoreKind::Box;
      } else if (kind == "binding") {
        job.options.test_drop_barrier = jit::StoreKind::Binding;
      } else if (kind == "field") {
        job.options.test_drop_barrier = jit::StoreKind::Field;
      } else {
        std::fprintf(stderr, "beagle run: --test-drop-barrier takes box, binding or field, not '%s'\n", kind.c_str());
        return 2;
      }
    } else if (arg.rfind("--test-drop-roots=", 0) == 0) {
      job.options.heap.test_drop_roots = arg.substr(18);
    } else if (arg == "--verify") {
      job.options.heap.verify = true;
    } else if (arg == "--stats") {
      stats = true;
    } else if (arg == "--perf-map") {
      job.options.perf_map = true;
    } else if (arg == "--jitdump") {
      job.options.jitdump = true;
    } else if (arg.rfind("--gc-log=", 0) == 0) {
      job.options.heap.event_log.enabled = true;
      job.options.heap.event_log.path = arg.substr(9);
      if (job.options.heap.event_log.path.empty()) {
        std::fprintf(stderr, "beagle run: --gc-log wants a file name, as --gc-log=FILE\n");
        return 2;
      }
    } else if (arg == "--no-std") {
      job.options.no_std = true;
    } else if (arg.rfind("--heap=", 0) == 0) {
      if (!gc::parse_size(arg.substr(7), job.options.heap.config.max_heap_bytes)) {
        std::fprintf(stderr, "beagle run: bad heap size '%s' (use e.g. 512K, 64M, 1G)\n", arg.c_str() + 7);
        return 2;
      }
    } else if (arg.rfind("--max-steps=", 0) == 0) {
      const std::string count = arg.substr(12);
      char* end = nullptr;
      errno = 0;
      long long steps = std::strtoll(count.c_str(), &end, 10);
      if (count.empty() || *end != '\0' || errno != 0 || steps <= 0) {
        std::fprintf(stderr, "beagle run: --max-steps wants a positive number, got '%s'\n", count.c_str());
        return 2;
      }
      job.options.max_steps = steps;
    } else {
      try {
        if (job.stress.parse(arg)) continue;
      } catch (const StressUsageError& e) {
        std::fprintf(stderr, "beagle run: %s\n", e.what());
        return 2;
      }
      std::fprintf(stderr, "beagle run: unknown option '%s'\n\n%s", arg.c_str(), kRunUsage);
      return 2;
    }
  }
  if (i == args.size()) {
    std::fprintf(stderr, "beagle run: no file given\n\n%s", kRunUsage);
    return 2;
  }
  job.path = args[i];
  job.options.program_args.assign(args.begin() + long(i) + 1, args.end());
  if (env_flag("BEAGLE_GC_ALWAYS")) job.stress.default_to_gc_always("BEAGLE_GC_ALWAYS=1");
  run::RunResult result = run::run_program(std::move(job));
  if (result.ending == run::Ending::Refused) {
    std::fprintf(stderr, "beagle run: %s\n", result.message.c_str());
    return result.exit_status;
  }
  if (!result.schedule_error.empty()) std::fprintf(stderr, "beagle run: %s\n", result.schedule_error.c_str());
  if (stats && result.stats) print_stats(result);
  return result.exit_status;
}

}  // namespace beagle::cli
