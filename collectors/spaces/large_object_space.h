// A non-moving space with one mapping per object (page-rounded), for
// objects too big for a free-list cell. Shared by mark-sweep and the
// generational and concurrent collectors that come after it.
//
// A freed object's mapping is kept (ChunkPool) for the next object of the
// same page count: a program that allocates big arrays in a loop reuses
// their pages instead of having the kernel map and zero fresh ones. What
// is kept is at most what was allocated since the last sweep, so a heap
// whose large objects shrink gives their memory back at the next sweep.
//
// The header is written by the caller after allocate() returns, so the
// space tracks its objects by address (and remembers each one's size). Like
// FreeListSpace it knows nothing of roots: a collector sets kMarked on the
// objects it reaches, then sweep() unmaps the others and clears the marks.
#pragma once

#include <cstddef>
#include <functional>
#include <unordered_map>

#include "collectors/api/collector.h"
#include "collectors/spaces/chunk_pool.h"

namespace beagle::gc {

class LargeObjectSpace {
 public:
  explicit LargeObjectSpace(const char* name);
  ~LargeObjectSpace();
  LargeObjectSpace(const LargeObjectSpace&) = delete;
  LargeObjectSpace& operator=(const LargeObjectSpace&) = delete;

  // The memory an object of `total_words` takes: whole pages.
  static size_t mapping_bytes(size_t total_words);

  // Room for one object, or nullptr if the system refuses the memory.
  Word* allocate(size_t total_words);

  // Is `p` the start of one of this space's objects? (References point at
  // object starts, so that is all a tracer needs.)
  bool contains(const Word* p) const { return objects_.count(const_cast<Word*>(p)) != 0; }

  // Frees every unmarked object and clears the marks of the others.
  void sweep();

  // One range per object: exactly the object, not the rest of its pages.
  void for_each_range(const std::function<void(const SpaceRange&)>& fn) const;

  size_t object_count() const { return objects_.size(); }
  size_t used_bytes() const { return used_words_ * sizeof(Word); }
  // Mapped: the objects' pages and the kept ones.
  size_t committed_bytes() const { return committed_bytes_ + pool_.kept_bytes(); }

 private:
  const char* name_;
  std::unordered_map<Word*, size_t> objects_;  // start -> total words
  size_t used_words_ = 0;
  size_t committed_bytes_ = 0;  // the objects' pages
  size_t allocated_since_sweep_bytes_ = 0;
  ChunkPool pool_;
};

}  // namespace beagle::gc
