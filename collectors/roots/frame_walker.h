// Walks one thread's JIT frames and visits their live slots.
//
// The frame protocol the JIT follows (docs/ARCHITECTURE.md, "Roots"):
//  - every JIT frame starts `push rbp; mov rbp, rsp`, so [fp] is the caller's
//    frame pointer and [fp + 8] the return address into the caller;
//  - just before each call out of JIT code, the code stores rsp and rbp in
//    Mutator::last_sp / last_fp; the call then pushes its return address at
//    [last_sp - 8], which keys the stack map of that innermost frame;
//  - C++ enters JIT code through an entry trampoline whose frame saves the
//    mutator's previous last_sp at [fp - 8] and last_fp at [fp - 16], and
//    whose call's return address is registered as a FrameKind::Entry map.
//    A saved last_sp of null marks the thread's first entry: the walk ends.
#pragma once

#include <stdexcept>

#include "collectors/api/mutator.h"
#include "collectors/api/roots.h"
#include "collectors/roots/stack_map.h"

namespace beagle::gc {

// A return address on a JIT stack with no stack map: a JIT bug.
class UnknownFrame : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Entry-frame slots, as word offsets from the trampoline's frame pointer.
inline constexpr int kEntrySavedSpSlot = -1;
inline constexpr int kEntrySavedFpSlot = -2;

class FrameWalker {
 public:
  explicit FrameWalker(const StackMapTable& maps) : maps_(maps) {}

  // Visits every live slot of every JIT frame of the thread, innermost first.
  // Does nothing if the thread is not inside JIT code (last_sp is null).
  void visit_frames(const Mutator& mutator, RootVisitor& visitor) const;

  // Number of JIT frames (not counting entry frames), for tests and traces.
  size_t count_frames(const Mutator& mutator) const;

 private:
  const StackMapTable& maps_;

  template <typename OnFrame>
  void walk(const Mutator& mutator, OnFrame&& on_frame) const;
};

}  // namespace beagle::gc
