// `beagle run [OPTIONS] FILE.bg [ARGS...]`: compile and run a program.
#include <pthread.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "collectors/api/registry.h"
#include "harness/cli/commands.h"
#include "jit/program.h"
#include "lang/runtime/builtins.h"

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
    "  --gc-always    a full collection before every allocation, with heap verification\n"
    "                 after each (also BEAGLE_GC_ALWAYS=1, or `// gc-always` in the file)\n"
    "  --verify       verify the heap after every collection\n"
    "  --heap=SIZE    a hard limit on the heap, e.g. 64M or 1G (default: grows as needed)\n"
    "  --stats        print collection statistics to stderr at exit\n"
    "  --no-std       run without the prelude (also BEAGLE_NO_STD=1, or `// no-std`)\n"
    "  --help         show this help\n";

constexpr size_t kStackBytes = size_t{256} << 20;   // the program's stack: 256 MiB, reserved lazily
constexpr size_t kStackReserve = size_t{1} << 20;   // kept free below the limit for runtime code

bool parse_size(const std::string& text, size_t& out) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return false;
  char* end = nullptr;
  unsigned long long n = std::strtoull(text.c_str(), &end, 10);
  if (end == text.c_str()) return false;
  std::string unit(end);
  size_t scale = unit.empty() || unit == "B" ? 1
                 : unit == "K" || unit == "k" ? 1024
                 : unit == "M" || unit == "m" ? 1024 * 1024
                 : unit == "G" || unit == "g" ? size_t{1} << 30
                                              : 0;
  if (scale == 0) return false;
  out = size_t(n) * scale;
  return true;
}

bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && std::strcmp(v, "1") == 0;
}

struct RunJob {
  jit::RunOptions options;
  std::string path;
  bool stats = false;
  int status = 0;
};

void print_stats(jit::Program& program) {
  const gc::GcStats& s = program.runtime().heap().stats();
  std::fprintf(stderr,
               "gc: collector %s, %llu collections, pause total %.3f ms, max %.3f ms, peak heap %zu bytes, "
               "%llu slow-path allocations\n",
               program.runtime().heap().options().collector.c_str(), (unsigned long long)s.collections,
               double(s.total_pause_ns) / 1e6, double(s.max_pause_ns) / 1e6, s.peak_used_bytes,
               (unsigned long long)s.allocations);
}

void* run_on_program_stack(void* argument) {
  auto* job = static_cast<RunJob*>(argument);
  try {
    jit::Program program(job->options);
    pthread_attr_t attr;
    void* stack_low = nullptr;
    size_t stack_size = 0;
    pthread_getattr_np(pthread_self(), &attr);
    pthread_attr_getstack(&attr, &stack_low, &stack_size);
    pthread_attr_destroy(&attr);
    program.runtime().main_thread().stack_limit = reinterpret_cast<gc::Word*>(static_cast<char*>(stack_low) + kStackReserve);
    job->status = program.run_file(job->path);
    if (job->stats) print_stats(program);
  } catch (const std::exception& e) {
    rt::flush_stdout();
    std::fprintf(stderr, "beagle: %s\n", e.what());
    job->status = 1;
  }
  rt::flush_stdout();
  return nullptr;
}

}  // namespace

int run_command(const Args& args) {
  RunJob job;
  job.options.heap.gc_always = env_flag("BEAGLE_GC_ALWAYS");
  job.options.no_std = env_flag("BEAGLE_NO_STD");
  size_t i = 0;
  for (; i < args.size() && !args[i].empty() && args[i][0] == '-'; i++) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kRunUsage, stdout);
      return 0;
    } else if (arg.rfind("--gc=", 0) == 0) {
      job.options.heap.collector = arg.substr(5);
    } else if (arg == "--gc-always") {
      job.options.heap.gc_always = true;
    } else if (arg == "--verify") {
      job.options.heap.verify = true;
    } else if (arg == "--stats") {
      job.stats = true;
    } else if (arg == "--no-std") {
      job.options.no_std = true;
    } else if (arg.rfind("--heap=", 0) == 0) {
      if (!parse_size(arg.substr(7), job.options.heap.config.max_heap_bytes)) {
        std::fprintf(stderr, "beagle run: bad heap size '%s' (use e.g. 512K, 64M, 1G)\n", arg.c_str() + 7);
        return 2;
      }
    } else {
      std::fprintf(stderr, "beagle run: unknown option '%s'\n\n%s", arg.c_str(), kRunUsage);
      return 2;
    }
  }
  if (i == args.size()) {
    std::fprintf(stderr, "beagle run: no file given\n\n%s", kRunUsage);
    return 2;
  }
  if (gc::find_collector(job.options.heap.collector) == nullptr) {
    std::fprintf(stderr, "beagle run: unknown collector '%s'; `beagle gcs` lists them\n",
                 job.options.heap.collector.c_str());
    return 2;
  }
  job.path = args[i];
  job.options.program_args.assign(args.begin() + long(i) + 1, args.end());
  {
    std::ifstream in(job.path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "beagle run: cannot open '%s'\n", job.path.c_str());
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("// gc-always") != std::string::npos) job.options.heap.gc_always = true;
    if (text.str().find("// no-std") != std::string::npos) job.options.no_std = true;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kStackBytes);
  pthread_t thread;
  if (pthread_create(&thread, &attr, run_on_program_stack, &job) != 0) {
    std::fprintf(stderr, "beagle run: cannot start the program thread\n");
    return 1;
  }
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  return job.status;
}

}  // namespace beagle::cli
