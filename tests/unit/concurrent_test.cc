// The concurrent collector: its cycle's pauses, the snapshot-at-the-beginning
// barrier (api/barrier.h), black allocation, check-mark, and the marking
// thread. heap_test.cc runs the tests every collector must pass.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "collectors/heap/verifier.h"
#include "test_heap.h"

namespace gc = beagle::gc;
using gc::GcReason;
using gc::Header;
using gc::Value;
using gc::Word;

namespace {

class ConcurrentTest : public gc::test::HeapFixture<> {
 protected:
  // The lock-step marker (no thread): marking advances only at allocations,
  // by steps from the seed, so each test sees the same interleaving.
  void start_lockstep() { start("concurrent", false, 0, true, {{"marker", "lockstep"}}); }

  // An object of 600 fields, Ints but the last, which is `last`: more than
  // a lock-step step (at most 512 fields) reads, so the allocation after a
  // start pause leaves `last` unmarked.
  Value wide_holding(Value last) {
    constexpr size_t kFields = 600;
    roots.values.push_back(last);
    Word* object = allocate(kFields + 1);
    last = roots.values.back();
    roots.values.pop_back();
    object[0] = new_header(Header::make(gc::test::kPairType, kFields)).bits();
    for (size_t i = 0; i + 1 < kFields; i++) gc::fields_of(object)[i] = Value::from_int(int64_t(i));
    gc::fields_of(object)[kFields - 1] = last;
    return Value::object(object);
  }
  static constexpr int kLast = 599;

  // Starts a cycle with roots[0] a wide object whose last field holds a
  // pair (42, null) that marking has not reached, allocates a pair marked
  // black (roots[1]) and stores the unmarked pair into it: what remains is
  // to unlink the pair from roots[0], with the barrier or without.
  void move_an_unmarked_object_into_a_black_one() {
    roots.values.push_back(wide_holding(pair(Value::from_int(42), Value::null())));
    heap->collect(GcReason::Stress);
    Value black = pair(Value::null(), Value::null());
    roots.values.push_back(black);
    Value moved = field(roots.values[0], kLast);
    EXPECT_FALSE(marked(moved)) << "the test needs marking not to have reached it yet";
    store(black, 0, moved);
  }

