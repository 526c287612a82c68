// The prelude's Seqable and Seq (LANGUAGE.md §4.12.1): seq(c) of a built-in
// collection is a prelude struct that is its own seq, its `length` the
// elements left:
//
//   PersistentVectorSeq { vec, index }      vec[index], vec[index + 1], ...
//   StringSeq { str, index }                the characters of str from index
//   ArraySeq { arr, index }                 arr[index], ... (the Array itself)
//   PersistentSetSeq { elements, index }    elements: a vector of the set's
//                                           members in §5.5 order
//   PersistentMapSeq { map, keys, index }   keys: a vector of the map's keys;
//                                           each element is [key, value]
//
// A seq is never empty (an empty one is null). A non-empty Range is its own
// seq. Any other type goes to the implementations an `extend` registered.
#include <algorithm>

#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/protocols.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"
#include "lang/runtime/text/utf8.h"

namespace beagle::rt {
namespace {

enum class SeqKind { None, Vector, String, Array, Set, Map };

// The field that holds the index: the last one.
size_t index_field(SeqKind kind) { return kind == SeqKind::Map ? 2 : 1; }

// Are the fields of a seq struct what the native first/next read? (A
// program can build one with a struct literal.)
bool well_formed(SeqKind kind, Value s) {
  const Value* f = fields(s);
  if (!f[index_field(kind)].is_int() || f[index_field(kind)].as_int() < 0) return false;
  switch (kind) {
    case SeqKind::Vector:
    case SeqKind::Set: return is_object_of(f[0], Type::Vector);
    case SeqKind::String: return is_object_of(f[0], Type::String);
    case SeqKind::Array: return is_object_of(f[0], Type::Array);
    case SeqKind::Map: return is_object_of(f[0], Type::Map) && is_object_of(f[1], Type::Vector);
    case SeqKind::None: return false;
  }
  return false;
}

SeqKind seq_kind(Runtime& rt, Value v) {
  if (!is_object_of(v, Type::Struct)) return SeqKind::None;
  const PreludeIds& ids = prelude_ids(rt);
  uint32_t id = header(v).type_data();
  SeqKind kind = id == ids.vector_seq ? SeqKind::Vector
                 : id == ids.string_seq ? SeqKind::String
                 : id == ids.array_seq  ? SeqKind::Array
                 : id == ids.set_seq    ? SeqKind::Set
                 : id == ids.map_seq    ? SeqKind::Map
                                        : SeqKind::None;
  return kind != SeqKind::None && well_formed(kind, v) ? kind : SeqKind::None;
}

int64_t index_of(SeqKind kind, Value s) { return fields(s)[index_field(kind)].as_int(); }

// Number of elements of the collection a seq walks (from index 0).
int64_t source_count(SeqKind kind, Value s) {
  Value source = fields(s)[0];
  switch (kind) {
    case SeqKind::Vector:
    case SeqKind::Set: return vector_count(source);
    case SeqKind::String: return int64_t(string_char_count(source));
    case SeqKind::Array: return int64_t(field_count(source));
    case SeqKind::Map: return vector_count(fields(s)[1]);
    case SeqKind::None: return 0;
  }
  return 0;
}

int64_t elements_left(SeqKind kind, Value s) { return std::max<int64_t>(0, source_count(kind, s) - index_of(kind, s)); }

// Element i (< source_count) of the collection a seq walks.
Value element_at(Thread& t, SeqKind kind, Value s, int64_t i) {
  Value source = fields(s)[0];
  switch (kind) {
    case SeqKind::Vector:
    case SeqKind::Set: return vector_get(source, i);
    case SeqKind::String: return new_string(t, text::char_at(string_view(source), size_t(i)));
    case SeqKind::Array: return fields(source)[i];
    case SeqKind::Map: {
      Value key = vector_get(fields(s)[1], i);
      return vector_pair(t, key, map_get(source, key));
    }
    case SeqKind::None: break;
  }
  return Value::null();
}

// The same seq at `index`.
Value seq_at(Thread& t, SeqKind kind, Value s, int64_t index) {
  HandleScope scope(*t.handles);
  Handle held = scope.make(s);
  size_t n = field_count(s);
  Value out = new_object(t, Type::Struct, n, header(s).type_data());
  for (size_t i = 0; i < n; i++) init_field(out, i, fields(held.get())[i]);
  init_field(out, index_field(kind), Value::from_int(index));
  return out;
}

// The seq object over a non-empty built-in collection.
Value new_seq_object(Thread& t, Value c) {
  const PreludeIds& ids = prelude_ids(*t.runtime);
  Value start = Value::from_int(0);
  if (is_object_of(c, Type::Vector)) return make_struct(t, ids.vector_seq, {c, start});
  if (is_object_of(c, Type::String)) return make_struct(t, ids.string_seq, {c, start});
  if (is_object_of(c, Type::Array)) return make_struct(t, ids.array_seq, {c, start});
  if (is_object_of(c, Type::Set)) return make_struct(t, ids.set_seq, {set_members(t, c), start});
  HandleScope scope(*t.handles);
  Handle map = scope.make(c);
  Value keys = map_keys(t, c);
  return make_struct(t, ids.map_seq, {map.get(), keys, start});
}

// The type of the seq object that seq(v) makes natively: v's own type for
// a Range, a seq object or anything else.
int64_t native_seq_type(Runtime& rt, Value v) {
  const PreludeIds& ids = prelude_ids(rt);
  if (is_object_of(v, Type::Vector)) return ids.vector_seq;
  if (is_object_of(v, Type::String)) return ids.string_seq;
  if (is_object_of(v, Type::Array)) return ids.array_seq;
  if (is_object_of(v, Type::Set)) return ids.set_seq;
  if (is_object_of(v, Type::Map)) return ids.map_seq;
  return type_key(rt, v);
}

}  // namespace

bool walks_natively(Thread& t, Value v) {
  if (!t.runtime->protocols().has_native_overrides()) return true;
  int64_t seq_type = native_seq_type(*t.runtime, v);
  return !overridden(t, CoreMethod::Seq, v) && !overridden_type(t, CoreMethod::First, seq_type) &&
         !overridden_type(t, CoreMethod::Next, seq_type);
}

bool is_seq_object(Runtime& rt, Value v) { return seq_kind(rt, v) != SeqKind::None; }

int64_t seq_object_count(Runtime& rt, Value s) { return elements_left(seq_kind(rt, s), s); }

Value seq_object_elements_array(Thread& t, Value s) {
  SeqKind kind = seq_kind(*t.runtime, s);
  int64_t start = index_of(kind, s);
  int64_t n = elements_left(kind, s);
  if (kind == SeqKind::String) {
    std::string_view text = string_view(fields(s)[0]);
    return string_chars_array(t, text.substr(text::byte_offset(text, size_t(start))));
  }
  HandleScope scope(*t.handles);
  Handle seq = scope.make(s);
  Handle out = scope.make(new_array(t, size_t(n)));
  for (int64_t i = 0; i < n; i++) {
    Value x = element_at(t, kind, seq.get(), start + i);
    store_field(t, out.get(), size_t(i), x);
  }
  return out.get();
}

Value seq_value(Thread& t, Value c) {
  Runtime& rt = *t.runtime;
  if (overridden(t, CoreMethod::Seq, c)) return call_core_method(t, CoreMethod::Seq, {c});
  if (is_seq_object(rt, c)) return c;
  int64_t count = seqable_count(rt, c);
  if (count < 0) return call_core_method(t, CoreMethod::Seq, {c});
  if (count == 0) return Value::null();
  if (is_range(rt, c)) return c;
  return new_seq_object(t, c);
}

Value first_value(Thread& t, Value s) {
  Runtime& rt = *t.runtime;
  if (overridden(t, CoreMethod::First, s)) return call_core_method(t, CoreMethod::First, {s});
  SeqKind kind = seq_kind(rt, s);
  if (kind != SeqKind::None) {
    return elements_left(kind, s) > 0 ? element_at(t, kind, s, index_of(kind, s)) : Value::null();
  }
  int64_t current, end, step, count;
  if (range_parts(rt, s, &current, &end, &step, &count)) return count > 0 ? Value::from_int(current) : Value::null();
  return call_core_method(t, CoreMethod::First, {s});
}

Value next_value(Thread& t, Value s) {
  Runtime& rt = *t.runtime;
  if (overridden(t, CoreMethod::Next, s)) return call_core_method(t, CoreMethod::Next, {s});
  SeqKind kind = seq_kind(rt, s);
  if (kind != SeqKind::None) {
    if (elements_left(kind, s) <= 1) return Value::null();
    return seq_at(t, kind, s, index_of(kind, s) + 1);
  }
  int64_t current, end, step, count;
  if (range_parts(rt, s, &current, &end, &step, &count)) {
    if (count <= 1) return Value::null();
    return make_struct(t, prelude_ids(rt).range, {Value::from_int(current + step), fields(s)[1], fields(s)[2]});
  }
  return call_core_method(t, CoreMethod::Next, {s});
}

}  // namespace beagle::rt
