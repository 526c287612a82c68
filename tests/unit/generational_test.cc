// The generational collector: promotion, the remembered-object barrier, large
// objects born old, the barrier verifier, options and stress scheduling.
// Objects are built by hand (test_heap.h); the language suite runs the same
// collector under every store kind of the runtime.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "collectors/api/barrier.h"
#include "collectors/heap/heap.h"
#include "collectors/heap/verifier.h"
#include "test_heap.h"

namespace gc = beagle::gc;
using gc::Header;
using gc::Value;
using gc::Word;

namespace {

using gc::test::kPairType;

constexpr uint32_t kArrayType = 8;

class GenerationalTest : public gc::test::HeapFixture<> {
 protected:
  void start(bool gc_always = false, size_t limit = 0) { HeapFixture::start("generational", gc_always, limit); }
  void start_with_options(std::vector<std::pair<std::string, std::string>> options) {
    HeapFixture::start("generational", false, 0, false, std::move(options));
  }

  bool young(Value v) const { return heap->collector().generations()->is_young(v.address()); }
  void minor() { heap->collect(gc::GcReason::HeapFull); }
  void major() { heap->collect(gc::GcReason::Explicit); }

  // An old pair: allocated, then promoted by a major collection.
  Value old_pair() {
    roots.values.push_back(pair(Value::from_int(1), Value::from_int(2)));
    major();
    Value v = roots.values.back();
    roots.values.pop_back();
    return v;
  }

  // An array of `length` null elements; 256 words or more is born old.
  Value array(size_t length) {
    Word* object = allocate(length + 1);
    object[0] = new_header(Header::make(kArrayType, length)).bits();  // as the runtime does
    for (size_t i = 1; i <= length; i++) object[i] = Value::null().bits();
    return Value::object(object);
  }
};

TEST_F(GenerationalTest, AMinorCollectionPromotesSurvivorsAndEmptiesTheNursery) {
  start();
  roots.values.push_back(pair(Value::from_int(3), Value::from_int(4)));
  Value garbage = pair(Value::from_int(5), Value::from_int(6));
  ASSERT_TRUE(young(roots.values[0]));
  ASSERT_TRUE(young(garbage));
  minor();
  EXPECT_FALSE(young(roots.values[0]));
  EXPECT_EQ(field(roots.values[0], 0), Value::from_int(3));
  EXPECT_EQ(field(roots.values[0], 1), Value::from_int(4));
  EXPECT_EQ(heap->stats().minor.count, 1u);
  EXPECT_EQ(heap->stats().major.count, 0u);
  EXPECT_EQ(heap->stats().promoted_bytes, 3 * sizeof(Word));
  EXPECT_TRUE(gc::header_of(roots.values[0].address()).has(gc::kUnlogged)) << "a promoted object is armed";
}

TEST_F(GenerationalTest, TheBarrierRemembersAnOldObjectOnItsFirstStoreOnly) {
  start();
  roots.values.push_back(old_pair());
  Value old = roots.values[0];
  ASSERT_FALSE(young(old));
  ASSERT_TRUE(gc::header_of(old.address()).has(gc::kUnlogged));
  store(old, 0, pair(Value::from_int(7), Value::from_int(8)));
  store(old, 1, pair(Value::from_int(9), Value::from_int(10)));
  EXPECT_FALSE(gc::header_of(old.address()).has(gc::kUnlogged)) << "logged";
  EXPECT_EQ(mutator.remembered_top - mutator.remembered_begin, 1) << "one entry for two stores";
  minor();
  old = roots.values[0];
  EXPECT_FALSE(young(field(old, 0)));
  EXPECT_EQ(field(field(old, 0), 1), Value::from_int(8));
  EXPECT_EQ(field(field(old, 1), 0), Value::from_int(9));
  EXPECT_EQ(heap->stats().remembered_objects, 1u);
  EXPECT_TRUE(gc::header_of(old.address()).has(gc::kUnlogged)) << "re-armed after the collection";
}

TEST_F(GenerationalTest, TheVerifierCatchesAStoreWithoutTheBarrier) {
  start();
  roots.values.push_back(old_pair());
  Value young_pair = pair(Value::from_int(1), Value::from_int(2));
  gc::fields_of(roots.values[0].address())[1] = young_pair;  // no barrier
  try {
    heap->verify("in the test");
    FAIL() << "the verifier missed an old-to-young reference that is not remembered";
  } catch (const gc::VerificationError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("field 1 of old object"), std::string::npos) << message;
    EXPECT_NE(message.find("missing write barrier"), std::string::npos) << message;
    EXPECT_NE(message.find("generational"), std::string::npos) << message;
  }
}

