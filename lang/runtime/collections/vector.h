// The persistent vector (`[1, 2, 3]`, LANGUAGE.md §4.9): a 32-way trie with a
// tail, as in Clojure. Layout (objects.h):
//
//   Vector     [count: Int][shift: Int][root: VectorNode or null][tail: VectorNode]
//   VectorNode one Value per child (inner nodes) or element (leaves)
//
// Every element but the last 1..32 lives in the trie, in full leaves of 32;
// the rest live in the tail. Nodes are sized exactly: a leaf has 32 elements,
// an inner node as many children as it uses, the tail as many elements as it
// holds. `shift` is the bit shift of the root's level (5 for a root whose
// children are leaves) and is 5 while the root is null.
//
// Functions that take a Thread may allocate: the caller's raw Values are
// protected inside, but the caller must re-read any other raw reference it
// holds afterwards (hold it in a Handle). Functions without a Thread never
// allocate.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lang/runtime/objects.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

inline constexpr int kVectorBits = 5;
inline constexpr int64_t kVectorWidth = 1 << kVectorBits;  // 32
inline constexpr int64_t kVectorMask = kVectorWidth - 1;

// ---------------------------------------------------------------- reading

inline int64_t vector_count(Value vec) { return fields(vec)[0].as_int(); }
inline int64_t vector_shift(Value vec) { return fields(vec)[1].as_int(); }
inline Value vector_root(Value vec) { return fields(vec)[2]; }
inline Value vector_tail(Value vec) { return fields(vec)[3]; }
inline int64_t vector_tail_offset(Value vec) {
  return vector_count(vec) - int64_t(field_count(vector_tail(vec)));
}

// The leaf (or the tail) holding element i; 0 <= i < count.
Value vector_leaf_for(Value vec, int64_t i);

// Element i, or null when i is negative or not below the count.
Value vector_get(Value vec, int64_t i);

// Calls fn(element) for every element in order. fn must not allocate (it
// receives raw Values of an object that a collection could move); code that
// allocates per element loops over indices with the vector in a Handle.
template <typename Fn>
void vector_for_each(Value vec, Fn&& fn) {
  int64_t count = vector_count(vec);
  for (int64_t start = 0; start < count; start += kVectorWidth) {
    Value leaf = vector_leaf_for(vec, start);
    const Value* elements = fields(leaf);
    for (uint64_t k = 0; k < field_count(leaf); k++) fn(elements[k]);
  }
}

// ---------------------------------------------------------------- building

Value vector_empty(Thread& thread);

// `vec` with `x` appended.
Value vector_push(Thread& thread, Value vec, Value x);

// `vec` with element i replaced by x. Requires 0 <= i < count (the caller
// throws otherwise).
Value vector_assoc(Thread& thread, Value vec, int64_t i, Value x);

// `vec` without its last element (an empty vector stays empty): butlast.
Value vector_pop_last(Thread& thread, Value vec);

// A vector of items[0, n). The items must be roots that a collection updates
// in place (JIT frame slots, a root-registered buffer): building allocates,
// and the items are re-read after every allocation.
Value vector_from(Thread& thread, const Value* items, size_t n);

// A vector of the elements of an Array (held safely inside).
Value vector_from_array(Thread& thread, Value array);

}  // namespace beagle::rt
