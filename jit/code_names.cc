#include "jit/code_names.h"

namespace beagle::jit {

std::vector<CodeRange> CodeNames::ranges(const asmjit::CodeHolder& code, const uint8_t* base) const {
  std::vector<CodeRange> ranges;
  for (size_t i = 0; i < parts_.size(); i++) {
    uint64_t start = code.labelOffsetFromBase(parts_[i].first);
    uint64_t end = i + 1 < parts_.size() ? code.labelOffsetFromBase(parts_[i + 1].first) : code.codeSize();
    if (end > start) ranges.push_back({uintptr_t(base + start), size_t(end - start), parts_[i].second});
  }
  return ranges;
}

}  // namespace beagle::jit