TEST_F(GenerationalTest, TheVerifierCatchesAnOldObjectThatIsNeitherArmedNorRemembered) {
  start();
  roots.values.push_back(old_pair());
  Word* object = roots.values[0].address();
  *object = gc::header_of(object).without(gc::kUnlogged).bits();
  EXPECT_THROW(heap->verify("in the test"), gc::VerificationError);
}

// FAILURE-MODES #6: a large object is born old, so its initialising stores
// of young values must still reach the remembered set.
TEST_F(GenerationalTest, ALargeObjectIsBornOldAndRememberedSoItsInitialisingStoresNeedNoBarrier) {
  start();
  for (int i = 0; i < 300; i++) roots.values.push_back(pair(Value::from_int(i), Value::null()));
  Value a = array(300);
  EXPECT_FALSE(young(a));
  for (int i = 0; i < 300; i++) gc::init_field(a.address(), size_t(i), roots.values[size_t(i)]);
  roots.values.assign(1, a);
  heap->verify("after filling");
  minor();
  for (int i = 0; i < 300; i++) ASSERT_EQ(field(field(roots.values[0], i), 0), Value::from_int(i));
}

// ... but once anything may have collected, the object is an ordinary old
// one: an initialising store then misses the barrier, and the verifier says so.
TEST_F(GenerationalTest, AnInitialisingStoreAfterACollectionIsCaught) {
  start();
  roots.values.push_back(array(300));
  minor();
  Value element = pair(Value::from_int(1), Value::null());
  gc::init_field(roots.values[0].address(), 0, element);
  EXPECT_THROW(heap->verify("after the store"), gc::VerificationError);
  store(roots.values[0], 1, element);
  EXPECT_THROW(heap->verify("after a store into another slot"), gc::VerificationError)
      << "a large object is remembered by slot: a store into slot 1 does not cover slot 0";
  store(roots.values[0], 0, element);
  EXPECT_NO_THROW(heap->verify("after a store through the barrier"));
}

// A large old object stays armed, and each store of a reference into it logs
// the slot: a minor collection scans the logged slots, not the whole object.
TEST_F(GenerationalTest, ALargeOldObjectIsRememberedBySlot) {
  start();
  roots.values.push_back(array(1000));
  minor();
  Value a = roots.values[0];
  ASSERT_TRUE(gc::header_of(a.address()).has(gc::kUnlogged));
  store(a, 10, Value::from_int(5));  // not a reference: nothing to log
  EXPECT_EQ(mutator.remembered_top - mutator.remembered_begin, 0);
  store(a, 20, pair(Value::from_int(1), Value::null()));
  store(a, 30, pair(Value::from_int(2), Value::null()));
  EXPECT_TRUE(gc::header_of(a.address()).has(gc::kUnlogged)) << "still armed";
  EXPECT_EQ(mutator.remembered_top - mutator.remembered_begin, 2);
  uint64_t remembered_before = heap->stats().remembered_objects;  // the array itself, at birth
  minor();
  a = roots.values[0];
  EXPECT_FALSE(young(field(a, 20)));
  EXPECT_EQ(field(field(a, 20), 0), Value::from_int(1));
  EXPECT_EQ(field(field(a, 30), 0), Value::from_int(2));
  EXPECT_EQ(heap->stats().remembered_objects - remembered_before, 2u) << "two slots, not the whole object";
}

TEST_F(GenerationalTest, AMajorCollectionFreesOldGarbage) {
  start();
  for (int i = 0; i < 1000; i++) pair(Value::from_int(i), Value::null());
  roots.values.push_back(pair(Value::from_int(1), Value::null()));
  minor();  // everything in the nursery that survives is promoted; the garbage is not
  size_t promoted = heap->stats().promoted_bytes;
  EXPECT_EQ(promoted, 3 * sizeof(Word));
  Value old = roots.values[0];
  roots.values.clear();
  (void)old;
  major();
  EXPECT_EQ(heap->collector().usage().used_bytes, 0u) << "the old pair was garbage";
}

