// The runtime's side of the one store path (collectors/api/barrier.h): C++
// code writes a reference field of a heap object only through these.
#pragma once

#include "collectors/api/barrier.h"
#include "lang/runtime/objects.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

// A store into an object that may be old: takes the collector's barrier.
inline void store_field(Thread& thread, Value object, size_t index, Value v) {
  gc::write_field(thread.mutator, object.address(), index, v);
}

// An initialising store, without a barrier: only into an object allocated
// since the last allocation or call that may allocate (barrier.h).
inline void init_field(Value object, size_t index, Value v) { gc::init_field(object.address(), index, v); }

// The atomic forms, for an Atom's slot (barrier.h).
inline void store_field_atomic(Thread& thread, Value object, size_t index, Value v) {
  gc::write_field_atomic(thread.mutator, object.address(), index, v);
}
inline bool compare_and_store_field(Thread& thread, Value object, size_t index, Value expected, Value desired) {
  return gc::compare_and_write_field(thread.mutator, object.address(), index, expected, desired);
}

}  // namespace beagle::rt
