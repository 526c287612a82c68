// beagle.primitive (LANGUAGE.md §6.9): raw object access. `set!` is a
// compiler form (its first argument is `ident.field`), not a builtin.
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/store.h"

namespace beagle::rt {
namespace {

// Objects whose slots are Values (not opaque: strings, floats, functions).
bool has_value_slots(Value v) {
  return v.is_object() && !header(v).has(gc::kOpaque);
}

Value size_fn(Thread&, const Value* args, uint64_t) {
  Value v = args[0];
  if (!v.is_object()) return Value::from_int(0);
  return Value::from_int(int64_t(field_count(v)));
}

bool slot_in_range(Value o, Value i) {
  return has_value_slots(o) && i.is_int() && i.as_int() >= 0 && uint64_t(i.as_int()) < field_count(o);
}

Value read_field_fn(Thread&, const Value* args, uint64_t) {
  if (!slot_in_range(args[0], args[1])) return Value::null();
  return fields(args[0])[args[1].as_int()];
}

// Only into mutable kinds of object (structs, Arrays): immortal and
// persistent objects must not change.
Value write_field_fn(Thread& t, const Value* args, uint64_t) {
  bool writable = is_object_of(args[0], Type::Struct) || is_object_of(args[0], Type::Array);
  if (writable && !header(args[0]).has(gc::kImmortal) && slot_in_range(args[0], args[1])) {
    store_field(t, args[0], size_t(args[1].as_int()), args[2]);
  }
  return Value::null();
}

Value read_struct_id_fn(Thread&, const Value* args, uint64_t) {
  if (!is_object_of(args[0], Type::Struct)) return Value::from_int(-1);
  return Value::from_int(int64_t(header(args[0]).type_data()));
}

Value is_object_fn(Thread&, const Value* args, uint64_t) { return Value::boolean(args[0].is_object()); }

Value breakpoint_fn(Thread&, const Value*, uint64_t) { return Value::null(); }

}  // namespace

void add_primitive_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.primitive/size", 1, 1, &size_fn},
      {"beagle.primitive/read-field", 2, 2, &read_field_fn},
      {"beagle.primitive/write-field", 3, 3, &write_field_fn},
      {"beagle.primitive/read-struct-id", 1, 1, &read_struct_id_fn},
      {"beagle.primitive/is-object", 1, 1, &is_object_fn},
      {"beagle.primitive/breakpoint", 0, 0, &breakpoint_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