// After a major collection the old generation is swept lazily: promotion
// sweeps a few blocks at a time, reuses the dead cells it finds, and the
// heap stays valid throughout.
TEST_F(GenerationalTest, PromotionReusesCellsThatAMajorCollectionLeftToSweep) {
  start();
  for (int i = 0; i < 2000; i++) roots.values.push_back(pair(Value::from_int(i), Value::null()));
  minor();  // 2000 pairs promoted
  size_t committed = heap->collector().usage().committed_bytes;
  for (size_t i = 0; i < roots.values.size(); i += 2) roots.values[i] = Value::null();
  major();  // half of them dead, not swept yet
  EXPECT_EQ(heap->collector().usage().used_bytes, 1000 * 3 * sizeof(Word));
  for (int i = 0; i < 1000; i++) roots.values.push_back(pair(Value::from_int(-i), Value::null()));
  minor();  // 1000 more promoted, into the dead cells
  EXPECT_EQ(heap->collector().usage().committed_bytes, committed) << "no new block for what fits in dead cells";
  heap->verify("after promotion into swept cells");
  for (size_t i = 1; i < 2000; i += 2) ASSERT_EQ(field(roots.values[i], 0), Value::from_int(int64_t(i)));
  for (int i = 0; i < 1000; i++) ASSERT_EQ(field(roots.values[size_t(2000 + i)], 0), Value::from_int(-i));
}

// Incremental marking of the old generation. With major-every=1 every
// stress collection starts marking, if it is not under way, and marks a
// slice of 64 words; the test arranges the classic lost object: an object
// already scanned is made the only holder of one not yet marked.
class IncrementalMarkingTest : public GenerationalTest {
 protected:
  static constexpr int kListLength = 2000;

  // roots: [list head, holder]. The holder is marked last, so scanned first.
  void start_marking_over_an_old_list() {
    HeapFixture::start("generational", false, 0, true, {{"major-every", "1"}});
    roots.values.push_back(Value::null());
    for (int i = kListLength; i-- > 0;) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
    roots.values.push_back(pair(Value::null(), Value::null()));
    minor();
    heap->collect(gc::GcReason::Stress);
    ASSERT_TRUE(heap->collector().generations()->marking_old()) << "a slice does not mark 2000 pairs";
  }
  Value holder() const { return roots.values[1]; }
  Value list_element(int n) const {
    Value v = roots.values[0];
    for (int i = 0; i < n; i++) v = field(v, 1);
    return v;
  }
  bool marked(Value v) const { return gc::header_of(v.address()).has(gc::kMarked); }
  bool queued(Value v) const {
    bool found = false;
    heap->collector().generations()->for_each_queued([&](const Word* o) { found |= o == v.address(); });
    return found;
  }
  // Moves the list's tail from element 1499 to the holder, and cuts the list.
  void move_the_tail_to_the_holder(bool through_the_barrier) {
    Value tail = list_element(1500);
    ASSERT_FALSE(marked(tail));
    ASSERT_TRUE(marked(holder()) && !queued(holder())) << "the holder is scanned";
    if (through_the_barrier) {
      store(holder(), 0, tail);
    } else {
      gc::fields_of(holder().address())[0] = tail;
    }
    store(list_element(1499), 1, Value::null());
  }
};

TEST_F(IncrementalMarkingTest, AStoreThroughTheBarrierKeepsAnUnmarkedObjectAlive) {
  start_marking_over_an_old_list();
  move_the_tail_to_the_holder(/*through_the_barrier=*/true);
  EXPECT_NO_THROW(heap->verify("after the store"));
  uint64_t majors = heap->stats().major.count;
  while (heap->stats().major.count == majors) heap->collect(gc::GcReason::Stress);  // marking ends, sweeping starts
  EXPECT_FALSE(heap->collector().generations()->marking_old());
  heap->collect(gc::GcReason::Explicit);  // and a whole collection after it
  Value v = field(holder(), 0);
  for (int i = 1500; i < kListLength; i++, v = field(v, 1)) ASSERT_EQ(field(v, 0), Value::from_int(i));
  EXPECT_EQ(v, Value::null());
  EXPECT_EQ(heap->collector().usage().used_bytes, size_t(kListLength + 1) * 3 * sizeof(Word))
      << "the list's head, its moved tail and the holder";
}

