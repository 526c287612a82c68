// Memory for machine code. Code is written into fresh read-write pages, then
// those pages become read-execute before any of it runs; no page is ever
// writable and executable at once. Memory grows on demand in chunks; a chunk
// is never written again once it is executable. Each block comes with the
// names of its parts (code_names.h), which the listeners receive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <asmjit/core.h>

#include "jit/code_names.h"

namespace beagle::jit {

class CodeMemory {
 public:
  CodeMemory() = default;
  ~CodeMemory();
  CodeMemory(const CodeMemory&) = delete;
  CodeMemory& operator=(const CodeMemory&) = delete;

  // Relocates the code in `code` to fresh memory, makes it executable,
  // tells each listener where its named parts are, and returns its base
  // address. Throws std::runtime_error.
  uint8_t* install(asmjit::CodeHolder& code, const CodeNames& names);

  // A listener that lives longer than this memory (perf_map.h, jitdump.h).
  void add_listener(CodeListener& listener) { listeners_.push_back(&listener); }

  size_t chunk_count() const { return chunks_.size(); }
  size_t total_bytes() const;

 private:
  struct Chunk {
    uint8_t* base;
    size_t size;
  };
  std::vector<Chunk> chunks_;
  std::vector<CodeListener*> listeners_;
};

}  // namespace beagle::jit
