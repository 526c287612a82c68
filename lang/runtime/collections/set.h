// The persistent hash set (`#{1, 2}`, LANGUAGE.md §4.9): a Set object
// [map: Map] over a map whose keys are the members and whose values are all
// `true`. Membership, order (§5.5) and the same-key rule (Int 2 and Float
// 2.0 are different members) are the map's.
//
// Functions that take a Thread may allocate (see map.h); the others never do.
#pragma once

#include <cstdint>

#include "lang/runtime/collections/map.h"
#include "lang/runtime/objects.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

inline Value set_map(Value set) { return fields(set)[0]; }
inline int64_t set_count(Value set) { return map_count(set_map(set)); }
inline bool set_contains(Value set, Value x) { return map_contains(set_map(set), x); }

// pred(member) in §5.5 order until it returns false. pred must not allocate.
template <typename Pred>
bool set_every(Value set, Pred&& pred) {
  return map_every(set_map(set), [&pred](Value member, Value) { return pred(member); });
}

// fn(member) in §5.5 order. fn must not allocate (see set_members_array).
template <typename Fn>
void set_for_each(Value set, Fn&& fn) {
  map_for_each(set_map(set), [&fn](Value member, Value) { fn(member); });
}

Value set_empty(Thread& thread);
Value set_add(Thread& thread, Value set, Value x);     // the set itself if x is a member
Value set_remove(Thread& thread, Value set, Value x);  // the set itself if x is not

// A set of items[0, n) (items as for vector_from).
Value set_from(Thread& thread, const Value* items, size_t n);

// An Array of the members in §5.5 order (a snapshot to hold in a Handle).
Value set_members_array(Thread& thread, Value set);
// A vector of the members in §5.5 order (`vec(s)`).
Value set_members(Thread& thread, Value set);

}  // namespace beagle::rt
