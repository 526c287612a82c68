// find_workloads: the .bg files of a folder, with their arguments by sizes.
#include "bench/workloads.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace beagle::bench {
namespace {

class WorkloadsTest : public ::testing::Test {
 protected:
  // One folder per test and process: ctest runs this file's tests side by side.
  std::filesystem::path folder_ = std::filesystem::path(::testing::TempDir()) /
                                  ("workloads_test_" + std::to_string(getpid()) + "_" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::string sizes_ = (folder_ / "sizes").string();
  void SetUp() override {
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
    for (const char* name : {"zeta.bg", "alpha.bg", "notes.txt"}) std::ofstream(folder_ / name) << "fn main() {}\n";
    std::ofstream(sizes_) << "# a comment\n\nalpha  small  1 2   # after the arguments\nalpha big 9\nzeta big 3\n";
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string error(const std::string& sizes) {
    try {
      find_workloads(folder_.string(), sizes_, sizes);
    } catch (const WorkloadError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(WorkloadsTest, EveryBgFileSortedWithTheArgumentsOfTheSizesChosen) {
  std::vector<Workload> small = find_workloads(folder_.string(), sizes_, "small");
  ASSERT_EQ(small.size(), 2u);
  EXPECT_EQ(small[0].name, "alpha");
  EXPECT_EQ(small[0].args, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(small[0].label(), "alpha.bg 1 2");
  EXPECT_EQ(small[0].command_line(), (folder_ / "alpha.bg").string() + " 1 2");
  EXPECT_EQ(small[1].name, "zeta");
  EXPECT_TRUE(small[1].args.empty());  // no line: its own defaults
  EXPECT_EQ(small[1].label(), "zeta.bg");
  std::vector<Workload> big = find_workloads(folder_.string(), sizes_, "big");
  EXPECT_EQ(big[1].args, (std::vector<std::string>{"3"}));
}

TEST_F(WorkloadsTest, DefaultNeedsNoLine) {
  for (const Workload& w : find_workloads(folder_.string(), sizes_, "default")) EXPECT_TRUE(w.args.empty());
}

TEST_F(WorkloadsTest, UnknownSizesNameTheKnownOnes) {
  EXPECT_EQ(error("huge"), "no sizes named 'huge' in " + sizes_ + " (sizes: big, default, small)");
}

TEST_F(WorkloadsTest, ALineWithoutSizesIsAnError) {
  std::ofstream(sizes_) << "alpha\n";
  EXPECT_EQ(error("default"), sizes_ + ":1: wants WORKLOAD SIZES ARGS..., got 'alpha'");
}

TEST_F(WorkloadsTest, AFolderWithoutProgramsIsAnError) {
  std::filesystem::remove(folder_ / "alpha.bg");
  std::filesystem::remove(folder_ / "zeta.bg");
  EXPECT_EQ(error("default"), "no .bg file in the workloads folder '" + folder_.string() + "'");
  std::filesystem::remove_all(folder_);
  std::filesystem::create_directories(folder_);
  std::ofstream(sizes_) << "\n";
  std::filesystem::path missing = folder_ / "missing";
  try {
    find_workloads(missing.string(), sizes_, "default");
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot list the workloads folder"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace beagle::bench
