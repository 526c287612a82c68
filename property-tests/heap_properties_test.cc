// The heap against its model, once per registered collector (a new
// collector is picked up with no edit here): random sequences of heap
// operations (commands.h) applied to both, each step checked
// (HeapUnderTest::check_step), and at the end of each sequence, what full
// collections reclaim. A failing case shrinks to a minimal sequence, which
// RapidCheck prints one operation a line. RC_PARAMS sets the number of
// cases, the seed to reproduce a failure, and the rest (README.md).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <string>

#include "property-tests/commands.h"
#include "property-tests/heap_under_test.h"
#include "tests/unit/test_heap.h"

namespace beagle::gc::prop {
namespace {

// A stress schedule (heap/stress.h) for about half the cases; the others
// collect only when a step or the collector asks.
rc::Gen<HeapSetup> any_setup(const std::string& collector) {
  return rc::gen::exec([collector] {
    HeapSetup setup;
    setup.collector = collector;
    setup.stress = *rc::gen::weightedElement<StressOptions::Kind>({{4, StressOptions::Kind::None},
                                                                   {1, StressOptions::Kind::Always},
                                                                   {1, StressOptions::Kind::Every},
                                                                   {1, StressOptions::Kind::EveryBytes},
                                                                   {1, StressOptions::Kind::Random}});
    switch (setup.stress) {
      case StressOptions::Kind::Every: setup.every = *rc::gen::inRange<uint64_t>(2, 30); break;
      case StressOptions::Kind::EveryBytes: setup.every = *rc::gen::inRange<uint64_t>(64, 64 << 10); break;
      case StressOptions::Kind::Random:
        setup.seed = *rc::gen::arbitrary<uint64_t>();
        setup.probability = *rc::gen::element(0.05, 0.25, 0.5);
        break;
      default: break;
    }
    if (setup.stress != StressOptions::Kind::None) {
      setup.whole_heap = *rc::gen::weightedElement<bool>({{4, false}, {1, true}});
    }
    return setup;
  });
}

class HeapProperties : public testing::TestWithParam<std::string> {};

TEST_P(HeapProperties, HeapMatchesItsModel) {
  const std::string collector = GetParam();
  bool passed = rc::check("the heap under " + collector + " matches its model", [collector] {
    HeapUnderTest sut(*any_setup(collector));
    Model initial;
    initial.large_object_words = sut.attributes().large_object_words;
    auto steps = *rc::state::gen::commands(initial, [](const Model& model) { return any_step(model); });
    rc::state::runAll(steps, initial, sut);
    Model end = initial;
    rc::state::applyAll(steps, end);
    sut.check_reclaimed(end);
    const GcStats& stats = sut.heap().stats();
    RC_CLASSIFY(stats.minor.count > 0, "minor collections");
    RC_CLASSIFY(stats.major.count > 0, "major or full collections");
  });
  EXPECT_TRUE(passed) << "the minimal failing sequence is printed above";
}

INSTANTIATE_TEST_SUITE_P(EveryCollector, HeapProperties, testing::ValuesIn(test::collector_names()),
                         test::collector_test_name);

}  // namespace
}  // namespace beagle::gc::prop
