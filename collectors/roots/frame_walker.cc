#include "collectors/roots/frame_walker.h"

#include <cstdio>
#include <string>

namespace beagle::gc {

template <typename OnFrame>
void FrameWalker::walk(const Mutator& mutator, OnFrame&& on_frame) const {
  Word* sp = mutator.last_sp;
  Word* fp = mutator.last_fp;
  if (sp == nullptr) return;
  uintptr_t pc = uintptr_t(sp[-1]);
  while (true) {
    const StackMap* map = maps_.find(pc);
    if (map == nullptr) {
      char buffer[96];
      std::snprintf(buffer, sizeof buffer, "no stack map for return address %#lx (frame %p)", pc, (void*)fp);
      throw UnknownFrame(buffer);
    }
    if (map->kind == FrameKind::Entry) {
      Word* saved_sp = reinterpret_cast<Word*>(fp[kEntrySavedSpSlot]);
      Word* saved_fp = reinterpret_cast<Word*>(fp[kEntrySavedFpSlot]);
      if (saved_sp == nullptr) return;
      pc = uintptr_t(saved_sp[-1]);
      fp = saved_fp;
      continue;
    }
    on_frame(fp, *map);
    pc = uintptr_t(fp[1]);
    fp = reinterpret_cast<Word*>(fp[0]);
  }
}

void FrameWalker::visit_frames(const Mutator& mutator, RootVisitor& visitor) const {
  walk(mutator, [&](Word* fp, const StackMap& map) {
    for (int32_t slot : map.live_slots) visitor.visit(reinterpret_cast<Value*>(fp + slot));
    if (map.argument_count_slot != 0) {
      Word count = fp[map.argument_count_slot];
      for (Word i = 0; i < count; i++) visitor.visit(reinterpret_cast<Value*>(fp + 2 + i));
    }
  });
}

size_t FrameWalker::count_frames(const Mutator& mutator) const {
  size_t frames = 0;
  walk(mutator, [&](Word*, const StackMap&) { frames++; });
  return frames;
}

}  // namespace beagle::gc
