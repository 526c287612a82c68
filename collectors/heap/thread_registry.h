// The thread registry (docs/ARCHITECTURE.md, "Safepoints and threads"):
// every mutator of a heap and the state of its thread, under one lock.
// Thread start (add), thread exit (remove) and stop-the-world requests are
// ordered under that lock: while the world is stopped no mutator is added,
// removed or running, so a collection never sees a half-registered or
// half-removed thread (FAILURE-MODES #1).
//
// A thread is Running, Native (safe: it does not touch the heap until it
// leaves that state, which waits while the world is stopped) or Parked (at
// a safepoint, until the world resumes). A stop-the-world sets every other
// mutator's poll flag and waits until none is Running.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

#include "collectors/api/mutator.h"

namespace beagle::gc {

class ThreadRegistry {
 public:
  // Registers `m` in `state` (Running, or Native for a thread that has not
  // begun); waits while the world is stopped, so a thread that registers
  // another must be Native meanwhile. `attach` runs under the lock, once no
  // world is stopped: no collection begins or ends meanwhile.
  void add(Mutator& m, MutatorState state, const std::function<void()>& attach = [] {});
  // Unregisters `m` (its thread calls this last); waits, in the Native
  // state, while the world is stopped.
  void remove(Mutator& m);

  // Stops every mutator but `requester` (null: the caller drives every
  // mutator itself, as a single-threaded test does, and none is stopped),
  // then returns with the world stopped: every other mutator Parked or
  // Native. If another thread has the world stopped, waits Parked first.
  void stop_the_world(Mutator* requester);
  void resume_the_world();

  // Sets every mutator's poll flag for good: the flag of each mutator
  // registered, those added later included, stays set, also across every
  // later stop-the-world (resume_the_world sets it again rather than clear
  // it). For the end of a program (an abort in one thread ends them all,
  // lang/runtime/threads.h): every thread's next poll reaches the runtime,
  // which finds the abort there. There is no way back.
  void request_polls();

  // A poll's slow path: parks `m` while the world is stopped.
  void park(Mutator& m);
  // Around a blocking call: a stop-the-world does not wait for a Native
  // thread, and leave_native waits until the world is running.
  void enter_native(Mutator& m);
  void leave_native(Mutator& m);

  // The mutators: read them only while the world is stopped, or from the
  // thread that drives them all.
  const std::vector<Mutator*>& mutators() const { return mutators_; }

 private:
  std::mutex lock_;
  std::condition_variable changed_;
  std::vector<Mutator*> mutators_;
  bool stopped_ = false;
  bool polls_requested_ = false;  // request_polls(): every flag stays set

  void wait_until_resumed(std::unique_lock<std::mutex>& held, Mutator& m, MutatorState meanwhile);
  bool others_running(const Mutator* requester) const;
};

// Native for the scope's length (a blocking call).
class NativeScope {
 public:
  NativeScope(ThreadRegistry& registry, Mutator& m) : registry_(registry), m_(m) { registry_.enter_native(m_); }
  ~NativeScope() { registry_.leave_native(m_); }
  NativeScope(const NativeScope&) = delete;
  NativeScope& operator=(const NativeScope&) = delete;

 private:
  ThreadRegistry& registry_;
  Mutator& m_;
};

}  // namespace beagle::gc
