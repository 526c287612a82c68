// One child process run to its end: `beagle shrink` and `beagle minheap` run
// `beagle run` this way, and the workload benchmarks (bench/) run each
// iteration this way. The child gets /dev/null as stdin, its stdout and
// stderr go to files (or /dev/null), and it runs in its own process group,
// which is killed whole when the time limit passes.
#pragma once

#include <string>
#include <vector>

namespace beagle::cli {

struct ChildRun {
  std::string executable;          // a path; not searched on PATH
  std::vector<std::string> argv;   // argv[0] included
  std::string stdout_path;         // empty: /dev/null
  std::string stderr_path;         // empty: /dev/null
  double timeout_seconds = 0;      // 0: no limit
};

struct ChildResult {
  bool timed_out = false;
  int signal = 0;        // the signal that ended it, 0 if it exited
  int exit_status = 0;   // its exit status, if it exited
  double wall_seconds = 0;      // from just before the fork to the wait's return
  double cpu_seconds = 0;       // the child's user and system CPU time
  long long max_rss_bytes = 0;  // the child's peak resident set size (ru_maxrss)

  bool succeeded() const { return !timed_out && signal == 0 && exit_status == 0; }
  // "exit status N", "signal SIGSEGV" or "timeout".
  std::string describe() const;
};

// Runs the child and waits for it. Throws std::runtime_error when it cannot
// be started (no fork, an output file that cannot be opened, no such
// executable: the last shows as exit status 127).
ChildResult run_child(const ChildRun& run);

// A new empty file from a mkstemp pattern under $TMPDIR (else /tmp), such as
// "beagle-minheap-stdout-XXXXXX"; its path. Throws std::runtime_error.
std::string make_temp_file(const std::string& pattern);

// The whole content of a file ("" if it cannot be read).
std::string read_file(const std::string& path);

// What a failed child said, for an error message: the last `lines` lines of
// its stderr, or of its stdout when stderr is empty (an uncaught Beagle
// exception is printed on stdout), joined by " | ".
std::string last_words(const ChildRun& run, int lines = 3);

}  // namespace beagle::cli
