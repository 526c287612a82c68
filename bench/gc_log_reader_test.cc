// read_gc_log on logs written by hand after docs/GC-LOG.md.
#include "bench/gc_log_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace beagle::bench {
namespace {

const char* kHeader =
    R"({"record":"header","schema":"beagle-gc-log","version":1,"collector":"generational",)"
    R"("options":{"nursery":"64K"},"heap_limit_bytes":0,"gc_always":false,"gc_always_major":false,)"
    R"("verify":false,"program":["p.bg","\"version\":7"],"start_time":"2026-11-30T13:13:13.116Z",)"
    R"("start_unix_ns":1796044393116272942})"
    "\n";

std::string collection(int n, const char* kind, uint64_t pause_ns) {
  std::string c = std::to_string(n), k = kind, p = std::to_string(pause_ns);
  return R"({"record":"phase","collection":)" + c + R"(,"phase":"requested","t_ns":10,"kind":")" + k +
         R"(","reason":"heap-full","concurrent":false,"whole_heap":false,"heap_used_bytes":65536,)"
         R"("heap_committed_bytes":65536})" "\n" +
         R"({"record":"phase","collection":)" + c + R"(,"phase":"stopped","t_ns":11,"kind":")" + k +
         R"(","reason":"heap-full","concurrent":false,"threads":1})" "\n" +
         R"({"record":"phase","collection":)" + c + R"(,"phase":"resumed","t_ns":20,"kind":")" + k +
         R"(","reason":"heap-full","concurrent":false,"heap_used_bytes":3992,"heap_committed_bytes":98304,)"
         R"("promoted_bytes":3992,"freed_bytes":61544,"pause_ns":)" + p + "}\n";
}

std::string end_record(uint64_t collections, uint64_t pause_total) {
  return R"({"record":"end","t_ns":900,"collections":)" + std::to_string(collections) +
         R"(,"minor":2,"start":0,"major":0,"full":1,"pause_total_ns":)" + std::to_string(pause_total) +
         R"(,"pause_max_ns":300,"collector_cpu_ns":550,"concurrent_cpu_ns":70,"promoted_bytes":7984,"pretenured_bytes":48,)"
         R"("freed_bytes":123088,)"
         R"("peak_heap_bytes":281064,"slow_path_allocations":12,"wall_ns":900,"mutator_ns":300})" "\n";
}

class GcLogReaderTest : public ::testing::Test {
 protected:
  // One file per test and process: ctest runs this file's tests side by side.
  std::string path_ = ::testing::TempDir() + "gc_log_reader_test_" + std::to_string(getpid()) + "_" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl";
  void TearDown() override { std::remove(path_.c_str()); }
  void write(const std::string& text) { std::ofstream(path_) << text; }
  std::string error() {
    try {
      read_gc_log(path_);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(GcLogReaderTest, ReadsEveryPauseAndTheTotals) {
  write(kHeader + collection(1, "minor", 100) + collection(2, "minor", 200) + collection(3, "full", 300) +
        end_record(3, 600));
  GcLogRun run = read_gc_log(path_);
  EXPECT_EQ(run.pauses_ns, (std::vector<uint64_t>{100, 200, 300}));
  EXPECT_EQ(run.totals.collections, 3u);
  EXPECT_EQ(run.totals.minor, 2u);
  EXPECT_EQ(run.totals.full, 1u);
  EXPECT_EQ(run.totals.pause_total_ns, 600u);
  EXPECT_EQ(run.totals.pause_max_ns, 300u);
  EXPECT_EQ(run.totals.collector_cpu_ns, 550u);
  EXPECT_EQ(run.totals.concurrent_cpu_ns, 70u);
  EXPECT_EQ(run.totals.pretenured_bytes, 48u);
  EXPECT_EQ(run.totals.peak_heap_bytes, 281064u);
  EXPECT_EQ(run.totals.mutator_ns, 300u);
}

TEST_F(GcLogReaderTest, ARunWithoutCollectionsHasNoPauses) {
  write(kHeader + end_record(0, 0));
  EXPECT_TRUE(read_gc_log(path_).pauses_ns.empty());
}

TEST_F(GcLogReaderTest, RefusesWhatIsNotAVersionOneLog) {
  write("{\"record\":\"end\"}\n");
  EXPECT_NE(error().find("no header (not a GC log)"), std::string::npos) << error();
  std::string v2 = kHeader;
  v2.replace(v2.find("\"version\":1"), 11, "\"version\":2");
  write(v2 + end_record(0, 0));
  EXPECT_NE(error().find("schema version is not 1"), std::string::npos) << error();
}

TEST_F(GcLogReaderTest, ALogWithoutItsEndIsARunThatDied) {
  write(kHeader + collection(1, "minor", 100));
  EXPECT_NE(error().find("no end record"), std::string::npos) << error();
}

TEST_F(GcLogReaderTest, PausesThatDoNotAddUpToTheTotalsAreAnError) {
  write(kHeader + collection(1, "minor", 100) + end_record(1, 150));
  EXPECT_NE(error().find("1 pauses of 100 ns in all, but the end record counts 1 of 150 ns"), std::string::npos)
      << error();
}

TEST_F(GcLogReaderTest, AMissingFileIsAnError) {
  EXPECT_NE(error().find("cannot read the GC log"), std::string::npos) << error();
}

}  // namespace
}  // namespace beagle::bench
