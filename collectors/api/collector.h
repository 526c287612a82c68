// The collector interface: what every collector implements, and what it may
// ask of the rest of the system (CollectorHost). A collector is a plan (which
// spaces, when to collect) over the shared spaces in collectors/spaces/;
// each lives in its own folder and registers itself (registry.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "collectors/api/attributes.h"
#include "collectors/api/header.h"
#include "collectors/api/mutator.h"
#include "collectors/api/roots.h"

namespace beagle::gc {

enum class GcReason {
  HeapFull,  // an allocation did not fit
  Explicit,  // the program called gc()
  Stress,    // a stress mode asked for it
};

const char* gc_reason_name(GcReason reason);

struct HeapConfig {
  // A hard limit on the memory the collector may use for objects; 0 means
  // the collector's default (it grows on demand).
  size_t max_heap_bytes = 0;
};

// A contiguous range of a space in which objects (and fillers) tile exactly
// from `begin` to `end`.
struct SpaceRange {
  const char* space;
  Word* begin;
  Word* end;
};

struct HeapUsage {
  size_t used_bytes = 0;       // allocated objects, live or not yet reclaimed
  size_t committed_bytes = 0;  // memory the collector holds for objects
};

// What a collector may ask of the runtime (the "VM binding").
class CollectorHost {
 public:
  virtual ~CollectorHost() = default;
  // Every root of every class, through one visitor.
  virtual void visit_roots(RootVisitor& visitor) = 0;
};

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

  // A full stop-the-world collection: every mutator is stopped and its
  // allocation buffer already retired.
  virtual void collect(GcReason reason) = 0;

  // The ranges in which objects tile exactly (for the verifier). Called with
  // the world stopped and every allocation buffer retired.
  virtual void for_each_space(const std::function<void(const SpaceRange&)>& fn) = 0;

  virtual HeapUsage usage() const = 0;

 protected:
  CollectorHost& host() { return host_; }

 private:
  CollectorHost& host_;
};

// Returns the unused rest of a mutator's buffer to its space as filler and
// empties the buffer.
void retire_buffer(Mutator& mutator);

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
