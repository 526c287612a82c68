// Sequence functions of beagle.core (LANGUAGE.md §6.2): map, filter, reduce,
// sort, ranges, seq objects, first-of/last/rest/..., all over any seqable.
//
// Every function that runs Beagle code or allocates per element works on an
// Array snapshot held in a Handle (seqable_elements_array) and re-reads it
// after each call.
#include <algorithm>

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
#include "lang/runtime/text/utf8.h"

namespace beagle::rt {

bool less_than(Thread& t, Value a, Value b) { return rt_less(t, a, b).is_true(); }

Value compare_to_method(Thread& t) { return t.runtime->globals().get("beagle.core/compare-to"); }

Value compare_values(Thread& t, Value compare_to, Value a, Value b) {
  if (is_object_of(a, Type::Struct)) return call2(t, compare_to, a, b);
  if (less_than(t, a, b)) return Value::from_int(-1);
  if (rt_greater(t, a, b).is_true()) return Value::from_int(1);
  return Value::from_int(0);
}

int compare_sign(Value r) {
  double d = r.is_int() ? double(r.as_int()) : is_number(r) ? number_value(r) : 0;
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

namespace {

// Element i of the Array held by `h`.
inline Value at(Handle h, size_t i) { return fields(h.get())[i]; }
inline size_t size_of(Handle h) { return size_t(field_count(h.get())); }

// ---------------------------------------------------------------- higher order

Value map_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle f = scope.make(args[0]);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  size_t n = size_of(items);
  Handle out = scope.make(new_array(t, n));
  for (size_t i = 0; i < n; i++) {
    Value y = call1(t, f.get(), at(items, i));
    store_field(t, out.get(), i, y);
  }
  return vector_of_array(t, out.get());
}

Value filter_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle pred = scope.make(args[0]);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  size_t n = size_of(items);
  Handle out = scope.make(new_array(t, n));
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    Value keep = call1(t, pred.get(), at(items, i));
    if (keep.is_true()) {
      store_field(t, out.get(), kept++, at(items, i));
    }
  }
  return vector_of_array_slice(t, out.get(), 0, int64_t(kept));
}

Value reduce_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle f = scope.make(args[0]);
  Handle acc = scope.make(args[1]);
  Handle items = scope.make(seqable_elements_array(t, args[2]));
  for (size_t i = 0; i < size_of(items); i++) acc.set(call2(t, f.get(), acc.get(), at(items, i)));
  return acc.get();
}

Value any_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle pred = scope.make(args[0]);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  for (size_t i = 0; i < size_of(items); i++) {
    if (call1(t, pred.get(), at(items, i)).is_true()) return Value::boolean(true);
  }
  return Value::boolean(false);
}

Value all_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle pred = scope.make(args[0]);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  for (size_t i = 0; i < size_of(items); i++) {
    if (!call1(t, pred.get(), at(items, i)).is_true()) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Value find_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle pred = scope.make(args[0]);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  for (size_t i = 0; i < size_of(items); i++) {
    if (call1(t, pred.get(), at(items, i)).is_true()) return at(items, i);
  }
  return Value::null();
}

// ---------------------------------------------------------------- sorting

// Stable bottom-up merge sort of positions; `less(i, j)` compares the items
// at positions i and j and may allocate or run Beagle code (it re-reads the
// items from Handles), so nothing here holds a raw Value.
template <typename Less>
void merge_sort(std::vector<uint32_t>& order, Less&& less) {
  size_t n = order.size();
  std::vector<uint32_t> tmp(n);
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = less(order[j], order[i]) ? order[j++] : order[i++];
      while (i < mid) tmp[k++] = order[i++];
      while (j < hi) tmp[k++] = order[j++];
    }
    order.swap(tmp);
  }
}

// A vector of items[order[0]], items[order[1]], ...
Value vector_in_order(Thread& t, Handle items, const std::vector<uint32_t>& order) {
  HandleScope scope(*t.handles);
  Handle out = scope.make(new_array(t, order.size()));
  for (size_t i = 0; i < order.size(); i++) init_field(out.get(), i, at(items, order[i]));
  return vector_of_array(t, out.get());
}

