// Formatting Floats for printing (LANGUAGE.md §5.3): the shortest decimal
// digits that round-trip, written positionally, never with an exponent.
#pragma once

#include <string>

namespace beagle::rt::text {

// `NaN`, `infinity`, `-infinity`, or e.g. `1.0`, `-0.0`, `0.30000000000000004`,
// `100000000000000000000000.0` (the double nearest 1e23), `0.0000001`.
std::string format_float(double value);

}  // namespace beagle::rt::text
