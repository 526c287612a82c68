// The Heap: the one place that decides when to collect, times collections,
// keeps statistics, consults the stress schedule (stress.h), runs the
// verifier, and hands the collector its roots. The runtime and the JIT's slow paths call it; the
// chosen collector does the work.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "collectors/api/collector.h"
#include "collectors/heap/stress.h"
#include "collectors/heap/thread_registry.h"
#include "collectors/api/events.h"
#include "collectors/spaces/chunked_space.h"

namespace beagle::gc {

// The GC event log (heap/event_log.h, docs/GC-LOG.md).
struct EventLogOptions {
  bool enabled = false;
  std::string path;                  // written as JSON Lines; empty: kept in memory only
  std::vector<std::string> program;  // for the log's header: the program's file and arguments
};

struct HeapOptions {
  std::string collector = "mark-sweep";
  HeapConfig config;
  // Forced collections (gc-always and the other stress modes): any schedule
  // disarms the inline fast paths and turns `verify` on.
  StressOptions stress;
  bool verify = false;  // verify the heap around every collection
  // Test only: the collector is not shown the roots of this class (a
  // RootSource name: frames, handles, globals), while the verifier still
  // checks them, to show that a stress schedule finds a missing root and
  // `beagle shrink` the collection that exposes it. Empty: none dropped.
  std::string test_drop_roots;
  // The largest type id the runtime uses: the verifier rejects any header
  // with a larger one (0: do not check).
  uint32_t max_type_id = 0;
  EventLogOptions event_log;
};

inline constexpr const char* kImmortalSpaceName = "immortal";

struct PauseStats {
  uint64_t count = 0;
  uint64_t total_ns = 0;
  uint64_t max_ns = 0;
  void add(uint64_t pause_ns);
};

struct GcStats {
  uint64_t collections = 0;
  uint64_t total_pause_ns = 0;
  uint64_t total_pause_cpu_ns = 0;  // CPU time of the collecting thread: on a busy machine, less than the pauses
  uint64_t concurrent_cpu_ns = 0;   // CPU time of the collector's work outside the pauses (Collector::concurrent_cpu_ns, read by Heap::stats())
  uint64_t max_pause_ns = 0;
  // The longest a collection held up the thread that asked for it: from
  // its request, stopping the world (and the buffers' flush) included, to
  // the end of its pause, verification left out.
  uint64_t max_stall_ns = 0;
  size_t peak_used_bytes = 0;
  uint64_t allocations = 0;  // objects allocated through the slow path
  PauseStats minor, major;
  uint64_t promoted_bytes = 0;
  uint64_t pretenured_bytes = 0;  // objects a generational collector allocated old (CollectionReport)
  uint64_t remembered_objects = 0;      // remembered-set entries (objects and slots), summed over minor collections
  uint64_t max_remembered_objects = 0;  // in one minor collection
  std::vector<uint64_t> pauses_ns;      // every pause, in order
  std::vector<uint64_t> pauses_cpu_ns;  // the collecting thread's CPU time in each
  uint64_t start_ns = 0;                // when the heap was made (steady clock)

  // The pause at percentile p (0 < p <= 100) by the nearest-rank method;
  // 0 if there was none. pause_cpu_percentile_ns: the same of CPU times,
  // which a busy machine inflates less than wall times.
  uint64_t pause_percentile_ns(double p) const { return percentile(pauses_ns, p); }
  uint64_t pause_cpu_percentile_ns(double p) const { return percentile(pauses_cpu_ns, p); }
  static uint64_t percentile(std::vector<uint64_t> values, double p);
};


// The heap cannot hold an object even after a full collection.
class HeapExhausted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class EventLog;

class Heap final : public CollectorHost {
 public:
  // Throws std::invalid_argument if no collector has that name, and
  // GcLogError if the event log's file cannot be written.
  explicit Heap(const HeapOptions& options);
  // Ends the event log, if there is one, with the totals.
  ~Heap() override;

  Collector& collector() { return *collector_; }
  // The collector's attributes(), read once: what the inline fast paths
  // (api/allocation.h) need.
  const CollectorAttributes& attributes() const { return attributes_; }
  const HeapOptions& options() const { return options_; }
  // The statistics so far, the collector's concurrent CPU time read now
  // (its own thread may have worked since the last pause).
  const GcStats& stats() {
    stats_.concurrent_cpu_ns = collector_->concurrent_cpu_ns();
    return stats_;
  }
  // The event log, when options().event_log.enabled; else null.
  const EventLog* event_log() const { return event_log_.get(); }

  void add_root_source(RootSource* source);
  void remove_root_source(RootSource* source);
  // A mutator is registered before its thread first allocates (Running,
  // or Native for a thread that has not begun), and removed by its thread
  // last; see thread_registry.h.
  void add_mutator(Mutator* mutator, MutatorState state = MutatorState::Running);
  void remove_mutator(Mutator* mutator);
  ThreadRegistry& threads() { return threads_; }

