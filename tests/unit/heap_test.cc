// Every registered collector against one list of tests (FAILURE-MODES.md #3:
// a root class that one collector sees, every collector sees). Objects are
// built by hand here; the language runtime builds the same shapes.
#include <gtest/gtest.h>

#include <set>

#include "collectors/api/registry.h"
#include "collectors/heap/heap.h"
#include "collectors/heap/verifier.h"
#include "test_heap.h"

namespace gc = beagle::gc;
using gc::Header;
using gc::Value;
using gc::Word;

namespace {

using gc::test::kEmptyType;
using gc::test::kPairType;

class HeapTest : public gc::test::HeapFixture<testing::TestWithParam<std::string>> {
 protected:
  void start(bool gc_always = false, size_t limit = 0) { HeapFixture::start(GetParam(), gc_always, limit); }

  bool collects() const { return GetParam() != "nogc"; }

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

// FAILURE-MODES #14 and #18: a size that disagrees with the allocation, a
// forwarding header left behind, or a header that does not decode.
TEST_P(HeapTest, VerifierReportsAnObjectThatDoesNotTileItsSpace) {
  start();
  roots.values.push_back(pair(Value::from_int(1), Value::from_int(2)));
  Word* object = roots.values[0].address();
  *object = Header::make(kPairType, 1u << 30).bits();  // claims far more words than exist
  try {
    heap->verify("in a test");
    FAIL() << "the verifier accepted an object larger than its space";
  } catch (const gc::VerificationError& e) {
    EXPECT_NE(std::string(e.what()).find("runs past the end"), std::string::npos) << e.what();
  }
  *object = Header::make(kPairType, 2).bits();
}

TEST_P(HeapTest, VerifierReportsALeftoverForwardingHeader) {
  start();
  roots.values.push_back(pair(Value::from_int(1), Value::from_int(2)));
  Word* object = roots.values[0].address();
  Word saved = *object;
  alignas(8) static Word elsewhere[3];
  *object = Header::forwarding_to(elsewhere).bits();
  try {
    heap->verify("in a test");
    FAIL() << "the verifier accepted a forwarding header";
  } catch (const gc::VerificationError& e) {
    EXPECT_NE(std::string(e.what()).find("forwarding header left behind"), std::string::npos) << e.what();
  }
  *object = saved;
}

TEST_P(HeapTest, VerifierReportsAnUnknownTypeId) {
  gc::HeapOptions options;
  options.collector = GetParam();
  options.verify = true;
  options.max_type_id = kEmptyType;
  heap = std::make_unique<gc::Heap>(options);
  heap->add_mutator(&mutator);
  heap->add_root_source(&roots);
  roots.values.push_back(pair(Value::from_int(1), Value::from_int(2)));
  Word* object = roots.values[0].address();
  *object = Header::make(kEmptyType + 1, 2).bits();
  try {
    heap->verify("in a test");
    FAIL() << "the verifier accepted an unknown type id";
  } catch (const gc::VerificationError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown type id"), std::string::npos) << e.what();
  }
  *object = Header::make(kPairType, 2).bits();
}

INSTANTIATE_TEST_SUITE_P(EveryCollector, HeapTest, testing::ValuesIn(gc::test::collector_names()),
                         gc::test::collector_test_name);

}  // namespace
