// Top-level bindings: one slot per `ns/name`, in a table whose slots never
// move, so JIT code loads a binding with one instruction from a fixed
// address. The table is one root source. (docs/ARCHITECTURE.md explains why
// bindings are root-table slots rather than heap objects.)
#pragma once

#include <deque>
#include <string>
#include <unordered_map>

#include "collectors/api/roots.h"
#include "lang/runtime/objects.h"

namespace beagle::rt {

class GlobalTable final : public gc::RootSource {
 public:
  const char* name() const override { return "globals"; }
  void visit_roots(gc::RootVisitor& visitor) override {
    for (Value& v : slots_) visitor.visit(&v);
  }

  // The slot of `qualified` ("ns/name"), created (null) if new.
  Value* define(const std::string& qualified);
  // The slot, or nullptr if never defined.
  Value* find(const std::string& qualified);

 private:
  std::deque<Value> slots_;
  std::unordered_map<std::string, Value*> by_name_;
};

}  // namespace beagle::rt