// An object promoted while marking runs is marked at once, and scanned by
// the slices, not by the last pause (which would otherwise trace from the
// roots everything promoted since marking began).
TEST_F(IncrementalMarkingTest, AnObjectPromotedWhileMarkingIsMarkedAtOnce) {
  start_marking_over_an_old_list();
  roots.values.push_back(pair(list_element(1500), Value::null()));  // young
  store(list_element(1499), 1, Value::null());
  heap->collect(gc::GcReason::Stress);  // promotes it, and marks a slice
  ASSERT_TRUE(heap->collector().generations()->marking_old());
  EXPECT_TRUE(marked(roots.values[2]));
  uint64_t majors = heap->stats().major.count;
  while (heap->stats().major.count == majors) heap->collect(gc::GcReason::Stress);
  heap->collect(gc::GcReason::Explicit);
  Value v = field(roots.values[2], 0);
  for (int i = 1500; i < kListLength; i++, v = field(v, 1)) ASSERT_EQ(field(v, 0), Value::from_int(i));
}

TEST_F(IncrementalMarkingTest, TheVerifierCatchesAScannedObjectHoldingAnUnmarkedOne) {
  start_marking_over_an_old_list();
  move_the_tail_to_the_holder(/*through_the_barrier=*/false);
  try {
    heap->verify("after the store");
    FAIL() << "the verifier missed a scanned object that holds an unmarked one";
  } catch (const gc::VerificationError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("field 0 of the marked and scanned"), std::string::npos) << message;
    EXPECT_NE(message.find("unmarked object"), std::string::npos) << message;
  }
}

// A slice may end inside a large array; a reference moved from its unscanned
// part into its scanned part is logged by slot and marked at the next pause.
TEST_F(IncrementalMarkingTest, ALargeArrayIsMarkedAFewFieldsAtATime) {
  HeapFixture::start("generational", false, 0, true, {{"major-every", "1"}});
  roots.values.push_back(array(1000));  // born old
  for (int i = 0; i < 1000; i++) store(roots.values[0], i, pair(Value::from_int(i), Value::null()));
  minor();
  heap->collect(gc::GcReason::Stress);  // marking starts: the array and its first 64 fields
  Value a = roots.values[0];
  ASSERT_TRUE(heap->collector().generations()->marking_old());
  EXPECT_TRUE(marked(a));
  EXPECT_TRUE(queued(a)) << "partly scanned";
  EXPECT_TRUE(marked(field(a, 0)));
  EXPECT_FALSE(marked(field(a, 999)));
  store(a, 0, field(a, 999));
  store(a, 999, Value::null());
  EXPECT_NO_THROW(heap->verify("after moving an unmarked element into the scanned part"));
  uint64_t majors = heap->stats().major.count;
  while (heap->stats().major.count == majors) heap->collect(gc::GcReason::Stress);
  heap->collect(gc::GcReason::Explicit);
  EXPECT_EQ(field(field(roots.values[0], 0), 0), Value::from_int(999));
  EXPECT_EQ(field(field(roots.values[0], 1), 0), Value::from_int(1));
}

TEST_F(GenerationalTest, UnderGcAlwaysEveryTenthCollectionIsMajor) {
  start(/*gc_always=*/true);
  for (int i = 0; i < 100; i++) pair(Value::from_int(i), Value::null());
  EXPECT_EQ(heap->stats().collections, 100u);
  EXPECT_EQ(heap->stats().major.count, 10u);
  EXPECT_EQ(heap->stats().minor.count, 90u);
}

