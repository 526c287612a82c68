// The collector interface: what every collector implements, and what it may
// ask of the rest of the system (CollectorHost). A collector is a plan (which
// spaces, when to collect) over the shared spaces in collectors/spaces/;
// each lives in its own folder and registers itself (registry.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "collectors/api/attributes.h"
#include "collectors/api/header.h"
#include "collectors/api/mutator.h"
#include "collectors/api/roots.h"

namespace beagle::gc {

enum class GcReason {
  HeapFull,  // an allocation did not fit
  Explicit,  // the program called gc()
  Stress,    // a stress mode asked for it
  Cycle,     // the collector asked for a pause to begin or end a concurrent cycle
};

const char* gc_reason_name(GcReason reason);

// What the Heap asks of a collection. `whole_heap`: the program's gc(), or a
// stress mode that wants every collection major; otherwise the collector
// chooses (a generational one usually collects the young generation only).
struct CollectionRequest {
  GcReason reason = GcReason::HeapFull;
  bool whole_heap = false;
};

enum class CollectionKind {
  Minor,  // the young generation (and perhaps a slice of the old one's marking)
  Start,  // begins a collection of the whole heap that later pauses end: its
          // roots are marked, and marking goes on while the program runs
  Major,  // ends a collection of the whole heap begun in earlier pauses (incremental marking)
  Full,   // the whole heap in this one pause (every collection of a non-generational collector)
};

// What a collection did, for the statistics (which count Full with Major)
// and the event log (events.h).
struct CollectionReport {
  CollectionKind kind = CollectionKind::Full;
  size_t promoted_bytes = 0;       // copied from the young into an old space
  size_t pretenured_bytes = 0;     // allocated straight into an old space since the last collection (so
                                   // what is allocated after the last one is never reported)
  size_t remembered_objects = 0;   // remembered-set entries a minor collection scanned
};

// A collector option given on the command line as NAME=VALUE
// (`beagle run --gc-option nursery=4M`); each collector declares its own.
struct CollectorOption {
  const char* name;
  const char* default_value;
  const char* help;
};

struct HeapConfig {
  // A hard limit on the bytes of objects in use (the collector's
  // usage().used_bytes), which the Heap enforces alike for every collector
  // (Heap::allocate); 0: none. A collector may size its spaces by it (a
  // nursery, say), but does not enforce it: what it holds besides its
  // objects (free cells, a copy reserve) is not counted.
  size_t max_heap_bytes = 0;
  // Collector options by name; the Heap checks that the collector declares
  // each one, the collector parses the values (and throws
  // std::invalid_argument for one that makes no sense).
  std::vector<std::pair<std::string, std::string>> options;
  // A stress schedule runs (heap/stress.h): the collector must decide
  // nothing by the clock, so that a recorded schedule replays the same heap.
  bool reproducible = false;

  // The value given for `name`, or nullptr.
  const std::string* option(const char* name) const;
};

// Parses a size such as 512K, 64M, 1G or 4096 (bytes); false if malformed.
bool parse_size(const std::string& text, size_t& out);

// The growth factor given as option `name`, or `default_value`: how far a
// heap (or a generation) may grow, as a multiple of its live bytes, before
// the next collection (or marking). Throws std::invalid_argument, naming
// `collector`, unless it is a number above 0 and at most 100.
double growth_option(const HeapConfig& config, const char* collector, const char* name, double default_value);

// A contiguous range of a space in which objects (and fillers) tile exactly
// from `begin` to `end`.
struct SpaceRange {
  const char* space;
  Word* begin;
  Word* end;
};

struct HeapUsage {
  size_t used_bytes = 0;       // allocated objects, live or not yet reclaimed, and mutators' buffers
  size_t committed_bytes = 0;  // memory the collector holds for objects
};

// What a generational collector shows the barrier verifier
// (heap/verifier.cc): which objects are young, and which old objects the
// next minor collection will scan (the remembered set). Every reference from
// an old object to a young one must be in a remembered object or slot.
//
// While the old generation is being marked in slices (tracing/marker.h), it
// also shows which marked objects are still queued for scanning: a marked
// object that is neither queued nor remembered must point only to marked
// or immortal objects (the tri-colour invariant).
class GenerationsView {
 public:
  virtual ~GenerationsView() = default;
  virtual bool is_young(const Word* object) const = 0;
  virtual void for_each_remembered(const std::function<void(const Word*)>& fn) const = 0;
  // Remembered slots of old objects that keep kUnlogged (large ones, barrier.h).
  virtual void for_each_remembered_slot(const std::function<void(const Value*)>& /*fn*/) const {}
  virtual bool marking_old() const { return false; }
  virtual void for_each_queued(const std::function<void(const Word*)>& /*fn*/) const {}
};

class EventListener;  // events.h

// What a collector may ask of the runtime (the "VM binding").
class CollectorHost {
 public:
  virtual ~CollectorHost() = default;
  // Every root of every class, through one visitor.
  virtual void visit_roots(RootVisitor& visitor) = 0;
  // Every mutator: only while the world is stopped.
  virtual void for_each_mutator(const std::function<void(Mutator&)>& fn) = 0;
  // Called by a collector whose marking has just ended, before it sweeps:
  // when the heap is verified (--verify, or a stress schedule), checks that
  // every object the roots reach is marked (check-mark); throws
  // VerificationError if one is not. Otherwise does nothing.
  virtual void check_marks() {}
  // Where the collector reports its phases (events.h): a listener that is
  // not listening unless an event log is on.
  EventListener& events() const { return *events_; }

