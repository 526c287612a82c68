// Namespaces and their top-level bindings, as ordinary heap objects reached
// from one root table (the shared brief's rule). A binding is a Binding
// object; a namespace is a Namespace object holding an Array of its
// bindings. The table keeps, for every `ns/name`, a slot holding its Binding
// (and for every namespace, a slot holding the Namespace). Slots never move,
// so compiled code reads a global with two loads: the Binding from its fixed
// slot, then the Binding's value. A moving collector updates the slots.
#pragma once

#include <deque>
#include <string>
#include <unordered_map>

#include "collectors/api/roots.h"
#include "lang/runtime/objects.h"

namespace beagle::rt {

class Runtime;

class GlobalTable final : public gc::RootSource {
 public:
  explicit GlobalTable(Runtime& runtime) : runtime_(runtime) {}

  const char* name() const override { return "globals"; }
  void visit_roots(gc::RootVisitor& visitor) override {
    for (Value& v : slots_) visitor.visit(&v);
  }

  // The table slot holding the Binding of `qualified` ("ns/name"), created
  // (with value null) if new. Allocates.
  Value* binding_slot(const std::string& qualified);
  // The slot, or nullptr if `qualified` was never defined.
  Value* find_binding_slot(const std::string& qualified);

  // The value bound to `qualified`, or null.
  Value get(const std::string& qualified);
  void set(const std::string& qualified, Value value);

  static Value value_of_binding(Value binding) { return fields(binding)[0]; }

 private:
  Runtime& runtime_;
  std::deque<Value> slots_;  // a deque: slots never move
  std::unordered_map<std::string, Value*> bindings_;
  std::unordered_map<std::string, Value*> namespaces_;

  Value* namespace_slot(const std::string& ns);
  Value* new_slot(Value v);
};

}  // namespace beagle::rt
