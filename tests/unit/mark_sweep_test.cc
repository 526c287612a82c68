// Tests of the mark-sweep policy and of the spaces under it (free lists,
// large objects). heap_test.cc runs the tests every collector must pass.
#include <gtest/gtest.h>

#include <algorithm>

#include "collectors/heap/heap.h"
#include "collectors/spaces/free_list_space.h"
#include "collectors/spaces/large_object_space.h"
#include "collectors/tracing/marker.h"
#include "test_heap.h"

namespace gc = beagle::gc;
using gc::Header;
using gc::Value;
using gc::Word;

namespace {

using gc::test::kPairType;
constexpr uint32_t kNumbersType = 8;  // fields that hold Ints

// Walks a range the way the verifier does; false if it does not tile.
bool tiles(const gc::SpaceRange& range) {
  Word* at = range.begin;
  while (at < range.end) at += gc::header_of(at).total_words();
  return at == range.end;
}

class MarkSweepTest : public gc::test::HeapFixture<> {
 protected:
  void start(bool gc_always = false, size_t limit = 0, bool verify = true) {
    HeapFixture::start("mark-sweep", gc_always, limit, verify);
  }

  size_t large_object_words() { return heap->collector().attributes().large_object_words; }
  size_t used_bytes() { return heap->collector().usage().used_bytes; }
  size_t committed_bytes() { return heap->collector().usage().committed_bytes; }

  // An object of `total_words` words whose fields are the Ints seed, seed+1, ...
  Value numbers(size_t total_words, int64_t seed) {
    Word* object = allocate(total_words);
    object[0] = Header::make(kNumbersType, total_words - 1).bits();
    for (size_t i = 1; i < total_words; i++) object[i] = Value::from_int(seed + int64_t(i)).bits();
    return Value::object(object);
  }
  static bool holds_numbers(Value v, size_t total_words, int64_t seed) {
    Header h = gc::header_of(v.address());
    if (h.type() != kNumbersType || h.total_words() != total_words) return false;
    for (size_t i = 1; i < total_words; i++) {
      if (v.address()[i] != Value::from_int(seed + int64_t(i)).bits()) return false;
    }
    return true;
  }

