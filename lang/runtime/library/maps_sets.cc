// Map, set and association functions of beagle.core (LANGUAGE.md §6.2):
// conj, assoc, dissoc, keys, vals, contains?, merge, update, get-in,
// assoc-in, set-contains?, set-add, set-remove.
#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/protocols.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"

namespace beagle::rt {

Value conj_value(Thread& t, Value coll, Value x) {
  if (overridden(t, CoreMethod::Conj, coll)) return call_core_method(t, CoreMethod::Conj, {coll, x});
  if (is_object_of(coll, Type::Vector)) return vector_push(t, coll, x);
  if (is_object_of(coll, Type::Set)) return set_add(t, coll, x);
  if (is_object_of(coll, Type::Map)) {
    if (is_object_of(x, Type::Vector) && vector_count(x) >= 2) {
      return map_assoc(t, coll, vector_get(x, 0), vector_get(x, 1));
    }
    if (is_object_of(x, Type::Array) && field_count(x) >= 2) return map_assoc(t, coll, fields(x)[0], fields(x)[1]);
    if (is_object_of(x, Type::Map)) {  // conj of a map merges it
      HandleScope scope(*t.handles);
      Handle acc = scope.make(coll);
      Handle entries = scope.make(map_entries_array(t, x));
      for (size_t i = 0; i + 1 < field_count(entries.get()); i += 2) {
        acc.set(map_assoc(t, acc.get(), fields(entries.get())[i], fields(entries.get())[i + 1]));
      }
      return acc.get();
    }
    throw_error(t, "TypeError", "conj on a map expects a [key, value] vector, got " + raw_string(*t.runtime, x));
  }
  return call_core_method(t, CoreMethod::Conj, {coll, x});
}

namespace {

Value assoc_value(Thread& t, Value coll, Value key, Value value) {
  if (overridden(t, CoreMethod::Assoc, coll)) return call_core_method(t, CoreMethod::Assoc, {coll, key, value});
  if (is_object_of(coll, Type::Map)) return map_assoc(t, coll, key, value);
  if (is_object_of(coll, Type::Vector)) {
    int64_t count = vector_count(coll);
    if (!key.is_int() || key.as_int() < 0 || key.as_int() >= count) {
      std::string shown = key.is_int() ? std::to_string(key.as_int()) : raw_string(*t.runtime, key);
      throw_error(t, "AllocationError", "Failed to update vector at index " + shown +
                                            ": Index out of bounds: " + shown + " >= " + std::to_string(count));
    }
    return vector_assoc(t, coll, key.as_int(), value);
  }
  return call_core_method(t, CoreMethod::Assoc, {coll, key, value});
}

// keys(c): a map's keys, [] for null, else through the prelude's Keys.
Value keys_value(Thread& t, Value coll) {
  if (is_object_of(coll, Type::Map) && !overridden(t, CoreMethod::Keys, coll)) return map_keys(t, coll);
  return call_core_method(t, CoreMethod::Keys, {coll});
}

// A map whose keys and get no program replaced (Keys, Indexed): its entries
// can be read directly.
bool plain_map(Thread& t, Value m) {
  return is_object_of(m, Type::Map) && !overridden(t, CoreMethod::Keys, m) && !overridden(t, CoreMethod::Get, m);
}

// The keys of `coll` and their values get(coll, k), as two Arrays: a plain
// map's entries directly, any other type through Keys and Indexed.
void keys_and_values(Thread& t, Handle coll, Handle& keys, Handle& values) {
  if (plain_map(t, coll.get())) {
    keys.set(map_entries_array(t, coll.get()));  // k0, v0, k1, v1, ...
    size_t n = field_count(keys.get()) / 2;
    values.set(new_array(t, n));
    for (size_t i = 0; i < n; i++) init_field(values.get(), i, fields(keys.get())[2 * i + 1]);
    Value only_keys = new_array(t, n);
    for (size_t i = 0; i < n; i++) init_field(only_keys, i, fields(keys.get())[2 * i]);
    keys.set(only_keys);
    return;
  }
  keys.set(seqable_elements_array(t, keys_value(t, coll.get())));
  size_t n = field_count(keys.get());
  values.set(new_array(t, n));
  for (size_t i = 0; i < n; i++) {
    Value get_args[2] = {coll.get(), fields(keys.get())[i]};
    Value v = builtin_get(t, get_args, 2);
    store_field(t, values.get(), i, v);
  }
}

// get(c, k) (Indexed: null has none, so get(null, k) throws).
Value get_value(Thread& t, Value coll, Value key) {
  Value args[2] = {coll, key};
  return builtin_get(t, args, 2);
}

Value conj_fn(Thread& t, const Value* args, uint64_t) { return conj_value(t, args[0], args[1]); }
Value assoc_fn(Thread& t, const Value* args, uint64_t) { return assoc_value(t, args[0], args[1], args[2]); }

Value dissoc_fn(Thread& t, const Value* args, uint64_t) {
  if (args[0].is_null()) return Value::null();
  if (!is_object_of(args[0], Type::Map)) throw_error(t, "TypeError", "dissoc expects a map, got " + kind_name(args[0]));
  return map_dissoc(t, args[0], args[1]);
}

Value keys_fn(Thread& t, const Value* args, uint64_t) { return keys_value(t, args[0]); }

Value vals_fn(Thread& t, const Value* args, uint64_t) {
  if (plain_map(t, args[0])) return map_vals(t, args[0]);
  HandleScope scope(*t.handles);
  Handle coll = scope.make(args[0]);
  Handle keys = scope.make(Value::null());
  Handle values = scope.make(Value::null());
  keys_and_values(t, coll, keys, values);
  return vector_of_array(t, values.get());
}

Value contains_fn(Thread& t, const Value* args, uint64_t) {
  Value c = args[0], x = args[1];
  if (overridden(t, CoreMethod::Contains, c)) return call_core_method(t, CoreMethod::Contains, {c, x});
  if (is_object_of(c, Type::Map)) return Value::boolean(map_contains(c, x));
  if (is_object_of(c, Type::Set)) return Value::boolean(set_contains(c, x));
  if (is_object_of(c, Type::Vector)) {
    return Value::boolean(x.is_int() && x.as_int() >= 0 && x.as_int() < vector_count(c));
  }
  if (is_object_of(c, Type::String)) {
    return Value::boolean(is_object_of(x, Type::String) && string_view(c).find(string_view(x)) != std::string_view::npos);
  }
  return call_core_method(t, CoreMethod::Contains, {c, x});
}

// m1 with every entry of m2 assoc'ed; m2's entries through Keys and Indexed
// and the assoc through Associable when they are not maps (§4.12.1).
Value merge_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle acc = scope.make(args[0]);
  Handle source = scope.make(args[1]);
  Handle keys = scope.make(Value::null());
  Handle values = scope.make(Value::null());
  keys_and_values(t, source, keys, values);
  for (size_t i = 0; i < field_count(keys.get()); i++) {
    acc.set(assoc_value(t, acc.get(), fields(keys.get())[i], fields(values.get())[i]));
  }
  return acc.get();
}

Value update_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Value old = get_value(t, args[0], args[1]);
  Value updated = call1(t, args[2], old);
  return assoc_value(t, args[0], args[1], updated);  // args re-read after the call
}

