#include "lang/runtime/collections/map.h"

#include <cassert>

#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/node_copy.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/store.h"
#include "lang/runtime/values.h"

namespace beagle::rt {
namespace {

// The deepest level starts at bit 60 (c12 = h >> 60); full hashes that differ
// always differ in a chunk at or below it.
inline constexpr int kMaxShift = 60;

uint32_t chunk_bit(uint64_t hash, int shift) { return uint32_t{1} << ((hash >> shift) & 31); }
// The index of the pair for `bit` among the node's pairs.
int slot_of(Value node, uint32_t bit) { return std::popcount(map_node_bitmap(node) & (bit - 1)); }
size_t key_field(int slot) { return size_t(1 + 2 * slot); }
size_t value_field(int slot) { return size_t(2 + 2 * slot); }

// Only into a node just made (nothing allocated since): an initialising store.
void init_bitmap(Value node, uint32_t bitmap) { init_field(node, 0, Value::from_int(bitmap)); }

// The full hash of a collision node's keys. The node's [hash: Int] word is
// only 61 bits wide, so the exact hash is recomputed from its first key.
uint64_t collision_hash(Value node) { return hash_value(node_key(node, 0)); }

// The index of `key` among a collision node's pairs, or -1.
int collision_find(Value node, Value key) {
  for (int i = 0; i < collision_pair_count(node); i++) {
    if (map_keys_equal(node_key(node, i), key)) return i;
  }
  return -1;
}

Value make_map(Thread& thread, int64_t count, Handle root) {
  Value map = new_object(thread, Type::Map, 2);
  init_field(map, 0, Value::from_int(count));
  init_field(map, 1, root.get());
  return map;
}

// ---------------------------------------------------------------- lookup

Value node_get(Value node, uint64_t hash, Value key, bool* found) {
  for (int shift = 0;; shift += kMapBits) {
    if (is_object_of(node, Type::CollisionNode)) {
      int i = hash == collision_hash(node) ? collision_find(node, key) : -1;
      *found = i >= 0;
      return *found ? node_value(node, i) : Value::null();
    }
    uint32_t bit = chunk_bit(hash, shift);
    if ((map_node_bitmap(node) & bit) == 0) break;
    int slot = slot_of(node, bit);
    Value k = node_key(node, slot);
    Value v = node_value(node, slot);
    if (is_child_slot(k, v)) {
      node = v;
      continue;
    }
    *found = map_keys_equal(k, key);
    return *found ? v : Value::null();
  }
  *found = false;
  return Value::null();
}

// ---------------------------------------------------------------- assoc

// A subtree at `shift` holding exactly the two entries (different keys).
Value merge_pairs(Thread& thread, int shift, Handle key1, Handle value1, uint64_t hash1, Handle key2,
                  Handle value2, uint64_t hash2) {
  if (hash1 == hash2) {
    HandleScope scope(*thread.handles);
    Handle hash = scope.make(Value::from_int(int64_t(hash1)));
    return new_node(thread, Type::CollisionNode, {hash, key1, value1, key2, value2});
  }
  assert(shift <= kMaxShift);
  HandleScope scope(*thread.handles);
  Handle no_key = scope.make(Value::null());
  uint32_t bit1 = chunk_bit(hash1, shift);
  uint32_t bit2 = chunk_bit(hash2, shift);
  Value node;
  if (bit1 == bit2) {
    Handle child = scope.make(merge_pairs(thread, shift + kMapBits, key1, value1, hash1, key2, value2, hash2));
    node = new_node(thread, Type::MapNode, {no_key, no_key, child});
  } else if (bit1 < bit2) {
    node = new_node(thread, Type::MapNode, {no_key, key1, value1, key2, value2});
  } else {
    node = new_node(thread, Type::MapNode, {no_key, key2, value2, key1, value1});
  }
  init_bitmap(node, bit1 | bit2);
  return node;
}

Value node_assoc(Thread& thread, int shift, Handle node, uint64_t hash, Handle key, Handle value, bool* added);

Value collision_assoc(Thread& thread, int shift, Handle node, uint64_t hash, Handle key, Handle value,
                      bool* added) {
  HandleScope scope(*thread.handles);
  uint64_t shared_hash = collision_hash(node.get());
  if (hash != shared_hash) {
    // A different hash down the same path: the collision node moves one level
    // down, under a MapNode at this level, next to the new key.
    Handle no_key = scope.make(Value::null());
    Handle parent = scope.make(new_node(thread, Type::MapNode, {no_key, no_key, node}));
    init_bitmap(parent.get(), chunk_bit(shared_hash, shift));
    return node_assoc(thread, shift, parent, hash, key, value, added);
  }
  int i = collision_find(node.get(), key.get());
  if (i >= 0) return copy_splice(thread, Type::CollisionNode, node, value_field(i), 1, {value});
  *added = true;
  return copy_splice(thread, Type::CollisionNode, node, field_count(node.get()), 0, {key, value});
}

Value node_assoc(Thread& thread, int shift, Handle node, uint64_t hash, Handle key, Handle value, bool* added) {
  if (is_object_of(node.get(), Type::CollisionNode)) return collision_assoc(thread, shift, node, hash, key, value, added);
  HandleScope scope(*thread.handles);
  uint32_t bitmap = map_node_bitmap(node.get());
  uint32_t bit = chunk_bit(hash, shift);
  int slot = slot_of(node.get(), bit);
  if ((bitmap & bit) == 0) {
    *added = true;
    Value copy = copy_splice(thread, Type::MapNode, node, key_field(slot), 0, {key, value});
    init_bitmap(copy, bitmap | bit);
    return copy;
  }
  Handle old_key = scope.make(node_key(node.get(), slot));
  Handle old_value = scope.make(node_value(node.get(), slot));
  if (is_child_slot(old_key.get(), old_value.get())) {
    Handle child = scope.make(node_assoc(thread, shift + kMapBits, old_value, hash, key, value, added));
    return copy_splice(thread, Type::MapNode, node, value_field(slot), 1, {child});
  }
  if (map_keys_equal(old_key.get(), key.get())) {
    return copy_splice(thread, Type::MapNode, node, value_field(slot), 1, {value});
  }
  *added = true;
  uint64_t old_hash = hash_value(old_key.get());
  Handle child =
      scope.make(merge_pairs(thread, shift + kMapBits, old_key, old_value, old_hash, key, value, hash));
  Handle no_key = scope.make(Value::null());
  return copy_splice(thread, Type::MapNode, node, key_field(slot), 2, {no_key, child});
}

// ---------------------------------------------------------------- dissoc

// A child left with a single entry is replaced in its parent by that entry
// (so every node below the root holds at least two entries). Returns the
// entry's index in `child`, or -1 when the child stays.
int lone_entry(Value child) {
  if (is_object_of(child, Type::CollisionNode)) return collision_pair_count(child) == 1 ? 0 : -1;
  if (map_node_slot_count(child) != 1) return -1;
  return is_child_slot(node_key(child, 0), node_value(child, 0)) ? -1 : 0;
}

Value collision_dissoc(Thread& thread, Handle node, uint64_t hash, Handle key, bool* removed) {
  int i = hash == collision_hash(node.get()) ? collision_find(node.get(), key.get()) : -1;
  if (i < 0) return node.get();
  *removed = true;
  return copy_splice(thread, Type::CollisionNode, node, key_field(i), 2, {});
}

// `node` without the pair at `bit`, or null when nothing is left.
Value without_slot(Thread& thread, Handle node, uint32_t bit) {
  uint32_t bitmap = map_node_bitmap(node.get());
  if (bitmap == bit) return Value::null();
  Value copy = copy_splice(thread, Type::MapNode, node, key_field(slot_of(node.get(), bit)), 2, {});
  init_bitmap(copy, bitmap & ~bit);
  return copy;
}

// `node` without `key`, or null when nothing is left.
Value node_dissoc(Thread& thread, int shift, Handle node, uint64_t hash, Handle key, bool* removed);

Value child_dissoc(Thread& thread, int shift, Handle node, uint32_t bit, uint64_t hash, Handle key, bool* removed) {
  int slot = slot_of(node.get(), bit);
  HandleScope scope(*thread.handles);
  Handle old_child = scope.make(node_value(node.get(), slot));
  Handle child = scope.make(node_dissoc(thread, shift + kMapBits, old_child, hash, key, removed));
  if (!*removed) return node.get();
  if (child.get().is_null()) return without_slot(thread, node, bit);
  int lone = lone_entry(child.get());
  if (lone < 0) return copy_splice(thread, Type::MapNode, node, value_field(slot), 1, {child});
  Handle lone_key = scope.make(node_key(child.get(), lone));
  Handle lone_value = scope.make(node_value(child.get(), lone));
  return copy_splice(thread, Type::MapNode, node, key_field(slot), 2, {lone_key, lone_value});
}

Value node_dissoc(Thread& thread, int shift, Handle node, uint64_t hash, Handle key, bool* removed) {
  if (is_object_of(node.get(), Type::CollisionNode)) return collision_dissoc(thread, node, hash, key, removed);
  uint32_t bitmap = map_node_bitmap(node.get());
  uint32_t bit = chunk_bit(hash, shift);
  if ((bitmap & bit) == 0) return node.get();
  int slot = slot_of(node.get(), bit);
  Value k = node_key(node.get(), slot);
  if (is_child_slot(k, node_value(node.get(), slot))) return child_dissoc(thread, shift, node, bit, hash, key, removed);
  if (!map_keys_equal(k, key.get())) return node.get();
  *removed = true;
  return without_slot(thread, node, bit);
}

// ---------------------------------------------------------------- snapshots

// An Array of one word per entry: the key (`values` false) or the value.
Value entry_column(Thread& thread, Value map, bool values) {
  HandleScope scope(*thread.handles);
  Handle m = scope.make(map);
  Value column = new_array(thread, size_t(map_count(map)));
  size_t i = 0;
  map_for_each(m.get(), [&](Value key, Value value) { init_field(column, i++, values ? value : key); });
  return column;
}

}  // namespace

bool map_keys_equal(Value a, Value b) {
  if (a.bits() == b.bits()) return true;
  if (a.is_int() != b.is_int() || a.is_float() != b.is_float()) return false;
  return values_equal(a, b);
}

Value map_get(Value map, Value key, bool* found) {
  bool ignored;
  if (found == nullptr) found = &ignored;
  *found = false;
  Value root = map_root(map);
  if (root.is_null()) return Value::null();
  return node_get(root, hash_value(key), key, found);
}

bool map_contains(Value map, Value key) {
  bool found;
  map_get(map, key, &found);
  return found;
}

Value map_empty(Thread& thread) {
  HandleScope scope(*thread.handles);
  return make_map(thread, 0, scope.make(Value::null()));
}

Value map_assoc(Thread& thread, Value map, Value key, Value value) {
  HandleScope scope(*thread.handles);
  uint64_t hash = hash_value(key);
  Handle k = scope.make(key);
  Handle v = scope.make(value);
  Handle root = scope.make(map_root(map));
  int64_t count = map_count(map);
  if (root.get().is_null()) {
    Handle no_key = scope.make(Value::null());
    root.set(new_node(thread, Type::MapNode, {no_key, k, v}));
    init_bitmap(root.get(), chunk_bit(hash, 0));
    return make_map(thread, 1, root);
  }
  bool added = false;
  root.set(node_assoc(thread, 0, root, hash, k, v, &added));
  return make_map(thread, count + (added ? 1 : 0), root);
}

Value map_dissoc(Thread& thread, Value map, Value key) {
  if (map_root(map).is_null()) return map;
  HandleScope scope(*thread.handles);
  uint64_t hash = hash_value(key);
  Handle m = scope.make(map);
  Handle k = scope.make(key);
  Handle root = scope.make(map_root(map));
  bool removed = false;
  root.set(node_dissoc(thread, 0, root, hash, k, &removed));
  if (!removed) return m.get();
  return make_map(thread, map_count(m.get()) - 1, root);
}

Value map_from_pairs(Thread& thread, const Value* items, size_t pair_count) {
  HandleScope scope(*thread.handles);
  Handle map = scope.make(map_empty(thread));
  for (size_t i = 0; i < pair_count; i++) map.set(map_assoc(thread, map.get(), items[2 * i], items[2 * i + 1]));
  return map.get();
}

Value map_entries_array(Thread& thread, Value map) {
  HandleScope scope(*thread.handles);
  Handle m = scope.make(map);
  Value entries = new_array(thread, 2 * size_t(map_count(map)));
  size_t i = 0;
  map_for_each(m.get(), [&](Value key, Value value) {
    init_field(entries, i++, key);
    init_field(entries, i++, value);
  });
  return entries;
}

Value map_keys(Thread& thread, Value map) { return vector_from_array(thread, entry_column(thread, map, false)); }
Value map_vals(Thread& thread, Value map) { return vector_from_array(thread, entry_column(thread, map, true)); }

}  // namespace beagle::rt
