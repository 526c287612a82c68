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

// The atomic forms of store_field, for an Atom's slot (LANGUAGE.md §4.13:
// atomic across threads): the same store and the same barrier, with the
// store done atomically (sequentially consistent).
namespace detail {
inline Word* field_word(Value object, size_t index) { return object.address() + 1 + index; }
}  // namespace detail

inline void store_field_atomic(Thread& thread, Value object, size_t index, Value v) {
  __atomic_store_n(detail::field_word(object, index), v.bits(), __ATOMIC_SEQ_CST);
  gc::post_write_barrier(thread.mutator, object.address());
}

// Stores `desired` iff the field holds exactly `expected`; true if it did.
inline bool compare_and_store_field(Thread& thread, Value object, size_t index, Value expected, Value desired) {
  Word want = expected.bits();
  if (!__atomic_compare_exchange_n(detail::field_word(object, index), &want, desired.bits(), false, __ATOMIC_SEQ_CST,
                                   __ATOMIC_SEQ_CST)) {
    return false;
  }
  gc::post_write_barrier(thread.mutator, object.address());
  return true;
}

}  // namespace beagle::rt
