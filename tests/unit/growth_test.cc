// The `growth` option of the whole-heap collectors (mark-sweep, compacting):
// a collection is due once what was allocated since the last one passes
// growth x the live bytes it left, so a larger growth collects less often
// over the same program, and a value that makes no sense is refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "test_heap.h"

namespace gc = beagle::gc;
using gc::Value;

namespace {

class GrowthTest : public gc::test::HeapFixture<::testing::TestWithParam<std::string>> {
 protected:
  static constexpr size_t kPairBytes = 3 * sizeof(gc::Word);

  // Keeps 8 MiB of pairs in one list, then allocates 64 MiB of pairs that
  // die at once; returns the collections the garbage took.
  uint64_t collections_with_growth(const std::string& growth) {
    stop();
    start(GetParam(), false, 0, false, {{"growth", growth}});
    roots.values.assign(1, Value::null());
    for (size_t i = 0; i < (size_t{8} << 20) / kPairBytes; i++) {
      roots.values[0] = pair(Value::from_int(int64_t(i)), roots.values[0]);
    }
    collect();  // the live bytes the budget is measured against
    uint64_t before = heap->stats().collections;
    for (size_t i = 0; i < (size_t{64} << 20) / kPairBytes; i++) pair(Value::from_int(int64_t(i)), Value::null());
    return heap->stats().collections - before;
  }
};

TEST_P(GrowthTest, ALargerGrowthCollectsLessOften) {
  uint64_t at_one = collections_with_growth("1");
  uint64_t at_four = collections_with_growth("4");
  EXPECT_GE(at_one, 5u) << "64 MiB at about 8 MiB a collection";
  EXPECT_LE(at_four, 3u) << "64 MiB at about 32 MiB a collection";
  EXPECT_GE(at_four, 1u);
}

TEST_P(GrowthTest, AGrowthThatMakesNoSenseIsRefused) {
  for (const char* bad : {"0", "-1", "banana", "101", "", "2x"}) {
    gc::HeapOptions options;
    options.collector = GetParam();
    options.config.options = {{"growth", bad}};
    try {
      gc::Heap heap(options);
      ADD_FAILURE() << "growth '" << bad << "' was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(GetParam() + ": growth must be"), std::string::npos) << e.what();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(WholeHeapCollectors, GrowthTest, ::testing::Values("mark-sweep", "compacting"),
                         [](const auto& info) { return gc::test::test_name(info.param); });

}  // namespace
