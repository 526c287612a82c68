// Beagle threads (LANGUAGE.md §4.14): `thread(f)` runs f() on an OS thread
// of its own, with its own Thread (mutator, allocation buffer, handles,
// stack). The thread is registered with the heap (thread_registry.h)
// before its OS thread starts, in the Native state, with f in its handles;
// it turns Running when it begins, and removes itself when f returns or
// throws (an escaping exception is printed, and ends only that thread).
// The program's end waits for every thread (join_all).
#pragma once

#include <pthread.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "collectors/roots/handles.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

class Runtime;

// The lowest address a call may bring the calling OS thread's stack to,
// `reserve` bytes above the end of its stack (kept for runtime code).
Word* stack_limit_of_this_thread(size_t reserve);

class Threads {
 public:
  explicit Threads(Runtime& runtime) : runtime_(runtime) {}
  ~Threads();
  Threads(const Threads&) = delete;
  Threads& operator=(const Threads&) = delete;

  // Starts a thread running f() (a callable of no arguments: the caller
  // checks). Throws a ThreadError if the system refuses a thread.
  void start(Thread& parent, gc::Handle f);
  // Returns once every thread started has ended, those they started
  // included; `self` is Native meanwhile.
  void join_all(Thread& self);
  // The first abort of the program (a fatal error, the heap exhausted) that
  // ended a thread: the program ends with it once its threads are joined.
  std::optional<ProgramAbort> take_abort();

 private:
  struct Started {
    explicit Started(Runtime& runtime) : state(runtime) {}
    ThreadState state;
    Value* function = nullptr;  // f, in the thread's handles
    pthread_t os{};
    std::atomic<bool> done{false};
  };

  Runtime& runtime_;
  std::mutex lock_;  // guards started_ and abort_
  std::vector<std::unique_ptr<Started>> started_;
  std::optional<ProgramAbort> abort_;

  static void* run(void* started);
  void run_function(Thread& t, Value* function);
  void report_uncaught(Thread& t, Value thrown);
  // Joins the threads that have ended (their stacks are freed).
  void reap_finished();
  // Takes the threads that have ended (or all) out of started_.
  std::vector<std::unique_ptr<Started>> take(bool finished_only);
};

}  // namespace beagle::rt