 protected:
  CollectorHost();
  void set_events(EventListener& listener) { events_ = &listener; }

 private:
  EventListener* events_;
};

// Returns the unused rest of a mutator's buffer to its space as filler and
// empties the buffer.
void retire_buffer(Mutator& mutator);

class Collector {
 public:
  explicit Collector(CollectorHost& host) : host_(host) {}
  virtual ~Collector() = default;
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  virtual const CollectorAttributes& attributes() const = 0;

  // The allocation slow path: room for an object of `total_words` words
  // (header included), uninitialised, or nullptr when the collector wants a
  // collection first (`after_collection` false) or cannot make room within
  // the heap limit even after one (`after_collection` true). May refill the
  // mutator's allocation buffer. Never collects: the Heap decides that, so
  // that timing, events and verification live in one place.
  virtual Word* allocate(Mutator& mutator, size_t total_words, bool after_collection) = 0;

  // A stop-the-world collection: every mutator is stopped and has been
  // flushed (flush_mutator).
  virtual CollectionReport collect(const CollectionRequest& request) = 0;

  // Why allocate() last returned nullptr before a collection: HeapFull,
  // unless the collector wants a pause for a phase of its own (Cycle).
  virtual GcReason reason_for_collection() const { return GcReason::HeapFull; }

  // Sets a new mutator's collector state (Mutator::marking and the like)
  // before its thread runs; the world is not stopped meanwhile, and no
  // collection begins until this returns.
  virtual void attach_mutator(Mutator& /*mutator*/) {}

  // Takes what a stopped mutator holds for the collector: its allocation
  // buffer (retired as filler) or its free lists (taken back), and, for a
  // remembering barrier, its remembered buffer (barrier.h).
  virtual void flush_mutator(Mutator& mutator) { retire_buffer(mutator); }

  // The CPU time of the collector's work done while the mutators run, in
  // threads of its own or in steps on theirs (concurrent's marking), so
  // far; the pauses' CPU time is counted apart.
  virtual uint64_t concurrent_cpu_ns() const { return 0; }

  // Non-null for a collector with generations (the barrier verifier).
  virtual const GenerationsView* generations() const { return nullptr; }

  // The ranges in which objects tile exactly (for the verifier). Called with
  // the world stopped and every allocation buffer retired.
  virtual void for_each_space(const std::function<void(const SpaceRange&)>& fn) = 0;

  virtual HeapUsage usage() const = 0;

 protected:
  CollectorHost& host() { return host_; }

 private:
  CollectorHost& host_;
};

// Reads a reference's object through a possible forwarding header.
inline Value follow_forwarding(Value v) {
  Header h = header_of(v.address());
  return h.is_forwarded() ? v.relocated(h.forwarding_address()) : v;
}

// Calls fn on every reference slot of an object (none for opaque objects).
template <typename Fn>
inline void for_each_field(Word* object, Fn&& fn) {
  Header h = header_of(object);
  if (h.has(kOpaque)) return;
  Value* fields = fields_of(object);
  for (uint64_t i = 0; i < h.size_words(); i++) fn(&fields[i]);
}

}  // namespace beagle::gc
