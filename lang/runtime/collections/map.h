// The persistent hash map (`{:a 1}`, LANGUAGE.md §4.9): a hash array-mapped
// trie keyed by hash_value(key) (values.h). Layout (objects.h):
//
//   Map           [count: Int][root: MapNode or null]
//   MapNode       [bitmap: Int] then, per set bit in ascending order, a pair
//                 (key, value) or (null, child MapNode / CollisionNode)
//   CollisionNode [hash: Int] then pairs (key, value) in insertion order
//
// Level d of the trie is indexed by the 5-bit chunk (hash >> 5d) & 31, least
// significant first, so visiting each node's slots in bitmap order visits
// entries in the §5.5 order: by (c0, c1, ..., c12). Keys whose full 64-bit
// hashes are identical share a CollisionNode, in insertion order. A slot
// holds a child exactly when its key word is null and its value word is a
// MapNode or CollisionNode (neither is ever a Beagle-visible value).
//
// Keys are the same when they have the same kind and are values_equal
// (map_keys_equal): Int 2 and Float 2.0 are different keys.
//
// Functions that take a Thread may allocate: the caller's raw Values are
// protected inside, but the caller must re-read any other raw reference it
// holds afterwards. Functions without a Thread never allocate.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include "lang/runtime/objects.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

// ---------------------------------------------------------------- nodes

inline constexpr int kMapBits = 5;

inline uint32_t map_node_bitmap(Value node) { return uint32_t(fields(node)[0].as_int()); }
inline int map_node_slot_count(Value node) { return std::popcount(map_node_bitmap(node)); }
inline int collision_pair_count(Value node) { return int((field_count(node) - 1) / 2); }
// Pair i of a MapNode or CollisionNode (both keep their pairs after one word).
inline Value node_key(Value node, int i) { return fields(node)[1 + 2 * i]; }
inline Value node_value(Value node, int i) { return fields(node)[2 + 2 * i]; }

inline bool is_map_child(Value v) {
  return is_object_of(v, Type::MapNode) || is_object_of(v, Type::CollisionNode);
}
inline bool is_child_slot(Value key, Value value) { return key.is_null() && is_map_child(value); }

// Calls pred(key, value) for each entry under `node` in §5.5 order until it
// returns false; returns whether every call returned true.
template <typename Pred>
bool map_node_every(Value node, Pred& pred) {
  int pairs = is_object_of(node, Type::CollisionNode) ? collision_pair_count(node) : map_node_slot_count(node);
  for (int i = 0; i < pairs; i++) {
    Value key = node_key(node, i);
    Value value = node_value(node, i);
    bool more = is_child_slot(key, value) ? map_node_every(value, pred) : pred(key, value);
    if (!more) return false;
  }
  return true;
}

// ---------------------------------------------------------------- reading

inline int64_t map_count(Value map) { return fields(map)[0].as_int(); }
inline Value map_root(Value map) { return fields(map)[1]; }

// The same key of a map or set: same kind (Int / Float / other) and
// values_equal.
bool map_keys_equal(Value a, Value b);

// The value stored under `key`, or null when absent; *found (if given) tells
// a stored null from an absent key.
Value map_get(Value map, Value key, bool* found = nullptr);
bool map_contains(Value map, Value key);

// pred(key, value) for each entry in §5.5 order until it returns false.
// pred must not allocate (see map_entries_array).
template <typename Pred>
bool map_every(Value map, Pred&& pred) {
  Value root = map_root(map);
  return root.is_null() || map_node_every(root, pred);
}

// fn(key, value) for each entry in §5.5 order. fn must not allocate.
template <typename Fn>
void map_for_each(Value map, Fn&& fn) {
  map_every(map, [&fn](Value key, Value value) {
    fn(key, value);
    return true;
  });
}

// ---------------------------------------------------------------- building

Value map_empty(Thread& thread);

// `map` with key -> value (replacing the value of an existing same key).
Value map_assoc(Thread& thread, Value map, Value key, Value value);

// `map` without `key` (the map itself when the key is absent). The other
// entries keep their relative order.
Value map_dissoc(Thread& thread, Value map, Value key);

// A map of the pairs (items[2i], items[2i + 1]), i < pair_count, assoc'ed
// left to right (a later same key replaces the value). The items must be
// roots that a collection updates in place (see vector_from).
Value map_from_pairs(Thread& thread, const Value* items, size_t pair_count);

// An Array [k0, v0, k1, v1, ...] of the entries in §5.5 order: a snapshot
// that code which allocates per entry can hold in a Handle and index.
Value map_entries_array(Thread& thread, Value map);

// Vectors of the keys / the values in §5.5 order (`keys`, `vals`).
Value map_keys(Thread& thread, Value map);
Value map_vals(Thread& thread, Value map);

}  // namespace beagle::rt
