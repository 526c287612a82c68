// Every registered collector against one list of tests (FAILURE-MODES.md #3:
// a root class that one collector sees, every collector sees). Objects are
// built by hand here; the language runtime builds the same shapes.
#include <gtest/gtest.h>

#include <set>

#include "collectors/api/registry.h"
#include "collectors/heap/heap.h"
#include "collectors/heap/verifier.h"

namespace gc = beagle::gc;
using gc::Header;
using gc::Value;
using gc::Word;

namespace {

constexpr uint32_t kPairType = 5;   // two reference fields
constexpr uint32_t kBoxType = 6;    // one opaque word, like a float box
constexpr uint32_t kEmptyType = 7;  // no fields, like a zero-field struct

// A root class for the tests: a vector of values.
class VectorRoots : public gc::RootSource {
 public:
  std::vector<Value> values;
  const char* name() const override { return "test-vector"; }
  void visit_roots(gc::RootVisitor& visitor) override {
    for (Value& v : values) visitor.visit(&v);
  }
};

class HeapTest : public testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<gc::Heap> heap;
  gc::Mutator mutator;
  VectorRoots roots;

  void start(bool gc_always = false, size_t limit = 0) {
    gc::HeapOptions options;
    options.collector = GetParam();
    options.gc_always = gc_always;
    options.verify = true;
    options.config.max_heap_bytes = limit;
    heap = std::make_unique<gc::Heap>(options);
    heap->add_mutator(&mutator);
    heap->add_root_source(&roots);
  }
  void TearDown() override {
    if (heap) {
      heap->remove_root_source(&roots);
      heap->remove_mutator(&mutator);
    }
  }

  bool collects() const { return GetParam() != "nogc"; }

  // Allocation as the JIT does it: the inline bump first, then the slow path.
  Word* allocate(size_t total_words) {
    const auto& attributes = heap->collector().attributes();
    if (attributes.fast_path == gc::AllocationFastPath::Bump && total_words < attributes.large_object_words &&
        mutator.alloc_ptr != nullptr && mutator.alloc_ptr + total_words <= mutator.alloc_limit) {
      Word* result = mutator.alloc_ptr;
      mutator.alloc_ptr += total_words;
      return result;
    }
    return heap->allocate(mutator, total_words);
  }

  // Pairs are built with both children rooted, since allocating may move them.
  Value pair(Value a, Value b) {
    roots.values.push_back(a);
    roots.values.push_back(b);
    Word* object = allocate(3);
    b = roots.values.back();
    roots.values.pop_back();
    a = roots.values.back();
    roots.values.pop_back();
    object[0] = Header::make(kPairType, 2).bits();
    gc::fields_of(object)[0] = a;
    gc::fields_of(object)[1] = b;
    return Value::object(object);
  }
  Value box(uint64_t payload) {
    Word* object = allocate(2);
    object[0] = Header::make(kBoxType, 1, 0, gc::kOpaque).bits();
    object[1] = payload;
    return Value::float_box(object);
  }
  Value empty() {
    Word* object = allocate(1);
    object[0] = Header::make(kEmptyType, 0).bits();
    return Value::object(object);
  }
  static Value field(Value v, int i) { return gc::fields_of(v.address())[i]; }

  // A complete binary tree whose leaves are Ints numbered left to right.
  Value tree(int depth, int64_t& next_leaf) {
    if (depth == 0) return Value::from_int(next_leaf++);
    Value left = tree(depth - 1, next_leaf);
    roots.values.push_back(left);
    Value right = tree(depth - 1, next_leaf);
    left = roots.values.back();
    roots.values.pop_back();
    return pair(left, right);
  }
  static void leaves(Value v, std::vector<int64_t>& out) {
    if (v.is_int()) {
      out.push_back(v.as_int());
      return;
    }
    leaves(field(v, 0), out);
    leaves(field(v, 1), out);
  }
};

