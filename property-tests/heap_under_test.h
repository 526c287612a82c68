// The system under test of the property tests: a Heap with one registered
// collector, driven as the runtime drives it (tests/unit/test_heap.h's
// TestHeap: allocation through the inline fast path first, stores through the store
// path), with two root classes (the test's root vector and a HandleArea, the
// runtime's handles), and the checks that compare it with the model.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "collectors/heap/heap.h"
#include "collectors/roots/handles.h"
#include "property-tests/model.h"
#include "tests/unit/test_heap.h"

namespace beagle::gc::prop {

// How each case's heap is made: the collector and a stress schedule
// (heap/stress.h), which turns verification around every collection on.
struct HeapSetup {
  std::string collector;
  StressOptions::Kind stress = StressOptions::Kind::None;
  uint64_t every = 0;        // Every: allocations; EveryBytes: bytes
  uint64_t seed = 0;         // Random
  double probability = 0;    // Random
  bool whole_heap = false;   // every forced collection collects the whole heap
};

void showValue(const HeapSetup& setup, std::ostream& os);

// Full collections after which a collector that reclaims has freed every
// object that was unreachable before the first: one may end a mark begun
// earlier, which keeps what died since it began; the next starts afresh.
inline constexpr int kFullCollectionsToReclaim = 2;

// Runs `fn`; a VerificationError from a collection in it (the Heap
// verifies before and after each) fails the case, naming `step`.
void verified(const std::string& step, const std::function<void()>& fn);

class HeapUnderTest {
 public:
  explicit HeapUnderTest(const HeapSetup& setup);
  ~HeapUnderTest();
  HeapUnderTest(const HeapUnderTest&) = delete;
  HeapUnderTest& operator=(const HeapUnderTest&) = delete;

  Heap& heap() { return *heap_.heap; }
  const CollectorAttributes& attributes() { return heap().collector().attributes(); }
  HandleArea& handles() { return handles_; }

  void push(Area area, Value v);
  void drop_root(size_t index);
  // Handle scopes: closing one drops the handles pushed since it opened.
  void open_scope();
  void close_scope();

  // Allocates object `id` of the shape and size of `object` (may collect)
  // and fills it with initialising stores: its id, and null in every other
  // field.
  Value allocate(const ModelObject& object, int64_t id);
  // An initialising store: only right after `allocate`, nothing in between.
  static void init(Value object, size_t index, Value v);
  // A store through the store path (barrier.h).
  void store(Value object, size_t index, Value v) { heap_.store(object, int(index), v); }
  static Value field(Value object, size_t index) { return test::TestHeap::field(object, int(index)); }

  // The checks after a step (each fails the case with RC_FAIL, naming the
  // first difference): the verifier passes, the graph reachable from the
  // roots and handles is isomorphic to the model's (each object where the
  // model has it, with its id, shape, size and contents; no object twice,
  // no two objects as one), and a collector that does not move keeps every
  // object where it was. Returns the heap's value of every reachable id.
  std::map<int64_t, Value> check_step(const Model& model, const std::string& step);
  // What the last check_step returned (empty before the first): where
  // each reachable object is, until the next allocation may move it.
  const std::map<int64_t, Value>& objects() const { return objects_; }
  Value object(int64_t id) const;

  // rt::hash_value (values.h) of each object; a collection must keep them
  // (they never depend on addresses: FAILURE-MODES #15).
  static std::map<int64_t, uint64_t> hashes(const std::map<int64_t, Value>& objects);

  // kFullCollectionsToReclaim full collections, then: if the collector
  // reclaims (attributes().reclaims), its spaces hold exactly the objects
  // the model reaches and its usage() accounts for them; if it does not,
  // they hold every object ever allocated.
  void check_reclaimed(const Model& model);

 private:
  test::TestHeap heap_;
  HandleArea handles_;
  std::vector<Value*> handle_slots_;  // the handle area's slots, which never move
  std::vector<size_t> scopes_;        // the handle count when each open scope opened
  std::map<int64_t, Value> objects_;
  std::map<int64_t, Word*> addresses_;  // at the last check, for a collector that does not move

  std::map<int64_t, Value> match(const Model& model, const std::string& step);
};

}  // namespace beagle::gc::prop
