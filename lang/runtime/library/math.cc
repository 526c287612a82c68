// Number functions of beagle.core (LANGUAGE.md §6.4). Math functions accept
// an Int or a Float; anything else throws TypeError
// `Expected a number (Int or Float) but got K`. The constants PI, E, TAU are
// globals (define_library_constants).
#include <cmath>
#include <cstdlib>

#include "lang/runtime/alloc.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"

namespace beagle::rt {
namespace {

Value float_result(Thread& t, double d) { return new_float(t, d); }

// Ints wrap to 61 bits (Value::from_int), as Beagle's arithmetic does.
Value int_result(int64_t n) { return Value::from_int(n); }

Value abs_fn(Thread& t, const Value* args, uint64_t) {
  Value x = args[0];
  if (x.is_int()) return x.as_int() < 0 ? int_result(int64_t(0 - uint64_t(x.as_int()))) : x;
  if (x.is_float()) return float_result(t, std::fabs(float_value(x)));
  throw_error(t, "TypeError", "abs requires a number (int or float)");
}

Value min_fn(Thread& t, const Value* args, uint64_t) {
  double a = expect_number(t, args[0]), b = expect_number(t, args[1]);
  if (args[0].is_int() && args[1].is_int()) return args[0].as_int() <= args[1].as_int() ? args[0] : args[1];
  return float_result(t, b < a ? b : a);
}

Value max_fn(Thread& t, const Value* args, uint64_t) {
  double a = expect_number(t, args[0]), b = expect_number(t, args[1]);
  if (args[0].is_int() && args[1].is_int()) return args[0].as_int() >= args[1].as_int() ? args[0] : args[1];
  return float_result(t, b > a ? b : a);
}

Value clamp_fn(Thread& t, const Value* args, uint64_t) {
  double x = expect_number(t, args[0]), lo = expect_number(t, args[1]), hi = expect_number(t, args[2]);
  if (args[0].is_int() && args[1].is_int() && args[2].is_int()) {
    int64_t v = std::max(args[0].as_int(), args[1].as_int());
    return int_result(std::min(v, args[2].as_int()));
  }
  double v = lo > x ? lo : x;
  return float_result(t, hi < v ? hi : v);
}

int64_t gcd_of(int64_t a, int64_t b) {
  uint64_t x = a < 0 ? 0 - uint64_t(a) : uint64_t(a);
  uint64_t y = b < 0 ? 0 - uint64_t(b) : uint64_t(b);
  while (y != 0) {
    uint64_t r = x % y;
    x = y;
    y = r;
  }
  return int64_t(x);
}

int64_t int_argument(Thread& t, Value v) {
  if (v.is_int()) return v.as_int();
  if (v.is_float()) return int64_t(std::trunc(float_value(v)));
  expect_number(t, v);  // throws
  return 0;
}

Value gcd_fn(Thread& t, const Value* args, uint64_t) {
  return int_result(gcd_of(int_argument(t, args[0]), int_argument(t, args[1])));
}

Value lcm_fn(Thread& t, const Value* args, uint64_t) {
  int64_t a = int_argument(t, args[0]), b = int_argument(t, args[1]);
  if (a == 0 || b == 0) return int_result(0);
  int64_t g = gcd_of(a, b);
  uint64_t abs_a = a < 0 ? 0 - uint64_t(a) : uint64_t(a);
  uint64_t abs_b = b < 0 ? 0 - uint64_t(b) : uint64_t(b);
  return int_result(int64_t((abs_a / uint64_t(g)) * abs_b));
}

template <double (*F)(double)>
Value unary_float(Thread& t, const Value* args, uint64_t) {
  return float_result(t, F(expect_number(t, args[0])));
}

double d_sqrt(double x) { return std::sqrt(x); }
double d_exp(double x) { return std::exp(x); }
double d_log(double x) { return std::log(x); }
double d_sin(double x) { return std::sin(x); }
double d_cos(double x) { return std::cos(x); }
double d_tan(double x) { return std::tan(x); }
double d_floor(double x) { return std::floor(x); }
double d_ceil(double x) { return std::ceil(x); }
double d_round(double x) { return std::round(x); }  // half away from zero

Value pow_fn(Thread& t, const Value* args, uint64_t) {
  double base = expect_number(t, args[0]);
  double exponent = expect_number(t, args[1]);
  return float_result(t, std::pow(base, exponent));
}

Value truncate_fn(Thread& t, const Value* args, uint64_t) {
  Value x = args[0];
  if (x.is_int()) return x;
  double d = std::trunc(expect_number(t, x));
  if (std::isnan(d)) return int_result(0);
  if (d >= 9.2233720368547758e18) return int_result(Value::kMaxInt);
  if (d <= -9.2233720368547758e18) return int_result(Value::kMinInt);
  return int_result(int64_t(d));
}

Value to_float_fn(Thread& t, const Value* args, uint64_t) {
  if (args[0].is_float()) return args[0];
  return float_result(t, expect_number(t, args[0]));
}

Value even_fn(Thread&, const Value* args, uint64_t) {
  return Value::boolean(args[0].is_int() && (args[0].as_int() & 1) == 0);
}
Value odd_fn(Thread&, const Value* args, uint64_t) {
  return Value::boolean(args[0].is_int() && (args[0].as_int() & 1) != 0);
}
Value zero_fn(Thread&, const Value* args, uint64_t) {
  return Value::boolean(is_number(args[0]) && number_value(args[0]) == 0);
}
Value positive_fn(Thread&, const Value* args, uint64_t) {
  return Value::boolean(is_number(args[0]) && number_value(args[0]) > 0);
}
Value negative_fn(Thread&, const Value* args, uint64_t) {
  return Value::boolean(is_number(args[0]) && number_value(args[0]) < 0);
}

}  // namespace

void add_math_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.core/abs", 1, 1, &abs_fn},
      {"beagle.core/min", 2, 2, &min_fn},
      {"beagle.core/max", 2, 2, &max_fn},
      {"beagle.core/clamp", 3, 3, &clamp_fn},
      {"beagle.core/gcd", 2, 2, &gcd_fn},
      {"beagle.core/lcm", 2, 2, &lcm_fn},
      {"beagle.core/sqrt", 1, 1, &unary_float<d_sqrt>},
      {"beagle.core/pow", 2, 2, &pow_fn},
      {"beagle.core/exp", 1, 1, &unary_float<d_exp>},
      {"beagle.core/log", 1, 1, &unary_float<d_log>},
      {"beagle.core/sin", 1, 1, &unary_float<d_sin>},
      {"beagle.core/cos", 1, 1, &unary_float<d_cos>},
      {"beagle.core/tan", 1, 1, &unary_float<d_tan>},
      {"beagle.core/floor", 1, 1, &unary_float<d_floor>},
      {"beagle.core/ceil", 1, 1, &unary_float<d_ceil>},
      {"beagle.core/round", 1, 1, &unary_float<d_round>},
      {"beagle.core/truncate", 1, 1, &truncate_fn},
      {"beagle.core/to-float", 1, 1, &to_float_fn},
      {"beagle.core/even?", 1, 1, &even_fn},
      {"beagle.core/odd?", 1, 1, &odd_fn},
      {"beagle.core/zero?", 1, 1, &zero_fn},
      {"beagle.core/positive?", 1, 1, &positive_fn},
      {"beagle.core/negative?", 1, 1, &negative_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
