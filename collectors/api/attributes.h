// What a collector tells the JIT and the runtime about its inline fast paths
// (in the manner of Whippet's per-collector "attributes" header). The JIT
// reads these once, at compile time, and emits code to match.
#pragma once

#include <cstddef>

namespace beagle::gc {

enum class AllocationFastPath {
  None,  // every allocation calls the collector
  Bump,  // bump Mutator::alloc_ptr up to Mutator::alloc_limit, else call
  FreeList,  // pop the size class's list of Mutator::free_cells, else call
};

class SizeClasses;  // allocation.h

// What the store path (barrier.h) does after a reference store.
enum class BarrierKind {
  None,            // nothing
  RememberObject,  // an old object's first store since the last collection
                   // appends it to the Mutator's remembered buffer (an
                   // object-remembering sequential store buffer, filtered
                   // by the header's kUnlogged bit); an old object of
                   // large_object_words or more is remembered by the slot
                   // of each reference stored into it instead
  SnapshotAtBeginning,  // while Mutator::marking is set, a store first logs
                        // the reference it overwrites in the Mutator's log
                        // (a deletion barrier after Yuasa, for concurrent
                        // marking of the heap as it was when marking began)
};

struct CollectorAttributes {
  AllocationFastPath fast_path = AllocationFastPath::None;
  BarrierKind barrier = BarrierKind::None;
  // Objects of at least this many words (header included) never take the
  // inline fast path.
  size_t large_object_words = 256;
  // For AllocationFastPath::FreeList: the cell sizes, which say which of
  // the mutator's lists an object takes a cell from, and how big it is.
  const SizeClasses* size_classes = nullptr;
  // Does the collector set Mutator::allocation_flags (concurrent's black
  // allocation, generational's pretenuring)? The JIT's inline allocation
  // then ORs them into each new header; for the others it emits nothing.
  bool allocation_flags = false;
  // Does a collection move objects (so every root must be exact)?
  bool moving = false;
  // Does a whole-heap collection free what no root reaches? False only for
  // a baseline that never frees anything.
  bool reclaims = true;
};

}  // namespace beagle::gc
