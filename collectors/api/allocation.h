// The inline allocation fast paths (attributes.h names which one a collector
// wants), as the runtime's C++ runs them; the JIT emits the same in machine
// code (jit/function_compiler.cc, allocate_object). Each takes no lock and
// no atomic operation: what it touches belongs to the mutator's thread, and
// a collection stops that thread before it flushes the mutator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "collectors/api/attributes.h"
#include "collectors/api/header.h"
#include "collectors/api/mutator.h"

namespace beagle::gc {

// The cell sizes of a size-segregated free-list space, which the free-list
// fast path must know: every size from kMinCellWords to 16 words, then steps
// of about a quarter (at most 25% of a cell is lost to rounding) up to the
// largest small object.
class SizeClasses {
 public:
  // A free cell needs a header and a link.
  static constexpr size_t kMinCellWords = 2;
  static constexpr size_t kLastExactWords = 16;

  explicit SizeClasses(size_t max_object_words);

  size_t count() const { return cell_words_.size(); }
  size_t max_object_words() const { return class_of_words_.size() - 1; }
  // The class of an object of `total_words` (1 <= total_words <= max_object_words()).
  size_t class_of(size_t total_words) const { return class_of_words_[total_words]; }
  size_t cell_words(size_t size_class) const { return cell_words_[size_class]; }

 private:
  std::vector<size_t> cell_words_;       // by class, increasing
  std::vector<uint8_t> class_of_words_;  // by object size in words
};

// Both fast paths prefetch, for writing, memory the next allocations will
// fill: a buffer or list that was last touched a collection ago is out of
// cache, and without it every new cache line stalls the mutator on a write
// miss. The bump path prefetches this far past the new bump pointer
// (HotSpot's AllocatePrefetch does the same in TLABs); binary-trees' mutator
// ran 12% (generational) to 30% (compacting) faster with it, and any
// distance from 384 bytes to 4 KiB did as well.
inline constexpr int32_t kAllocationPrefetchBytes = 512;

// AllocationFastPath::Bump: the next `total_words` of the mutator's buffer,
// or nullptr if they do not fit (a stress mode leaves the buffer empty).
inline Word* bump_allocate(Mutator& mutator, size_t total_words) {
  if (mutator.alloc_ptr == nullptr || total_words > size_t(mutator.alloc_limit - mutator.alloc_ptr)) return nullptr;
  Word* result = mutator.alloc_ptr;
  mutator.alloc_ptr += total_words;
  __builtin_prefetch(reinterpret_cast<const char*>(mutator.alloc_ptr) + kAllocationPrefetchBytes, 1);
  return result;
}

// AllocationFastPath::FreeList: the first cell of the mutator's free list
// for the object's size class, or nullptr if that list is empty (a stress
// mode leaves every list empty). A cell bigger than the object is tiled with
// a filler after it, as the space's own allocation does. It prefetches the
// next cell, whose link the next allocation reads.
inline Word* free_list_allocate(Mutator& mutator, const SizeClasses& classes, size_t total_words) {
  size_t size_class = classes.class_of(total_words);
  Word* cell = mutator.free_cells[size_class];
  if (cell == nullptr) return nullptr;
  mutator.free_cells[size_class] = reinterpret_cast<Word*>(cell[1]);
  __builtin_prefetch(mutator.free_cells[size_class], 1);
  size_t cell_words = classes.cell_words(size_class);
  if (total_words < cell_words) cell[total_words] = filler_header(cell_words - total_words).bits();
  return cell;
}

// The collector's fast path for an object of `total_words`, or nullptr when
// the slow path (Heap::allocate) must serve it. Objects of
// large_object_words or more always take the slow path.
inline Word* inline_allocate(Mutator& mutator, const CollectorAttributes& attributes, size_t total_words) {
  if (total_words >= attributes.large_object_words) return nullptr;
  switch (attributes.fast_path) {
    case AllocationFastPath::None: return nullptr;
    case AllocationFastPath::Bump: return bump_allocate(mutator, total_words);
    case AllocationFastPath::FreeList: return free_list_allocate(mutator, *attributes.size_classes, total_words);
  }
  return nullptr;
}

}  // namespace beagle::gc
