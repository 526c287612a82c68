// The evacuation's membership test (collectors/tracing/evacuation.h,
// AddressRanges): for every address a copy can meet, it must say exactly
// whether the address lies in a chunk of the from-space, whatever the
// chunks' sizes and however they fall on its 16 KiB granules.
#include <gtest/gtest.h>

#include <vector>

#include "collectors/spaces/chunked_space.h"
#include "collectors/tracing/evacuation.h"

namespace gc = beagle::gc;
using gc::Word;

namespace {

bool in_some_chunk(const gc::ChunkedSpace& space, const Word* p) {
  for (const gc::ChunkedSpace::Chunk& c : space.chunks()) {
    if (p >= c.begin && p < c.end) return true;
  }
  return false;
}

// Each chunk's edges and middle, the words just outside them, and every
// 512 bytes from the lowest chunk to the highest.
std::vector<const Word*> probes(const gc::ChunkedSpace& space) {
  std::vector<const Word*> result;
  const Word* lowest = space.chunks().front().begin;
  const Word* highest = space.chunks().front().end;
  for (const gc::ChunkedSpace::Chunk& c : space.chunks()) {
    for (const Word* p : {c.begin - 1, c.begin, c.begin + 1, c.begin + (c.end - c.begin) / 2, c.end - 1, c.end, c.end + 1}) {
      result.push_back(p);
    }
    lowest = std::min<const Word*>(lowest, c.begin);
    highest = std::max<const Word*>(highest, c.end);
  }
  for (const Word* p = lowest - 4096; p < highest + 4096; p += 64) result.push_back(p);
  return result;
}

void expect_exact(const gc::ChunkedSpace& space) {
  gc::AddressRanges ranges(space);
  size_t inside = 0;
  for (const Word* p : probes(space)) {
    bool expected = in_some_chunk(space, p);
    ASSERT_EQ(ranges.contains(p), expected) << "address " << p;
    inside += expected;
  }
  EXPECT_GT(inside, 0u);
}

TEST(AddressRangesTest, ChunksThatEndInsideAGranuleAreExact) {
  // 20 KiB chunks: each ends 4 KiB into a 16 KiB granule.
  gc::ChunkedSpace space("test", 0, 20 * 1024);
  for (int i = 0; i < 200; i++) ASSERT_NE(space.allocate(300), nullptr);  // 2,400 bytes each
  ASSERT_GT(space.chunks().size(), 10u);
  expect_exact(space);
}

TEST(AddressRangesTest, LargeObjectsInChunksOfTheirOwnAreExact) {
  gc::ChunkedSpace space("test", 0, 64 * 1024);
  for (int i = 0; i < 40; i++) {
    ASSERT_NE(space.allocate(i % 5 == 0 ? 20000 : 700), nullptr);  // 160,000 bytes: larger than a chunk
  }
  ASSERT_GT(space.chunks().size(), 10u);
  expect_exact(space);
}

TEST(AddressRangesTest, OneChunkIsExact) {
  gc::ChunkedSpace space("test", 0, 64 * 1024);
  ASSERT_NE(space.allocate(10), nullptr);
  ASSERT_EQ(space.chunks().size(), 1u);
  expect_exact(space);
}

}  // namespace