std::vector<uint32_t> identity_order(size_t n) {
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; i++) order[i] = uint32_t(i);
  return order;
}

// The order of the keys (stable): by compare(x, y) < 0 when the first key is
// a struct instance (Comparable, §4.12.1), else by `<`.
std::vector<uint32_t> sorted_order(Thread& t, Handle keys) {
  size_t n = size_of(keys);
  std::vector<uint32_t> order = identity_order(n);
  if (n < 2) return order;
  if (is_object_of(at(keys, 0), Type::Struct)) {
    HandleScope scope(*t.handles);
    Handle cmp = scope.make(compare_to_method(t));
    merge_sort(order, [&](uint32_t i, uint32_t j) {
      return compare_sign(compare_values(t, cmp.get(), at(keys, i), at(keys, j))) < 0;
    });
  } else {
    merge_sort(order, [&](uint32_t i, uint32_t j) { return less_than(t, at(keys, i), at(keys, j)); });
  }
  return order;
}

Value sort_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[0]));
  return vector_in_order(t, items, sorted_order(t, items));
}

Value sort_by_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle f = scope.make(args[0]);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  size_t n = size_of(items);
  Handle keys = scope.make(new_array(t, n));
  for (size_t i = 0; i < n; i++) {
    Value k = call1(t, f.get(), at(items, i));
    store_field(t, keys.get(), i, k);
  }
  return vector_in_order(t, items, sorted_order(t, keys));
}

// max-of / min-of: the element that compares above / below every earlier
// one by compare (§4.12.1); empty -> null.
Value extreme_of(Thread& t, Value coll, bool want_max) {
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, coll));
  Handle cmp = scope.make(compare_to_method(t));
  size_t n = size_of(items);
  if (n == 0) return Value::null();
  size_t best = 0;
  for (size_t i = 1; i < n; i++) {
    int sign = compare_sign(compare_values(t, cmp.get(), at(items, i), at(items, best)));
    if (want_max ? sign > 0 : sign < 0) best = i;
  }
  return at(items, best);
}

Value max_of_fn(Thread& t, const Value* args, uint64_t) { return extreme_of(t, args[0], true); }
Value min_of_fn(Thread& t, const Value* args, uint64_t) { return extreme_of(t, args[0], false); }

// ---------------------------------------------------------------- building vectors

Value concat_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle a = scope.make(seqable_elements_array(t, args[0]));
  Handle b = scope.make(seqable_elements_array(t, args[1]));
  size_t na = size_of(a), nb = size_of(b);
  Handle out = scope.make(new_array(t, na + nb));
  for (size_t i = 0; i < na; i++) init_field(out.get(), i, at(a, i));
  for (size_t i = 0; i < nb; i++) init_field(out.get(), na + i, at(b, i));
  return vector_of_array(t, out.get());
}

Value reverse_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[0]));
  size_t n = size_of(items);
  Handle out = scope.make(new_array(t, n));
  for (size_t i = 0; i < n; i++) init_field(out.get(), i, at(items, n - 1 - i));
  return vector_of_array(t, out.get());
}

// The identity on vectors (§6.2); any other seqable walked.
Value vec_fn(Thread& t, const Value* args, uint64_t) {
  if (is_object_of(args[0], Type::Vector)) return args[0];
  if (is_object_of(args[0], Type::Set) && walks_natively(t, args[0])) return set_members(t, args[0]);
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[0]));
  return vector_of_array(t, items.get());
}

Value into_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle acc = scope.make(args[0]);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  for (size_t i = 0; i < size_of(items); i++) acc.set(conj_value(t, acc.get(), at(items, i)));
  return acc.get();
}

int64_t clamp_count(Value n) { return n.is_int() ? std::max<int64_t>(0, n.as_int()) : 0; }

Value take_fn(Thread& t, const Value* args, uint64_t) {
  int64_t n = clamp_count(args[0]);
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  return vector_of_array_slice(t, items.get(), 0, std::min<int64_t>(n, int64_t(size_of(items))));
}

Value drop_fn(Thread& t, const Value* args, uint64_t) {
  int64_t n = clamp_count(args[0]);
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[1]));
  int64_t total = int64_t(size_of(items));
  return vector_of_array_slice(t, items.get(), std::min(n, total), total);
}

