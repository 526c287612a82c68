// Per-thread state that JIT code reads and writes directly. The JIT emits
// loads and stores at the offsets below, so the layout is part of the
// interface: change it and the emitted code changes with it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "collectors/api/attributes.h"
#include "collectors/api/value.h"

namespace beagle::gc {

// What a mutator's thread is doing, for a stop-the-world (heap/thread_registry.h).
enum class MutatorState : uint8_t {
  Running,  // running compiled code or runtime code that may touch the heap
  Native,   // blocked or busy outside the heap (sleep, waiting for a lock): safe
  Parked,   // stopped at a safepoint until the world resumes: safe
};

struct Mutator;

// The most size classes a free-list space may have (allocation.h).
inline constexpr size_t kMaxSizeClasses = 32;

// Where a snapshot-at-the-beginning barrier hands a full log (barrier.h):
// the collector's, set when the mutator is attached.
class LogSink {
 public:
  virtual ~LogSink() = default;
  // Takes every entry of the mutator's log and empties it. Called by the
  // mutator's own thread, while other mutators and the collector run.
  virtual void take_log(Mutator& mutator) = 0;
};

struct Mutator {
  // The thread's allocation buffer for the inline bump fast path. A stress
  // mode disarms the fast path by setting alloc_limit to alloc_ptr, so every
  // allocation reaches the slow path.
  Word* alloc_ptr = nullptr;
  Word* alloc_limit = nullptr;
  // Recorded by JIT code just before each call out of JIT code, so that the
  // frame walker can start at the innermost JIT frame.
  Word* last_sp = nullptr;
  Word* last_fp = nullptr;
  // False while a stress mode is on: collectors then allocate exactly the
  // object asked for and leave the buffer and the free lists empty.
  bool buffer_allowed = true;
  // True while the stress schedule counts safepoints (--gc-at-safepoints, or
  // a replay of such a record): every call from compiled code into the
  // runtime then calls Heap::safepoint first (jit/runtime_calls.h).
  bool stress_safepoints = false;
  // The store path's state (barrier.h): the collector's barrier kind, and
  // for BarrierKind::RememberObject the remembered buffer of what was
  // logged since the collector last took it: objects (untagged addresses)
  // and, tagged with 1, slots of objects of `remember_slots_from` words or
  // more. The JIT appends through remember(); the buffer grows when full.
  // For BarrierKind::SnapshotAtBeginning the same buffer is the log of
  // overwritten references (untagged addresses), handed to `log_sink` when
  // it holds kSnapshotLogEntries.
  BarrierKind barrier = BarrierKind::None;
  size_t remember_slots_from = SIZE_MAX;
  Word** remembered_top = nullptr;
  Word** remembered_limit = nullptr;
  Word** remembered_begin = nullptr;
  LogSink* log_sink = nullptr;
  // Set (nonzero) while a snapshot-at-the-beginning collector marks: the
  // store path then logs what each store overwrites. Changed only while the
  // world is stopped (or, for a new mutator, before it runs).
  uint8_t marking = 0;
  // Header flags added to the header of every new object, whichever path
  // allocates it (the runtime writes them, rt::new_header, and so does the
  // JIT's inline allocation, for a collector whose attributes say it sets
  // them): kMarked while a collector marks concurrently
  // and allocates black; kUnlogged while the generational collector
  // allocates straight into its old generation. Changed only while the
  // world is stopped.
  uint8_t allocation_flags = 0;
  // The most words a new allocation buffer may hold now: what the heap
  // limit leaves (the Heap sets it before each slow-path allocation, and
  // ChunkedSpace::allocate_with_buffer and FreeListSpace::hand_out_free_cells
  // honour it), since compiled code fills a buffer or empties a free list
  // unseen.
  size_t buffer_room_words = SIZE_MAX;
  // Set (nonzero) by a thread that stops the world: compiled code tests it
  // at every poll (function entry, loop head) and then parks.
  uint8_t safepoint_requested = 0;
  // Guarded by the ThreadRegistry's lock.
  MutatorState state = MutatorState::Running;
  // For AllocationFastPath::FreeList: by size class, the first of the free
  // cells the mutator holds (a free cell is a filler whose word 1 links to
  // the next; all of one list are of one block). The collector hands over a
  // list in the slow path and takes back what is left when it flushes the
  // mutator; a stress mode leaves every list empty.
  Word* free_cells[kMaxSizeClasses] = {};

  Mutator() = default;
  ~Mutator();
  Mutator(const Mutator&) = delete;
  Mutator& operator=(const Mutator&) = delete;
};

inline constexpr size_t kAllocPtrOffset = offsetof(Mutator, alloc_ptr);
inline constexpr size_t kAllocLimitOffset = offsetof(Mutator, alloc_limit);
inline constexpr size_t kLastSpOffset = offsetof(Mutator, last_sp);
inline constexpr size_t kLastFpOffset = offsetof(Mutator, last_fp);
inline constexpr size_t kSafepointRequestedOffset = offsetof(Mutator, safepoint_requested);
inline constexpr size_t kMarkingOffset = offsetof(Mutator, marking);
inline constexpr size_t kAllocationFlagsOffset = offsetof(Mutator, allocation_flags);
inline constexpr size_t kFreeCellsOffset = offsetof(Mutator, free_cells);

}  // namespace beagle::gc
