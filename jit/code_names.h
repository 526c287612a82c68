// Names of installed machine code, for profilers (docs/PROFILING.md).
//
// Whoever emits a block of code names its parts as it emits them
// (CodeNames::begin, before each function or stub); CodeMemory::install
// turns the parts into address ranges once the block is placed and hands
// them to every CodeListener it has (a perf map, a jitdump file). A part
// runs from where it begins to where the next begins (or the block ends),
// so every installed byte has a name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <asmjit/x86.h>

namespace beagle::jit {

// One named range of executable code.
struct CodeRange {
  uintptr_t start;
  size_t size;
  std::string name;
};

class CodeListener {
 public:
  virtual ~CodeListener() = default;
  // `ranges`: the parts of one block just made executable, in address order.
  // The code may be read (not written) at those addresses.
  virtual void installed(const std::vector<CodeRange>& ranges) = 0;
};

class CodeNames {
 public:
  explicit CodeNames(asmjit::x86::Assembler& a) : a_(a) {}

  // The next part, named `name`, begins at the assembler's current offset.
  void begin(std::string name) {
    asmjit::Label label = a_.newLabel();
    a_.bind(label);
    parts_.emplace_back(label, std::move(name));
  }

  // The parts' addresses once the block of `code` is installed at `base`.
  std::vector<CodeRange> ranges(const asmjit::CodeHolder& code, const uint8_t* base) const;

 private:
  asmjit::x86::Assembler& a_;
  std::vector<std::pair<asmjit::Label, std::string>> parts_;
};

}  // namespace beagle::jit
