// The slow paths of arithmetic, comparison and bitwise operators
// (LANGUAGE.md §4.6, messages §7.2). The inline fast paths handle two Ints.
#include <cmath>

#include "lang/runtime/alloc.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/values.h"

namespace beagle::rt {
namespace {

bool is_number(Value v) { return v.is_int() || v.is_float(); }
double as_double(Value v) { return v.is_int() ? double(v.as_int()) : float_value(v); }

// "an int", "a float", ... as in `Arithmetic requires numeric operands`.
std::string arithmetic_kind(Value v) {
  if (v.is_int()) return "an int";
  if (v.is_float()) return "a float";
  if (v.is_bool()) return "a bool";
  if (is_object_of(v, Type::String)) return "a string";
  if (is_object_of(v, Type::Closure)) return "a closure";
  if (is_object_of(v, Type::Function) && !(function_layout(v)->flags & kFunctionTopLevel)) return "a function";
  return "a heap object (struct/enum/collection)";
}

[[noreturn]] void arithmetic_type_error(Thread& t, Value a, Value b) {
  const char* tail =
      " A null operand usually means a field read returned null \u2014 e.g. a field that does not exist on a "
      "stale struct instance after a live struct redefinition. Inspect the actual live value.";
  if (a.is_null() || b.is_null()) {
    const char* which = a.is_null() && b.is_null() ? "both operands are null"
                        : a.is_null()              ? "the left operand is null"
                                                   : "the right operand is null";
    throw_arithmetic_error(t, "TypeError", std::string("Arithmetic on null: ") + which + "." + tail);
  }
  throw_arithmetic_error(t, "TypeError", "Arithmetic requires numeric operands (int or float), but got " +
                                             arithmetic_kind(a) + " and " + arithmetic_kind(b) + ".");
}

Value wrap(int64_t n) { return Value::from_int(n); }

template <typename IntOp, typename FloatOp>
Value arithmetic(Thread& t, Value a, Value b, IntOp int_op, FloatOp float_op) {
  if (!is_number(a) || !is_number(b)) arithmetic_type_error(t, a, b);
  if (a.is_int() && b.is_int()) return int_op(a.as_int(), b.as_int());
  return new_float(t, float_op(as_double(a), as_double(b)));
}

}  // namespace

Value rt_add(Thread& t, Value a, Value b) {
  return arithmetic(t, a, b, [](int64_t x, int64_t y) { return wrap(int64_t(uint64_t(x) + uint64_t(y))); },
                    [](double x, double y) { return x + y; });
}

Value rt_sub(Thread& t, Value a, Value b) {
  return arithmetic(t, a, b, [](int64_t x, int64_t y) { return wrap(int64_t(uint64_t(x) - uint64_t(y))); },
                    [](double x, double y) { return x - y; });
}

Value rt_mul(Thread& t, Value a, Value b) {
  return arithmetic(t, a, b, [](int64_t x, int64_t y) { return wrap(int64_t(uint64_t(x) * uint64_t(y))); },
                    [](double x, double y) { return x * y; });
}

Value rt_div(Thread& t, Value a, Value b) {
  if (a.is_int() && b.is_int() && b.as_int() == 0) throw_error(t, "RuntimeError", "Division by zero");
  return arithmetic(
      t, a, b,
      [](int64_t x, int64_t y) { return y == -1 ? wrap(int64_t(0 - uint64_t(x))) : wrap(x / y); },
      [](double x, double y) { return x / y; });
}

Value rt_mod(Thread& t, Value a, Value b) {
  if (a.is_int() && b.is_int() && b.as_int() == 0) throw_error(t, "RuntimeError", "Division by zero");
  return arithmetic(
      t, a, b, [](int64_t x, int64_t y) { return y == -1 ? wrap(0) : wrap(x % y); },
      [](double x, double y) { return y == 0 ? std::nan("") : x - std::trunc(x / y) * y; });
}

namespace {

// <, <=, >, >= on numbers, strings (bytes) and keywords (names). Other
// combinations are unspecified; they compare the tagged words.
template <typename Cmp>
Value compare(Value a, Value b, Cmp cmp) {
  if (is_number(a) && is_number(b)) {
    if (a.is_int() && b.is_int()) return Value::boolean(cmp(a.as_int(), b.as_int()));
    return Value::boolean(cmp(as_double(a), as_double(b)));
  }
  if (is_object_of(a, Type::String) && is_object_of(b, Type::String)) {
    return Value::boolean(cmp(string_view(a).compare(string_view(b)), 0));
  }
  if (is_object_of(a, Type::Keyword) && is_object_of(b, Type::Keyword)) {
    return Value::boolean(cmp(string_view(fields(a)[0]).compare(string_view(fields(b)[0])), 0));
  }
  return Value::boolean(cmp(a.bits(), b.bits()));
}

}  // namespace

Value rt_less(Thread&, Value a, Value b) { return compare(a, b, [](auto x, auto y) { return x < y; }); }
Value rt_less_equal(Thread&, Value a, Value b) { return compare(a, b, [](auto x, auto y) { return x <= y; }); }
Value rt_greater(Thread&, Value a, Value b) { return compare(a, b, [](auto x, auto y) { return x > y; }); }
Value rt_greater_equal(Thread&, Value a, Value b) { return compare(a, b, [](auto x, auto y) { return x >= y; }); }

Value rt_equal(Thread&, Value a, Value b) { return Value::boolean(values_equal(a, b)); }

Value rt_bitwise(Thread& t, Value op, Value a, Value b) {
  int64_t kind = op.as_int();
  if (!a.is_int() || !b.is_int()) {
    if (kind < 3) return Value::from_int(0);  // unspecified for non-Ints; no error (§4.6)
    throw_arithmetic_error(t, "TypeError",
                           "Type mismatch in a numeric/bitwise operation: an operand is not the required number "
                           "type, or is null. A null operand usually means a field read returned null \u2014 e.g. "
                           "a field that does not exist on a stale struct instance after a live struct "
                           "redefinition. Inspect the actual live value.");
  }
  int64_t x = a.as_int(), y = b.as_int();
  switch (kind) {
    case 0: return Value::from_int(x & y);
    case 1: return Value::from_int(x | y);
    case 2: return Value::from_int(x ^ y);
    case 3: return Value::from_int(int64_t(uint64_t(x) << (y & 63)));
    case 4: return Value::from_int(x >> (y & 63));
    default: return Value::from_int(int64_t((uint64_t(x) & 0xFFFFFFFFull) >> (y & 63)));
  }
}

}  // namespace beagle::rt
