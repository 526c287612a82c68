#include "harness/run/run.h"

#include <pthread.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "collectors/heap/event_log.h"
#include "harness/run/collectors.h"
#include "lang/runtime/errors.h"

namespace beagle::run {

namespace {

constexpr size_t kStackBytes = size_t{256} << 20;  // the program's stack: 256 MiB, reserved lazily
constexpr size_t kStackReserve = size_t{1} << 20;  // kept free below the limit for runtime code

RunResult refused(int status, std::string message) {
  RunResult result;
  result.ending = Ending::Refused;
  result.exit_status = status;
  result.message = std::move(message);
  return result;
}

// The checks of the request that need no program, in the order `beagle run`
// has always made them. Returns the refusal, if any.
std::optional<RunResult> check_options(const jit::RunOptions& run) {
  if (gc::find_collector(run.heap.collector) == nullptr) {
    return refused(2, "unknown collector '" + run.heap.collector + "' (collectors: " + collector_names() + ")");
  }
  try {
    gc::HeapOptions options = run.heap;
    options.event_log = {};
    const std::string& dropped = run.heap.test_drop_roots;
    if (dropped.empty()) {
      gc::Heap check(options);  // maps nothing until it allocates
    } else {
      rt::Runtime check(options);  // the root classes are the runtime's
      std::vector<std::string> classes = check.heap().root_class_names();
      if (std::find(classes.begin(), classes.end(), dropped) == classes.end()) {
        std::string names;
        for (const std::string& name : classes) names += (names.empty() ? "" : ", ") + name;
        return refused(2, "--test-drop-roots: no root class '" + dropped + "' (the classes: " + names + ")");
      }
    }
    // The program's heap opens the log again; a path that cannot be written is refused.
    if (run.heap.event_log.enabled && !run.heap.event_log.path.empty()) {
      std::fclose(gc::EventLog::open(run.heap.event_log.path));
    }
  } catch (const std::invalid_argument& e) {
    return refused(2, e.what());
  } catch (const gc::GcLogError& e) {
    return refused(2, e.what());
  }
  return std::nullopt;
}

bool read_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream contents;
  contents << in.rdbuf();
  text = contents.str();
  return true;
}

struct Job {
  RunRequest request;
  RunResult result;
};

void classify(const jit::Program& program, int status, RunResult& result) {
  result.exit_status = status;
  if (status == 0 || !program.error()) return;
  const jit::ProgramError& error = *program.error();
  result.message = error.message;
  switch (error.kind) {
    case jit::ProgramError::Kind::Compile:
      result.ending = Ending::CompileError;
      result.error_file = error.file;
      result.error_pos = error.pos;
      break;
    case jit::ProgramError::Kind::Uncaught: result.ending = Ending::Uncaught; break;
    case jit::ProgramError::Kind::Other: result.ending = Ending::Error; break;
  }
}

// What the heap knows after a run that was not aborted.
void keep_statistics(jit::Program& program, Job& job) {
  gc::Heap& heap = program.runtime().heap();
  job.result.schedule_error = job.request.stress.finish(heap.stress());
  if (!job.result.schedule_error.empty()) job.result.exit_status = 2;
  job.result.stats = heap.stats();
  job.result.wall_ns = gc::now_ns() - heap.stats().start_ns;
}

void* run_on_program_stack(void* argument) {
  auto* job = static_cast<Job*>(argument);
  const RunRequest& request = job->request;
  RunResult& result = job->result;
  rt::Output& output = request.options.output != nullptr ? *request.options.output : rt::Output::process();
  std::unique_ptr<jit::Program> program;
  try {
    program = std::make_unique<jit::Program>(request.options);
    program->use_stack_of_this_thread(kStackReserve);
    classify(*program, program->run_file(request.path, request.text), result);
    keep_statistics(*program, *job);
  } catch (const rt::ProgramAbort& abort) {
    output.err(abort.report());
    result.ending = abort.kind == rt::ProgramAbort::Kind::OutOfMemory ? Ending::OutOfMemory : Ending::Fatal;
    result.exit_status = 1;
    result.message = abort.message;
  } catch (const std::exception& e) {  // from C++ code outside the JIT's frames: making the Program
    // Too small a heap for the prelude reads like running out in compiled
    // code (minheap tells a heap too small by this text).
    bool no_memory = dynamic_cast<const gc::HeapExhausted*>(&e) != nullptr;
    output.err(std::string(no_memory ? "Out of memory: " : "beagle: ") + e.what() + "\n");
    result.ending = no_memory ? Ending::OutOfMemory : Ending::Error;
    result.exit_status = 1;
    result.message = e.what();
  }
  output.flush();
  if (program != nullptr) {
    gc::Heap& heap = program->runtime().heap();
    result.generations = heap.collector().generations() != nullptr;
    if (heap.event_log() != nullptr) result.events = heap.event_log()->events();
  }
  return nullptr;
}

}  // namespace

const char* ending_name(Ending ending) {
  switch (ending) {
    case Ending::Returned: return "returned";
    case Ending::CompileError: return "compile-error";
    case Ending::Uncaught: return "uncaught-exception";
    case Ending::OutOfMemory: return "out-of-memory";
    case Ending::Fatal: return "fatal-error";
    case Ending::Error: return "error";
    case Ending::Refused: return "refused";
  }
  return "?";
}

RunResult run_program(RunRequest request) {
  if (std::optional<RunResult> refusal = check_options(request.options)) return *refusal;
  std::string text;
  if (request.text) {
    text = *request.text;
  } else if (!read_file(request.path, text)) {
    return refused(1, "cannot open '" + request.path + "'");
  }
  if (text.find("// gc-always") != std::string::npos) request.stress.default_to_gc_always("// gc-always");
  if (text.find("// no-std") != std::string::npos) request.options.no_std = true;
  try {
    request.stress.prepare(request.path, text, request.options.heap.collector);
  } catch (const cli::StressUsageError& e) {
    return refused(2, e.what());
  }
  request.options.heap.stress = request.stress.options;
  request.options.heap.event_log.program = {request.path};
  request.options.heap.event_log.program.insert(request.options.heap.event_log.program.end(),
                                                request.options.program_args.begin(),
                                                request.options.program_args.end());

  Job job{std::move(request), {}};
  job.result.collector = job.request.options.heap.collector;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kStackBytes);
  pthread_t thread;
  int failed = pthread_create(&thread, &attr, run_on_program_stack, &job);
  pthread_attr_destroy(&attr);
  if (failed != 0) return refused(1, "cannot start the program thread");
  pthread_join(thread, nullptr);
  return std::move(job.result);
}

}  // namespace beagle::run
