#include "jit/code_memory.h"

#include <sys/mman.h>

#include <stdexcept>
#include <string>

namespace beagle::jit {

CodeMemory::~CodeMemory() {
  for (const Chunk& c : chunks_) munmap(c.base, c.size);
}

uint8_t* CodeMemory::install(asmjit::CodeHolder& code, const CodeNames& names) {
  code.flatten();
  code.resolveUnresolvedLinks();
  size_t size = code.codeSize();
  size_t mapped = (size + 4095) & ~size_t{4095};
  if (mapped == 0) mapped = 4096;
  void* memory = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::runtime_error("out of memory for machine code");
  uint8_t* base = static_cast<uint8_t*>(memory);
  asmjit::Error err = code.relocateToBase(reinterpret_cast<uint64_t>(base));
  if (err != asmjit::kErrorOk) {
    munmap(memory, mapped);
    throw std::runtime_error(std::string("relocating machine code failed: ") + asmjit::DebugUtils::errorAsString(err));
  }
  code.copyFlattenedData(base, size, asmjit::CopySectionFlags::kPadTargetBuffer);
  if (mprotect(memory, mapped, PROT_READ | PROT_EXEC) != 0) {
    munmap(memory, mapped);
    throw std::runtime_error("cannot make machine code executable");
  }
  chunks_.push_back({base, mapped});
  if (!listeners_.empty()) {
    std::vector<CodeRange> ranges = names.ranges(code, base);
    for (CodeListener* listener : listeners_) listener->installed(ranges);
  }
  return base;
}

size_t CodeMemory::total_bytes() const {
  size_t total = 0;
  for (const Chunk& c : chunks_) total += c.size;
  return total;
}

}  // namespace beagle::jit
