#include "lang/runtime/collections/node_copy.h"

#include <cassert>

#include "lang/runtime/alloc.h"
#include "lang/runtime/store.h"

namespace beagle::rt {
namespace {

// Initialises fields next, next + 1, ... of `copy` with fields [begin, end)
// of `source`; returns the next field of `copy`.
size_t init_from_fields(Value copy, size_t next, Value source, size_t begin, size_t end) {
  for (size_t i = begin; i < end; i++) init_field(copy, next++, fields(source)[i]);
  return next;
}

// Initialises fields next, next + 1, ... of `copy` with `values`; returns the
// next field of `copy`.
size_t init_from_handles(Value copy, size_t next, std::initializer_list<Handle> values) {
  for (const Handle& h : values) init_field(copy, next++, h.get());
  return next;
}

}  // namespace

Value copy_splice(Thread& thread, Type type, Handle source, size_t at, size_t removed,
                  std::initializer_list<Handle> inserted) {
  size_t old_size = field_count(source.get());
  assert(at + removed <= old_size);
  size_t new_size = old_size - removed + inserted.size();
  Value copy = new_object(thread, type, new_size);
  // No allocation from here on: raw reads of the (possibly moved) source are
  // safe, and every store initialises the newest object.
  Value from = source.get();
  size_t next = init_from_fields(copy, 0, from, 0, at);
  next = init_from_handles(copy, next, inserted);
  init_from_fields(copy, next, from, at + removed, old_size);
  return copy;
}

Value new_node(Thread& thread, Type type, std::initializer_list<Handle> values) {
  Value node = new_object(thread, type, values.size());
  init_from_handles(node, 0, values);
  return node;
}

}  // namespace beagle::rt
