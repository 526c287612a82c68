// The concurrent collector's marking: a Marker (tracing/marker.h) that
// drains while the program runs. A start pause gives it what the roots
// reference; after that it is fed the snapshot barrier's logs (api/barrier.h)
// as mutators hand them over, and a final pause marks what is left.
//
// It runs in a thread of its own or, under a stress schedule, in lock-step
// with the mutators: a step of a seeded random size at each allocation, so
// that an interleaving of marking and stores that fails replays exactly.
//
// Locks: `work_lock_` is held by whoever marks (the marking thread for one
// step at a time, or a pause); `log_lock_` guards the handed-over logs and
// the thread's wake-up. A pause takes work_lock_ then log_lock_; a mutator
// handing over its log takes only log_lock_.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "collectors/api/collector.h"
#include "collectors/tracing/marker.h"

namespace beagle::gc {

// Cache-line aligned, like the marker inside it: the marking thread writes
// the marker's counters and stack at every object, and every allocation
// reads marking() and idle(); on one line they cost each allocation a miss
// (binary-trees 21 took 2.6 times as long).
class alignas(64) ConcurrentMarker final : public LogSink {
 public:
  enum class Mode { Thread, LockStep };

  // LockStep draws its step sizes from `seed`.
  ConcurrentMarker(CollectorHost& host, Mode mode, uint64_t seed);
  ~ConcurrentMarker() override;
  ConcurrentMarker(const ConcurrentMarker&) = delete;
  ConcurrentMarker& operator=(const ConcurrentMarker&) = delete;

  Mode mode() const { return mode_; }

  // Keeps the marking thread still (between two of its steps) while held: a
  // pause holds it for its whole length.
  std::unique_lock<std::mutex> hold();

  // In a pause, held: marks and queues what the roots reference, and lets
  // marking go on once the pause ends.
  void start();
  // Lock-step only, from a mutator's allocation: one step of marking.
  void step();
  // Has marking run out of work? A mutator's log not yet handed over may
  // still hold some: finish() takes those.
  bool idle() const { return idle_.load(std::memory_order_acquire); }
  // Reports the concurrent marking's end (a MarkSlice event, finished),
  // once per cycle: called by the mutator that finds it idle(), outside any
  // pause. (The marking thread does not report: its event could fall inside
  // a pause, between the Stopped and the Resumed of another collection.)
  void report_finished();
  // In a pause, held: takes every handed-over log, marks to the end and
  // stops. Mutators' partial logs must have been handed over (take_log).
  void finish();
  bool marking() const { return marking_; }

  // The CPU time of marking outside the pauses, so far: the marking
  // thread's steps, or the lock-step steps on the mutators' threads.
  uint64_t cpu_ns() const { return cpu_ns_.load(std::memory_order_relaxed); }

  // The words of the objects marked since start() (headers included).
  size_t marked_words() const { return marker_.marked_words(); }

  // LogSink: takes a mutator's log, full (from its thread, at any time) or
  // partial (in a pause).
  void take_log(Mutator& mutator) override;

 private:
  // Fields read by a thread step: enough to return to a waiting pause soon.
  static constexpr size_t kThreadStepWords = size_t{1} << 14;
  // Lock-step steps read from 1 to this many fields.
  static constexpr size_t kMaxLockStepWords = 512;

  // Read by every allocation.
  CollectorHost& host_;
  const Mode mode_;
  bool marking_ = false;  // between start() and finish(); changed in pauses
  std::atomic<bool> idle_{true};
  // What marking had marked when it last ran out of work.
  std::atomic<size_t> idle_marked_bytes_{0};
  bool reported_ = false;  // report_finished() has run in this cycle
  std::atomic<uint64_t> cpu_ns_{0};

  // Written while marking, on lines of their own.
  alignas(64) Marker marker_;
  alignas(64) std::mt19937_64 steps_;

  std::mutex work_lock_;
  std::atomic<int> holds_wanted_{0};  // pauses waiting for work_lock_

  std::mutex log_lock_;
  std::condition_variable wake_;
  std::vector<Word*> logged_;  // handed-over logs: overwritten references
  bool marking_requested_ = false;  // under log_lock_: the thread has work
  bool stopping_ = false;           // under log_lock_
  std::thread thread_;

  void run_thread();
  void became_idle();
  // Marks a step's worth (work_lock_ held), its CPU time counted; true
  // when nothing is left.
  bool mark_some(size_t budget_words);
  void mark_logged();
};

}  // namespace beagle::gc
