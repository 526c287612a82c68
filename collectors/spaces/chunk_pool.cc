#include "collectors/spaces/chunk_pool.h"

#include <sys/mman.h>

namespace beagle::gc {

ChunkPool::~ChunkPool() { trim(0); }

Word* ChunkPool::take(size_t bytes) {
  for (size_t i = kept_.size(); i-- > 0;) {
    if (kept_[i].bytes != bytes) continue;
    Word* begin = kept_[i].begin;
    kept_.erase(kept_.begin() + long(i));
    kept_bytes_ -= bytes;
    return begin;
  }
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return memory == MAP_FAILED ? nullptr : static_cast<Word*>(memory);
}

void ChunkPool::give(Word* begin, size_t bytes) {
  kept_.push_back({begin, bytes});
  kept_bytes_ += bytes;
}

void ChunkPool::trim(size_t keep_bytes) {
  while (kept_bytes_ > keep_bytes) {
    Kept last = kept_.back();
    kept_.pop_back();
    kept_bytes_ -= last.bytes;
    munmap(last.begin, last.bytes);
  }
}

}  // namespace beagle::gc