// Pretenuring: once most of a full nursery survives a minor collection,
// what is allocated until the next collection is born old and armed (no
// young object exists meanwhile); that collection samples the nursery
// again. A store of a young object into a pretenured one afterwards goes
// through the barrier like any other old object's.
TEST_F(GenerationalTest, WhenMostOfAFullNurserySurvivesTheNextObjectsAreBornOld) {
  start_with_options({{"nursery", "1M"}, {"survivor-goal", "0"}, {"pretenure-period", "256K"}});
  roots.values.assign(1, Value::null());
  while (heap->stats().minor.count == 0) roots.values[0] = pair(Value::from_int(1), roots.values[0]);
  roots.values.push_back(pair(Value::from_int(2), Value::null()));
  Value born_old = roots.values[1];
  EXPECT_FALSE(young(born_old));
  EXPECT_TRUE(gc::header_of(born_old.address()).has(gc::kUnlogged));
  EXPECT_GE(heap->stats().promoted_bytes, size_t{1} << 19) << "most of the nursery survived";
  minor();  // ends the period: the nursery was empty, so it is sampled again
  EXPECT_EQ(heap->stats().pretenured_bytes, 2 * 3 * sizeof(Word)) << "the pair whose allocation collected, and this one";
  Value young_pair = pair(Value::from_int(3), Value::null());
  EXPECT_TRUE(young(young_pair));
  store(roots.values[1], 1, young_pair);
  EXPECT_FALSE(gc::header_of(roots.values[1].address()).has(gc::kUnlogged)) << "logged";
  minor();  // verified before and after
  EXPECT_EQ(field(field(roots.values[1], 1), 0), Value::from_int(3));
  EXPECT_EQ(field(roots.values[1], 0), Value::from_int(2));
}

// While pretenuring no young object exists: a large object stored into is
// remembered whole (not slot by slot).
TEST_F(GenerationalTest, WhilePretenuringALargeObjectIsRememberedWhole) {
  start_with_options({{"nursery", "1M"}, {"survivor-goal", "0"}});
  roots.values.assign(1, Value::null());
  while (heap->stats().minor.count == 0) roots.values[0] = pair(Value::from_int(1), roots.values[0]);
  roots.values.push_back(array(300));
  Word* large = roots.values[1].address();
  size_t entries = size_t(mutator.remembered_top - mutator.remembered_begin);
  for (size_t i = 0; i < 100; i++) store(roots.values[1], i, pair(Value::from_int(int64_t(i)), Value::null()));
  EXPECT_FALSE(young(field(roots.values[1], 5)));
  EXPECT_EQ(size_t(mutator.remembered_top - mutator.remembered_begin), entries + 1) << "one entry, not 100";
  minor();
  EXPECT_TRUE(gc::header_of(large).has(gc::kUnlogged));
  major();
  EXPECT_EQ(field(field(roots.values[1], 99), 0), Value::from_int(99));
}

// Pretenuring while the old generation is marked: the collection that ends
// a period marks the period's objects, as it marks promoted ones, so that
// the remark is left little to trace. Under gc-always with pretenure given,
// an object whose nursery survived makes the next one be born old, and
// with major-every=2 marking is under way most of the time.
TEST_F(GenerationalTest, ObjectsPretenuredWhileMarkingAreMarkedWhenThePeriodEnds) {
  HeapFixture::start("generational", /*gc_always=*/true, 0, true, {{"pretenure", "0.5"}, {"major-every", "2"}});
  const gc::GenerationsView& generations = *heap->collector().generations();
  roots.values.assign(1, Value::null());
  int checked = 0;
  for (int i = 0; i < 400; i++) {
    bool marking_before = generations.marking_old();
    roots.values[0] = pair(Value::from_int(i), roots.values[0]);
    Word* object = roots.values[0].address();
    if (!marking_before || young(roots.values[0])) continue;  // not born old in a marking
    roots.values.push_back(pair(Value::from_int(-1), Value::null()));  // ends the period
    roots.values.pop_back();
    if (!generations.marking_old()) continue;  // that collection ended the marking
    EXPECT_TRUE(gc::header_of(object).has(gc::kMarked)) << "object " << i;
    checked++;
  }
  EXPECT_GT(checked, 10);
  major();
  Value list = roots.values[0];
  for (int i = 399; i >= 0; i--, list = field(list, 1)) ASSERT_EQ(field(list, 0), Value::from_int(i));
}

