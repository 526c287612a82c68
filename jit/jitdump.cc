#include "jit/jitdump.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

namespace beagle::jit {

namespace {

constexpr uint32_t kMagic = 0x4A695444;  // "JiTD", written in the machine's byte order
constexpr uint32_t kVersion = 1;
constexpr uint32_t kHeaderBytes = 40;
constexpr uint32_t kCodeLoad = 0;
constexpr uint32_t kCodeLoadFixedBytes = 56;  // the record header (16) and pid..code_index (40)

uint64_t monotonic_ns() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec);
}

// Appends a field in the machine's byte order, as the format wants.
template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

class JitDump final : public CodeListener {
 public:
  JitDump() : path_("/tmp/jit-" + std::to_string(getpid()) + ".dump") {
    fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("cannot make");
    std::string header;
    put<uint32_t>(header, kMagic);
    put<uint32_t>(header, kVersion);
    put<uint32_t>(header, kHeaderBytes);
    put<uint32_t>(header, EM_X86_64);
    put<uint32_t>(header, 0);  // reserved
    put<uint32_t>(header, uint32_t(getpid()));
    put<uint64_t>(header, monotonic_ns());
    put<uint64_t>(header, 0);  // flags: timestamps are CLOCK_MONOTONIC
    append(header);
    // perf sees this mapping in its trace and finds the file by its name.
    marker_ = mmap(nullptr, size_t(sysconf(_SC_PAGESIZE)), PROT_READ | PROT_EXEC, MAP_PRIVATE, fd_, 0);
    if (marker_ == MAP_FAILED) fail("cannot map");
  }

  void installed(const std::vector<CodeRange>& ranges) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string records;
    for (const CodeRange& r : ranges) {
      put<uint32_t>(records, kCodeLoad);
      put<uint32_t>(records, uint32_t(kCodeLoadFixedBytes + r.name.size() + 1 + r.size));
      put<uint64_t>(records, monotonic_ns());
      put<uint32_t>(records, uint32_t(getpid()));
      put<uint32_t>(records, uint32_t(syscall(SYS_gettid)));
      put<uint64_t>(records, r.start);  // vma
      put<uint64_t>(records, r.start);  // code_addr
      put<uint64_t>(records, r.size);
      put<uint64_t>(records, next_index_++);
      records.append(r.name.c_str(), r.name.size() + 1);
      records.append(reinterpret_cast<const char*>(r.start), r.size);
    }
    append(records);
  }

 private:
  std::string path_;
  int fd_ = -1;
  void* marker_ = nullptr;
  uint64_t next_index_ = 0;
  std::mutex mutex_;

  void append(const std::string& bytes) {
    if (write(fd_, bytes.data(), bytes.size()) != ssize_t(bytes.size())) fail("cannot write");
  }

  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(std::string(what) + " the jitdump file " + path_ + ": " + std::strerror(errno));
  }
};

}  // namespace

CodeListener& jitdump() {
  static JitDump dump;
  return dump;
}

}  // namespace beagle::jit
