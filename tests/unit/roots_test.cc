// The roots layer without a JIT: the stack-map table, the frame walker over
// synthetic frames laid out exactly as the JIT's frame protocol says
// (collectors/roots/frame_walker.h), and handles.
#include <gtest/gtest.h>

#include <map>

#include "collectors/roots/frame_walker.h"
#include "collectors/roots/handles.h"

namespace gc = beagle::gc;
using gc::Value;
using gc::Word;

namespace {

struct Recorder : gc::RootVisitor {
  std::vector<Value*> slots;
  void visit(Value* slot) override { slots.push_back(slot); }
};

TEST(StackMapTable, FindsWhatWasAddedAndNothingElse) {
  gc::StackMapTable table;
  table.add(0x1000, {gc::FrameKind::Jit, {-1, -3}, "f", 4});
  table.add(0x2000, {gc::FrameKind::Entry, {}, "entry", 0});
  ASSERT_NE(table.find(0x1000), nullptr);
  EXPECT_EQ(table.find(0x1000)->live_slots, (std::vector<int32_t>{-1, -3}));
  EXPECT_EQ(table.find(0x2000)->kind, gc::FrameKind::Entry);
  EXPECT_EQ(table.find(0x1001), nullptr);
  EXPECT_EQ(table.size(), 2u);
  EXPECT_THROW(table.add(0x1000, {}), std::logic_error);
}

// A fake machine stack, growing down, on which frames are pushed as the JIT
// would push them.
class FakeStack {
 public:
  FakeStack() : memory_(4096, 0), sp_(memory_.data() + memory_.size()) {}

  // `call` pushes a return address; a JIT prologue then pushes rbp.
  Word* push_frame(uintptr_t return_address, Word* caller_fp, int locals) {
    *--sp_ = return_address;
    *--sp_ = reinterpret_cast<Word>(caller_fp);
    Word* fp = sp_;
    sp_ -= locals;
    return fp;
  }
  Word* sp() const { return sp_; }