// A period ends after pretenure-period bytes, with a collection.
TEST_F(GenerationalTest, APretenuringPeriodEndsAfterItsBytes) {
  start_with_options({{"nursery", "1M"}, {"survivor-goal", "0"}, {"pretenure-period", "256K"}});
  roots.values.assign(1, Value::null());
  while (heap->stats().minor.count == 0) roots.values[0] = pair(Value::from_int(1), roots.values[0]);
  constexpr size_t kPeriodPairs = (size_t{256} << 10) / (3 * sizeof(Word));
  // The first pair of the period was allocated by the loop above.
  for (size_t i = 1; i < kPeriodPairs; i++) roots.values[0] = pair(Value::from_int(2), roots.values[0]);
  EXPECT_EQ(heap->stats().minor.count, 1u);
  roots.values[0] = pair(Value::from_int(3), roots.values[0]);
  EXPECT_EQ(heap->stats().minor.count, 2u) << "the period's end";
  EXPECT_TRUE(young(roots.values[0])) << "sampling the nursery again";
  EXPECT_EQ(heap->stats().pretenured_bytes, kPeriodPairs * 3 * sizeof(Word));
}

TEST_F(GenerationalTest, PretenureZeroNeverPretenures) {
  start_with_options({{"nursery", "1M"}, {"survivor-goal", "0"}, {"pretenure", "0"}});
  roots.values.assign(1, Value::null());
  while (heap->stats().minor.count < 3) roots.values[0] = pair(Value::from_int(1), roots.values[0]);
  EXPECT_TRUE(young(pair(Value::from_int(2), Value::null())));
  EXPECT_EQ(heap->stats().pretenured_bytes, 0u);
}

