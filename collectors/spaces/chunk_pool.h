// Chunks of memory that spaces have given up, kept mapped for the next space
// that needs a chunk of the same size. A copying collector's semispaces share
// one pool, so every cycle reuses the pages of the last one instead of
// unmapping them and having the kernel map and zero fresh ones; the large
// object space keeps the mappings of the objects it frees the same way. The
// pool's owner trims it when the heap shrinks, which is when memory goes back
// to the system.
#pragma once

#include <cstddef>
#include <map>

#include "collectors/api/header.h"

namespace beagle::gc {

class ChunkPool {
 public:
  ChunkPool() = default;
  ~ChunkPool();  // unmaps every kept chunk
  ChunkPool(const ChunkPool&) = delete;
  ChunkPool& operator=(const ChunkPool&) = delete;

  // A chunk of `bytes` (a multiple of the page size), aligned to
  // kMarkBlockBytes: a kept one of exactly that size, else a new mapping;
  // nullptr when the system refuses. A kept
  // chunk holds what its last user wrote: the caller initialises it.
  Word* take(size_t bytes);
  // Keeps a chunk that take() returned, for a later take().
  void give(Word* begin, size_t bytes);
  // Unmaps kept chunks, the largest first, until at most `keep_bytes` are kept.
  void trim(size_t keep_bytes);

  size_t kept_bytes() const { return kept_bytes_; }

 private:
  std::multimap<size_t, Word*> kept_;  // by size
  size_t kept_bytes_ = 0;
};

}  // namespace beagle::gc
