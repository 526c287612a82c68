// The chunk pool (collectors/spaces/chunk_pool.h): spaces give their chunks
// back and take them again, so a copying collector's cycles touch pages the
// kernel has already mapped, and the pool returns memory only when trimmed.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include "collectors/spaces/chunk_pool.h"
#include "collectors/spaces/chunked_space.h"
#include "test_heap.h"

namespace gc = beagle::gc;
using gc::Value;
using gc::Word;

namespace {

constexpr size_t kChunk = size_t{1} << 20;

long minor_page_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

TEST(ChunkPoolTest, TakeReusesAGivenChunkOfTheSameSizeOnly) {
  gc::ChunkPool pool;
  Word* first = pool.take(kChunk);
  ASSERT_NE(first, nullptr);
  pool.give(first, kChunk);
  EXPECT_EQ(pool.kept_bytes(), kChunk);
  Word* other_size = pool.take(2 * kChunk);
  EXPECT_NE(other_size, first);
  EXPECT_EQ(pool.kept_bytes(), kChunk);
  EXPECT_EQ(pool.take(kChunk), first);
  EXPECT_EQ(pool.kept_bytes(), 0u);
  pool.give(first, kChunk);
  pool.give(other_size, 2 * kChunk);
}

TEST(ChunkPoolTest, TrimKeepsAtMostTheGivenBytes) {
  gc::ChunkPool pool;
  for (int i = 0; i < 4; i++) pool.give(pool.take(kChunk), kChunk);  // one chunk, given back four times
  EXPECT_EQ(pool.kept_bytes(), kChunk);
  Word* chunks[4];
  for (Word*& c : chunks) c = pool.take(kChunk);
  for (Word* c : chunks) pool.give(c, kChunk);
  EXPECT_EQ(pool.kept_bytes(), 4 * kChunk);
  pool.trim(2 * kChunk + 1);
  EXPECT_EQ(pool.kept_bytes(), 2 * kChunk);
  pool.trim(0);
  EXPECT_EQ(pool.kept_bytes(), 0u);
}

TEST(ChunkPoolTest, ASpaceRefilledFromItsPoolTouchesNoFreshPages) {
  gc::ChunkPool pool;
  gc::ChunkedSpace space("test", 0, kChunk, &pool);
  auto fill = [&] {
    for (int i = 0; i < 8; i++) {
      Word* w = space.allocate(kChunk / sizeof(Word));
      ASSERT_NE(w, nullptr);
      for (size_t at = 0; at < kChunk / sizeof(Word); at += 512) w[at] = at;  // touch every page
    }
  };
  fill();
  space.release_all();
  EXPECT_EQ(pool.kept_bytes(), 8 * kChunk);
  long before = minor_page_faults();
  fill();
  long faults = minor_page_faults() - before;
  EXPECT_LT(faults, 64) << "8 MiB of reused chunks should not fault (2048 pages if fresh)";
  EXPECT_EQ(pool.kept_bytes(), 0u);
}

class CompactingPagesTest : public gc::test::HeapFixture<> {};

// Issue 7, point 5: in steady state a semispace cycle maps nothing new; the
// to-space and the mutators' chunks are the pages of earlier cycles.
TEST_F(CompactingPagesTest, SteadyCyclesTouchNoFreshPages) {
  start("compacting", false, 0, /*verify=*/false);
  roots.values.push_back(Value::null());
  for (int i = 0; i < 20000; i++) roots.values[0] = pair(Value::from_int(i), roots.values[0]);  // ~480 KiB live
  auto churn = [&](int cycles) {
    for (int c = 0; c < cycles; c++) {
      Value garbage = Value::null();
      for (int i = 0; i < 200000; i++) garbage = pair(Value::from_int(i), garbage);  // ~4.6 MiB
      collect();
    }
  };
  churn(3);
  size_t collections = heap->stats().collections;
  long before = minor_page_faults();
  churn(10);
  long faults = minor_page_faults() - before;
  EXPECT_GE(heap->stats().collections, collections + 10);
  // Fresh memory would fault about 1,300 pages a cycle (4 MiB of budget and
  // a ~0.5 MiB to-space), 13,000 in all.
  EXPECT_LT(faults, 500);
}

}  // namespace
