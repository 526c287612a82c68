// Allocating runtime objects from C++. Every function returns an object whose
// reference fields are already valid (null), so a collection at the next
// allocation finds nothing uninitialised. Arguments that are heap references
// must be held in Handles by the caller across these calls.
#pragma once

#include <string_view>

#include "lang/runtime/objects.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

// Room for `total_words` words: the thread's bump buffer, else the heap's
// slow path (which may collect). Throws gc::HeapExhausted.
Word* allocate_words(Thread& thread, size_t total_words);

// The header `h` of an object just allocated, with the flags the collector
// adds to every new object (gc::Mutator::allocation_flags: kMarked while a
// concurrent collector marks).
Header new_header(const Thread& thread, Header h);

// An object of `type` with `field_count` null fields.
Value new_object(Thread& thread, Type type, size_t field_count, uint32_t type_data = 0);
Value new_float(Thread& thread, double value);
Value new_string(Thread& thread, std::string_view utf8);
Value new_array(Thread& thread, size_t length);

// Writes a string object (header and payload) into `memory`, which has
// string_payload_words(text.size()) + 1 words.
void write_string(Word* memory, std::string_view utf8, uint8_t flags);
size_t utf8_char_count(std::string_view utf8);

}  // namespace beagle::rt