Value distinct_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[0]));
  size_t n = size_of(items);
  Handle seen = scope.make(set_empty(t));
  Handle out = scope.make(new_array(t, n));
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (set_contains(seen.get(), at(items, i))) continue;
    seen.set(set_add(t, seen.get(), at(items, i)));
    store_field(t, out.get(), kept++, at(items, i));
  }
  return vector_of_array_slice(t, out.get(), 0, int64_t(kept));
}

Value frequencies_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[0]));
  Handle counts = scope.make(map_empty(t));
  for (size_t i = 0; i < size_of(items); i++) {
    Value old = map_get(counts.get(), at(items, i));
    int64_t c = old.is_int() ? old.as_int() : 0;
    counts.set(map_assoc(t, counts.get(), at(items, i), Value::from_int(c + 1)));
  }
  return counts.get();
}

Value zip_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle a = scope.make(seqable_elements_array(t, args[0]));
  Handle b = scope.make(seqable_elements_array(t, args[1]));
  size_t n = std::min(size_of(a), size_of(b));
  Handle out = scope.make(new_array(t, n));
  for (size_t i = 0; i < n; i++) {
    Value pair = vector_pair(t, at(a, i), at(b, i));
    store_field(t, out.get(), i, pair);
  }
  return vector_of_array(t, out.get());
}

// ---------------------------------------------------------------- positions

// Value i of a Range without materialising it; null out of range.
Value range_nth(Runtime& rt, Value range, int64_t i, bool* ok) {
  int64_t current, end, step, count;
  *ok = range_parts(rt, range, &current, &end, &step, &count);
  if (!*ok || i < 0 || i >= count) return Value::null();
  return Value::from_int(current + i * step);
}

// nth(c, i) is get(c, i) (§6.2, Indexed in §4.12.1): a set, a Range or a
// seq object, which have no get, throws like get.
Value nth_value(Thread& t, Value coll, Value index) {
  Value get_args[2] = {coll, index};
  return builtin_get(t, get_args, 2);
}

// The first / last of the elements of any seqable, walked; null when none.
Value first_element(Thread& t, Value c) {
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, c));
  return size_of(items) ? at(items, 0) : Value::null();
}

Value last_element(Thread& t, Value c) {
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, c));
  return size_of(items) ? at(items, size_of(items) - 1) : Value::null();
}

Value nth_fn(Thread& t, const Value* args, uint64_t) { return nth_value(t, args[0], args[1]); }
Value second_fn(Thread& t, const Value* args, uint64_t) { return nth_value(t, args[0], Value::from_int(1)); }
Value third_fn(Thread& t, const Value* args, uint64_t) { return nth_value(t, args[0], Value::from_int(2)); }

Value first_of_fn(Thread& t, const Value* args, uint64_t) {
  Value c = args[0];
  if (!walks_natively(t, c)) return first_element(t, c);
  if (is_object_of(c, Type::Vector)) return vector_get(c, 0);
  if (is_object_of(c, Type::Array)) return field_count(c) ? fields(c)[0] : Value::null();
  if (is_object_of(c, Type::String)) {
    if (string_byte_length(c) == 0) return Value::null();
    return new_string(t, text::char_at(string_view(c), 0));
  }
  bool ok;
  Value from_range = range_nth(*t.runtime, c, 0, &ok);
  if (ok) return from_range;
  return first_element(t, c);
}

Value last_fn(Thread& t, const Value* args, uint64_t) {
  Value c = args[0];
  if (!walks_natively(t, c)) return last_element(t, c);
  if (is_object_of(c, Type::Vector)) return vector_get(c, vector_count(c) - 1);
  if (is_object_of(c, Type::Array)) return field_count(c) ? fields(c)[field_count(c) - 1] : Value::null();
  if (is_object_of(c, Type::String)) {
    size_t n = string_char_count(c);
    if (n == 0) return Value::null();
    return new_string(t, text::char_at(string_view(c), n - 1));
  }
  int64_t current, end, step, count;
  if (range_parts(*t.runtime, c, &current, &end, &step, &count)) {
    return count > 0 ? Value::from_int(current + (count - 1) * step) : Value::null();
  }
  return last_element(t, c);
}