  // A list of `length` pairs (Int i, rest), built without recursion; roots[0].
  void build_list(int64_t length) {
    roots.values.assign(1, Value::null());
    for (int64_t i = 0; i < length; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
  }
  static int64_t list_length_if_intact(Value list) {
    int64_t length = 0;
    for (; !list.is_null(); list = field(list, 1)) {
      if (gc::header_of(list.address()).type() != kPairType) return -1;
      length++;
    }
    return length;
  }
};

TEST(SizeClasses, CoverEverySmallSizeWithAtMostAQuarterLost) {
  gc::SizeClasses classes(255);
  EXPECT_EQ(classes.cell_words(0), gc::SizeClasses::kMinCellWords);
  EXPECT_EQ(classes.cell_words(classes.count() - 1), 255u);
  for (size_t words = 1; words <= 255; words++) {
    size_t cell = classes.cell_words(classes.class_of(words));
    EXPECT_GE(cell, words);
    if (words >= 2 && words <= gc::SizeClasses::kLastExactWords) {
      EXPECT_EQ(cell, words);
    } else if (words > 2) {
      EXPECT_LE(cell, words + (words + 3) / 4) << words << " words in a " << cell << "-word cell";
    }
  }
}

TEST(FreeListSpace, AnObjectSmallerThanItsCellIsFollowedByFiller) {
  gc::FreeListSpace space("test", 255);
  Word* object = space.allocate_in_new_block(17);
  ASSERT_NE(object, nullptr);
  object[0] = Header::make(kNumbersType, 16).bits();
  size_t cell = space.size_classes().cell_words(space.size_classes().class_of(17));
  ASSERT_GT(cell, 17u);
  EXPECT_EQ(gc::header_of(object + 17).bits(), gc::filler_header(cell - 17).bits());
  int ranges = 0;
  space.for_each_range([&](const gc::SpaceRange& range) {
    ranges++;
    EXPECT_TRUE(tiles(range));
  });
  EXPECT_EQ(ranges, 1);
  EXPECT_TRUE(space.contains(object));
  Word on_the_stack = 0;
  EXPECT_FALSE(space.contains(&on_the_stack));
}

// The free-list fast path (api/allocation.h): a block's free cells go to the
// mutator, which pops them in address order; what it did not use comes back.
TEST(FreeListSpace, HandsTheRestOfABlockToTheMutatorAndTakesBackWhatIsLeft) {
  gc::FreeListSpace space("test", 255);
  gc::Mutator mutator;
  const gc::SizeClasses& classes = space.size_classes();
  Word* first = space.allocate_in_new_block(3);
  ASSERT_NE(first, nullptr);
  first[0] = Header::make(kNumbersType, 2).bits();
  size_t cells = gc::FreeListSpace::kBlockWords / 3;
  EXPECT_EQ(space.hand_out_free_cells(mutator, 3), (cells - 1) * 3);
  EXPECT_EQ(space.used_bytes(), cells * 3 * sizeof(Word)) << "held cells count whole";
  for (size_t i = 1; i <= 10; i++) {
    Word* object = gc::free_list_allocate(mutator, classes, 3);
    ASSERT_EQ(object, first + 3 * i);
    object[0] = Header::make(kNumbersType, 2).bits();
  }
  EXPECT_EQ(space.take_back_free_cells(mutator), (cells - 11) * 3);
  EXPECT_EQ(mutator.free_cells[classes.class_of(3)], nullptr);
  EXPECT_EQ(space.used_bytes(), 11 * 3 * sizeof(Word));
  EXPECT_EQ(space.allocate(3), first + 33) << "the cells taken back are the block's free cells again";
  space.for_each_range([&](const gc::SpaceRange& range) { EXPECT_TRUE(tiles(range)); });
}

TEST(FreeListSpace, HandsOutOnlyWhatTheRoomLeftBesideTheObjectHolds) {
  gc::FreeListSpace space("test", 255);
  gc::Mutator mutator;
  ASSERT_NE(space.allocate_in_new_block(17), nullptr);
  size_t cell = space.size_classes().cell_words(space.size_classes().class_of(17));
  mutator.buffer_room_words = 17 + 4 * cell + cell / 2;
  EXPECT_EQ(space.hand_out_free_cells(mutator, 17), 4 * cell);
  space.take_back_free_cells(mutator);
  mutator.buffer_allowed = false;  // a stress mode: every object from the slow path
  EXPECT_EQ(space.hand_out_free_cells(mutator, 17), 0u);
  EXPECT_EQ(mutator.free_cells[space.size_classes().class_of(17)], nullptr);
}

// Bump blocks (for a collector that pretenures): a block mark, then objects
// of any size in order, the rest of the block one filler. Marking an object
// marks its block; a sweep keeps a marked block, its dead objects made one
// filler a run, and pools an unmarked one.
TEST(FreeListSpace, BumpedObjectsTileTheirBlockWhichASweepKeepsOrFreesWhole) {
  gc::FreeListSpace space("test", 255);
  Word* objects[4];
  size_t sizes[4] = {3, 5, 3, 2};
  for (int i = 0; i < 4; i++) {
    objects[i] = space.allocate_bumped(sizes[i]);
    ASSERT_NE(objects[i], nullptr);
    objects[i][0] = Header::make(kNumbersType, sizes[i] - 1, 0, gc::kOpaque).bits();
  }
  Word* block = gc::block_mark_word(objects[0]);
  EXPECT_EQ(objects[0], block + 1);
  EXPECT_EQ(objects[1], objects[0] + 3);
  EXPECT_EQ(objects[3], objects[2] + 3);
  EXPECT_EQ(space.used_bytes(), 13 * sizeof(Word));
  space.for_each_range([&](const gc::SpaceRange& range) {
    EXPECT_EQ(range.end - range.begin, ptrdiff_t(gc::FreeListSpace::kBlockWords));
    EXPECT_TRUE(tiles(range));
  });
  gc::Marker marker;
  marker.mark_object(objects[2]);
  EXPECT_TRUE(gc::header_of(block).has(gc::kMarked)) << "the block's mark";
  space.sweep(3);
  EXPECT_TRUE(space.sweep_some(SIZE_MAX));
  EXPECT_EQ(space.used_bytes(), 3 * sizeof(Word));
  EXPECT_FALSE(gc::header_of(objects[2]).has(gc::kMarked));
  EXPECT_EQ(gc::header_of(objects[0]).bits(), gc::filler_header(8).bits()) << "the dead run before it";
  EXPECT_EQ(gc::header_of(objects[3]).bits(), gc::filler_header(gc::FreeListSpace::kBlockWords - 12).bits());
  EXPECT_EQ(gc::header_of(block).bits(), gc::filler_header(1).bits()) << "the block's mark cleared";
  EXPECT_EQ(space.empty_blocks(), 0u);
  Word* next = space.allocate_bumped(3);
  EXPECT_NE(gc::block_mark_word(next), block) << "a block kept by a sweep serves no more allocation";
  next[0] = Header::make(kNumbersType, 2, 0, gc::kOpaque).bits();
  space.sweep(0);  // nothing marked: pooled without being read
  EXPECT_TRUE(space.sweep_some(SIZE_MAX));
  EXPECT_EQ(space.empty_blocks(), 2u);
  EXPECT_FALSE(space.contains(objects[2]));
  int ranges = 0;
  space.for_each_range([&](const gc::SpaceRange&) { ranges++; });
  EXPECT_EQ(ranges, 0);
}

TEST(FreeListSpace, HandsTheRestOfABumpBlockToTheMutatorAsItsBuffer) {
  gc::FreeListSpace space("test", 255);
  gc::Mutator mutator;
  mutator.buffer_room_words = 100;
  Word* object = space.hand_out_bump_buffer(mutator, 3);
  ASSERT_NE(object, nullptr);
  object[0] = Header::make(kNumbersType, 2, 0, gc::kOpaque).bits();
  EXPECT_EQ(mutator.alloc_ptr, object + 3);
  EXPECT_EQ(mutator.alloc_limit, object + 100) << "the room the heap limit leaves, the object included";
  EXPECT_EQ(space.used_bytes(), 100 * sizeof(Word)) << "a held buffer counts whole";
  Word* inline_object = gc::bump_allocate(mutator, 4);
  ASSERT_EQ(inline_object, object + 3);
  inline_object[0] = Header::make(kNumbersType, 3, 0, gc::kOpaque).bits();
  space.retire_bump_buffer(mutator);
  EXPECT_EQ(mutator.alloc_ptr, nullptr);
  EXPECT_EQ(space.used_bytes(), 7 * sizeof(Word));
  space.for_each_range([&](const gc::SpaceRange& range) { EXPECT_TRUE(tiles(range)); });
  EXPECT_EQ(space.allocate_bumped(2), object + 100) << "the block goes on past the buffer";
}

// The bump log walks what was bump-allocated since it began, in order,
// fillers left out: the rest of the block it began in, and blocks after.
TEST(FreeListSpace, TheBumpLogWalksWhatWasBumpAllocatedSinceItBegan) {
  gc::FreeListSpace space("test", 255);
  gc::Mutator mutator;
  auto opaque = [](Word* object, size_t words) { object[0] = Header::make(kNumbersType, words - 1, 0, gc::kOpaque).bits(); };
  Word* before = space.allocate_bumped(3);
  opaque(before, 3);
  space.start_bump_log();
  std::vector<Word*> expected;
  for (int i = 0; i < 700; i++) {  // past the first block's end
    Word* object = space.allocate_bumped(5);
    ASSERT_NE(object, nullptr);
    opaque(object, 5);
    expected.push_back(object);
  }
  mutator.buffer_room_words = 64;
  Word* buffered = space.hand_out_bump_buffer(mutator, 4);
  opaque(buffered, 4);
  expected.push_back(buffered);
  space.retire_bump_buffer(mutator);  // the rest of the buffer becomes a filler
  std::vector<Word*> walked;
  space.for_each_bumped_object([&](Word* object) { walked.push_back(object); });
  EXPECT_EQ(walked, expected);
  space.stop_bump_log();
  walked.clear();
  space.for_each_bumped_object([&](Word* object) { walked.push_back(object); });
  EXPECT_TRUE(walked.empty());
}

// Block marks (header.h): a block's first word is a filler that marking
// any of its objects marks; a sweep pools a block whose mark is clear
// without reading its cells, even one whose cells say marked.
TEST(FreeListSpace, ASweepGoesByTheBlockMark) {
  gc::FreeListSpace space("test", 255);
  Word* a = space.allocate_in_new_block(3);
  Word* b = space.allocate(3);
  a[0] = Header::make(kNumbersType, 2, 0, gc::kOpaque).bits();
  b[0] = Header::make(kNumbersType, 2, 0, gc::kOpaque).bits();
  Word* block = gc::block_mark_word(a);
  EXPECT_EQ(a, block + 1) << "the cells begin after the block mark";
  EXPECT_EQ(gc::header_of(block).bits(), gc::filler_header(1).bits());
  gc::set_header(a, gc::header_of(a).with(gc::kMarked));  // marked, but not by a marker
  space.sweep(3);
  EXPECT_TRUE(space.sweep_some(SIZE_MAX));
  EXPECT_EQ(space.empty_blocks(), 1u) << "unread: the block mark was clear";

  Word* c = space.allocate(3);
  Word* d = space.allocate(3);
  c[0] = Header::make(kNumbersType, 2, 0, gc::kOpaque).bits();
  d[0] = Header::make(kNumbersType, 2, 0, gc::kOpaque).bits();
  gc::Marker marker;
  marker.mark_object(d);
  EXPECT_TRUE(gc::header_of(gc::block_mark_word(d)).has(gc::kMarked));
  space.sweep(3);
  EXPECT_TRUE(space.sweep_some(SIZE_MAX));
  EXPECT_EQ(space.empty_blocks(), 0u);
  EXPECT_EQ(gc::header_of(c).type(), gc::kFillerType) << "the dead cell is free";
  EXPECT_FALSE(gc::header_of(d).has(gc::kMarked));
  EXPECT_FALSE(gc::header_of(gc::block_mark_word(d)).has(gc::kMarked)) << "cleared for the next mark";
}

// A large object begins its own aligned mapping, so it is its own block
// mark: marking it writes nothing outside it.
TEST(LargeObjectSpace, ALargeObjectIsItsOwnBlockMark) {
  gc::LargeObjectSpace space("test");
  for (size_t words : {256, 1000, 5000}) {
    Word* object = space.allocate(words);
    ASSERT_NE(object, nullptr);
    EXPECT_EQ(gc::block_mark_word(object), object) << words << " words";
  }
}

TEST(LargeObjectSpace, ReportsExactlyTheObjectNotItsPages) {
  gc::LargeObjectSpace space("test");
  Word* object = space.allocate(1000);
  ASSERT_NE(object, nullptr);
  object[0] = Header::make(kNumbersType, 999, 0, gc::kOpaque).bits();
  EXPECT_EQ(space.committed_bytes(), gc::LargeObjectSpace::mapping_bytes(1000));
  int ranges = 0;
  space.for_each_range([&](const gc::SpaceRange& range) {
    EXPECT_EQ(range.begin, object);
    EXPECT_EQ(range.end, object + 1000);
    ranges++;
  });
  EXPECT_EQ(ranges, 1);
  space.sweep();  // unmarked: freed
  EXPECT_EQ(space.object_count(), 0u);
  EXPECT_EQ(space.used_bytes(), 0u);
  space.for_each_range([&](const gc::SpaceRange&) { ranges++; });
  EXPECT_EQ(ranges, 1) << "a freed object's kept mapping is no range of the space";
}

// A freed object's pages serve the next object of the same page count; what
// is kept is what was allocated since the sweep before, so a sweep with no
// large allocation since the last one gives every kept mapping back.
TEST(LargeObjectSpace, KeepsAFreedMappingForTheNextObjectOfItsSizeUntilASweepFindsNoneWanted) {
  gc::LargeObjectSpace space("test");
  const size_t mapping = gc::LargeObjectSpace::mapping_bytes(1000);
  Word* first = space.allocate(1000);
  ASSERT_NE(first, nullptr);
  first[0] = Header::make(kNumbersType, 999, 0, gc::kOpaque).bits();
  space.sweep();
  EXPECT_EQ(space.committed_bytes(), mapping) << "kept for reuse";
  Word* other_size = space.allocate(4000);
  ASSERT_NE(other_size, nullptr);
  EXPECT_NE(other_size, first);
  other_size[0] = Header::make(kNumbersType, 3999, 0, gc::kOpaque).bits();
  Word* same_size = space.allocate(990);  // the same page count
  EXPECT_EQ(same_size, first);
  same_size[0] = Header::make(kNumbersType, 989, 0, gc::kOpaque).bits();
  EXPECT_EQ(space.committed_bytes(), mapping + gc::LargeObjectSpace::mapping_bytes(4000));
  space.sweep();  // both freed; allocated since the last sweep: both, kept
  EXPECT_EQ(space.committed_bytes(), mapping + gc::LargeObjectSpace::mapping_bytes(4000));
  space.sweep();  // nothing allocated since: everything goes back
  EXPECT_EQ(space.committed_bytes(), 0u);
}

TEST_F(MarkSweepTest, AFreedCellIsReusedForTheNextObjectOfItsSize) {
  start();
  Word* garbage = numbers(3, 0).address();
  roots.values.push_back(numbers(3, 10));
  collect();
  EXPECT_EQ(gc::header_of(garbage).type(), gc::kFillerType);
  EXPECT_EQ(numbers(3, 20).address(), garbage);
  EXPECT_TRUE(holds_numbers(roots.values[0], 3, 10));
}

// Sweeping is lazy: a collection leaves the dead cell as it was (its block is
// swept when its class next needs a cell), yet counts the live bytes exactly.
TEST_F(MarkSweepTest, SweepingIsLazyButUsageIsExactAtOnce) {
  start(false, 0, /*verify=*/false);
  roots.values.push_back(numbers(3, 10));
  Word* garbage = numbers(3, 0).address();
  collect();
  EXPECT_EQ(used_bytes(), 3 * sizeof(Word));
  EXPECT_EQ(gc::header_of(garbage).type(), kNumbersType) << "swept already";
  EXPECT_EQ(numbers(3, 20).address(), garbage) << "the block is swept when a cell of its class is wanted";
  EXPECT_TRUE(holds_numbers(roots.values[0], 3, 10));
  EXPECT_GT(used_bytes(), 6 * sizeof(Word)) << "the rest of the block, handed to the mutator, counts whole";
  heap->verify("after lazy sweeping");  // flushes the mutator: its cells go back
  EXPECT_EQ(used_bytes(), 6 * sizeof(Word));
}

// Every size class, and large objects, keep their contents while reachable,
// and give their memory back when they are not.
TEST_F(MarkSweepTest, ObjectsOfEverySizeSurviveAndAreFreed) {
  start();
  std::vector<size_t> sizes;
  for (size_t words = 1; words <= large_object_words() + 50; words++) sizes.push_back(words);
  for (size_t words : {1000, 4096, 100000}) sizes.push_back(words);
  for (size_t words : sizes) roots.values.push_back(numbers(words, int64_t(words) * 7));
  for (int i = 0; i < 3; i++) numbers(40, 0), numbers(600, 0);  // garbage

  collect();
  size_t expected_words = 0;
  for (size_t i = 0; i < sizes.size(); i++) {
    EXPECT_TRUE(holds_numbers(roots.values[i], sizes[i], int64_t(sizes[i]) * 7)) << sizes[i] << " words";
    expected_words += sizes[i];
  }
  EXPECT_EQ(used_bytes(), expected_words * sizeof(Word));

  // Drop every other object.
  std::vector<Value> kept;
  expected_words = 0;
  for (size_t i = 0; i < sizes.size(); i += 2) {
    kept.push_back(roots.values[i]);
    expected_words += sizes[i];
  }
  roots.values = kept;
  collect();
  EXPECT_EQ(used_bytes(), expected_words * sizeof(Word));
  for (size_t i = 0; i < kept.size(); i++) EXPECT_TRUE(holds_numbers(kept[i], sizes[2 * i], int64_t(sizes[2 * i]) * 7));

  roots.values.clear();
  collect();
  EXPECT_EQ(used_bytes(), 0u);
}

// Its mapping is kept through the collection that frees it (a program that
// allocates big arrays in a loop reuses their pages), and unmapped at the
// next one if no large object was allocated in between.
TEST_F(MarkSweepTest, AnUnreachableLargeObjectIsUnmappedOnceNoneIsAllocatedBetweenTwoCollections) {
  start();
  roots.values.push_back(numbers(10, 0));
  size_t before = committed_bytes();
  const size_t mapping = gc::LargeObjectSpace::mapping_bytes(128 * 1024);
  roots.values.push_back(numbers(128 * 1024, 0));  // 1 MiB
  EXPECT_EQ(committed_bytes(), before + mapping);
  roots.values.pop_back();
  collect();
  EXPECT_EQ(used_bytes(), 10 * sizeof(Word));
  EXPECT_EQ(committed_bytes(), before + mapping);
  collect();
  EXPECT_EQ(committed_bytes(), before);
}

// FAILURE-MODES.md #17: cycles of allocating garbage and collecting reuse
// the free cells; the heap does not creep.
TEST_F(MarkSweepTest, CommittedBytesStayBoundedOverManyCycles) {
  start(false, 0, /*verify=*/false);
  build_list(1000);
  size_t committed_after_warm_up = 0;
  size_t most_committed_later = 0;
  for (int cycle = 0; cycle < 200; cycle++) {
    for (int i = 0; i < 2000; i++) numbers(size_t(1 + (i * 37) % 200), i);  // ~1.6 MiB of mixed sizes
    numbers(5000, 0);
    collect();
    EXPECT_EQ(used_bytes(), 1000 * 3 * sizeof(Word));
    if (cycle == 9) committed_after_warm_up = committed_bytes();
    if (cycle > 9) most_committed_later = std::max(most_committed_later, committed_bytes());
  }
  EXPECT_LE(most_committed_later, committed_after_warm_up);
  EXPECT_EQ(list_length_if_intact(roots.values[0]), 1000);
}

// Without explicit collections the budget triggers them: 100 MiB of garbage
// with 8 MiB live keeps the heap near twice the live data.
TEST_F(MarkSweepTest, TheHeapSettlesNearTwiceTheLiveData) {
  start(false, 0, /*verify=*/false);
  build_list(350000);  // 8.4 MiB live
  uint64_t collections_before = heap->stats().collections;
  for (int i = 0; i < 100 * 1024; i++) numbers(128, i);  // 1 KiB each
  EXPECT_GT(heap->stats().collections, collections_before);
  EXPECT_LT(committed_bytes(), size_t{24} << 20);
  EXPECT_EQ(list_length_if_intact(roots.values[0]), 350000);
}

// A recursive marker would need far more than the 8 MiB C stack here.
TEST_F(MarkSweepTest, AMillionPairListMarksWithoutOverflowingTheStack) {
  start();
  build_list(1000000);
  collect();
  EXPECT_EQ(list_length_if_intact(roots.values[0]), 1000000);
  int64_t expected = 999999;
  for (Value list = roots.values[0]; !list.is_null(); list = field(list, 1)) {
    ASSERT_EQ(field(list, 0).as_int(), expected--);
  }
}

// Immortal objects point only to immortal objects, so the collector must
// neither mark nor scan them. Here one breaks that rule on purpose (without
// the verifier, which would rightly object): the heap object it points to is
// still freed, and the immortal header is untouched.
TEST_F(MarkSweepTest, ImmortalObjectsAreNeitherMarkedNorScanned) {
  start(false, 0, /*verify=*/false);
  Word* immortal = heap->allocate_immortal(2);
  Word immortal_header = Header::make(kPairType, 1, 0, gc::kImmortal).bits();
  immortal[0] = immortal_header;
  Value only_from_immortal = numbers(4, 0);
  gc::fields_of(immortal)[0] = only_from_immortal;
  roots.values.push_back(Value::object(immortal));
  collect();
  EXPECT_EQ(immortal[0], immortal_header);
  EXPECT_EQ(heap->collector().usage().used_bytes, 0u) << "the object only the immortal one points to was freed";
}

// The verifier runs after every collection under gc-always and throws on
// the first fault; mixed sizes exercise cells with filler tails and large
// objects.
TEST_F(MarkSweepTest, TheVerifierPassesAfterEveryCollectionUnderGcAlways) {
  start(/*gc_always=*/true);
  roots.values.assign(1, Value::null());
  std::vector<size_t> sizes;
  for (size_t i = 0; i < 150; i++) {
    size_t words = 1 + (i * 53) % (large_object_words() + 100);
    roots.values.push_back(numbers(words, int64_t(i)));
    numbers(words, 0);  // garbage
    Value kept = roots.values.back();
    roots.values.pop_back();
    if (i % 3 != 0) continue;
    sizes.push_back(words);
    roots.values[0] = pair(kept, roots.values[0]);
  }
  // One collection per object: 150 kept and 150 garbage numbers, 50 pairs.
  EXPECT_EQ(heap->stats().collections, 350u);
  Value list = roots.values[0];
  for (size_t k = sizes.size(); k-- > 0; list = field(list, 1)) {
    EXPECT_TRUE(holds_numbers(field(list, 0), sizes[k], int64_t(k * 3)));
  }
}

// The limit counts objects, not the blocks the collector keeps pooled: after
// 3 MiB of garbage is collected, a 2 MiB object fits under a 4 MiB limit
// beside them.
TEST_F(MarkSweepTest, PooledEmptyBlocksDoNotCountAgainstTheLimit) {
  start(false, size_t{4} << 20);
  for (int i = 0; i < 3000; i++) numbers(128, i);  // 3 MiB of garbage
  collect();
  EXPECT_GT(committed_bytes(), size_t{2} << 20);
  roots.values.push_back(numbers(256 * 1024, 0));  // 2 MiB
  EXPECT_GT(committed_bytes(), size_t{4} << 20);
  EXPECT_LE(used_bytes(), size_t{4} << 20);
  EXPECT_TRUE(holds_numbers(roots.values[0], 256 * 1024, 0));
}

// After one slow-path allocation, the rest of the block's cells of that
// class come from the mutator's own list, with no call into the Heap.
TEST_F(MarkSweepTest, TheSlowPathHandsOverABlockThatTheFastPathThenServes) {
  start(false, 0, /*verify=*/false);
  size_t cells = gc::FreeListSpace::kBlockWords / 3;
  for (size_t i = 0; i < cells; i++) roots.values.push_back(numbers(3, int64_t(i)));
  EXPECT_EQ(heap->stats().allocations, 1u);
  for (size_t i = 1; i < cells; i++) EXPECT_EQ(roots.values[i].address(), roots.values[0].address() + 3 * i);
  numbers(3, 0);
  EXPECT_EQ(heap->stats().allocations, 2u) << "the block is used up: the slow path again";
  collect();  // flushes the mutator first
  EXPECT_EQ(used_bytes(), cells * 3 * sizeof(Word));
  for (size_t i = 0; i < cells; i++) EXPECT_TRUE(holds_numbers(roots.values[i], 3, int64_t(i)));
}

// The cells a mutator holds count against the limit, so it is handed no
// more than the limit leaves.
TEST_F(MarkSweepTest, HeldCellsNeverTakeTheHeapPastItsLimit) {
  constexpr size_t kLimit = 64 << 10;
  start(false, kLimit);
  for (int i = 0; i < 20000; i++) {
    Value object = numbers(3 + size_t(i % 40), i);
    if (i % 7 == 0) roots.values.push_back(object);
    if (roots.values.size() > 100) roots.values.erase(roots.values.begin());
    ASSERT_LE(used_bytes(), kLimit) << "after " << i << " objects";
  }
  EXPECT_GT(heap->stats().collections, 5u);
}

TEST_F(MarkSweepTest, ALargeObjectBeyondTheLimitThrows) {
  start(false, size_t{2} << 20);
  EXPECT_THROW(numbers(384 * 1024, 0), gc::HeapExhausted);  // 3 MiB
}

}  // namespace
