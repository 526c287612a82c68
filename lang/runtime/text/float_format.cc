#include "lang/runtime/text/float_format.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace beagle::rt::text {
namespace {

// A finite double as sign, significant digits and decimal exponent:
// value = (negative ? -1 : 1) * 0.d1d2d3... * 10^point, i.e. `point` is the
// number of digits before the decimal point (may be <= 0 or > digits.size()).
struct Decimal {
  bool negative = false;
  std::string digits;
  int point = 0;
};

// Splits std::to_chars' scientific form, e.g. "-1.2345e+07".
Decimal split_scientific(std::string_view text) {
  Decimal d;
  if (text.front() == '-') {
    d.negative = true;
    text.remove_prefix(1);
  }
  size_t e = text.find('e');
  for (char c : text.substr(0, e)) {
    if (c != '.') d.digits.push_back(c);
  }
  int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  d.point = exponent + 1;
  return d;
}

Decimal shortest_decimal(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  return split_scientific(std::string_view(buffer, size_t(result.ptr - buffer)));
}

// The significant digits and the exponent of `magnitude` written with
// `precision` digits after the point, correctly rounded from the exact value.
Decimal rounded_decimal(double magnitude, int precision) {
  char buffer[1100];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::scientific, precision);
  return split_scientific(std::string_view(buffer, size_t(result.ptr - buffer)));
}

// Is the exact value of `magnitude` (> 0) halfway between d.digits and
// d.digits + 1 in the last place?
bool is_tie_above(const Decimal& d, double magnitude) {
  size_t n = d.digits.size();
  Decimal next = rounded_decimal(magnitude, int(n));  // one digit more
  if (next.point != d.point || next.digits.compare(0, n, d.digits) != 0 || next.digits[n] != '5') return false;
  Decimal exact = rounded_decimal(magnitude, 800);  // a double has at most 767 significant digits
  return exact.digits.find_first_not_of('0', n + 1) == std::string::npos;
}

// Two digit strings can be equally short and equally close to the value.
// std::to_chars then takes the one with an even last digit; Rust's float
// formatting, which Beagle prints with, takes the larger one:
// 1953264938730072.25 prints as 1953264938730072.3, not ...072.2. Only an
// even last digit with the tie above it differs, and adding one to an even
// digit never carries.
void round_ties_up(Decimal& d, double value) {
  char& last = d.digits.back();
  if ((last - '0') % 2 == 0 && is_tie_above(d, std::fabs(value))) last++;
}

std::string positional(const Decimal& d) {
  std::string out = d.negative ? "-" : "";
  int count = int(d.digits.size());
  if (d.point <= 0) {
    out += "0.";
    out.append(size_t(-d.point), '0');
    out += d.digits;
  } else if (d.point >= count) {
    out += d.digits;
    out.append(size_t(d.point - count), '0');
  } else {
    out.append(d.digits, 0, size_t(d.point));
    out += '.';
    out.append(d.digits, size_t(d.point));
  }
  return out;
}

}  // namespace

std::string format_float(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "infinity" : "-infinity";
  Decimal d = shortest_decimal(value);
  round_ties_up(d, value);
  std::string out = positional(d);
  if (out.find('.') == std::string::npos) out += ".0";
  return out;
}

}  // namespace beagle::rt::text
