// The thread registry (collectors/heap/thread_registry.h): threads start,
// exit, block in native code and poll, in a loop, while another thread
// stops the world over and over. With the world stopped no registered
// mutator may be Running and none may run (FAILURE-MODES #1).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "collectors/heap/thread_registry.h"

namespace gc = beagle::gc;

namespace {

constexpr int kChurners = 3;
constexpr int kLives = 150;         // threads each churner starts, one after another
constexpr int kStepsPerLife = 40;   // polls (and work) in one thread's life
constexpr int kStops = 400;

// One short-lived thread: registers, works (each step counted) with polls
// and an occasional blocking call, and unregisters.
void live(gc::ThreadRegistry& registry, std::atomic<uint64_t>& work, int life) {
  gc::Mutator m;
  registry.add(m, gc::MutatorState::Running);
  for (int step = 0; step < kStepsPerLife; step++) {
    if (__atomic_load_n(&m.safepoint_requested, __ATOMIC_ACQUIRE) != 0) registry.park(m);
    work.fetch_add(1, std::memory_order_relaxed);
    if ((life + step) % 16 == 0) {
      gc::NativeScope native(registry, m);
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }
  registry.remove(m);
}

TEST(ThreadRegistry, StartAndExitRaceStopTheWorld) {
  gc::ThreadRegistry registry;
  gc::Mutator collector;
  registry.add(collector, gc::MutatorState::Running);
  std::atomic<uint64_t> work{0};
  std::vector<std::thread> churners;
  for (int c = 0; c < kChurners; c++) {
    churners.emplace_back([&] {
      for (int life = 0; life < kLives; life++) live(registry, work, life);
    });
  }
  for (int stop = 0; stop < kStops; stop++) {
    registry.stop_the_world(&collector);
    // EXPECT, not ASSERT: a failure must still resume the world and join.
    for (gc::Mutator* m : registry.mutators()) {
      if (m != &collector) {
        EXPECT_NE(m->state, gc::MutatorState::Running);
      }
    }
    uint64_t before = work.load();
    std::this_thread::sleep_for(std::chrono::microseconds(20));
    EXPECT_EQ(work.load(), before) << "a thread ran with the world stopped";
    registry.resume_the_world();
  }
  for (std::thread& t : churners) t.join();
  EXPECT_EQ(work.load(), uint64_t(kChurners) * kLives * kStepsPerLife);
  EXPECT_EQ(registry.mutators().size(), 1u);
  registry.remove(collector);
}

// A thread that asks to stop the world while another has it stopped waits,
// parked, for the first to resume, then stops the world itself.
TEST(ThreadRegistry, TwoRequestersTakeTurns) {
  gc::ThreadRegistry registry;
  gc::Mutator a, b;
  registry.add(a, gc::MutatorState::Running);
  registry.add(b, gc::MutatorState::Running);
  std::atomic<int> inside{0};
  auto requester = [&](gc::Mutator& self) {
    for (int i = 0; i < 300; i++) {
      registry.stop_the_world(&self);
      EXPECT_EQ(inside.fetch_add(1), 0);
      inside.fetch_sub(1);
      registry.resume_the_world();
      if (__atomic_load_n(&self.safepoint_requested, __ATOMIC_ACQUIRE) != 0) registry.park(self);
    }
    registry.remove(self);  // the other may still stop the world: not Running any more
  };
  std::thread ta([&] { requester(a); });
  std::thread tb([&] { requester(b); });
  ta.join();
  tb.join();
  EXPECT_TRUE(registry.mutators().empty());
}

int flag(const gc::Mutator& m) { return __atomic_load_n(&m.safepoint_requested, __ATOMIC_ACQUIRE); }

// A resume clears the flags a stop set; after request_polls (the end of a
// program: an abort in one thread, lang/runtime/threads.h) every flag is
// set and stays set, across a stop-the-world and for a mutator added later.
TEST(ThreadRegistry, RequestedPollsStaySet) {
  gc::ThreadRegistry registry;
  gc::Mutator a, b, c;
  registry.add(a, gc::MutatorState::Running);
  registry.add(b, gc::MutatorState::Native);
  registry.stop_the_world(&a);
  EXPECT_EQ(flag(a), 0);
  EXPECT_EQ(flag(b), 1);
  registry.resume_the_world();
  EXPECT_EQ(flag(b), 0);
  registry.request_polls();
  EXPECT_EQ(flag(a), 1);
  EXPECT_EQ(flag(b), 1);
  registry.stop_the_world(&a);
  registry.resume_the_world();
  EXPECT_EQ(flag(a), 1);
  EXPECT_EQ(flag(b), 1);
  registry.add(c, gc::MutatorState::Running);
  EXPECT_EQ(flag(c), 1);
  registry.park(c);  // the world is running: returns at once
  for (gc::Mutator* m : {&a, &b, &c}) registry.remove(*m);
  EXPECT_TRUE(registry.mutators().empty());
}

}  // namespace
