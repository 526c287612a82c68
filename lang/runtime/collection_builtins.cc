// Native builtins of beagle.core over collections and strings.
#include "lang/runtime/alloc.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/protocols.h"
#include "lang/runtime/runtime.h"

namespace beagle::rt {

Value builtin_length(Thread& t, const Value* args, uint64_t) {
  Value c = args[0];
  if (is_object_of(c, Type::String)) return Value::from_int(int64_t(string_char_count(c)));
  if (is_object_of(c, Type::Vector)) return Value::from_int(vector_count(c));
  if (is_object_of(c, Type::Array)) return Value::from_int(int64_t(field_count(c)));
  if (is_object_of(c, Type::Map)) return Value::from_int(map_count(c));
  if (is_object_of(c, Type::Set)) return Value::from_int(set_count(c));
  return call_core_method(t, CoreMethod::Length, {c});
}

namespace {

// Does get(c, ...) take the native path: null, or a vector, Array, map or
// String whose type no program extended with Indexed?
bool natively_indexed(Thread& t, Value c) {
  bool built_in = is_object_of(c, Type::Vector) || is_object_of(c, Type::Array) ||
                  is_object_of(c, Type::Map) || is_object_of(c, Type::String);
  return built_in && !overridden(t, CoreMethod::Get, c);
}

}  // namespace

// get(c, k [, d]): the built-in types here, any other through the prelude's
// Indexed (an `extend`'s get, with the arguments it was given).
Value builtin_get(Thread& t, const Value* args, uint64_t argc) {
  Value c = args[0], k = args[1];
  if (!natively_indexed(t, c)) {
    return argc == 3 ? call_core_method(t, CoreMethod::Get, {c, k, args[2]}) : call_core_method(t, CoreMethod::Get, {c, k});
  }
  if (argc == 3) {
    if (is_object_of(c, Type::Map)) {
      bool found = false;
      Value v = map_get(c, k, &found);
      return found ? v : args[2];
    }
    if (is_object_of(c, Type::String)) {
      if (!k.is_int() || k.as_int() < 0 || uint64_t(k.as_int()) >= string_char_count(c)) return args[2];
      return rt_index(t, c, k);
    }
    Value v = rt_index(t, c, k);
    return v.is_null() ? args[2] : v;
  }
  return rt_index(t, c, k);
}

Value builtin_push(Thread& t, const Value* args, uint64_t) {
  if (!is_object_of(args[0], Type::Vector) || overridden(t, CoreMethod::Push, args[0])) return call_core_method(t, CoreMethod::Push, {args[0], args[1]});
  return vector_push(t, args[0], args[1]);
}

Value builtin_to_string(Thread& t, const Value* args, uint64_t) {
  if (is_object_of(args[0], Type::String)) return args[0];
  return new_string(t, format_string(t, args[0], 0));
}

// An optional '-', then one or more decimal digits, within 61 bits; else null.
Value builtin_parse_int(Thread& t, const Value* args, uint64_t) {
  if (!is_object_of(args[0], Type::String)) throw_error(t, "TypeError", "Expected string, got " + kind_name(args[0]));
  std::string_view s = string_view(args[0]);
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty()) return Value::null();
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return Value::null();
    value = value * 10 + uint64_t(c - '0');
    if (value > uint64_t(Value::kMaxInt)) return Value::null();
  }
  return Value::from_int(negative ? -int64_t(value) : int64_t(value));
}

}  // namespace beagle::rt
