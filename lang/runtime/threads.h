// Beagle threads (LANGUAGE.md §4.14): `thread(f)` runs f() on an OS thread
// of its own, with its own Thread (mutator, allocation buffer, handles,
// stack). The thread is registered with the heap (thread_registry.h)
// before its OS thread starts, in the Native state, with f in its handles;
// it turns Running when it begins, and removes itself when f returns or
// throws (an escaping exception is printed, and ends only that thread).
// The program's end waits for every thread (join_all).
//
// An abort (a fatal error, the heap exhausted, the step limit) in any
// thread ends the whole program promptly (abort_all): every other thread
// finds it at its next poll (compiled code polls at every function entry
// and loop head, and every poll flag stays set from then on) or as its
// sleep ends early, and leaves its JIT frames as the aborting thread did;
// the program then ends with the first abort's message and status.
#pragma once

#include <pthread.h>

#include <atomic>
#include <condition_variable>
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

  // Ends the program with `abort`, from the thread it ended (the first
  // abort is kept; any later one is the same end reaching another thread):
  // every thread's poll flag is set for good, and sleeping threads wake.
  void abort_all(const ProgramAbort& abort);
  // Throws the program's first abort if abort_all ran: from a poll, and
  // after a sleep, so that each thread leaves its frames in turn.
  void throw_if_aborted();
  // sleep(ms) (LANGUAGE.md §4.14) in the Native state; returns early, and
  // throws the abort, once the program is aborted.
  void sleep(Thread& t, double ms);

 private:
  struct Started {
    explicit Started(Runtime& runtime) : state(runtime) {}
    ThreadState state;
    Value* function = nullptr;  // f, in the thread's handles
    pthread_t os{};
    std::atomic<bool> done{false};
  };

  Runtime& runtime_;
  std::mutex lock_;  // guards started_, abort_ and first_abort_
  std::vector<std::unique_ptr<Started>> started_;
  std::optional<ProgramAbort> abort_;        // to end the program with, once (take_abort)
  std::optional<ProgramAbort> first_abort_;  // what every thread's poll throws
  // Set once, under lock_, after first_abort_: read without the lock by
  // every poll that finds its flag set (acquire, so that first_abort_ is
  // written by then).
  std::atomic<bool> aborted_{false};
  std::condition_variable wake_sleepers_;  // with lock_: notified by abort_all

  static void* run(void* started);
  void run_function(Thread& t, Value* function);
  void report_uncaught(Thread& t, Value thrown);
  // Joins the threads that have ended (their stacks are freed).
  void reap_finished();
  // Takes the threads that have ended (or all) out of started_.
  std::vector<std::unique_ptr<Started>> take(bool finished_only);
};

}  // namespace beagle::rt
