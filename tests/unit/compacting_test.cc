// Tests specific to the compacting (semispace copying) collector: objects
// really move, every reference follows them, and the shape of the object
// graph (cycles, sharing, depth) survives the copy.
#include <gtest/gtest.h>

#include <unordered_set>

#include "collectors/heap/heap.h"
#include "test_heap.h"

namespace gc = beagle::gc;
using gc::Header;
using gc::Value;
using gc::Word;

namespace {

using gc::test::kBoxType;
using gc::test::kPairType;

class CompactingTest : public gc::test::HeapFixture<> {
 protected:
  void start(bool gc_always = false, size_t limit = 0, bool verify = true) {
    HeapFixture::start("compacting", gc_always, limit, verify);
  }

  // Every object reachable from the roots, found without recursion.
  std::unordered_set<Word*> reachable() {
    std::unordered_set<Word*> seen;
    std::vector<Value> pending(roots.values.begin(), roots.values.end());
    while (!pending.empty()) {
      Value v = pending.back();
      pending.pop_back();
      if (!v.is_reference() || !seen.insert(v.address()).second) continue;
      gc::for_each_field(v.address(), [&](Value* slot) { pending.push_back(*slot); });
    }
    return seen;
  }

  // Non-filler objects in the compacting collector's own space.
  size_t objects_in_heap() {
    size_t count = 0;
    heap->collector().for_each_space([&](const gc::SpaceRange& r) {
      for (Word* at = r.begin; at < r.end; at += gc::header_of(at).total_words()) {
        if (gc::header_of(at).type() != gc::kFillerType) count++;
      }
    });
    return count;
  }
};

TEST_F(CompactingTest, IsRegisteredAsAMovingBumpCollectorWithoutBarrier) {
  start();
  const gc::CollectorAttributes& a = heap->collector().attributes();
  EXPECT_TRUE(a.moving);
  EXPECT_EQ(a.fast_path, gc::AllocationFastPath::Bump);
  EXPECT_EQ(a.barrier, gc::BarrierKind::None);
}

TEST_F(CompactingTest, ObjectsMoveAndEveryReferenceFollows) {
  start();
  Value leaf = box(42);
  roots.values.push_back(leaf);
  Value inner = pair(roots.values[0], Value::from_int(7));
  roots.values.push_back(inner);
  roots.values.push_back(pair(roots.values[1], roots.values[0]));
  std::vector<Value> before = roots.values;

  collect();

  for (size_t i = 0; i < before.size(); i++) {
    EXPECT_NE(roots.values[i].address(), before[i].address()) << "root " << i << " did not move";
    EXPECT_EQ(roots.values[i].tag(), before[i].tag()) << "root " << i << " lost its tag";
  }
  Value new_leaf = roots.values[0], new_inner = roots.values[1], outer = roots.values[2];
  EXPECT_EQ(new_leaf.address()[1], 42u);
  EXPECT_EQ(field(new_inner, 0), new_leaf);
  EXPECT_EQ(field(new_inner, 1), Value::from_int(7));
  EXPECT_EQ(field(outer, 0), new_inner);
  EXPECT_EQ(field(outer, 1), new_leaf);
}

TEST_F(CompactingTest, ACycleSurvivesAsACycle) {
  start();
  roots.values.push_back(pair(Value::null(), Value::null()));
  Value b = pair(roots.values[0], Value::null());
  store(roots.values[0], 1, b);  // a -> b -> a
  Value a_before = roots.values[0];

  for (int i = 0; i < 3; i++) collect();

  Value a = roots.values[0];
  EXPECT_NE(a.address(), a_before.address());
  Value b_after = field(a, 1);
  EXPECT_EQ(field(b_after, 0), a);
  EXPECT_EQ(reachable().size(), 2u);
  EXPECT_EQ(objects_in_heap(), 2u);
}

TEST_F(CompactingTest, AMillionElementListCopiesWithoutRecursion) {
  start(false, 0, /*verify=*/false);  // the verifier is checked elsewhere; keep this test quick
  constexpr int64_t kLength = 1000000;
  roots.values.push_back(Value::null());
  for (int64_t i = 0; i < kLength; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
  collect();
  heap->verify("after a million-element copy");

  int64_t expected = kLength - 1;
  for (Value v = roots.values[0]; !v.is_null(); v = field(v, 1)) {
    ASSERT_EQ(field(v, 0).as_int(), expected) << "list broken";
    expected--;
  }
  EXPECT_EQ(expected, -1);
  EXPECT_EQ(objects_in_heap(), size_t(kLength));
}

// n(i+1) = pair(n(i), n(i)): 2^40 paths, 41 objects. A copy that followed
// paths instead of forwarding would never finish.
TEST_F(CompactingTest, SharedSubstructureStaysShared) {
  start();
  roots.values.push_back(box(1));
  for (int i = 0; i < 40; i++) roots.values[0] = pair(roots.values[0], roots.values[0]);
  for (int i = 0; i < 3; i++) collect();

  EXPECT_EQ(reachable().size(), 41u);
  EXPECT_EQ(objects_in_heap(), 41u);
  for (Value v = roots.values[0]; !v.is_float(); v = field(v, 0)) EXPECT_EQ(field(v, 0), field(v, 1));
}

TEST_F(CompactingTest, OpaquePayloadsAreNotForwarded) {
  start();
  roots.values.push_back(pair(Value::from_int(1), Value::from_int(2)));
  Word looks_like_a_reference = roots.values[0].bits();
  roots.values.push_back(box(looks_like_a_reference));
  collect();
  EXPECT_EQ(roots.values[1].address()[1], looks_like_a_reference);
}

TEST_F(CompactingTest, ImmediateRootsAreUntouched) {
  start();
  std::vector<Value> immediates = {Value::from_int(0),          Value::from_int(-5),
                                   Value::from_int(Value::kMaxInt), Value::from_int(Value::kMinInt),
                                   Value::null(),               Value::boolean(true),
                                   Value::boolean(false)};
  roots.values = immediates;
  roots.values.push_back(pair(Value::from_int(3), Value::null()));
  collect();
  for (size_t i = 0; i < immediates.size(); i++) EXPECT_EQ(roots.values[i], immediates[i]) << "root " << i;
  EXPECT_EQ(field(roots.values.back(), 0), Value::from_int(3));
}

TEST_F(CompactingTest, ImmortalObjectsStayPut) {
  start();
  Word* literal = heap->allocate_immortal(2);
  literal[0] = Header::make(kBoxType, 1, 0, gc::kOpaque | gc::kImmortal).bits();
  literal[1] = 99;
  roots.values.push_back(Value::float_box(literal));
  roots.values.push_back(pair(roots.values[0], Value::null()));
  collect();
  EXPECT_EQ(roots.values[0].address(), literal);
  EXPECT_EQ(field(roots.values[1], 0).address(), literal);
  EXPECT_EQ(Header::from_bits(literal[0]).is_forwarded(), false);
}

TEST_F(CompactingTest, LargeObjectsAreCopiedWhole) {
  start();
  constexpr size_t kFields = 1000;
  Word* object = allocate(kFields + 1);
  object[0] = Header::make(kPairType, kFields).bits();
  for (size_t i = 0; i < kFields; i++) gc::fields_of(object)[i] = Value::from_int(int64_t(i));
  roots.values.push_back(Value::object(object));
  collect();
  ASSERT_NE(roots.values[0].address(), object);
  for (size_t i = 0; i < kFields; i++) ASSERT_EQ(field(roots.values[0], int(i)).as_int(), int64_t(i));
}

// FAILURE-MODES.md #17: garbage is reclaimed cycle after cycle, so the
// memory held stays near the live data plus the allocation budget.
TEST_F(CompactingTest, CommittedMemoryStaysBoundedOverManyGarbageCycles) {
  start(false, 0, /*verify=*/false);
  roots.values.push_back(Value::null());
  for (int i = 0; i < 1000; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);  // live
  size_t peak_committed = 0;
  for (int round = 0; round < 200; round++) {
    Value garbage = Value::null();
    for (int i = 0; i < 10000; i++) garbage = pair(Value::from_int(i), garbage);  // ~240 KiB
    peak_committed = std::max(peak_committed, heap->collector().usage().committed_bytes);
  }
  EXPECT_GT(heap->stats().collections, 5u);  // 48 MiB allocated through a 4 MiB budget
  EXPECT_LE(peak_committed, size_t{8} << 20);
  collect();
  EXPECT_LE(heap->collector().usage().used_bytes, size_t{64} << 10);
  EXPECT_EQ(reachable().size(), 1000u);
}

TEST_F(CompactingTest, LiveDataUpToHalfTheLimitFits) {
  constexpr size_t kLimit = size_t{8} << 20;
  start(false, kLimit);
  roots.values.push_back(Value::null());
  // ~3 MiB live: within each semispace's 4 MiB.
  for (int i = 0; i < 130000; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
  for (int i = 0; i < 3; i++) collect();
  EXPECT_LE(heap->collector().usage().used_bytes, kLimit / 2);
  // The space and the chunks its pool keeps for the next cycle (which the
  // limit lets fill no more than the limit) stay within the limit.
  EXPECT_LE(heap->collector().usage().committed_bytes, kLimit);
  EXPECT_EQ(reachable().size(), 130000u);
}

TEST_F(CompactingTest, GcAlwaysAllocatesWithoutABuffer) {
  start(/*gc_always=*/true);
  roots.values.push_back(pair(Value::from_int(1), Value::null()));
  EXPECT_EQ(mutator.alloc_ptr, nullptr);
  EXPECT_EQ(mutator.alloc_limit, nullptr);
  roots.values.push_back(pair(roots.values[0], Value::null()));
  EXPECT_EQ(heap->stats().collections, 2u);
  EXPECT_EQ(field(field(roots.values[1], 0), 0), Value::from_int(1));
}

}  // namespace