  // A poll of compiled code found `mutator`'s flag set: parks it until the
  // collection that another thread runs is over.
  void park(Mutator& mutator) { threads_.park(mutator); }

  // The allocation slow path: room for `total_words` words (header
  // included). Throws HeapExhausted.
  //
  // The heap limit (HeapConfig::max_heap_bytes) counts the same thing
  // under every collector: the bytes of objects in use, the collector's
  // usage().used_bytes (objects allocated and not yet reclaimed, headers
  // included; not free cells, size-class rounding, a copy reserve or
  // page tails), with a buffer a mutator holds counting whole. Before an
  // allocation would pass it, the Heap collects (the whole heap, if a
  // minor collection is not enough); if it would still pass it, the
  // allocation throws. Each new buffer is cut to what the limit leaves.
  //
  // The slow path and every collection are serialised by one lock (a
  // thread waiting for it is Native); a collection first stops every
  // other mutator (thread_registry.h).
  Word* allocate(Mutator& mutator, size_t total_words);

  // The bytes of objects in use: usage().used_bytes less the unused rest
  // of every mutator's buffer. (Free cells a mutator holds are not taken
  // off: the Heap reads this after a collection, when none is held.)
  size_t in_use_bytes() const;

  // A safepoint of compiled code (a call into the runtime): collects if the
  // stress schedule counts safepoints and says so. Only called while
  // Mutator::stress_safepoints is set.
  void safepoint(Mutator& mutator);

  // A collection now, asked for by `requester`'s thread: HeapFull and
  // Stress let the collector choose its kind (unless the schedule wants
  // the whole heap); Explicit (the program's gc()) collects the whole heap.
  void collect(GcReason reason, Mutator& requester);
  // The same from a thread that drives every mutator of the heap itself
  // (a single-threaded test): no other thread is stopped.
  void collect(GcReason reason);

  const StressSchedule& stress() const { return stress_; }

  // Checks the whole heap and every root; throws VerificationError.
  void verify(const char* when);

  // Every space: the collector's and the immortal space.
  void for_each_space(const std::function<void(const SpaceRange&)>& fn);

  // Room for an object that is never moved or freed (literals, keywords,
  // descriptors). Immortal objects may point only to immortal objects.
  Word* allocate_immortal(size_t total_words);

  // The names of the root classes registered, in order.
  std::vector<std::string> root_class_names() const;

  // CollectorHost: every root the collector must see (all of them, unless
  // the test-only HeapOptions::test_drop_roots leaves a class out).
  void visit_roots(RootVisitor& visitor) override;
  void for_each_mutator(const std::function<void(Mutator&)>& fn) override;
  void check_marks() override;
  // Every root of every class: what the verifier checks.
  void visit_every_root(RootVisitor& visitor);

 private:
  HeapOptions options_;
  std::unique_ptr<EventLog> event_log_;
  std::unique_ptr<Collector> collector_;
  std::unique_ptr<ChunkedSpace> immortal_;
  std::mutex immortal_lock_;  // a thread may intern a keyword while others run
  std::vector<RootSource*> root_sources_;
  ThreadRegistry threads_;
  // Serialises the allocation slow path and collections, once a second
  // mutator has been registered: until then the one thread that can add
  // one is the only thread that allocates, and mark-sweep, whose every
  // allocation is a slow path, paid an uncontended lock for each (mark-sweep
  // binary-trees 21 took twice as long).
  std::mutex gc_lock_;
  std::atomic<bool> shared_{false};
  std::atomic<size_t> mutators_added_{0};
  GcStats stats_;
  StressSchedule stress_;
  CollectorAttributes attributes_;

  // Empties every mutator's buffers into the collector (before a
  // collection or a verification).
  void flush_mutators();
  // Takes gc_lock_; while it waits for it, `mutator` is Native.
  std::unique_lock<std::mutex> lock_for(Mutator* mutator);
  void collect_locked(GcReason reason, Mutator* requester);
  // Stops the world (all but `requester`), collects, resumes. gc_lock_ held.
  CollectionKind collect(const CollectionRequest& request, Mutator* requester);
  // Collects if the allocation would pass the heap limit (throws
  // HeapExhausted if it still would), and sets the mutator's buffer room.
  void keep_within_limit(Mutator& mutator, size_t total_words);
  Word* allocate_locked(Mutator& mutator, size_t total_words);
  // What the limit counts before the allocation: the bytes in use with
  // every held buffer, less the mutator's own if the allocation retires it.
  size_t reserved_bytes(const Mutator& mutator, size_t total_words) const;
  void record(const CollectionReport& report, uint64_t pause_ns);
};

}  // namespace beagle::gc
