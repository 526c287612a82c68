// mutator_bench: the mutator's hot paths as Google Benchmark benchmarks
// (bench/README.md). Each case is a small Beagle program compiled once per
// benchmark run: a function `run(n)` whose loop does the operation n times,
// and a function `base(n)` with the same loop doing the baseline instead (the
// same work less the operation: usually reading a local). Each iteration of
// the benchmark is one call of run(LOOP), timed by the thread's CPU clock
// (the benchmark's manual time); the counters are per operation:
//   ns_per_op      the loop's time per operation, loop overhead included
//   base_ns        the same for base(LOOP), the median of 7 calls
//   net_ns_per_op  ns_per_op - base_ns: the operation itself
// A case may run with a second thread alive but idle (sleeping, so Native),
// to show what a second registered mutator costs the first.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "collectors/api/registry.h"
#include "collectors/heap/heap.h"
#include "harness/run/collectors.h"
#include "jit/program.h"

namespace beagle::bench {
namespace {

constexpr int64_t kLoop = 100000;  // loop iterations per call
bool any_failed = false;

// Which collectors a case runs under.
enum class Under {
  DefaultCollector,  // the one `beagle run` uses: the operation does not involve the collector
  EachBarrier,       // one collector per distinct "barrier" attribute
  EachFastPath,      // one collector per distinct "fast path" attribute
  EachReclaiming,    // every registered collector that reclaims memory
};

struct Case {
  std::string name;
  std::string declarations;  // top level: run once, when the program loads
  std::string setup;         // at the start of run and base
  std::string operation;     // run's loop body, besides counting
  std::string baseline;      // base's loop body: the operation's surroundings
  int operations = 1;        // operations per loop iteration
  Under under = Under::DefaultCollector;
  bool idle_thread = false;  // a second Beagle thread sleeps while run and base are timed
};

// Declarations of an idle_thread case's program: a second thread that stays alive
// and idle until told to stop. It sleeps (Native, as any Beagle thread in
// sleep), waking every 50 ms to look at the flag; the Program joins it.
const char* kIdleThreadFunctions =
    "let idle-thread-stop = atom(false)\n"
    "fn start-idle-thread() { thread(fn() { while !deref(idle-thread-stop) { sleep(50) } }) }\n"
    "fn stop-idle-thread() { reset!(idle-thread-stop, true) }\n";

// Eight struct types with `x` at eight different positions, read at one site.
Case polymorphic_read() {
  Case c{"property_read/polymorphic8", "fn read(o) { o.x }\nfn pass(o) { o }\n", "", "", "", 8};
  std::string fields, values;  // "f0, f1, ", "f0: 0, f1: 0, "
  for (int k = 0; k < 8; k++) {
    std::string type = "S" + std::to_string(k), object = "o" + std::to_string(k);
    c.declarations += "struct " + type + " { " + fields + "x }\n";
    c.declarations += "let " + object + "-global = " + type + " { " + values + "x: " + std::to_string(k) + " }\n";
    c.setup += "let " + object + " = " + object + "-global\n";
    c.operation += "r = read(" + object + ")\n";
    c.baseline += "r = pass(" + object + ")\n";
    fields += "f" + std::to_string(k) + ", ";
    values += "f" + std::to_string(k) + ": 0, ";
  }
  return c;
}

std::vector<Case> cases() {
  return {
      {"property_read/monomorphic", "struct Point { x, y }\nlet point = Point { x: 1, y: 2 }\n", "let p = point",
       "r = p.y", "r = p"},
      polymorphic_read(),
      // gc() promotes both objects under a generational collector: the
      // store is then old-to-old, the barrier's common case.
      {"property_write",
       "struct Cell { mut value }\nlet cell = Cell { value: null }\nlet other = Cell { value: null }\ngc()\n",
       "let c = cell\nlet v = other", "c.value = v", "r = v", 1, Under::EachBarrier},
      {"call/known", "fn add1(x) { x + 1 }\n", "", "r = add1(i)", "r = i"},
      {"call/closure", "fn make-adder(k) { fn (x) { x + k } }\nlet adder = make-adder(1)\n", "let f = adder",
       "r = f(i)", "r = i"},
      {"call/builtin", "", "", "r = identity(i)", "r = i"},
      {"allocation/struct_literal", "struct Point { x, y }\n", "", "r = Point { x: i, y: i }", "r = i", 1,
       Under::EachFastPath},
      // The same allocation under every collector, with the benchmark's
      // thread the only mutator and with a second thread alive and idle:
      // the second thread should cost the allocation nothing.
      {"allocation/one_thread", "struct Point { x, y }\n", "", "r = Point { x: i, y: i }", "r = i", 1,
       Under::EachReclaiming},
      {"allocation/idle_second_thread", "struct Point { x, y }\n", "", "r = Point { x: i, y: i }", "r = i", 1,
       Under::EachReclaiming, true},
      {"protocol_dispatch",
       "protocol Shape { fn area(self) }\nstruct Square { side }\nextend Square with Shape { fn area(self) { 1 } }\n"
       "let square = Square { side: 3 }\n",
       "let s = square", "r = area(s)", "r = s"},
  };
}

std::string loop_function(const std::string& name, const std::string& setup, const std::string& body) {
  return "fn " + name + "(n) {\n" + setup + "\nlet mut i = 0\nlet mut r = null\nwhile i < n {\n" + body +
         "\ni = i + 1\n}\nr\n}\n";
}

std::string program_text(const Case& c) {
  return (c.idle_thread ? kIdleThreadFunctions : "") + c.declarations + loop_function("run", c.setup, c.operation) + loop_function("base", c.setup, c.baseline);
}

// The collectors to run a case under, each with the part of the case's name
// that names it: for EachBarrier and EachFastPath, the first (by name) of the
// registered collectors that reclaim memory for each distinct value of that
// attribute ("VALUE/COLLECTOR"); for EachReclaiming, each of them.
std::vector<std::pair<std::string, std::string>> collectors_for(Under under) {
  if (under == Under::DefaultCollector) return {{"", gc::HeapOptions{}.collector}};
  const char* attribute = under == Under::EachBarrier ? "barrier" : "fast path";
  std::map<std::string, std::string> first_by_value;
  std::vector<std::pair<std::string, std::string>> reclaiming;
  for (const gc::CollectorInfo& info : gc::registered_collectors()) {
    std::map<std::string, std::string> attributes;
    for (const auto& [key, value] : run::collector_attributes(info)) attributes[key] = value;
    if (attributes["reclaims"] != "yes") continue;
    reclaiming.push_back({info.name, info.name});
    const std::string& value = attributes[attribute];
    if (!first_by_value.count(value) || info.name < first_by_value[value]) first_by_value[value] = info.name;
  }
  if (under == Under::EachReclaiming) return reclaiming;
  std::vector<std::pair<std::string, std::string>> by_value;
  for (const auto& [value, collector] : first_by_value) by_value.push_back({value + "/" + collector, collector});
  return by_value;
}

double thread_cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

// Calls a function of the case's program with no arguments; false if it threw.
bool call_function(jit::Program& program, const char* name) {
  rt::Value function = program.runtime().globals().get(name);
  return !program.stubs().call(program.runtime().main_thread(), function, nullptr, 0).threw;
}

// The thread's CPU time of one call of function(kLoop): the program runs on
// this thread (collections included), and CPU time leaves out the time the
// thread waits for a core on a shared machine.
double seconds_of_call(jit::Program& program, rt::Value function, bool& threw) {
  rt::Value n = rt::Value::from_int(kLoop);
  double start = thread_cpu_seconds();
  jit::CallResult result = program.stubs().call(program.runtime().main_thread(), function, &n, 1);
  double end = thread_cpu_seconds();
  threw = result.threw;
  return end - start;
}

void run_case(benchmark::State& state, const Case& c, const std::string& collector) {
  jit::RunOptions options;
  options.heap.collector = collector;
  jit::Program program(options);
  if (program.run_file("mutator_bench/" + c.name + ".bg", program_text(c)) != 0) {
    state.SkipWithError("the case's program does not compile or load (its error is on stderr)");
    any_failed = true;
    return;
  }
  if (c.idle_thread) {
    // thread() registers the new thread's mutator before it returns.
    bool started = call_function(program, "user/start-idle-thread");
    if (!started || program.runtime().heap().threads().mutators().size() != 2) {
      state.SkipWithError("the idle second thread did not start");
      any_failed = true;
      return;
    }
  }
  rt::Value run = program.runtime().globals().get("user/run");
  rt::Value base = program.runtime().globals().get("user/base");
  bool threw = false;
  std::vector<double> base_seconds;
  for (int i = 0; i < 7 && !threw; i++) base_seconds.push_back(seconds_of_call(program, base, threw));
  double total_seconds = 0;
  for (auto _ : state) {
    if (threw) break;
    double seconds = seconds_of_call(program, run, threw);
    total_seconds += seconds;
    state.SetIterationTime(seconds);
  }
  if (c.idle_thread && !call_function(program, "user/stop-idle-thread")) threw = true;
  if (threw) {
    state.SkipWithError("the case's program threw");
    any_failed = true;
    return;
  }
  double operations = double(state.iterations()) * double(kLoop) * c.operations;
  std::nth_element(base_seconds.begin(), base_seconds.begin() + 3, base_seconds.end());
  double ns_per_op = total_seconds * 1e9 / operations;
  double base_ns = base_seconds[3] * 1e9 / (double(kLoop) * c.operations);
  state.counters["ns_per_op"] = ns_per_op;
  state.counters["base_ns"] = base_ns;
  state.counters["net_ns_per_op"] = ns_per_op - base_ns;
  state.SetItemsProcessed(int64_t(operations));
}

const char* kUsage =
    "Usage: mutator_bench [--benchmark_...]\n"
    "\n"
    "Times the mutator's hot paths in compiled Beagle code: property reads\n"
    "(monomorphic, and one site seeing eight struct types), a property write\n"
    "under each barrier kind of the registered collectors, calls (a known\n"
    "function, a closure, a builtin), an inline allocation (a struct literal)\n"
    "under each allocation fast path, the same allocation under every\n"
    "collector with one thread and with a second thread alive but idle\n"
    "(sleeping), and a protocol dispatch. Each case's\n"
    "loop does the operation 100000 times a call; the counters, per operation:\n"
    "ns_per_op (loop included), base_ns (the same loop without the operation)\n"
    "and net_ns_per_op (the difference). bench/README.md describes each case.\n"
    "A case whose program fails to compile or throws is an error (exit status 1).\n"
    "\n"
    "As JSON, medians of 3 repetitions:\n"
    "  mutator_bench --benchmark_format=json --benchmark_repetitions=3\n"
    "                --benchmark_report_aggregates_only=true\n"
    "\n"
    "Google Benchmark's options:\n";

void register_cases() {
  for (const Case& c : cases()) {
    for (const auto& [suffix, collector] : collectors_for(c.under)) {
      std::string name = c.name + (suffix.empty() ? "" : "/" + suffix);
      benchmark::RegisterBenchmark(name.c_str(), [c, collector = collector](benchmark::State& state) {
        run_case(state, c, collector);
      })->UseManualTime()->Unit(benchmark::kMillisecond);
    }
  }
}

}  // namespace
}  // namespace beagle::bench

int main(int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--help") == 0) std::fputs(beagle::bench::kUsage, stdout);
  }
  beagle::bench::register_cases();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return beagle::bench::any_failed ? 1 : 0;
}
