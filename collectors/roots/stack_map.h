// The stack-map table: for every safepoint the JIT emits (a call, a runtime
// call, an allocation slow path, a poll) the frame slots that hold live
// values there, keyed by the return address of that call. One table for
// every collector; O(1) lookup.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace beagle::gc {

enum class FrameKind : uint8_t {
  Jit,    // a compiled Beagle function: its live slots are listed
  Entry,  // a trampoline through which C++ called JIT code (see frame_walker.h)
};

struct StackMap {
  FrameKind kind = FrameKind::Jit;
  // Live slots as word offsets from the frame pointer (negative: below it,
  // positive: the incoming arguments above the return address).
  std::vector<int32_t> live_slots;
  // For error locations and traces: the function ("ns/name" or
  // "<Anonymous>"), its source file and the line of its `fn` keyword.
  const char* function = "";
  uint32_t line = 0;
  const char* file = "";
  // For functions taking a variable number of arguments: a frame slot that
  // holds the raw argument count; the words at fp + 2 ... fp + 2 + count - 1
  // are then live too. 0: none.
  int32_t argument_count_slot = 0;
};

class StackMapTable {
 public:
  // Adds the map of one safepoint. A return address may be added once.
  void add(uintptr_t return_address, StackMap map);
  // The map for a return address, or nullptr if it is not a safepoint.
  const StackMap* find(uintptr_t return_address) const;
  size_t size() const;

 private:
  mutable std::mutex lock_;
  std::unordered_map<uintptr_t, StackMap> maps_;
};

}  // namespace beagle::gc
