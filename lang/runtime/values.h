// Operations on any value that several parts of the runtime share.
#pragma once

#include <cstdint>

#include "lang/runtime/objects.h"

namespace beagle::rt {

// Structural equality, `==` of LANGUAGE.md §4.6: never throws.
bool values_equal(Value a, Value b);

// The 64-bit hash of LANGUAGE.md §5.5 (SipHash-1-3 with key 0 of the bytes
// given there) for strings, keywords, Ints, Floats, booleans and null;
// equal values of other types hash equally. Maps and sets order their
// entries by this hash.
uint64_t hash_value(Value v);

}  // namespace beagle::rt
