// Runs one fuzz input in a child process, so that what one input does to the
// Program (its definitions, its heap, a stack overflow, memory it leaks by
// design when aborted) cannot change the next input's run. A target that
// compiles or runs a program prepares what every input shares (a Program
// with the prelude loaded) once, and forks per input:
//   - the child runs the input and ends with its exit status (0, or 1 for a
//     program or compile error, out of memory, out of steps: an internal
//     error such as a failed heap verification aborts); its stdout goes to
//     /dev/null; it leaves with _exit, so that neither libFuzzer's exit
//     handler nor LeakSanitizer's whole-process check runs in it;
//   - a child that dies of a signal, or ends any other way (a sanitizer
//     report, which exits with status 1 too, libFuzzer's crash handler),
//     makes the parent abort
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