  size_t logged() const { return size_t(mutator.remembered_top - mutator.remembered_begin); }
  static bool marked(Value v) { return gc::header_of(v.address()).has(gc::kMarked); }
};

TEST_F(ConcurrentTest, TheStartPauseTurnsOnTheBarrierAndBlackAllocationAndTheRemarkTurnsThemOff) {
  start_lockstep();
  roots.values.push_back(pair(Value::from_int(1), Value::null()));
  EXPECT_EQ(mutator.marking, 0);
  EXPECT_FALSE(marked(roots.values[0]));
  heap->collect(GcReason::Stress);  // no cycle under way: starts one
  EXPECT_EQ(mutator.marking, 1);
  EXPECT_EQ(mutator.allocation_flags, gc::kMarked);
  EXPECT_TRUE(marked(roots.values[0])) << "the roots' objects are marked in the start pause";
  Value born = pair(Value::from_int(2), Value::null());
  EXPECT_TRUE(marked(born)) << "allocated black";
  heap->collect(GcReason::Cycle);  // a cycle under way: ends it
  EXPECT_EQ(mutator.marking, 0);
  EXPECT_EQ(mutator.allocation_flags, 0);
  EXPECT_FALSE(marked(pair(Value::from_int(3), Value::null())));
  EXPECT_EQ(heap->stats().collections, 2u);
}

// Under the marking thread, a mutator allocates from cells of its own while
// marking: they count as black when handed over, and those it did not use
// stop counting when the remark takes them back, so the live bytes after
// the cycle are exact. (A list of 20,000 pairs keeps the marker busy while
// the test allocates; should it finish first, an allocation asks for the
// remark itself, and the count must come out the same.)
TEST_F(ConcurrentTest, CellsHandedOutWhileMarkingCountAsBlackOnlyIfUsed) {
  constexpr size_t kListPairs = 20000, kPairBytes = 3 * sizeof(Word);
  start("concurrent");
  roots.values.push_back(Value::null());
  for (size_t i = 0; i < kListPairs; i++) roots.values[0] = pair(Value::from_int(int64_t(i)), roots.values[0]);
  heap->collect(GcReason::Stress);  // starts a cycle (ending any under way)
  ASSERT_EQ(mutator.marking, 1);
  for (int i = 1; i <= 100; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
  for (int i = 0; i < 50; i++) pair(Value::null(), Value::null());  // garbage, but black while marking
  if (mutator.marking) heap->collect(GcReason::Cycle);  // the remark
  EXPECT_EQ(mutator.marking, 0);
  heap->verify("after the cycle");  // flushes the mutator
  EXPECT_EQ(heap->collector().usage().used_bytes, (kListPairs + 150) * kPairBytes);
  heap->collect(GcReason::Explicit);
  EXPECT_EQ(heap->collector().usage().used_bytes, (kListPairs + 100) * kPairBytes);
}

TEST_F(ConcurrentTest, TheBarrierLogsWhatAStoreOverwritesOnlyWhileMarking) {
  start_lockstep();
  roots.values.push_back(pair(Value::null(), Value::null()));
  roots.values.push_back(pair(Value::from_int(7), Value::null()));
  Value holder = roots.values[0], target = roots.values[1];
  store(holder, 0, target);
  store(holder, 0, Value::from_int(1));
  EXPECT_EQ(logged(), 0u) << "not marking: nothing is logged";
  heap->collect(GcReason::Stress);
  holder = roots.values[0];
  target = roots.values[1];
  store(holder, 0, target);  // overwrites an Int
  EXPECT_EQ(logged(), 0u);
  store(holder, 0, Value::null());  // overwrites the reference
  ASSERT_EQ(logged(), 1u);
  EXPECT_EQ(mutator.remembered_begin[0], target.address());
}

// The snapshot's promise: an object reachable when marking began is marked,
// even if the program moves it into an object marking will not scan again
// (one allocated black) and unlinks it from where it was.
TEST_F(ConcurrentTest, AnObjectUnlinkedDuringMarkingSurvivesTheCycle) {
  start_lockstep();
  move_an_unmarked_object_into_a_black_one();
  store(roots.values[0], kLast, Value::null());
  heap->collect(GcReason::Cycle);  // the remark: check-mark runs (verify is on)
  EXPECT_EQ(field(field(roots.values[1], 0), 0), Value::from_int(42));
  heap->verify("in a test");
}

TEST_F(ConcurrentTest, CheckMarkCatchesAStoreWithoutTheBarrier) {
  start_lockstep();
  move_an_unmarked_object_into_a_black_one();
  gc::fields_of(roots.values[0].address())[kLast] = Value::null();  // no barrier
  try {
    heap->collect(GcReason::Cycle);
    FAIL() << "check-mark missed an object the concurrent mark did not reach";
  } catch (const gc::VerificationError& e) {
    EXPECT_NE(std::string(e.what()).find("check-mark"), std::string::npos) << e.what();
  }
}

TEST_F(ConcurrentTest, AFullLogIsHandedToTheMarker) {
  start_lockstep();
  roots.values.push_back(pair(Value::null(), Value::null()));
  roots.values.push_back(pair(Value::null(), Value::null()));
  heap->collect(GcReason::Stress);
  Value holder = roots.values[0], target = roots.values[1];
  for (size_t i = 0; i < gc::kSnapshotLogEntries + 10; i++) {
    store(holder, 0, target);
    store(holder, 0, Value::null());
  }
  EXPECT_EQ(logged(), 10u) << "the barrier keeps at most kSnapshotLogEntries before handing them over";
}

// Without a stress schedule the marker is a thread: it marks while the
// program runs, and the first allocation after it runs out of work asks for
// the remark (a collection for the reason Cycle).
TEST_F(ConcurrentTest, TheMarkingThreadMarksAndTheNextAllocationAsksForTheRemark) {
  start("concurrent", false, 0, true);
  roots.values.push_back(Value::null());
  for (int i = 0; i < 10000; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
  heap->collect(GcReason::Stress);
  ASSERT_EQ(mutator.marking, 1);
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (heap->stats().collections < 2 && std::chrono::steady_clock::now() < give_up) {
    pair(Value::null(), Value::null());
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  EXPECT_EQ(heap->stats().collections, 2u);
  EXPECT_EQ(mutator.marking, 0);
  Value list = roots.values[0];
  for (int i = 9999; i >= 0; i--, list = field(list, 1)) ASSERT_EQ(field(list, 0), Value::from_int(i));
}

}  // namespace
