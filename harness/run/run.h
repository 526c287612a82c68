// Running one Beagle program, as a library call that returns: the one entry
// point behind `beagle run` (harness/cli/run_command.cc) and the Python
// module (python/), usable from any C++ caller (a fuzzer, a benchmark).
//
// run_program() checks the request, reads the program, and runs it on a
// thread of its own with a 256 MiB stack: a fresh Runtime, heap and code
// memory, all released when it returns. Whatever way the program ends (it
// returns, a compile error, an uncaught exception, a fatal error, the heap
// exhausted) comes back as a RunResult; nothing calls exit(). The
// program's text goes to options.output: the process's stdout and stderr
// for the CLI, strings for Python. Runs on different threads may go
// on at once: they share no state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "collectors/api/events.h"
#include "collectors/heap/heap.h"
#include "harness/cli/stress_flags.h"
#include "jit/program.h"
#include "lang/front/source.h"

namespace beagle::run {

struct RunRequest {
  // The heap (collector, its options, limit, verification, event log), the
  // prelude, the arguments of `main`, where the output goes.
  // options.heap.stress is set from `stress`.
  jit::RunOptions options;
  // The stress schedule, parsed by the CLI's own parser (StressFlags::parse:
  // "--gc-always", "--gc-every=100", ...; and --gc-record/--gc-replay).
  // `// gc-always` in the program's text asks for gc-always when no schedule
  // is chosen, and `// no-std` for no prelude (LANGUAGE.md §1.1).
  cli::StressFlags stress;
  // The program's file as given: diagnostics and error locations name it.
  std::string path;
  // Its source; read from `path` when absent.
  std::optional<std::string> text;
};

// How the run ended.
enum class Ending {
  Returned,     // main returned, or there was none (status 0)
  CompileError, // a parse or compile error; nothing ran (status 1)
  Uncaught,     // an exception that no `try` caught (status 1)
  OutOfMemory,  // the heap limit cannot hold the program (status 1)
  Fatal,        // no match arm matched, a heap verification failed, ... (status 1)
  Error,        // another error while running: a used file that cannot be read (status 1)
  Refused,      // the request is wrong, or the file cannot be read; nothing ran (status 2, or 1)
};

const char* ending_name(Ending ending);

struct RunResult {
  Ending ending = Ending::Returned;
  int exit_status = 0;
  // What went wrong, without a prefix: a compile error's message, the raw
  // form of an uncaught value (§5.2), a fatal or out-of-memory message, why
  // the request was refused. Empty when the program returned.
  std::string message;
  // CompileError: the file the error is in and where (1-based line and byte column).
  std::string error_file;
  lang::SourcePos error_pos;
  // The program ran and was not aborted (it returned, or ended with a
  // compile error, an uncaught exception or another error): the heap's
  // statistics, for `--stats`.
  std::optional<gc::GcStats> stats;
  uint64_t wall_ns = 0;  // with stats: from the heap's making to the program's end
  std::string collector;  // the collector that ran
  bool generations = false;  // it has generations (minor and major collections)
  // A --gc-replay schedule the run did not reach to the end (then
  // exit_status is 2): why, as a sentence.
  std::string schedule_error;
  // Every event of the heap's event log, when options.heap.event_log.enabled
  // (docs/GC-LOG.md), with times counted from when the heap was made.
  std::vector<gc::GcEvent> events;
};

RunResult run_program(RunRequest request);

}  // namespace beagle::run
