#include "lang/runtime/collections/set.h"

#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/node_copy.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/store.h"

namespace beagle::rt {
namespace {

Value wrap_map(Thread& thread, Value map) {
  HandleScope scope(*thread.handles);
  Handle m = scope.make(map);
  return new_node(thread, Type::Set, {m});
}

}  // namespace

Value set_empty(Thread& thread) { return wrap_map(thread, map_empty(thread)); }

Value set_add(Thread& thread, Value set, Value x) {
  if (set_contains(set, x)) return set;
  return wrap_map(thread, map_assoc(thread, set_map(set), x, Value::boolean(true)));
}

Value set_remove(Thread& thread, Value set, Value x) {
  if (!set_contains(set, x)) return set;
  return wrap_map(thread, map_dissoc(thread, set_map(set), x));
}

Value set_from(Thread& thread, const Value* items, size_t n) {
  HandleScope scope(*thread.handles);
  Handle set = scope.make(set_empty(thread));
  for (size_t i = 0; i < n; i++) set.set(set_add(thread, set.get(), items[i]));
  return set.get();
}

Value set_members_array(Thread& thread, Value set) {
  HandleScope scope(*thread.handles);
  Handle s = scope.make(set);
  Value members = new_array(thread, size_t(set_count(set)));
  size_t i = 0;
  set_for_each(s.get(), [&](Value member) { init_field(members, i++, member); });
  return members;
}

Value set_members(Thread& thread, Value set) { return vector_from_array(thread, set_members_array(thread, set)); }

}  // namespace beagle::rt
