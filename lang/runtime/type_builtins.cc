// Builtins about types: type-of, instance-of, and the Format default.
#include "lang/runtime/alloc.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"

namespace beagle::rt {

// The descriptor of v's type; enum variants have none (null).
Value builtin_type_of(Thread& t, const Value* args, uint64_t) {
  Runtime& runtime = *t.runtime;
  Value v = args[0];
  if (is_object_of(v, Type::Struct) && runtime.structs().get(header(v).type_data()).is_variant) return Value::null();
  auto it = runtime.descriptors.find(type_key(runtime, v));
  return it == runtime.descriptors.end() ? Value::null() : it->second;
}

// instance-of(v, T): T.id < 0: equal(type-of(v), T); else a struct instance of T.
Value builtin_instance_of(Thread& t, const Value* args, uint64_t) {
  Value id = rt_get_property(t, args[1], t.runtime->immortal_string("id"));
  if (!id.is_int()) return Value::boolean(false);
  if (id.as_int() < 0) return Value::boolean(type_key(*t.runtime, args[0]) == id.as_int());
  return Value::boolean(is_object_of(args[0], Type::Struct) && int64_t(header(args[0]).type_data()) == id.as_int());
}

Value builtin_format_default(Thread& t, const Value* args, uint64_t) {
  Value v = args[0];
  int depth = args[1].is_int() ? int(args[1].as_int()) : 0;
  if (is_object_of(v, Type::String) && depth == 0) return v;
  std::string text = format_string(t, v, depth);
  return new_string(t, text);
}

}  // namespace beagle::rt
