// `==` of LANGUAGE.md §4.6: structural equality that never throws and never
// allocates. Recursion follows the depth of the data.
#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/values.h"

namespace beagle::rt {
namespace {

double number_value(Value v) { return v.is_int() ? double(v.as_int()) : float_value(v); }

// Two Ints are equal only as identical words; Int vs Float and Float vs
// Float compare as doubles (a NaN is unequal to everything but its own box,
// which the identical-word test already caught).
bool numbers_equal(Value a, Value b) {
  if (a.is_int() && b.is_int()) return false;
  return number_value(a) == number_value(b);
}

bool strings_equal(Value a, Value b) { return string_view(a) == string_view(b); }

bool keywords_equal(Value a, Value b) { return strings_equal(fields(a)[0], fields(b)[0]); }

// Same number of fields, pairwise equal: Arrays and struct instances.
bool fields_equal(Value a, Value b) {
  uint64_t n = field_count(a);
  if (n != field_count(b)) return false;
  for (uint64_t i = 0; i < n; i++) {
    if (!values_equal(fields(a)[i], fields(b)[i])) return false;
  }
  return true;
}

bool vectors_equal(Value a, Value b) {
  int64_t n = vector_count(a);
  if (n != vector_count(b)) return false;
  for (int64_t start = 0; start < n; start += kVectorWidth) {
    Value leaf_a = vector_leaf_for(a, start);
    Value leaf_b = vector_leaf_for(b, start);
    if (leaf_a.bits() == leaf_b.bits()) continue;  // shared structure
    if (!fields_equal(leaf_a, leaf_b)) return false;
  }
  return true;
}

// The same keys (by the map's same-key rule) with equal values.
bool maps_equal(Value a, Value b) {
  if (map_count(a) != map_count(b)) return false;
  return map_every(a, [b](Value key, Value value) {
    bool found;
    Value other = map_get(b, key, &found);
    return found && values_equal(value, other);
  });
}

bool sets_equal(Value a, Value b) {
  if (set_count(a) != set_count(b)) return false;
  return set_every(a, [b](Value member) { return set_contains(b, member); });
}

bool structs_equal(Value a, Value b) {
  return header(a).type_data() == header(b).type_data() && fields_equal(a, b);
}

bool objects_equal(Value a, Value b) {
  Type type = type_of_object(a);
  if (type != type_of_object(b)) return false;
  switch (type) {
    case Type::String: return strings_equal(a, b);
    case Type::Keyword: return keywords_equal(a, b);
    case Type::Vector: return vectors_equal(a, b);
    case Type::Map: return maps_equal(a, b);
    case Type::Set: return sets_equal(a, b);
    case Type::Array: return fields_equal(a, b);
    case Type::Struct: return structs_equal(a, b);
    default: return false;  // closures, functions and the rest: identity only
  }
}

}  // namespace

bool values_equal(Value a, Value b) {
  if (a.bits() == b.bits()) return true;
  bool a_number = a.is_int() || a.is_float();
  bool b_number = b.is_int() || b.is_float();
  if (a_number || b_number) return a_number && b_number && numbers_equal(a, b);
  if (a.is_object() && b.is_object()) return objects_equal(a, b);
  return false;  // null and booleans are equal only to themselves
}

}  // namespace beagle::rt
