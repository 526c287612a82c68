// Runtime operations that compiled code calls: objects, properties,
// indexing, collections, closures, exceptions (`for` loops: for_loop.h).
#include "collectors/roots/handles.h"
#include "lang/runtime/alloc.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/library.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"
#include "lang/runtime/text/utf8.h"

namespace beagle::rt {

using gc::Handle;
using gc::HandleScope;

Value rt_not_callable(Thread& t, Value callee) {
  std::string raw = raw_string(*t.runtime, callee);
  if (callee.is_int() || callee.is_null() || is_object_of(callee, Type::String) || callee.is_bool() ||
      callee.is_float()) {
    std::string kind = kind_name(callee);
    throw_error(t, "TypeError", "Cannot call a " + kind + " value as a function: " + raw);
  }
  if (is_object_of(callee, Type::Struct)) throw_error(t, "TypeError", "Value is not callable (got a struct instance)");
  throw_error(t, "TypeError", "Value is not callable (HeapObject type_id=" + std::to_string(beagle_type_id(callee)) + ")");
}

Value rt_arity_error(Thread& t, Value callee, Value count) {
  if (is_object_of(callee, Type::Function) && (function_layout(callee)->flags & kFunctionMultiArity)) {
    const char* arities = reinterpret_cast<const char*>(function_layout(callee)->info);
    throw_error(t, "ArityError", "No matching arity for multi-arity function call with " +
                                     std::to_string(count.as_int()) + " argument(s). Available arities: " +
                                     (arities ? arities : ""));
  }
  std::string name = is_object_of(callee, Type::Function)
                         ? std::string(string_view(Value::from_bits(function_layout(callee)->name)))
                         : "a closure";
  throw_error(t, "ArityError", "Wrong number of arguments (" + std::to_string(count.as_int()) + ") passed to " + name);
}

Value rt_stack_overflow(Thread& t) { throw_error(t, "RuntimeError", "Stack overflow"); }

// The thread's count ran out: more from the program's budget, else the end
// (not a Beagle exception: a program that catches everything must stop too).
Value rt_step_limit(Thread& t) {
  if (t.runtime->take_steps(t)) return Value::null();
  fatal("Error: the program used up its step limit (--max-steps) in " + current_location(t));
}

void charge_steps(Thread& t, int64_t steps) {
  t.steps_left -= steps;
  if (t.steps_left < 0) rt_step_limit(t);
}

Value rt_concat(Thread& t, Value a, Value b) {
  for (Value v : {a, b}) {
    if (!is_object_of(v, Type::String)) throw_error(t, "TypeError", "Expected string, got " + kind_name(v));
  }
  std::string joined = std::string(string_view(a)) + std::string(string_view(b));
  return new_string(t, joined);
}

Value rt_allocate(Thread& t, Value header_bits) {
  Header h = Header::from_bits(header_bits.bits());
  Word* memory = allocate_words(t, h.total_words());
  memory[0] = new_header(t, h).bits();
  for (uint64_t i = 1; i < h.total_words(); i++) memory[i] = Value::null().bits();
  return Value::from_bits(reinterpret_cast<Word>(memory));
}

Value rt_throw(Thread&, Value v) { throw BeagleThrow{v}; }

Value rt_make_closure(Thread& t, Value function, Value count) {
  Value closure = new_object(t, Type::Closure, size_t(count.as_int()) + 1);
  init_field(closure, 0, function);  // immortal: never moves
  return closure;
}

Value rt_new_struct(Thread& t, Value struct_id) {
  uint32_t id = uint32_t(struct_id.as_int());
  return new_object(t, Type::Struct, t.runtime->structs().get(id).fields.size(), id);
}

Value rt_check_spread(Thread& t, Value source, Value struct_id) {
  uint32_t id = uint32_t(struct_id.as_int());
  if (!is_object_of(source, Type::Struct) || header(source).type_data() != id) {
    throw_error(t, "TypeError", "Cannot spread a value that is not a " + t.runtime->structs().get(id).display_name);
  }
  return source;
}

Value rt_is_struct(Thread&, Value v, Value struct_id) {
  return Value::boolean(is_object_of(v, Type::Struct) && header(v).type_data() == uint32_t(struct_id.as_int()));
}

Value rt_is_vector_of_count(Thread&, Value v, Value count) {
  return Value::boolean(is_object_of(v, Type::Vector) && vector_count(v) == count.as_int());
}

Value rt_match_failed(Thread& t, Value v) { fatal("No match arm matched the value " + raw_string(*t.runtime, v)); }

Value rt_pack_rest(Thread& t, const Value* args, Value count) {
  size_t n = size_t(count.as_int());
  Value array = new_array(t, n);
  for (size_t i = 0; i < n; i++) init_field(array, i, args[i]);  // args are roots: read after allocating
  return array;
}

// ---------------------------------------------------------------- properties

Value rt_get_property(Thread& t, Value object, Value name) {
  std::string field(string_view(name));
  if (object.is_null()) throw_error(t, "TypeError", "Cannot access property '" + field + "' on null");
  if (object.is_int() || object.is_bool() || is_object_of(object, Type::String)) {
    throw_error(t, "TypeError", "Cannot access property '" + field + "' on " + kind_name(object));
  }
  if (is_object_of(object, Type::Struct)) {
    const StructInfo& info = t.runtime->structs().get(header(object).type_data());
    int index = info.field_index(field);
    if (index < 0) throw_error(t, "FieldError", "Field '" + field + "' does not exist on " + info.display_name);
    return fields(object)[index];
  }
  if (is_object_of(object, Type::Function)) {
    if (field == "name") return Value::from_bits(function_layout(object)->name);
    if (field == "arity") return Value::from_int(int64_t(function_layout(object)->arity));
  }
  const char* on = is_object_of(object, Type::Keyword) ? "NEVER" : "Function";
  throw_error(t, "FieldError", "Field '" + field + "' does not exist on " + on);
}

Value rt_set_property(Thread& t, Value object, Value name, Value v) {
  std::string field(string_view(name));
  if (object.is_null()) throw_error(t, "TypeError", "Cannot set property '" + field + "' on null");
  if (!is_object_of(object, Type::Struct)) {
    throw_error(t, "TypeError", "Cannot set property '" + field + "' on " + kind_name(object));
  }
  const StructInfo& info = t.runtime->structs().get(header(object).type_data());
  int index = info.field_index(field);
  if (index < 0) throw_error(t, "FieldError", "Field '" + field + "' does not exist on " + info.display_name);
  if (!info.fields[size_t(index)].is_mutable) {
    throw_error(t, "MutabilityError",
                "Cannot mutate immutable field '" + field + "' in struct '" + info.qualified_name + "'");
  }
  store_field(t, object, size_t(index), v);
  return Value::null();
}

// ---------------------------------------------------------------- indexing

Value rt_index(Thread& t, Value collection, Value index) {
  if (overridden(t, CoreMethod::Get, collection)) return call_core_method(t, CoreMethod::Get, {collection, index});
  if (is_object_of(collection, Type::Vector)) {
    return index.is_int() ? vector_get(collection, index.as_int()) : Value::null();
  }
  if (is_object_of(collection, Type::Array)) {
    if (!index.is_int() || index.as_int() < 0 || uint64_t(index.as_int()) >= field_count(collection)) return Value::null();
    return fields(collection)[index.as_int()];
  }
  if (is_object_of(collection, Type::Map)) return map_get(collection, index);
  if (is_object_of(collection, Type::String) && index.is_int()) {
    std::string_view s = string_view(collection);
    int64_t length = int64_t(string_char_count(collection));
    int64_t i = index.as_int();
    if (i < 0 || i >= length) {
      uint64_t shown = i < 0 ? uint64_t(i + (int64_t{1} << 61)) : uint64_t(i);
      throw_error(t, "IndexError", "String index " + std::to_string(shown) + " out of bounds (length " +
                                       std::to_string(length) + ")");
    }
    return new_string(t, text::char_at(s, size_t(i)));
  }
  if (is_object_of(collection, Type::String)) return Value::null();
  return call_core_method(t, CoreMethod::Get, {collection, index});  // Indexed (§4.12.1)
}

Value rt_collection(Thread& t, Value kind, const Value* items, Value count) {
  size_t n = size_t(count.as_int());
  switch (kind.as_int()) {
    case 0: return vector_from(t, items, n);
    case 1: return map_from_pairs(t, items, n / 2);
    default: return set_from(t, items, n);
  }
}

Value rt_interpolate(Thread& t, const Value* parts, Value count) {
  std::string out;
  for (int64_t i = 0; i < count.as_int(); i++) out += format_string(t, parts[i], 0);
  return new_string(t, out);
}

Value rt_drop(Thread& t, Value collection, Value count) {
  HandleScope scope(*t.handles);
  Handle elements = scope.make(seqable_elements_array(t, collection));
  int64_t n = count.as_int();
  int64_t total = int64_t(field_count(elements.get()));
  Handle result = scope.make(vector_empty(t));
  for (int64_t i = n; i < total; i++) result.set(vector_push(t, result.get(), fields(elements.get())[i]));
  return result.get();
}

}  // namespace beagle::rt
