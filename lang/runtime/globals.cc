#include "lang/runtime/globals.h"

#include "collectors/roots/handles.h"
#include "lang/runtime/alloc.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"

namespace beagle::rt {

Value* GlobalTable::new_slot(Value v) {
  slots_.push_back(v);
  return &slots_.back();
}

// A Namespace is [name: String, bindings: Array of Binding].
Value* GlobalTable::namespace_slot(const std::string& ns) {
  auto it = namespaces_.find(ns);
  if (it != namespaces_.end()) return it->second;
  Thread& t = runtime_.main_thread();
  gc::HandleScope scope(*t.handles);
  gc::Handle name = scope.make(runtime_.immortal_string(ns));
  gc::Handle bindings = scope.make(new_array(t, 0));
  Value object = new_object(t, Type::Namespace, 2);
  init_field(object, 0, name.get());
  init_field(object, 1, bindings.get());
  Value* slot = new_slot(object);
  namespaces_.emplace(ns, slot);
  return slot;
}

Value* GlobalTable::binding_slot(const std::string& qualified) {
  if (Value* existing = find_binding_slot(qualified)) return existing;
  std::string ns = qualified.substr(0, qualified.find('/'));
  Value* ns_slot = namespace_slot(ns);
  Thread& t = runtime_.main_thread();
  gc::HandleScope scope(*t.handles);
  gc::Handle binding = scope.make(new_object(t, Type::Binding, 2));
  // immortal_string allocates (immortal space) before the store: not an initialising store.
  store_field(t, binding.get(), 1, runtime_.immortal_string(qualified));
  // The namespace's Array of bindings grows by one (a new Array).
  uint64_t count = field_count(fields(*ns_slot)[1]);
  Value grown = new_array(t, count + 1);
  Value old = fields(*ns_slot)[1];
  for (uint64_t i = 0; i < count; i++) init_field(grown, i, fields(old)[i]);
  init_field(grown, count, binding.get());
  store_field(t, *ns_slot, 1, grown);
  Value* slot = new_slot(binding.get());
  bindings_.emplace(qualified, slot);
  return slot;
}

Value* GlobalTable::find_binding_slot(const std::string& qualified) {
  auto it = bindings_.find(qualified);
  return it == bindings_.end() ? nullptr : it->second;
}

Value GlobalTable::get(const std::string& qualified) {
  Value* slot = find_binding_slot(qualified);
  return slot == nullptr ? Value::null() : value_of_binding(*slot);
}

void GlobalTable::set(const std::string& qualified, Value value) {
  Thread& t = runtime_.main_thread();
  gc::HandleScope scope(*t.handles);
  gc::Handle v = scope.make(value);
  Value* slot = binding_slot(qualified);
  store_field(t, *slot, 0, v.get());
}

}  // namespace beagle::rt
