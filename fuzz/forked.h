// Runs one fuzz input in a child process. The runtime ends the process on a
// fatal error, on out-of-memory and on the step limit (lang/runtime/errors.h),
// which are normal outcomes for a fuzzed program; in libFuzzer's own process
// they would read as "fuzz target exited". So a target that compiles or runs
// a program prepares what every input shares (a Program with the prelude
// loaded) once, and forks per input:
//   - the child runs the input and ends with its exit status (0, or 1 for a
//     program or compile error); its stdout goes to /dev/null;
//   - a child that dies of a signal, or ends with any other status (a
//     sanitizer report, libFuzzer's crash handler), makes the parent abort
//     too, so libFuzzer records the input as a crash. The child's own report
//     is on stderr above the parent's.
// libFuzzer's coverage counters of the child are copied back into the
// parent before it returns, so the fuzzer is guided by what the child ran.
#pragma once

#include <functional>

namespace beagle::fuzz {

// Runs `child` in a forked process; returns its exit status (0 or 1).
int run_forked(const std::function<int()>& child);

}  // namespace beagle::fuzz