Value rest_fn(Thread& t, const Value* args, uint64_t) {
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[0]));
  int64_t n = int64_t(size_of(items));
  return vector_of_array_slice(t, items.get(), std::min<int64_t>(1, n), n);
}

// All but the last element; of a user type, the first length(c) - 1 of its
// elements (Length, then Seqable/Seq).
Value butlast_fn(Thread& t, const Value* args, uint64_t argc) {
  bool built_in = seqable_count(*t.runtime, args[0]) >= 0 && !overridden(t, CoreMethod::Length, args[0]);
  if (built_in && is_object_of(args[0], Type::Vector) && walks_natively(t, args[0])) {
    return vector_pop_last(t, args[0]);
  }
  int64_t length = built_in ? 0 : expect_int(t, library_length(t, args, argc), "length");
  HandleScope scope(*t.handles);
  Handle items = scope.make(seqable_elements_array(t, args[0]));
  int64_t n = built_in ? int64_t(size_of(items)) : std::min(length, int64_t(size_of(items)));
  return vector_of_array_slice(t, items.get(), 0, std::max<int64_t>(0, n - 1));
}

Value empty_fn(Thread& t, const Value* args, uint64_t argc) {
  Value n = library_length(t, args, argc);
  return Value::boolean(n.is_int() && n.as_int() == 0);
}

// ---------------------------------------------------------------- ranges

Value range_fn(Thread& t, const Value* args, uint64_t) {
  return make_struct(t, prelude_ids(*t.runtime).range, {args[0], args[1], Value::from_int(1)});
}

Value range_step_fn(Thread& t, const Value* args, uint64_t) {
  return make_struct(t, prelude_ids(*t.runtime).range, {args[0], args[1], args[2]});
}

Value seq_fn(Thread& t, const Value* args, uint64_t) { return seq_value(t, args[0]); }
Value first_fn(Thread& t, const Value* args, uint64_t) { return first_value(t, args[0]); }
Value next_fn(Thread& t, const Value* args, uint64_t) { return next_value(t, args[0]); }

}  // namespace

void add_seq_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.core/map", 2, 2, &map_fn},
      {"beagle.core/filter", 2, 2, &filter_fn},
      {"beagle.core/reduce", 3, 3, &reduce_fn},
      {"beagle.core/any?", 2, 2, &any_fn},
      {"beagle.core/all?", 2, 2, &all_fn},
      {"beagle.core/find", 2, 2, &find_fn},
      {"beagle.core/sort", 1, 1, &sort_fn},
      {"beagle.core/sort-by", 2, 2, &sort_by_fn},
      {"beagle.core/max-of", 1, 1, &max_of_fn},
      {"beagle.core/min-of", 1, 1, &min_of_fn},
      {"beagle.core/concat", 2, 2, &concat_fn},
      {"beagle.core/reverse", 1, 1, &reverse_fn},
      {"beagle.core/vec", 1, 1, &vec_fn},
      {"beagle.core/into", 2, 2, &into_fn},
      {"beagle.core/take", 2, 2, &take_fn},
      {"beagle.core/drop", 2, 2, &drop_fn},
      {"beagle.core/distinct", 1, 1, &distinct_fn},
      {"beagle.core/frequencies", 1, 1, &frequencies_fn},
      {"beagle.core/zip", 2, 2, &zip_fn},
      {"beagle.core/nth", 2, 2, &nth_fn},
      {"beagle.core/second", 1, 1, &second_fn},
      {"beagle.core/third", 1, 1, &third_fn},
      {"beagle.core/first-of", 1, 1, &first_of_fn},
      {"beagle.core/last", 1, 1, &last_fn},
      {"beagle.core/rest", 1, 1, &rest_fn},
      {"beagle.core/butlast", 1, 1, &butlast_fn},
      {"beagle.core/empty?", 1, 1, &empty_fn},
      {"beagle.core/range", 2, 2, &range_fn},
      {"beagle.core/range-step", 3, 3, &range_step_fn},
      {"beagle.core/seq", 1, 1, &seq_fn},
      {"beagle.core/first", 1, 1, &first_fn},
      {"beagle.core/next", 1, 1, &next_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
