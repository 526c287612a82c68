#include "lang/runtime/collections/node_copy.h"

#include <cassert>

#include "lang/runtime/alloc.h"

namespace beagle::rt {

Value copy_splice(Thread& thread, Type type, Handle source, size_t at, size_t removed,
                  std::initializer_list<Handle> inserted) {
  size_t old_size = field_count(source.get());
  assert(at + removed <= old_size);
  size_t new_size = old_size - removed + inserted.size();
  Value copy = new_object(thread, type, new_size);
  // No allocation from here on: raw reads of the (possibly moved) source are safe.
  const Value* from = fields(source.get());
  Value* to = fields(copy);
  size_t out = 0;
  for (size_t i = 0; i < at; i++) to[out++] = from[i];
  for (const Handle& h : inserted) to[out++] = h.get();
  for (size_t i = at + removed; i < old_size; i++) to[out++] = from[i];
  return copy;
}

Value new_node(Thread& thread, Type type, std::initializer_list<Handle> values) {
  Value node = new_object(thread, type, values.size());
  Value* to = fields(node);
  size_t out = 0;
  for (const Handle& h : values) to[out++] = h.get();
  return node;
}

}  // namespace beagle::rt
