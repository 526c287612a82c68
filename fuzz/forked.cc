#include "fuzz/forked.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// The 8-bit counters SanitizerCoverage keeps for libFuzzer
// (-fsanitize=fuzzer): the linker marks the section's bounds. Without
// libFuzzer (a replay build) there is no such section and both are null.
extern "C" {
extern uint8_t __start___sancov_cntrs[] __attribute__((weak, visibility("hidden")));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak, visibility("hidden")));
}

namespace beagle::fuzz {
namespace {

uint8_t* counters_begin() { return __start___sancov_cntrs; }
size_t counters_size() {
  return counters_begin() == nullptr ? 0 : size_t(__stop___sancov_cntrs - __start___sancov_cntrs);
}

// Memory the child writes its counters into and the parent reads them from.
uint8_t* shared_counters() {
  static uint8_t* shared = [] {
    if (counters_size() == 0) return static_cast<uint8_t*>(nullptr);
    void* memory = mmap(nullptr, counters_size(), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      std::perror("fuzz: mmap of the shared coverage counters");
      std::abort();
    }
    return static_cast<uint8_t*>(memory);
  }();
  return shared;
}

// A child that finishes its input exits with kFinished + its status (0 or
// 1), so that no other way of exiting can pass for it: a sanitizer's report
// exits with status 1 too (ASan's default exitcode).
constexpr int kFinished = 40;

[[noreturn]] void end_child(int status) {
  if (counters_size() != 0) std::memcpy(shared_counters(), counters_begin(), counters_size());
  std::fflush(nullptr);
  _exit(status);
}

}  // namespace

int run_forked(const std::function<int()>& child) {
  std::fflush(nullptr);
  if (counters_size() != 0) shared_counters();
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("fuzz: fork");
    std::abort();
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // a parent killed for a timeout takes its child along
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDOUT_FILENO);
    end_child(kFinished + child());
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      std::perror("fuzz: waitpid");
      std::abort();
    }
  }
  if (WIFSIGNALED(status)) {
    std::fprintf(stderr, "fuzz: the child running the input died of signal %d (%s)\n", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    std::abort();
  }
  int code = WEXITSTATUS(status) - kFinished;
  if (code != 0 && code != 1) {
    std::fprintf(stderr,
                 "fuzz: the child running the input exited with status %d, not after finishing it "
                 "(a sanitizer report, or libFuzzer's crash handler)\n",
                 WEXITSTATUS(status));
    std::abort();
  }
  if (counters_size() != 0) std::memcpy(counters_begin(), shared_counters(), counters_size());
  return code;
}

}  // namespace beagle::fuzz
