// The library builtins of beagle.core and the built-in namespaces
// (LANGUAGE.md §6), one file per group; each group adds itself here. This
// file also holds what the groups share: the prelude structs, argument
// checks, seqable snapshots and calls into Beagle code.
#include <algorithm>
#include <cmath>

#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"
#include "lang/runtime/text/utf8.h"

namespace beagle::rt {

void add_library_builtins(std::vector<Builtin>& out) {
  add_seq_builtins(out);
  add_string_builtins(out);
  add_math_builtins(out);
  add_map_set_builtins(out);
  add_atom_builtins(out);
  add_type_builtins(out);
  add_assert_builtins(out);
  add_mutable_array_builtins(out);
  add_primitive_builtins(out);
  add_stack_probe_builtins(out);
}

// ---------------------------------------------------------------- prelude structs

namespace {

PreludeIds define_prelude_structs(Runtime& rt) {
  StructRegistry& s = rt.structs();
  PreludeIds ids;
  ids.atom = s.define("beagle.core/Atom", "Atom", {{"value", true}}, false);
  ids.range = s.define("beagle.core/Range", "Range", {{"current", false}, {"end", false}, {"step", false}}, false);
  ids.vector_seq = s.define("beagle.core/PersistentVectorSeq", "PersistentVectorSeq", {{"vec", false}, {"index", false}}, false);
  ids.string_seq = s.define("beagle.core/StringSeq", "StringSeq", {{"str", false}, {"index", false}}, false);
  ids.array_seq = s.define("beagle.core/ArraySeq", "ArraySeq", {{"arr", false}, {"index", false}}, false);
  ids.set_seq = s.define("beagle.core/PersistentSetSeq", "PersistentSetSeq", {{"elements", false}, {"index", false}}, false);
  ids.map_seq = s.define("beagle.core/PersistentMapSeq", "PersistentMapSeq",
                         {{"map", false}, {"keys", false}, {"index", false}}, false);
  for (uint32_t id : {ids.range, ids.vector_seq, ids.string_seq, ids.array_seq, ids.set_seq, ids.map_seq}) {
    rt.protocols().add_native_type(id);  // their Seq and Length are native
  }
  ids.ok = s.define("beagle.core/Result.Ok", "Result.Ok", {{"value", false}}, true);
  ids.err = s.define("beagle.core/Result.Err", "Result.Err", {{"error", false}}, true);
  return ids;
}

// An immortal instance of `Struct { name, id }` (as the compiler makes them).
Value make_descriptor(Runtime& rt, const std::string& name, int64_t id) {
  const StructInfo* descriptor = rt.structs().find("beagle.core/Struct");
  if (descriptor == nullptr) {
    uint32_t sid = rt.structs().define("beagle.core/Struct", "Struct", {{"name", false}, {"id", false}}, false);
    descriptor = &rt.structs().get(sid);
  }
  Word* memory = rt.heap().allocate_immortal(3);
  memory[0] = gc::Header::make(uint32_t(Type::Struct), 2, descriptor->id, gc::kImmortal).bits();
  memory[1] = rt.immortal_string(name).bits();
  memory[2] = Value::from_int(id).bits();
  return Value::object(memory);
}

void bind_if_unbound(Runtime& rt, const std::string& qualified, Value v) {
  if (rt.globals().get(qualified).is_null()) rt.globals().set(qualified, v);
}

}  // namespace

const PreludeIds& prelude_ids(Runtime& rt) {
  if (rt.prelude_ids == nullptr) rt.prelude_ids = std::make_shared<const PreludeIds>(define_prelude_structs(rt));
  return *rt.prelude_ids;
}

void define_library_constants(Runtime& rt) {
  const PreludeIds& ids = prelude_ids(rt);
  GlobalTable& g = rt.globals();
  g.set("beagle.core/PI", rt.immortal_float(3.141592653589793));
  g.set("beagle.core/E", rt.immortal_float(2.718281828459045));
  g.set("beagle.core/TAU", rt.immortal_float(6.283185307179586));

  // The prelude structs' descriptors, and the enum object `Result` (its
  // variants have fields, so both of its fields are null).
  for (uint32_t id : {ids.atom, ids.range, ids.vector_seq, ids.string_seq, ids.array_seq, ids.set_seq, ids.map_seq}) {
    const StructInfo& info = rt.structs().get(id);
    if (g.get(info.qualified_name).is_null()) {
      Value descriptor = make_descriptor(rt, info.qualified_name, id);
      bind_if_unbound(rt, info.qualified_name, descriptor);
      rt.descriptors[id] = descriptor;  // type-of
    }
  }
  if (g.get("beagle.core/Result").is_null()) {
    uint32_t enum_id = rt.structs().define("beagle.core/Result", "Result", {{"Ok", false}, {"Err", false}}, false);
    Word* memory = rt.heap().allocate_immortal(3);
    memory[0] = gc::Header::make(uint32_t(Type::Struct), 2, enum_id, gc::kImmortal).bits();
    memory[1] = Value::null().bits();
    memory[2] = Value::null().bits();
    g.set("beagle.core/Result", Value::object(memory));
  }
}

bool is_range(Runtime& rt, Value v) { return is_struct_of(v, prelude_ids(rt).range); }
bool is_atom(Runtime& rt, Value v) { return is_struct_of(v, prelude_ids(rt).atom); }

Value make_struct(Thread& t, uint32_t id, std::initializer_list<Value> values) {
  HandleScope scope(*t.handles);
  std::vector<Handle> held;
  held.reserve(values.size());
  for (Value v : values) held.push_back(scope.make(v));
  Value object = new_object(t, Type::Struct, held.size(), id);
  for (size_t i = 0; i < held.size(); i++) init_field(object, i, held[i].get());
  return object;
}

// ---------------------------------------------------------------- checks

std::string expect_string(Thread& t, Value v) {
  if (!is_object_of(v, Type::String)) throw_error(t, "TypeError", "Expected string, got " + kind_name(v));
  return std::string(string_view(v));
}

bool is_number(Value v) { return v.is_int() || v.is_float(); }
double number_value(Value v) { return v.is_int() ? double(v.as_int()) : float_value(v); }

double expect_number(Thread& t, Value v) {
  if (!is_number(v)) throw_error(t, "TypeError", "Expected a number (Int or Float) but got " + kind_name(v));
  return number_value(v);
}

int64_t expect_int(Thread& t, Value v, const char* what) {
  if (!v.is_int()) throw_error(t, "TypeError", std::string(what) + " expects an Int but got " + kind_name(v));
  return v.as_int();
}

// ---------------------------------------------------------------- sequences

namespace {

// Number of values of a Range (0 when the step does not move toward end).
int64_t range_count(Value range) {
  Value cur = fields(range)[0], end = fields(range)[1], step = fields(range)[2];
  if (!cur.is_int() || !end.is_int() || !step.is_int()) return 0;
  int64_t c = cur.as_int(), e = end.as_int(), s = step.as_int();
  if (s > 0) return e > c ? (e - c + s - 1) / s : 0;
  if (s < 0) return c > e ? (c - e + (-s) - 1) / (-s) : 0;
  return 0;
}

}  // namespace

int64_t seqable_count(Runtime& rt, Value v) {
  if (is_object_of(v, Type::Vector)) return vector_count(v);
  if (is_object_of(v, Type::Array)) return int64_t(field_count(v));
  if (is_object_of(v, Type::Map)) return map_count(v);
  if (is_object_of(v, Type::Set)) return set_count(v);
  if (is_object_of(v, Type::String)) return int64_t(string_char_count(v));
  if (is_range(rt, v)) return range_count(v);
  if (is_seq_object(rt, v)) return seq_object_count(rt, v);
  return -1;
}

bool range_parts(Runtime& rt, Value v, int64_t* current, int64_t* end, int64_t* step, int64_t* count) {
  if (!is_range(rt, v)) return false;
  Value c = fields(v)[0], e = fields(v)[1], s = fields(v)[2];
  if (!c.is_int() || !e.is_int() || !s.is_int()) return false;
  *current = c.as_int();
  *end = e.as_int();
  *step = s.as_int();
  *count = range_count(v);
  return true;
}

Value range_elements_array(Thread& t, Value range) {
  int64_t n = range_count(range);
  int64_t c = fields(range)[0].is_int() ? fields(range)[0].as_int() : 0;
  int64_t s = fields(range)[2].is_int() ? fields(range)[2].as_int() : 0;
  Value array = new_array(t, size_t(n));
  for (int64_t i = 0; i < n; i++) init_field(array, size_t(i), Value::from_int(c + i * s));
  return array;
}

Value library_elements_array(Thread& t, Value v) {
  Runtime& rt = *t.runtime;
  if (is_range(rt, v)) return range_elements_array(t, v);
  if (is_seq_object(rt, v)) return seq_object_elements_array(t, v);
  return Value::null();
}

Value strings_array(Thread& t, const std::vector<std::string>& items) {
  HandleScope scope(*t.handles);
  Handle array = scope.make(new_array(t, items.size()));
  for (size_t i = 0; i < items.size(); i++) {
    Value s = new_string(t, items[i]);
    store_field(t, array.get(), i, s);
  }
  return array.get();
}

namespace {

Value vector_elements_array(Thread& t, Value vector) {
  HandleScope scope(*t.handles);
  Handle vec = scope.make(vector);
  Value array = new_array(t, size_t(vector_count(vector)));
  int64_t i = 0;
  vector_for_each(vec.get(), [&](Value x) { init_field(array, i++, x); });
  return array;
}

}  // namespace

Value seqable_elements_array(Thread& t, Value coll) {
  if (!walks_natively(t, coll)) return protocol_elements_array(t, coll);
  if (is_object_of(coll, Type::Array)) return coll;
  if (is_object_of(coll, Type::Vector)) return vector_elements_array(t, coll);
  if (is_object_of(coll, Type::Map)) {
    HandleScope scope(*t.handles);
    Handle entries = scope.make(map_entries_array(t, coll));
    size_t n = field_count(entries.get()) / 2;
    Handle out = scope.make(new_array(t, n));
    for (size_t i = 0; i < n; i++) {
      Value pair = vector_pair(t, fields(entries.get())[2 * i], fields(entries.get())[2 * i + 1]);
      store_field(t, out.get(), i, pair);
    }
    return out.get();
  }
  if (is_object_of(coll, Type::Set)) return set_members_array(t, coll);
  if (is_object_of(coll, Type::String)) return string_chars_array(t, string_view(coll));
  Value lib = library_elements_array(t, coll);
  if (!lib.is_null()) return lib;
  return protocol_elements_array(t, coll);
}

// s = seq(v); while s is not null: first(s), s = next(s) (§4.12.1). null is
// not seqable here (for and the walkers throw on it).
Value protocol_elements_array(Thread& t, Value v) {
  if (v.is_null()) throw_not_implemented(t, v);
  HandleScope scope(*t.handles);
  Handle s = scope.make(seq_value(t, v));
  Handle out = scope.make(vector_empty(t));
  while (!s.get().is_null()) {
    Value x = first_value(t, s.get());
    out.set(vector_push(t, out.get(), x));
    s.set(next_value(t, s.get()));
  }
  return vector_elements_array(t, out.get());
}

// 0 .. length(c) - 1 through get(c, i): the elements of an Indexed value.
Value indexed_elements_array(Thread& t, Value c) {
  HandleScope scope(*t.handles);
  Handle coll = scope.make(c);
  Value args[1] = {c};
  int64_t n = expect_int(t, library_length(t, args, 1), "length");
  Handle out = scope.make(new_array(t, size_t(std::max<int64_t>(n, 0))));
  for (int64_t i = 0; i < n; i++) {
    Value get_args[2] = {coll.get(), Value::from_int(i)};
    Value x = builtin_get(t, get_args, 2);
    store_field(t, out.get(), size_t(i), x);
  }
  return out.get();
}

Value vector_of_array(Thread& t, Value array) { return vector_from_array(t, array); }

Value vector_pair(Thread& t, Value a, Value b) {
  HandleScope scope(*t.handles);
  Handle first = scope.make(a);
  Handle second = scope.make(b);
  Value pair = new_array(t, 2);
  init_field(pair, 0, first.get());
  init_field(pair, 1, second.get());
  return vector_from_array(t, pair);
}

Value string_chars_array(Thread& t, std::string_view text) {
  std::string copy(text);
  std::vector<std::string> chars;
  size_t pos = 0;
  while (pos < copy.size()) {
    size_t start = pos;
    text::decode_next(copy, pos);
    chars.push_back(copy.substr(start, pos - start));
  }
  return strings_array(t, chars);
}

Value vector_of_array_slice(Thread& t, Value array, int64_t from, int64_t to) {
  int64_t n = int64_t(field_count(array));
  if (from < 0) from = 0;
  if (to > n) to = n;
  if (from == 0 && to == n) return vector_from_array(t, array);
  if (to <= from) return vector_empty(t);
  HandleScope scope(*t.handles);
  Handle source = scope.make(array);
  Value slice = new_array(t, size_t(to - from));
  for (int64_t i = from; i < to; i++) init_field(slice, size_t(i - from), fields(source.get())[i]);
  return vector_from_array(t, slice);
}

Value library_length(Thread& t, const Value* args, uint64_t argc) {
  Runtime& rt = *t.runtime;
  if (overridden(t, CoreMethod::Length, args[0])) return call_core_method(t, CoreMethod::Length, {args[0]});
  if (is_range(rt, args[0])) return Value::from_int(range_count(args[0]));
  if (is_seq_object(rt, args[0])) return Value::from_int(seq_object_count(rt, args[0]));
  return builtin_length(t, args, argc);
}

// ---------------------------------------------------------------- calls

Value call1(Thread& t, Value f, Value a) {
  Value args[1] = {a};
  return call_function(t, f, args, 1);
}

Value call2(Thread& t, Value f, Value a, Value b) {
  Value args[2] = {a, b};
  return call_function(t, f, args, 2);
}

std::string to_display_string(Thread& t, Value v) {
  if (is_object_of(v, Type::String)) return std::string(string_view(v));
  return format_string(t, v, 0);
}

Value new_string_value(Thread& t, std::string_view text) { return new_string(t, text); }

}  // namespace beagle::rt
