// Where a program's text goes. `out` is its standard output (print,
// println, the report of an uncaught exception: LANGUAGE.md §7.4), `err`
// its standard error (compile diagnostics, fatal errors). The Runtime
// writes through its Output: `beagle run` gives it the process's stdout and
// stderr, the Python module one that keeps both in strings.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

namespace beagle::rt {

class Output {
 public:
  virtual ~Output() = default;
  virtual void out(std::string_view text) = 0;
  // Text for standard error; whatever `out` holds back is written first,
  // so that the two keep their order where they meet (a terminal, a pipe).
  virtual void err(std::string_view text) = 0;
  // Writes whatever `out` holds back.
  virtual void flush() {}

  // The process's stdout (buffered) and stderr.
  static Output& process();
};

// Keeps both streams in strings.
class CapturedOutput final : public Output {
 public:
  void out(std::string_view text) override { out_text.append(text); }
  void err(std::string_view text) override { err_text.append(text); }

  std::string out_text;
  std::string err_text;
};

// Another Output, one writer at a time: a program's threads share it.
class SerialOutput final : public Output {
 public:
  explicit SerialOutput(Output& inner) : inner_(&inner) {}
  void set(Output& inner) { inner_ = &inner; }
  Output& inner() { return *inner_; }

  void out(std::string_view text) override {
    std::lock_guard held(lock_);
    inner_->out(text);
  }
  void err(std::string_view text) override {
    std::lock_guard held(lock_);
    inner_->err(text);
  }
  void flush() override {
    std::lock_guard held(lock_);
    inner_->flush();
  }

 private:
  Output* inner_;
  std::mutex lock_;
};

}  // namespace beagle::rt
