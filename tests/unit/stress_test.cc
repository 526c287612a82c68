// Stress schedules (collectors/heap/stress.h) on their own, and through a
// Heap of every registered collector. Expected collection points are
// computed here, not read back from the schedule's own counters.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "collectors/heap/heap.h"
#include "collectors/heap/stress.h"
#include "test_heap.h"

namespace gc = beagle::gc;
using gc::StressOptions;
using gc::StressSchedule;
using Kind = gc::StressOptions::Kind;

namespace {

// The points (from 1) at which `schedule` collects, over `n` allocations of
// `bytes` each.
std::vector<uint64_t> allocation_points(StressSchedule schedule, int n, size_t bytes = 16) {
  std::vector<uint64_t> at;
  for (int i = 1; i <= n; i++) {
    if (schedule.at_allocation(bytes)) at.push_back(uint64_t(i));
  }
  return at;
}

StressOptions with(Kind kind) {
  StressOptions options;
  options.kind = kind;
  return options;
}

TEST(StressSchedule, NoneNeverCollectsAndIsInactive) {
  StressSchedule schedule(StressOptions{});
  EXPECT_FALSE(schedule.active());
  EXPECT_TRUE(allocation_points(schedule, 100).empty());
}

TEST(StressSchedule, AlwaysCollectsAtEveryAllocation) {
  EXPECT_EQ(allocation_points(StressSchedule(StressOptions::always()), 5), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
}

TEST(StressSchedule, EveryNCollectsAtMultiplesOfN) {
  StressOptions options = with(Kind::Every);
  options.every = 7;
  std::vector<uint64_t> expected;
  for (uint64_t i = 7; i <= 50; i += 7) expected.push_back(i);
  EXPECT_EQ(allocation_points(StressSchedule(options), 50), expected);
}

TEST(StressSchedule, EveryBytesCollectsOnceTheBytesAreAllocated) {
  StressOptions options = with(Kind::EveryBytes);
  options.every = 100;
  // 40-byte allocations: 120 bytes are allocated after the third, so the
  // fourth collects first; then again after three more.
  EXPECT_EQ(allocation_points(StressSchedule(options), 12, 40), (std::vector<uint64_t>{4, 7, 10}));
}

TEST(StressSchedule, RandomIsTheSameForTheSameSeed) {
  StressOptions options = with(Kind::Random);
  options.seed = 42;
  options.probability = 0.25;
  std::vector<uint64_t> first = allocation_points(StressSchedule(options), 1000);
  EXPECT_EQ(allocation_points(StressSchedule(options), 1000), first);
  EXPECT_GT(first.size(), 150u);  // 250 expected
  EXPECT_LT(first.size(), 350u);
  options.seed = 43;
  EXPECT_NE(allocation_points(StressSchedule(options), 1000), first);
}

TEST(StressSchedule, RandomProbabilityZeroAndOne) {
  StressOptions options = with(Kind::Random);
  options.probability = 0;
  EXPECT_TRUE(allocation_points(StressSchedule(options), 1000).empty());
  options.probability = 1;
  EXPECT_EQ(allocation_points(StressSchedule(options), 1000).size(), 1000u);
}

TEST(StressSchedule, AtSafepointsCountsSafepointsNotAllocations) {
  StressSchedule schedule(with(Kind::AtSafepoints));
  EXPECT_TRUE(schedule.counts_safepoints());
  EXPECT_FALSE(schedule.at_allocation(16));
  EXPECT_TRUE(schedule.at_safepoint());
  EXPECT_TRUE(schedule.at_safepoint());
  EXPECT_EQ(schedule.points(), 2u);
  StressSchedule allocations(StressOptions::always());
  EXPECT_FALSE(allocations.at_safepoint());
}

TEST(StressSchedule, ReplayCollectsAtExactlyTheListedPointsAndReportsTheRest) {
  StressOptions options = with(Kind::Replay);
  options.replay = {3, 4, 9, 20};
  StressSchedule schedule(options);
  std::vector<uint64_t> at;
  for (uint64_t i = 1; i <= 10; i++) {
    if (schedule.at_allocation(8)) at.push_back(i);
  }
  EXPECT_EQ(at, (std::vector<uint64_t>{3, 4, 9}));
  EXPECT_EQ(schedule.unreached(), 1u);
  EXPECT_EQ(schedule.next_unreached(), 20u);
}

TEST(StressSchedule, ReportsEachCollectionBeforeItHappens) {
  StressOptions options = with(Kind::Every);
  options.every = 3;
  std::vector<uint64_t> reported;
  options.on_collect = [&](uint64_t index) { reported.push_back(index); };
  std::vector<uint64_t> at = allocation_points(StressSchedule(options), 10);
  EXPECT_EQ(reported, (std::vector<uint64_t>{3, 6, 9}));
  EXPECT_EQ(at, reported);
}

// ---------------------------------------------------------------- the file

// ctest runs each case in its own process, two at a time: a file per process.
std::string temp_path(const char* name) {
  return testing::TempDir() + "beagle-" + std::to_string(getpid()) + "-" + name;
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(ScheduleFile, RoundTrips) {
  gc::ScheduleFile file;
  file.program = "dir/some program.bg";
  file.program_hash = gc::fnv1a64("fn main() {}\n");
  file.collector = "compacting";
  file.points = gc::StressPoints::Safepoints;
  file.whole_heap = true;
  file.recorded_by = "--gc-at-safepoints";
  file.collections = {1, 5, 1000000000000};
  file.end = 1000000000001;
  std::string path = temp_path("round_trip.schedule");
  write_text(path, file.text());
  gc::ScheduleFile back = gc::ScheduleFile::read(path);
  std::remove(path.c_str());
  EXPECT_EQ(back.text(), file.text());
  EXPECT_EQ(back.program, "dir/some program.bg");
  EXPECT_EQ(back.points, gc::StressPoints::Safepoints);
  EXPECT_EQ(back.collections, file.collections);
}

TEST(ScheduleFile, KnownHash) {
  // FNV-1a 64 test vectors.
  EXPECT_EQ(gc::fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(gc::fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(gc::hex64(0xaf63dc4c8601ec8cull), "af63dc4c8601ec8c");
}

struct BadFile {
  const char* text;
  const char* message;
};

class ScheduleFileErrors : public testing::TestWithParam<BadFile> {};

TEST_P(ScheduleFileErrors, NameTheLineAndTheProblem) {
  std::string path = temp_path("bad.schedule");
  write_text(path, GetParam().text);
  try {
    gc::ScheduleFile::read(path);
    FAIL() << "accepted: " << GetParam().text;
  } catch (const gc::ScheduleFileError& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().message), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind(path, 0), 0u) << e.what();
  }
  std::remove(path.c_str());
}

#define HEADER "beagle-gc-schedule 1\nprogram p.bg\nprogram-fnv1a 0123456789abcdef\ncollector nogc\n"

INSTANTIATE_TEST_SUITE_P(
    Cases, ScheduleFileErrors,
    testing::Values(BadFile{"hello\n", ":1: not a schedule file"}, BadFile{"", "empty, not a schedule file"},
                    BadFile{HEADER "points allocations\ncollect 5\ncollect 5\n", ":7: index 5 is not above"},
                    BadFile{HEADER "points allocations\ncollect 0\n", ":6: bad index '0'"},
                    BadFile{HEADER "points allocations\ncollect x\n", ":6: bad index 'x'"},
                    BadFile{HEADER "points sometimes\n", ":5: points must be allocations or safepoints"},
                    BadFile{HEADER "collect 3\n", "no 'points' line"},
                    BadFile{HEADER "points allocations\nfrobnicate 3\n", ":6: unknown line 'frobnicate 3'"},
                    BadFile{"beagle-gc-schedule 1\nprogram-fnv1a 12\n", ":2: bad program-fnv1a '12'"}),
    // Stable names: ctest lists the cases when it builds and runs them by
    // name later, so a name must not print the parameter's addresses.
    [](const testing::TestParamInfo<BadFile>& info) { return "case" + std::to_string(info.index); });

// ---------------------------------------------------------------- through a Heap

class StressHeapTest : public gc::test::HeapFixture<testing::TestWithParam<std::string>> {
 protected:
  void start_with(StressOptions stress) {
    gc::HeapOptions options;
    options.collector = GetParam();
    options.stress = std::move(stress);
    heap = std::make_unique<gc::Heap>(options);
    heap->add_mutator(&mutator);
    heap->add_root_source(&roots);
  }
};

TEST_P(StressHeapTest, EveryNthAllocationCollectsWithTheFastPathDisarmedAndVerificationOn) {
  StressOptions options = with(Kind::Every);
  options.every = 4;
  std::vector<uint64_t> forced;
  options.on_collect = [&](uint64_t index) { forced.push_back(index); };
  start_with(options);
  EXPECT_FALSE(mutator.buffer_allowed);
  EXPECT_TRUE(heap->options().verify);
  roots.values.push_back(empty());
  for (int i = 0; i < 37; i++) roots.values.push_back(pair(roots.values.back(), gc::Value::from_int(i)));
  // 38 objects, each through the slow path (no buffer): collections before
  // allocations 4, 8, ..., 36, and none other but those a collector asks
  // for itself (concurrent's remark once its lock-step marking is done).
  EXPECT_EQ(mutator.alloc_ptr, nullptr);
  EXPECT_EQ(forced, (std::vector<uint64_t>{4, 8, 12, 16, 20, 24, 28, 32, 36}));
  EXPECT_GE(heap->stats().collections, forced.size());
  for (int i = 0; i < 37; i++) EXPECT_EQ(field(roots.values[size_t(i + 1)], 1), gc::Value::from_int(i));
}

TEST_P(StressHeapTest, SafepointsCollectOnlyAtSafepoints) {
  start_with(with(Kind::AtSafepoints));
  EXPECT_TRUE(mutator.stress_safepoints);
  for (int i = 0; i < 10; i++) roots.values.push_back(empty());
  EXPECT_EQ(heap->stats().collections, 0u);
  for (int i = 0; i < 3; i++) heap->safepoint(mutator);
  EXPECT_EQ(heap->stats().collections, 3u);
}

TEST_P(StressHeapTest, WithoutAScheduleASafepointDoesNothing) {
  start(GetParam());
  EXPECT_FALSE(mutator.stress_safepoints);
  heap->safepoint(mutator);
  EXPECT_EQ(heap->stats().collections, 0u);
}

INSTANTIATE_TEST_SUITE_P(EveryCollector, StressHeapTest, testing::ValuesIn(gc::test::collector_names()),
                         gc::test::collector_test_name);

}  // namespace
