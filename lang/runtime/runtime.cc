#include "lang/runtime/runtime.h"

#include <algorithm>

#include <cstring>

#include "lang/runtime/alloc.h"
#include "lang/runtime/threads.h"

namespace beagle::rt {

// Every thread's JIT frames: one root class ("frames"); every thread's
// handle area another ("handles"), and the global table a third
// ("globals"). The threads are the heap's registered mutators, which a
// collection reads with the world stopped.
class Runtime::ThreadFrames final : public gc::RootSource {
 public:
  ThreadFrames(gc::Heap& heap, const gc::StackMapTable& maps) : heap_(heap), walker_(maps) {}
  const char* name() const override { return "frames"; }
  void visit_roots(gc::RootVisitor& visitor) override {
    for (gc::Mutator* m : heap_.threads().mutators()) walker_.visit_frames(*m, visitor);
  }

 private:
  gc::Heap& heap_;
  gc::FrameWalker walker_;
};

class Runtime::ThreadHandles final : public gc::RootSource {
 public:
  explicit ThreadHandles(gc::Heap& heap) : heap_(heap) {}
  const char* name() const override { return "handles"; }
  void visit_roots(gc::RootVisitor& visitor) override {
    for (gc::Mutator* m : heap_.threads().mutators()) thread_of(*m).handles->visit_roots(visitor);
  }

 private:
  gc::Heap& heap_;
};

namespace {

gc::HeapOptions with_runtime_types(gc::HeapOptions options) {
  options.max_type_id = uint32_t(Type::Binding);  // the largest in objects.h
  return options;
}

}  // namespace

thread_local std::optional<ProgramAbort> Runtime::pending_abort;

Runtime::Runtime(const gc::HeapOptions& options)
    : heap_(std::make_unique<gc::Heap>(with_runtime_types(options))),
      main_(std::make_unique<ThreadState>(*this)),
      thread_frames_(std::make_unique<ThreadFrames>(*heap_, stack_maps_)),
      thread_handles_(std::make_unique<ThreadHandles>(*heap_)),
      threads_(std::make_unique<Threads>(*this)),
      globals_(*this) {
  heap_->add_mutator(&main_->thread.mutator);
  heap_->add_root_source(thread_frames_.get());
  heap_->add_root_source(thread_handles_.get());
  heap_->add_root_source(&globals_);
}

Runtime::~Runtime() {
  threads_->join_all(main_thread());
  heap_->remove_root_source(&globals_);
  heap_->remove_root_source(thread_handles_.get());
  heap_->remove_root_source(thread_frames_.get());
  heap_->remove_mutator(&main_->thread.mutator);
}

Value Runtime::immortal_string(std::string_view text) {
  std::lock_guard held(interning_lock_);
  auto it = strings_.find(std::string(text));
  if (it != strings_.end()) return it->second;
  Word* memory = heap_->allocate_immortal(string_payload_words(text.size()) + 1);
  write_string(memory, text, gc::kImmortal);
  Value v = Value::object(memory);
  strings_.emplace(std::string(text), v);
  return v;
}

Value Runtime::immortal_float(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  std::lock_guard held(interning_lock_);
  auto it = floats_.find(bits);
  if (it != floats_.end()) return it->second;
  Word* memory = heap_->allocate_immortal(2);
  memory[0] = Header::make(uint32_t(Type::Float), 1, 0, gc::kOpaque | gc::kImmortal).bits();
  memory[1] = bits;
  Value v = Value::float_box(memory);
  floats_.emplace(bits, v);
  return v;
}

Value Runtime::keyword(std::string_view name) {
  std::lock_guard held(interning_lock_);
  auto it = keywords_.find(std::string(name));
  if (it != keywords_.end()) return it->second;
  Value name_string = immortal_string(name);
  Word* memory = heap_->allocate_immortal(3);
  memory[0] = Header::make(uint32_t(Type::Keyword), 2, 0, gc::kImmortal).bits();
  memory[1] = name_string.bits();
  memory[2] = Value::from_int(0).bits();  // the hash is filled in by the hashing code
  Value v = Value::object(memory);
  keywords_.emplace(std::string(name), v);
  return v;
}

}  // namespace beagle::rt

namespace beagle::rt {

uint32_t Runtime::system_error_id(const std::string& kind) {
  std::string qualified = "beagle.core/SystemError." + kind;
  if (const StructInfo* info = structs_.find(qualified)) return info->id;
  return structs_.define(qualified, "SystemError." + kind, {{"message", false}, {"location", false}}, true);
}

bool Runtime::take_steps(Thread& t) {
  int64_t unclaimed = unclaimed_steps_.load(std::memory_order_relaxed);
  while (t.steps_left < 0) {
    int64_t take = std::min(unclaimed, kStepChunk);
    if (take <= 0) return false;
    if (unclaimed_steps_.compare_exchange_weak(unclaimed, unclaimed - take, std::memory_order_relaxed)) {
      t.steps_left += take;
      unclaimed -= take;
    }
  }
  return true;
}

void Runtime::give_back_steps(Thread& t) {
  if (t.steps_left <= 0 || t.steps_left == kUnlimitedSteps) return;
  unclaimed_steps_.fetch_add(t.steps_left, std::memory_order_relaxed);
  t.steps_left = 0;
}

}  // namespace beagle::rt