Value get_in_fn(Thread& t, const Value* args, uint64_t argc) {
  HandleScope scope(*t.handles);
  Handle path = scope.make(seqable_elements_array(t, args[1]));
  Handle current = scope.make(args[0]);
  for (size_t i = 0; i < field_count(path.get()); i++) {
    Value c = current.get();
    Value key = fields(path.get())[i];
    if (argc == 3 && is_object_of(c, Type::Map) && !overridden(t, CoreMethod::Get, c)) {
      bool found = false;
      Value v = map_get(c, key, &found);
      if (!found) return args[2];
      current.set(v);
      continue;
    }
    current.set(c.is_null() ? c : get_value(t, c, key));  // a null stops the walk
    if (current.get().is_null()) return argc == 3 ? args[2] : Value::null();
  }
  return current.get();
}

// assoc-in(m, path, v): path[from..] (not empty) under m; a missing (null)
// level is a new map.
Value assoc_in(Thread& t, Handle m, Handle path, size_t from, Handle value) {
  size_t n = field_count(path.get());
  HandleScope scope(*t.handles);
  Handle key = scope.make(fields(path.get())[from]);
  Value inner = from + 1 == n ? value.get() : Value::null();
  if (from + 1 < n) {
    Handle child = scope.make(get_value(t, m.get(), key.get()));
    if (child.get().is_null()) child.set(map_empty(t));
    inner = assoc_in(t, child, path, from + 1, value);
  }
  return assoc_value(t, m.get(), key.get(), inner);
}

Value assoc_in_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle m = scope.make(args[0]);
  Handle path = scope.make(seqable_elements_array(t, args[1]));
  Handle value = scope.make(args[2]);
  if (field_count(path.get()) == 0) return m.get();
  return assoc_in(t, m, path, 0, value);
}

Value set_contains_fn(Thread& t, const Value* args, uint64_t) {
  if (args[0].is_null()) return Value::boolean(false);
  if (!is_object_of(args[0], Type::Set)) throw_error(t, "TypeError", "set-contains? expects a set, got " + kind_name(args[0]));
  return Value::boolean(set_contains(args[0], args[1]));
}

Value set_add_fn(Thread& t, const Value* args, uint64_t) {
  if (args[0].is_null()) {
    Value empty = set_empty(t);
    return set_add(t, empty, args[1]);
  }
  if (!is_object_of(args[0], Type::Set)) throw_error(t, "TypeError", "set-add expects a set, got " + kind_name(args[0]));
  return set_add(t, args[0], args[1]);
}

Value set_remove_fn(Thread& t, const Value* args, uint64_t) {
  if (args[0].is_null()) return Value::null();
  if (!is_object_of(args[0], Type::Set)) throw_error(t, "TypeError", "set-remove expects a set, got " + kind_name(args[0]));
  return set_remove(t, args[0], args[1]);
}

}  // namespace

void add_map_set_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.core/conj", 2, 2, &conj_fn},
      {"beagle.core/assoc", 3, 3, &assoc_fn},
      {"beagle.core/dissoc", 2, 2, &dissoc_fn},
      {"beagle.core/keys", 1, 1, &keys_fn},
      {"beagle.core/vals", 1, 1, &vals_fn},
      {"beagle.core/contains?", 2, 2, &contains_fn},
      {"beagle.core/merge", 2, 2, &merge_fn},
      {"beagle.core/update", 3, 3, &update_fn},
      {"beagle.core/get-in", 2, 3, &get_in_fn},
      {"beagle.core/assoc-in", 3, 3, &assoc_in_fn},
      {"beagle.core/set-contains?", 2, 2, &set_contains_fn},
      {"beagle.core/set-add", 2, 2, &set_add_fn},
      {"beagle.core/set-remove", 2, 2, &set_remove_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