// Under a stress schedule pretenuring is off unless asked for; asked for,
// an object whose nursery survived makes the next one be born old.
TEST_F(GenerationalTest, UnderGcAlwaysPretenuringIsOffUnlessGiven) {
  HeapFixture::start("generational", /*gc_always=*/true);
  roots.values.assign(1, Value::null());
  for (int i = 0; i < 50; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
  EXPECT_EQ(heap->stats().pretenured_bytes, 0u);
  stop();
  HeapFixture::start("generational", /*gc_always=*/true, 0, true, {{"pretenure", "0.5"}});
  roots.values.assign(1, Value::null());
  for (int i = 0; i < 50; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
  EXPECT_GT(heap->stats().pretenured_bytes, 0u);
  Value list = roots.values[0];
  for (int i = 49; i >= 0; i--, list = field(list, 1)) ASSERT_EQ(field(list, 0), Value::from_int(i));
}

TEST(GenerationalOptions, MajorEveryAndGcAlwaysMajorChooseTheKind) {
  gc::HeapOptions options;
  options.collector = "generational";
  options.stress = gc::StressOptions::always();
  options.config.options = {{"major-every", "4"}};
  gc::Heap heap(options);
  gc::Mutator mutator;
  heap.add_mutator(&mutator);
  for (int i = 0; i < 8; i++) {
    Word* object = heap.allocate(mutator, 1);
    object[0] = Header::make(gc::test::kEmptyType, 0).bits();
  }
  EXPECT_EQ(heap.stats().major.count, 2u);
  heap.remove_mutator(&mutator);

  options.stress = gc::StressOptions::always(/*whole_heap=*/true);
  gc::Heap all_major(options);
  all_major.add_mutator(&mutator);
  for (int i = 0; i < 5; i++) {
    Word* object = all_major.allocate(mutator, 1);
    object[0] = Header::make(gc::test::kEmptyType, 0).bits();
  }
  EXPECT_EQ(all_major.stats().major.count, 5u);
  EXPECT_EQ(all_major.stats().minor.count, 0u);
  all_major.remove_mutator(&mutator);
}

// Without a minor-goal (as under a stress schedule) the nursery is sized by
// what survives: with a 1 MiB nursery and a 64 KiB survivor goal, a program
// that keeps everything collects about every 64 KiB, one that keeps nothing
// about every 1 MiB. Each phase allocates 4 MiB of pairs (24 bytes each);
// the counts are what those sizes imply, with room for the buffers'
// granularity and the first resizes.
TEST_F(GenerationalTest, TheNurseryShrinksWhenMostOfItSurvivesAndGrowsWhenLittleDoes) {
  start_with_options({{"nursery", "1M"}, {"survivor-goal", "64K"}, {"minor-goal", "0"}, {"pretenure", "0"}});
  constexpr size_t kPairs = (size_t{4} << 20) / (3 * sizeof(Word));
  roots.values.push_back(Value::null());
  uint64_t before = heap->stats().minor.count;
  for (size_t i = 0; i < kPairs; i++) roots.values[0] = pair(Value::from_int(int64_t(i)), roots.values[0]);
  uint64_t keeping = heap->stats().minor.count - before;
  EXPECT_GE(keeping, 40u) << "4 MiB kept at about 64 KiB a collection";
  roots.values[0] = Value::null();
  major();
  before = heap->stats().minor.count;
  for (size_t i = 0; i < kPairs; i++) pair(Value::from_int(int64_t(i)), Value::null());
  uint64_t dropping = heap->stats().minor.count - before;
  EXPECT_LE(dropping, 12u) << "4 MiB of garbage at up to 1 MiB a collection";
  EXPECT_GE(dropping, 4u) << "the nursery grows no larger than 1 MiB";
}

// With a minor-goal the nursery is sized by what a minor collection costs
// per nursery byte: a goal no collection can meet (a microsecond) keeps it
// at its smallest (64 KiB), one every collection meets (10 s) lets it grow
// to its largest (1 MiB). The program keeps all it allocates, 4 MiB of
// pairs, so the counts do not depend on how fast this machine copies.
TEST_F(GenerationalTest, TheNurseryIsSizedByWhatAMinorCollectionCostsPerByte) {
  constexpr size_t kPairs = (size_t{4} << 20) / (3 * sizeof(Word));
  auto collections_keeping_everything = [&](const char* minor_goal) {
    stop();  // the heap before, if any
    start_with_options({{"nursery", "1M"}, {"minor-goal", minor_goal}, {"pretenure", "0"}});
    roots.values.assign(1, Value::null());
    uint64_t before = heap->stats().minor.count;
    for (size_t i = 0; i < kPairs; i++) roots.values[0] = pair(Value::from_int(int64_t(i)), roots.values[0]);
    return heap->stats().minor.count - before;
  };
  EXPECT_GE(collections_keeping_everything("0.001"), 40u) << "4 MiB at 64 KiB a collection";
  EXPECT_LE(collections_keeping_everything("10000"), 12u) << "4 MiB at up to 1 MiB a collection";
}

TEST(GenerationalOptions, NurserySizesThatMakeNoSenseAreRefused) {
  auto make = [](std::vector<std::pair<std::string, std::string>> given, size_t limit) {
    gc::HeapOptions options;
    options.collector = "generational";
    options.config.options = std::move(given);
    options.config.max_heap_bytes = limit;
    gc::Heap heap(options);
  };
  EXPECT_THROW(make({{"nursery", "1K"}}, 0), std::invalid_argument);
  EXPECT_THROW(make({{"nursery", "banana"}}, 0), std::invalid_argument);
  EXPECT_THROW(make({{"nursery", "4M"}}, 4 << 20), std::invalid_argument);
  EXPECT_THROW(make({{"major-every", "0"}}, 0), std::invalid_argument);
  EXPECT_THROW(make({{"survivor-goal", "some"}}, 0), std::invalid_argument);
  EXPECT_THROW(make({{"slice-pause", "-2"}}, 0), std::invalid_argument);
  EXPECT_THROW(make({{"pause-goal", "soon"}}, 0), std::invalid_argument);
  EXPECT_THROW(make({{"pause-goal", "10001"}}, 0), std::invalid_argument);
  EXPECT_THROW(make({{"minor-goal", "-1"}}, 0), std::invalid_argument);
  EXPECT_NO_THROW(make({{"survivor-goal", "0"}, {"slice-pause", "0.5"}, {"pause-goal", "0"}, {"minor-goal", "0"}}, 0));
  EXPECT_THROW(make({{"colour", "blue"}}, 0), std::invalid_argument);
  EXPECT_NO_THROW(make({{"nursery", "1M"}, {"major-every", "3"}}, 0));
  EXPECT_NO_THROW(make({}, 512 << 10));  // the default nursery shrinks under a small limit
}

TEST(CollectorOptions, ACollectorRefusesAnOptionItDoesNotDeclare) {
  gc::HeapOptions options;
  options.collector = "mark-sweep";
  options.config.options = {{"nursery", "1M"}};
  EXPECT_THROW(gc::Heap heap(options), std::invalid_argument);
}

}  // namespace
