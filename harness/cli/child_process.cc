#include "harness/cli/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace beagle::cli {
namespace {

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

int open_output(const std::string& path) {
  int fd = open(path.empty() ? "/dev/null" : path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw system_error("cannot open '" + path + "' for a child's output");
  return fd;
}

// Waits for the child until the deadline (none when timeout_seconds is 0);
// false if it passed. The child stays a zombie for wait4.
bool await_exit(pid_t pid, double timeout_seconds) {
  if (timeout_seconds <= 0) return true;
  int pidfd = int(syscall(SYS_pidfd_open, pid, 0));  // glibc 2.36 declares pidfd_open without C linkage
  if (pidfd < 0) throw system_error("cannot watch a child process");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  bool exited = false;
  while (!exited) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) break;
    pollfd watch{pidfd, POLLIN, 0};
    int ready = poll(&watch, 1, int(std::min<long long>(left.count() + 1, 1 << 30)));
    if (ready < 0 && errno != EINTR) {
      close(pidfd);
      throw system_error("cannot watch a child process");
    }
    exited = ready > 0;
  }
  close(pidfd);
  return exited;
}

}  // namespace

std::string ChildResult::describe() const {
  if (timed_out) return "timeout";
  if (signal != 0) {
    const char* name = sigabbrev_np(signal);
    return std::string("signal ") + (name != nullptr ? std::string("SIG") + name : std::to_string(signal));
  }
  return "exit status " + std::to_string(exit_status);
}

ChildResult run_child(const ChildRun& run) {
  std::vector<std::string> argv = run.argv;
  std::vector<char*> c_argv;
  for (std::string& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (in < 0) throw system_error("cannot open /dev/null");
  int out = -1, err = -1;
  try {
    out = open_output(run.stdout_path);
    err = open_output(run.stderr_path);
  } catch (...) {
    close(in);
    if (out >= 0) close(out);
    throw;
  }
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(run.executable.c_str(), c_argv.data());
    _exit(127);
  }
  int fork_errno = errno;
  close(in);
  close(out);
  close(err);
  if (pid < 0) {
    errno = fork_errno;
    throw system_error("cannot start a child process");
  }
  setpgid(pid, pid);  // also here, so that a kill cannot come before the child's own call
  ChildResult result;
  if (!await_exit(pid, run.timeout_seconds)) {
    kill(-pid, SIGKILL);
    result.timed_out = true;
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw system_error("cannot wait for a child process");
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  result.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  result.max_rss_bytes = (long long)usage.ru_maxrss * 1024;
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  } else {
    result.exit_status = WEXITSTATUS(status);
  }
  return result;
}

std::string make_temp_file(const std::string& pattern) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + pattern;
  int fd = mkstemp(path.data());
  if (fd < 0) throw system_error("cannot make a temporary file " + path);
  close(fd);
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string last_words(const ChildRun& run, int lines) {
  std::string text = run.stderr_path.empty() ? "" : read_file(run.stderr_path);
  if (text.find_first_not_of(" \n") == std::string::npos && !run.stdout_path.empty()) text = read_file(run.stdout_path);
  std::vector<std::string> all;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) all.push_back(line);
  }
  std::string words;
  for (size_t i = all.size() > size_t(lines) ? all.size() - size_t(lines) : 0; i < all.size(); i++) {
    words += (words.empty() ? "" : " | ") + all[i];
  }
  return words;
}

}  // namespace beagle::cli
