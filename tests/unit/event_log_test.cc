// The GC event listener (api/events.h) and the event log behind --gc-log
// (heap/event_log.h): the hooks, the events every collector reports, and
// the file. The schema is docs/GC-LOG.md; tests/cli/test_gc_log.py checks
// the file a whole run writes.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "collectors/api/events.h"
#include "collectors/heap/event_log.h"
#include "test_heap.h"

namespace gc = beagle::gc;
using gc::GcEvent;
using gc::GcPhase;
using gc::Value;

namespace {

class RecordingListener final : public gc::EventListener {
 public:
  RecordingListener() : EventListener(true) {}
  std::vector<GcEvent> events;

 protected:
  void on_event(const GcEvent& event) override { events.push_back(event); }
};

TEST(EventListenerTest, TheDefaultListenerDoesNotListen) {
  EXPECT_FALSE(gc::EventListener::none().listening());
  gc::EventListener::none().roots_visited();  // and does nothing
}

TEST(EventListenerTest, HooksFillTheirPhaseAndTime) {
  RecordingListener listener;
  ASSERT_TRUE(listener.listening());
  uint64_t before = gc::now_ns();
  listener.requested({gc::GcReason::Explicit, true}, {100, 200});
  listener.stopped(before + 1, 1);
  listener.roots_visited();
  listener.remembered_visited(7);
  listener.copy_done(64);
  listener.mark_slice_done(128, true);
  listener.mark_done(256);
  listener.sweep_done(true, true);
  gc::CollectionReport report{gc::CollectionKind::Minor, 32, 7};
  listener.resumed(before + 2, report, 1, {100, 200}, {40, 200});
  std::vector<GcPhase> phases;
  for (const GcEvent& e : listener.events) phases.push_back(e.phase);
  EXPECT_EQ(phases, (std::vector<GcPhase>{GcPhase::Requested, GcPhase::Stopped, GcPhase::Roots, GcPhase::Remembered,
                                          GcPhase::Copied, GcPhase::MarkSlice, GcPhase::Marked, GcPhase::Swept,
                                          GcPhase::Resumed}));
  const auto& e = listener.events;
  EXPECT_GE(e[0].time_ns, before);
  EXPECT_TRUE(e[0].whole_heap);
  EXPECT_EQ(e[0].reason, gc::GcReason::Explicit);
  EXPECT_EQ(e[0].heap_used_bytes, 100u);
  EXPECT_EQ(e[1].time_ns, before + 1);
  EXPECT_EQ(e[1].threads, 1u);
  EXPECT_EQ(e[3].remembered_entries, 7u);
  EXPECT_EQ(e[4].copied_bytes, 64u);
  EXPECT_TRUE(e[5].finished);
  EXPECT_EQ(e[5].marked_bytes, 128u);
  EXPECT_EQ(e[6].marked_bytes, 256u);
  EXPECT_TRUE(e[7].lazy);
  EXPECT_TRUE(e[7].concurrent);
  EXPECT_FALSE(e[6].concurrent);
  EXPECT_EQ(e[8].kind, gc::CollectionKind::Minor);
  EXPECT_EQ(e[8].promoted_bytes, 32u);
  EXPECT_EQ(e[8].freed_bytes, 60u);
  EXPECT_EQ(e[8].heap_used_bytes, 40u);
}

class EventLogTest : public gc::test::HeapFixture<testing::TestWithParam<std::string>> {
 protected:
  void start_logged(const std::string& path = "") {
    event_log.enabled = true;
    event_log.path = path;
    event_log.program = {"test.bg", "1"};
    start(GetParam(), false, 0, true);
  }

  // Garbage and a kept list, collected now and then.
  void churn() {
    roots.values.push_back(Value::null());
    for (int i = 0; i < 20000; i++) {
      pair(Value::from_int(i), Value::null());
      if (i % 10 == 0) roots.values[0] = pair(Value::from_int(i), roots.values[0]);
      if (i % 5000 == 0) collect();
    }
  }
};

TEST_P(EventLogTest, EveryCollectionIsRequestedStoppedAndResumed) {
  start_logged();
  churn();
  collect();
  const gc::EventLog* log = heap->event_log();
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->header().collector, GetParam());
  EXPECT_EQ(log->header().program, (std::vector<std::string>{"test.bg", "1"}));
  const std::vector<GcEvent>& events = log->events();
  ASSERT_FALSE(events.empty());
  uint64_t collection = 0;
  uint64_t last_time = 0;
  uint64_t pauses = 0;
  GcPhase previous = GcPhase::Resumed;
  for (const GcEvent& e : events) {
    EXPECT_GE(e.time_ns, last_time);
    last_time = e.time_ns;
    if (e.phase == GcPhase::Requested) {
      EXPECT_EQ(previous, GcPhase::Resumed);
      EXPECT_EQ(e.collection, ++collection);
    } else {
      EXPECT_EQ(e.collection, collection);
      EXPECT_NE(previous, GcPhase::Resumed) << gc::gc_phase_name(e.phase) << " outside a collection";
    }
    if (e.phase == GcPhase::Stopped) {
      EXPECT_EQ(previous, GcPhase::Requested);
    }
    if (e.phase == GcPhase::Resumed) pauses += e.pause_ns;
    previous = e.phase;
  }
  EXPECT_EQ(previous, GcPhase::Resumed);
  EXPECT_EQ(collection, heap->stats().collections);
  EXPECT_EQ(pauses, heap->stats().total_pause_ns);
  // gc() asks for the whole heap, and every collector does it in the pause.
  const GcEvent& last = events.back();
  EXPECT_EQ(last.reason, gc::GcReason::Explicit);
  EXPECT_EQ(last.kind, gc::CollectionKind::Full);
}

TEST_P(EventLogTest, ThePhasesOfACollectionShareItsKind) {
  start_logged();
  churn();
  const std::vector<GcEvent>& events = heap->event_log()->events();
  for (size_t i = 0; i < events.size(); i++) {
    size_t end = i;
    while (events[end].phase != GcPhase::Resumed) end++;
    for (size_t j = i; j <= end; j++) EXPECT_EQ(events[j].kind, events[end].kind);
    i = end;
  }
}

TEST_P(EventLogTest, TheFileHasTheHeaderAPhaseLineEachAndTheEnd) {
  std::string path = testing::TempDir() + "event_log_test_" + gc::test::collector_test_name({GetParam(), 0}) + ".jsonl";
  start_logged(path);
  churn();
  size_t events = heap->event_log()->events().size();
  TearDown();
  heap.reset();  // ends the log
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), events + 2);
  EXPECT_EQ(lines.front().rfind("{\"record\":\"header\",\"schema\":\"beagle-gc-log\",\"version\":1,", 0), 0u)
      << lines.front();
  EXPECT_EQ(lines[1].rfind("{\"record\":\"phase\",\"collection\":1,\"phase\":\"requested\",", 0), 0u) << lines[1];
  EXPECT_EQ(lines.back().rfind("{\"record\":\"end\",", 0), 0u) << lines.back();
  std::remove(path.c_str());
}

TEST(EventLogFileTest, AFileThatCannotBeWrittenIsAnError) {
  gc::HeapOptions options;
  options.event_log.enabled = true;
  options.event_log.path = testing::TempDir() + "no-such-directory/gc.jsonl";
  try {
    gc::Heap heap(options);
    FAIL() << "the heap was made";
  } catch (const gc::GcLogError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write the GC log"), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(EveryCollector, EventLogTest, testing::ValuesIn(gc::test::collector_names()),
                         gc::test::collector_test_name);

}  // namespace
