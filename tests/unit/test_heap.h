// Scaffolding shared by the heap tests (heap_test.cc, compacting_test.cc,
// mark_sweep_test.cc, and property-tests/): a heap with one mutator and one
// vector of roots, and objects built by hand in the shapes the language
// runtime builds.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "collectors/api/allocation.h"
#include "collectors/api/barrier.h"
#include "collectors/api/registry.h"
#include "collectors/heap/heap.h"

namespace beagle::gc::test {

// Type ids of the hand-built objects. mark_sweep_test.cc adds 8 for its
// objects full of Ints.
constexpr uint32_t kPairType = 5;   // two reference fields
constexpr uint32_t kBoxType = 6;    // one opaque word, like a float box
constexpr uint32_t kEmptyType = 7;  // no fields, like a zero-field struct

// Every registered collector, for suites run once per collector: a new
// collector joins them with no edit here.
inline std::vector<std::string> collector_names() {
  std::vector<std::string> names;
  for (const CollectorInfo& info : registered_collectors()) names.emplace_back(info.name);
  return names;
}

// A collector's name as a test name ("mark-sweep" -> "mark_sweep").
inline std::string test_name(std::string name) {
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

inline std::string collector_test_name(const ::testing::TestParamInfo<std::string>& info) {
  return test_name(info.param);
}

// A root class for the tests: a vector of values.
class VectorRoots : public RootSource {
 public:
  std::vector<Value> values;
  const char* name() const override { return "test-vector"; }
  void visit_roots(RootVisitor& visitor) override {
    for (Value& v : values) visitor.visit(&v);
  }
};

// A heap with one mutator and one vector of roots, allocating and storing
// as the runtime does: the unit tests' fixture below is built on it, and so
// is the property tests' heap (property-tests/).
class TestHeap {
 public:
  std::unique_ptr<Heap> heap;
  Mutator mutator;
  VectorRoots roots;

  TestHeap() = default;
  TestHeap(const TestHeap&) = delete;
  TestHeap& operator=(const TestHeap&) = delete;
  ~TestHeap() { stop(); }

  void start(const HeapOptions& options) {
    heap = std::make_unique<Heap>(options);
    heap->add_mutator(&mutator);
    heap->add_root_source(&roots);
  }
  // Detaches the mutator and the roots; the heap stays for inspection.
  void stop() {
    if (heap) {
      heap->remove_root_source(&roots);
      heap->remove_mutator(&mutator);
    }
  }

  // Allocation as the runtime does it: the collector's inline fast path
  // first, then the slow path.
  Word* allocate(size_t total_words) {
    if (Word* result = inline_allocate(mutator, heap->attributes(), total_words)) return result;
    return heap->allocate(mutator, total_words);
  }

  // The header of an object just allocated, as the runtime writes it: with
  // the flags the collector adds (Mutator::allocation_flags).
  Header new_header(Header h) const { return h.with_flags(mutator.allocation_flags); }

  static const Value& field(Value v, int i) { return fields_of(v.address())[i]; }
  // A store into an existing object: through the store path, as the runtime does.
  void store(Value v, int i, Value x) { write_field(mutator, v.address(), size_t(i), x); }
};

// A fixture holding a TestHeap. `Base` is the GoogleTest class to derive
// from: testing::Test, or testing::TestWithParam for a suite run once per
// collector.
template <typename Base = ::testing::Test>
class HeapFixture : public Base, public TestHeap {
 protected:
  EventLogOptions event_log;  // start() passes it on

  void start(const std::string& collector, bool gc_always = false, size_t limit = 0, bool verify = true,
             std::vector<std::pair<std::string, std::string>> collector_options = {}) {
    HeapOptions options;
    options.collector = collector;
    if (gc_always) options.stress = StressOptions::always();
    options.verify = verify;
    options.config.max_heap_bytes = limit;
    options.config.options = std::move(collector_options);
    options.event_log = event_log;
    TestHeap::start(options);
  }
  void TearDown() override { stop(); }

  void collect() { heap->collect(GcReason::Explicit); }

  // Pairs are built with both children rooted, since allocating may collect
  // and move them; they are reread from the roots afterwards.
  Value pair(Value a, Value b) {
    roots.values.push_back(a);
    roots.values.push_back(b);
    Word* object = allocate(3);
    b = roots.values.back();
    roots.values.pop_back();
    a = roots.values.back();
    roots.values.pop_back();
    object[0] = new_header(Header::make(kPairType, 2)).bits();
    fields_of(object)[0] = a;
    fields_of(object)[1] = b;
    return Value::object(object);
  }
  Value box(uint64_t payload) {
    Word* object = allocate(2);
    object[0] = new_header(Header::make(kBoxType, 1, 0, kOpaque)).bits();
    object[1] = payload;
    return Value::float_box(object);
  }
  Value empty() {
    Word* object = allocate(1);
    object[0] = new_header(Header::make(kEmptyType, 0)).bits();
    return Value::object(object);
  }
};

}  // namespace beagle::gc::test