TEST_P(HeapTest, TreeSurvivesCollectionsIntact) {
  start();
  int64_t next = 0;
  roots.values.push_back(tree(10, next));
  for (int i = 0; i < 3; i++) heap->collect(gc::GcReason::Explicit);
  std::vector<int64_t> seen;
  leaves(roots.values[0], seen);
  ASSERT_EQ(seen.size(), 1024u);
  for (int64_t i = 0; i < 1024; i++) EXPECT_EQ(seen[size_t(i)], i);
}

TEST_P(HeapTest, TreeBuiltUnderGcAlwaysIsIntact) {
  start(/*gc_always=*/true);
  int64_t next = 0;
  roots.values.push_back(tree(6, next));
  std::vector<int64_t> seen;
  leaves(roots.values[0], seen);
  ASSERT_EQ(seen.size(), 64u);
  for (int64_t i = 0; i < 64; i++) EXPECT_EQ(seen[size_t(i)], i);
  // FAILURE-MODES.md #13: under gc-always every allocation collected.
  EXPECT_EQ(heap->stats().collections, heap->stats().allocations);
  EXPECT_EQ(heap->stats().allocations, 63u);
}

// FAILURE-MODES.md #2: a one-word box and an empty object referenced from
// many places stay one object each after moving collections.
TEST_P(HeapTest, SmallObjectsKeepTheirIdentity) {
  start();
  Value b = box(0x400921FB54442D18ull);  // the bits of 3.14159...
  roots.values.push_back(b);
  roots.values.push_back(empty());
  for (int i = 0; i < 8; i++) roots.values.push_back(pair(roots.values[0], roots.values[1]));
  for (int i = 0; i < 3; i++) heap->collect(gc::GcReason::Explicit);
  std::set<Word> boxes, empties;
  for (size_t i = 2; i < roots.values.size(); i++) {
    boxes.insert(field(roots.values[i], 0).bits());
    empties.insert(field(roots.values[i], 1).bits());
  }
  ASSERT_EQ(boxes.size(), 1u);
  ASSERT_EQ(empties.size(), 1u);
  EXPECT_EQ(*boxes.begin(), roots.values[0].bits());
  EXPECT_EQ(*empties.begin(), roots.values[1].bits());
  EXPECT_TRUE(roots.values[0].is_float());
  EXPECT_EQ(roots.values[0].address()[1], 0x400921FB54442D18ull);
}

TEST_P(HeapTest, GarbageIsReclaimedWithinALimit) {
  if (!collects()) GTEST_SKIP() << "nogc never reclaims";
  start(false, 4u << 20);
  int64_t next = 0;
  roots.values.push_back(tree(8, next));  // a little live data
  for (int round = 0; round < 200; round++) {
    int64_t n = 0;
    tree(10, n);  // 1023 pairs of garbage, ~24 KiB
  }
  std::vector<int64_t> seen;
  leaves(roots.values[0], seen);
  EXPECT_EQ(seen.size(), 256u);
  EXPECT_GT(heap->stats().collections, 0u);
}

TEST_P(HeapTest, ExhaustedHeapThrows) {
  start(false, 2u << 20);
  Value list = Value::null();
  EXPECT_THROW(
      {
        for (int i = 0; i < 1000000; i++) {
          roots.values.assign(1, list);
          list = pair(Value::from_int(i), roots.values[0]);
        }
      },
      gc::HeapExhausted);
}

TEST_P(HeapTest, VerifierReportsAReferenceIntoNowhere) {
  start();
  roots.values.push_back(pair(Value::from_int(1), Value::from_int(2)));
  alignas(8) static Word outside[2] = {Header::make(kEmptyType, 0).bits(), 0};
  gc::fields_of(roots.values[0].address())[1] = Value::object(outside);
  try {
    heap->verify("in a test");
    FAIL() << "the verifier accepted a reference to an object outside every space";
  } catch (const gc::VerificationError& e) {
    EXPECT_NE(std::string(e.what()).find("field 1 of object"), std::string::npos) << e.what();
  }
}

std::vector<std::string> collector_names() {
  std::vector<std::string> names;
  for (const gc::CollectorInfo& info : gc::registered_collectors()) names.push_back(info.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(EveryCollector, HeapTest, testing::ValuesIn(collector_names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
