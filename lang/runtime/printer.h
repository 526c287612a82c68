// Printing values (LANGUAGE.md §5): the raw printer (structs, arrays,
// closures, errors, _println) and the built-in part of the Format printer
// (println, to-string, interpolation).
#pragma once

#include <string>

#include "lang/runtime/objects.h"

namespace beagle::rt {

class Runtime;
struct Thread;

std::string raw_string(Runtime& runtime, Value v, int depth = 0);
// May call user `Format` implementations (Beagle code, which may collect):
// `v` must be reachable from a root the caller keeps (an argument slot, a
// handle) if the caller uses it afterwards.
std::string format_string(Thread& thread, Value v, int depth = 0);

// "Int", "String", ... for error messages (§7.2 `Expected string, got K`).
std::string kind_name(Value v);

// The type id Beagle reports for a heap object (vector 20, map 22, set 28).
uint32_t beagle_type_id(Value v);

}  // namespace beagle::rt
