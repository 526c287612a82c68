// A Beagle thread's runtime state. JIT code keeps a pointer to it in r15 and
// reads the fields below at fixed offsets: the collector's Mutator first
// (allocation buffer, last sp/fp), then the runtime's own.
#pragma once

#include <cstddef>
#include <cstdint>

#include "collectors/api/mutator.h"
#include "collectors/roots/handles.h"
#include "lang/runtime/objects.h"

namespace beagle::rt {

class Runtime;

// A `try` block's handler, kept in the frame of the function that runs the
// `try`; linked through the thread. A throw restores sp/fp and jumps to
// `catch_address` with the thrown value in rax.
struct HandlerRecord {
  HandlerRecord* previous;
  Word* sp;
  Word* fp;
  void* catch_address;
};

// Standard layout, so the offsets below are well defined.
// The step budget of a run with no --max-steps: never used up.
inline constexpr int64_t kUnlimitedSteps = INT64_MAX;

struct Thread {
  gc::Mutator mutator;
  Word* stack_limit = nullptr;        // below this, a call throws "Stack overflow"
  HandlerRecord* handlers = nullptr;  // innermost `try`
  Runtime* runtime = nullptr;
  gc::HandleArea* handles = nullptr;  // owned by the Runtime
  // The slow path of the collector's barrier for compiled code
  // (jit/stubs.cc), called through this field so that a store site needs no
  // register for its address.
  uintptr_t barrier_stub = 0;
  // Steps left before the program is stopped (--max-steps): compiled code
  // counts one per function entry and loop iteration, and only when the
  // program was compiled with a limit (RunOptions::max_steps); builtins
  // charge for work of their own (charge_steps, builtins.h). The threads
  // share the program's budget: a thread started takes half of its
  // parent's (Threads::start).
  int64_t steps_left = kUnlimitedSteps;
};

inline constexpr size_t kThreadMutatorOffset = offsetof(Thread, mutator);
inline constexpr size_t kThreadSafepointRequestedOffset = kThreadMutatorOffset + gc::kSafepointRequestedOffset;
inline constexpr size_t kThreadStackLimitOffset = offsetof(Thread, stack_limit);
inline constexpr size_t kThreadHandlersOffset = offsetof(Thread, handlers);
inline constexpr size_t kThreadBarrierStubOffset = offsetof(Thread, barrier_stub);
inline constexpr size_t kThreadStepsLeftOffset = offsetof(Thread, steps_left);
inline constexpr size_t kHandlerPreviousOffset = offsetof(HandlerRecord, previous);
inline constexpr size_t kHandlerSpOffset = offsetof(HandlerRecord, sp);
inline constexpr size_t kHandlerFpOffset = offsetof(HandlerRecord, fp);
inline constexpr size_t kHandlerCatchOffset = offsetof(HandlerRecord, catch_address);
inline constexpr size_t kHandlerWords = sizeof(HandlerRecord) / sizeof(Word);

// The Thread that holds a mutator: every mutator the Runtime registers with
// its heap is a Thread's, so the heap's thread registry is the list of threads.
inline Thread& thread_of(gc::Mutator& m) {
  return *reinterpret_cast<Thread*>(reinterpret_cast<char*>(&m) - kThreadMutatorOffset);
}

// A thread's runtime state with the handle area it owns.
struct ThreadState {
  explicit ThreadState(Runtime& runtime) {
    thread.runtime = &runtime;
    thread.handles = &handles;
  }
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;

  Thread thread;
  gc::HandleArea handles;
};

}  // namespace beagle::rt
