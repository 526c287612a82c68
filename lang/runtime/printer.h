// Printing values (LANGUAGE.md §5): the raw printer (structs, arrays,
// closures, errors, _println) and the built-in part of the Format printer
// (println, to-string, interpolation).
#pragma once

#include <string>

#include "lang/runtime/objects.h"

namespace beagle::rt {

class Runtime;

std::string raw_string(Runtime& runtime, Value v, int depth = 0);
std::string format_string(Runtime& runtime, Value v, int depth = 0);

// "Int", "String", ... for error messages (§7.2 `Expected string, got K`).
std::string kind_name(Value v);

}  // namespace beagle::rt
