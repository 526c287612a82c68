// Handles: how C++ runtime code holds a heap reference across anything that
// can allocate (FAILURE-MODES.md #8). A raw Value held in a C++ local across
// an allocation may be stale after a moving collection; a Handle's slot is a
// root, updated in place.
//
//   HandleScope scope(thread.handles);
//   Handle list = scope.make(v);
//   allocate(...);            // may move the object
//   use(list.get());          // the current address
#pragma once

#include <cstddef>
#include <deque>

#include "collectors/api/roots.h"

namespace beagle::gc {

// One per thread: a stack of slots; a HandleScope pops what it pushed.
class HandleArea final : public RootSource {
 public:
  const char* name() const override { return "handles"; }
  void visit_roots(RootVisitor& visitor) override {
    for (Value& slot : slots_) visitor.visit(&slot);
  }

  Value* push(Value v) {
    slots_.push_back(v);
    return &slots_.back();
  }
  size_t size() const { return slots_.size(); }
  void pop_to(size_t size) { slots_.resize(size); }

 private:
  std::deque<Value> slots_;  // a deque: pushing never moves existing slots
};

class Handle {
 public:
  explicit Handle(Value* slot) : slot_(slot) {}
  Value get() const { return *slot_; }
  void set(Value v) { *slot_ = v; }

 private:
  Value* slot_;
};

class HandleScope {
 public:
  explicit HandleScope(HandleArea& area) : area_(area), mark_(area.size()) {}
  ~HandleScope() { area_.pop_to(mark_); }
  HandleScope(const HandleScope&) = delete;
  HandleScope& operator=(const HandleScope&) = delete;

  Handle make(Value v) { return Handle(area_.push(v)); }

 private:
  HandleArea& area_;
  size_t mark_;
};

}  // namespace beagle::gc
