// beagle.mutable-array (LANGUAGE.md §6.9): mutable fixed-size Arrays. A
// non-Array argument prints the operation's name and the value, then throws
// the String `Not an array` (except is-array, get and count(null)).
#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"
#include "lang/runtime/values.h"

namespace beagle::rt {
namespace {

[[noreturn]] void throw_string(Thread& t, const std::string& message) { throw BeagleThrow{new_string(t, message)}; }

void check_array(Thread& t, const char* op, Value v) {
  if (is_object_of(v, Type::Array)) return;
  t.runtime->output().out(std::string(op) + "\n" + format_string(t, v, 0) + "\n");
  throw_string(t, "Not an array");
}

bool in_range(Value array, Value index) {
  return index.is_int() && index.as_int() >= 0 && uint64_t(index.as_int()) < field_count(array);
}

Value new_array_fn(Thread& t, const Value* args, uint64_t) {
  int64_t n = expect_int(t, args[0], "new-array");
  if (n < 0) throw_string(t, "Negative size");
  return new_array(t, size_t(n));
}

Value read_field_fn(Thread& t, const Value* args, uint64_t) {
  check_array(t, "read", args[0]);
  return in_range(args[0], args[1]) ? fields(args[0])[args[1].as_int()] : Value::null();
}

Value write_field_fn(Thread& t, const Value* args, uint64_t) {
  check_array(t, "write", args[0]);
  if (!in_range(args[0], args[1])) {
    std::string index = args[1].is_int() ? std::to_string(args[1].as_int()) : raw_string(*t.runtime, args[1]);
    throw_string(t, "beagle.mutable-array/write-field: index " + index + " out of bounds for array of size " +
                        std::to_string(field_count(args[0])));
  }
  store_field(t, args[0], size_t(args[1].as_int()), args[2]);
  return Value::null();
}

Value write_field_or_ignore_fn(Thread& t, const Value* args, uint64_t) {
  check_array(t, "write", args[0]);
  if (in_range(args[0], args[1])) store_field(t, args[0], size_t(args[1].as_int()), args[2]);
  return Value::null();
}

Value count_fn(Thread& t, const Value* args, uint64_t) {
  if (args[0].is_null()) return Value::from_int(0);
  check_array(t, "count", args[0]);
  return Value::from_int(int64_t(field_count(args[0])));
}

Value is_array_fn(Thread&, const Value* args, uint64_t) { return Value::boolean(is_object_of(args[0], Type::Array)); }

Value fill_fn(Thread& t, const Value* args, uint64_t) {
  check_array(t, "fill", args[0]);
  for (uint64_t i = 0; i < field_count(args[0]); i++) store_field(t, args[0], i, args[1]);
  return args[0];
}

Value to_vec_fn(Thread& t, const Value* args, uint64_t) {
  check_array(t, "to-vec", args[0]);
  return vector_from_array(t, args[0]);
}

Value copy_array_fn(Thread& t, const Value* args, uint64_t) {
  check_array(t, "copy-array", args[0]);
  Value copy = new_array(t, field_count(args[0]));
  for (uint64_t i = 0; i < field_count(args[0]); i++) init_field(copy, i, fields(args[0])[i]);  // re-read args[0]
  return copy;
}

Value index_of_fn(Thread& t, const Value* args, uint64_t) {
  check_array(t, "index-of", args[0]);
  for (uint64_t i = 0; i < field_count(args[0]); i++) {
    if (values_equal(fields(args[0])[i], args[1])) return Value::from_int(int64_t(i));
  }
  return Value::from_int(-1);
}

Value get_fn(Thread& t, const Value* args, uint64_t argc) {
  if (is_object_of(args[0], Type::Array)) {
    if (in_range(args[0], args[1])) return fields(args[0])[args[1].as_int()];
    return argc == 3 ? args[2] : Value::null();
  }
  return builtin_get(t, args, argc);
}

}  // namespace

void add_mutable_array_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.mutable-array/new-array", 1, 1, &new_array_fn},
      {"beagle.mutable-array/read-field", 2, 2, &read_field_fn},
      {"beagle.mutable-array/write-field", 3, 3, &write_field_fn},
      {"beagle.mutable-array/write-field-or-ignore", 3, 3, &write_field_or_ignore_fn},
      {"beagle.mutable-array/count", 1, 1, &count_fn},
      {"beagle.mutable-array/is-array", 1, 1, &is_array_fn},
      {"beagle.mutable-array/fill", 2, 2, &fill_fn},
      {"beagle.mutable-array/to-vec", 1, 1, &to_vec_fn},
      {"beagle.mutable-array/copy-array", 1, 1, &copy_array_fn},
      {"beagle.mutable-array/index-of", 2, 2, &index_of_fn},
      {"beagle.mutable-array/get", 2, 3, &get_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
