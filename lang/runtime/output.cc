#include "lang/runtime/output.h"

#include <cstdio>

namespace beagle::rt {

namespace {

class ProcessOutput final : public Output {
 public:
  void out(std::string_view text) override { std::fwrite(text.data(), 1, text.size(), stdout); }
  void err(std::string_view text) override {
    std::fflush(stdout);
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
  void flush() override { std::fflush(stdout); }
};

}  // namespace

Output& Output::process() {
  static ProcessOutput output;
  return output;
}

}  // namespace beagle::rt
