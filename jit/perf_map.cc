#include "jit/perf_map.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

namespace beagle::jit {

namespace {

class PerfMap final : public CodeListener {
 public:
  PerfMap() : path_("/tmp/perf-" + std::to_string(getpid()) + ".map") {
    fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot write the perf map " + path_ + ": " + std::strerror(errno));
  }

  void installed(const std::vector<CodeRange>& ranges) override {
    std::string lines;
    char number[40];
    for (const CodeRange& r : ranges) {
      std::snprintf(number, sizeof number, "%" PRIxPTR " %zx ", r.start, r.size);
      lines += number + r.name + "\n";
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (write(fd_, lines.data(), lines.size()) != ssize_t(lines.size())) {
      throw std::runtime_error("cannot write the perf map " + path_ + ": " + std::strerror(errno));
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
};

}  // namespace

CodeListener& perf_map() {
  static PerfMap map;
  return map;
}

}  // namespace beagle::jit
