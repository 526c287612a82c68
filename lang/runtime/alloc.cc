#include "lang/runtime/alloc.h"

#include "collectors/api/allocation.h"
#include "lang/runtime/runtime.h"

namespace beagle::rt {

// The collector's inline fast path first, as in the JIT's inline allocation
// (large objects always take the collector's path: a collector may place
// them apart, as the generational one does in the old generation).
Word* allocate_words(Thread& thread, size_t total_words) {
  gc::Heap& heap = thread.runtime->heap();
  if (Word* result = gc::inline_allocate(thread.mutator, heap.attributes(), total_words)) return result;
  return heap.allocate(thread.mutator, total_words);
}

Header new_header(const Thread& thread, Header h) { return h.with_flags(thread.mutator.allocation_flags); }

Value new_object(Thread& thread, Type type, size_t field_count, uint32_t type_data) {
  Word* object = allocate_words(thread, field_count + 1);
  object[0] = new_header(thread, Header::make(uint32_t(type), field_count, type_data)).bits();
  for (size_t i = 1; i <= field_count; i++) object[i] = Value::null().bits();
  return Value::object(object);
}

Value new_float(Thread& thread, double value) {
  Word* object = allocate_words(thread, 2);
  object[0] = new_header(thread, Header::make(uint32_t(Type::Float), 1, 0, gc::kOpaque)).bits();
  std::memcpy(object + 1, &value, sizeof value);
  return Value::float_box(object);
}

size_t utf8_char_count(std::string_view utf8) {
  size_t count = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) count++;
  }
  return count;
}

void write_string(Word* memory, std::string_view utf8, uint8_t flags) {
  size_t payload = string_payload_words(utf8.size());
  memory[0] = Header::make(uint32_t(Type::String), payload, 0, uint8_t(gc::kOpaque | flags)).bits();
  memory[1] = utf8.size();
  memory[2] = utf8_char_count(utf8);
  memory[payload] = 0;  // zero the padding of the last word
  std::memcpy(memory + 3, utf8.data(), utf8.size());
}

Value new_string(Thread& thread, std::string_view utf8) {
  Word* object = allocate_words(thread, string_payload_words(utf8.size()) + 1);
  write_string(object, utf8, thread.mutator.allocation_flags);
  return Value::object(object);
}

Value new_array(Thread& thread, size_t length) { return new_object(thread, Type::Array, length); }

}  // namespace beagle::rt