 private:
  std::vector<Word> memory_;
  Word* sp_;
};

// C++ -> entry -> f -> g -> runtime call: two JIT frames, both visited.
TEST(FrameWalker, VisitsLiveSlotsOfEveryJitFrameInnermostFirst) {
  gc::StackMapTable table;
  const uintptr_t kEntryReturn = 0x100, kInF = 0x200, kInG = 0x300;
  table.add(kEntryReturn, {gc::FrameKind::Entry, {}, "entry", 0});
  table.add(kInF, {gc::FrameKind::Jit, {-1, -2}, "f", 1});
  table.add(kInG, {gc::FrameKind::Jit, {-3}, "g", 2});

  FakeStack stack;
  Word* entry_fp = stack.push_frame(0xC0FFEE, nullptr, 2);  // returns into C++
  entry_fp[gc::kEntrySavedSpSlot] = 0;                      // the thread's first entry
  Word* f_fp = stack.push_frame(kEntryReturn, entry_fp, 2);
  f_fp[-1] = Value::from_int(11).bits();
  f_fp[-2] = Value::from_int(12).bits();
  Word* g_fp = stack.push_frame(kInF, f_fp, 3);
  g_fp[-3] = Value::from_int(33).bits();
  // g calls the runtime: it records rsp and rbp; the call pushes kInG.
  gc::Mutator mutator;
  mutator.last_sp = stack.sp();
  mutator.last_fp = g_fp;
  stack.push_frame(kInG, g_fp, 0);

  Recorder recorder;
  gc::FrameWalker walker(table);
  walker.visit_frames(mutator, recorder);
  ASSERT_EQ(recorder.slots.size(), 3u);
  EXPECT_EQ(recorder.slots[0]->as_int(), 33);
  EXPECT_EQ(recorder.slots[1]->as_int(), 11);
  EXPECT_EQ(recorder.slots[2]->as_int(), 12);
  EXPECT_EQ(walker.count_frames(mutator), 2u);
}

// JIT -> runtime (C++) -> entry -> JIT -> runtime: the walk crosses the entry
// frame back into the outer JIT frames.
TEST(FrameWalker, CrossesEntryFramesIntoOuterJitFrames) {
  gc::StackMapTable table;
  const uintptr_t kEntryReturn = 0x100, kOuterCall = 0x200, kInnerCall = 0x300;
  table.add(kEntryReturn, {gc::FrameKind::Entry, {}, "entry", 0});
  table.add(kOuterCall, {gc::FrameKind::Jit, {-1}, "outer", 1});
  table.add(kInnerCall, {gc::FrameKind::Jit, {-1}, "inner", 2});

  FakeStack stack;
  Word* first_entry = stack.push_frame(0xC0FFEE, nullptr, 2);
  first_entry[gc::kEntrySavedSpSlot] = 0;
  Word* outer = stack.push_frame(kEntryReturn, first_entry, 1);
  outer[-1] = Value::from_int(1).bits();
  // outer calls into C++, recording its sp/fp; C++ frames of unknown shape follow.
  Word* outer_sp = stack.sp();
  stack.push_frame(kOuterCall, outer, 5);
  Word* second_entry = stack.push_frame(0xBEEF, nullptr, 2);
  second_entry[gc::kEntrySavedSpSlot] = reinterpret_cast<Word>(outer_sp);
  second_entry[gc::kEntrySavedFpSlot] = reinterpret_cast<Word>(outer);
  Word* inner = stack.push_frame(kEntryReturn, second_entry, 1);
  inner[-1] = Value::from_int(2).bits();
  gc::Mutator mutator;
  mutator.last_sp = stack.sp();
  mutator.last_fp = inner;
  stack.push_frame(kInnerCall, inner, 0);

  Recorder recorder;
  gc::FrameWalker(table).visit_frames(mutator, recorder);
  ASSERT_EQ(recorder.slots.size(), 2u);
  EXPECT_EQ(recorder.slots[0]->as_int(), 2);
  EXPECT_EQ(recorder.slots[1]->as_int(), 1);
}

TEST(FrameWalker, AnUnknownReturnAddressIsReported) {
  gc::StackMapTable table;
  FakeStack stack;
  Word* fp = stack.push_frame(0x999, nullptr, 1);
  gc::Mutator mutator;
  mutator.last_sp = stack.sp();
  mutator.last_fp = fp;
  stack.push_frame(0x777, fp, 0);
  Recorder recorder;
  EXPECT_THROW(gc::FrameWalker(table).visit_frames(mutator, recorder), gc::UnknownFrame);
}

TEST(FrameWalker, AThreadOutsideJitCodeHasNoFrames) {
  gc::StackMapTable table;
  gc::Mutator mutator;
  Recorder recorder;
  gc::FrameWalker(table).visit_frames(mutator, recorder);
  EXPECT_TRUE(recorder.slots.empty());
}

TEST(Handles, ScopesPopWhatTheyPushedAndSlotsAreRoots) {
  gc::HandleArea area;
  {
    gc::HandleScope outer(area);
    gc::Handle a = outer.make(Value::from_int(1));
    {
      gc::HandleScope inner(area);
      for (int i = 0; i < 1000; i++) inner.make(Value::from_int(i));
      EXPECT_EQ(area.size(), 1001u);
      EXPECT_EQ(a.get().as_int(), 1);  // pushing never moved the outer slot
    }
    EXPECT_EQ(area.size(), 1u);
    Recorder recorder;
    area.visit_roots(recorder);
    ASSERT_EQ(recorder.slots.size(), 1u);
    *recorder.slots[0] = Value::from_int(7);  // a moving collector rewrites the slot
    EXPECT_EQ(a.get().as_int(), 7);
  }
  EXPECT_EQ(area.size(), 0u);
}

}  // namespace
