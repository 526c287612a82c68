#include "lang/runtime/collections/vector.h"

#include <cassert>

#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/node_copy.h"
#include "lang/runtime/store.h"

namespace beagle::rt {
namespace {

// A trie after a change: its root (raw: the caller handles it before its next
// allocation) and the root's level.
struct Trie {
  Value root;
  int64_t shift;
};

size_t node_size(Value node) { return field_count(node); }
Value child(Value node, int64_t index) { return fields(node)[index]; }
int64_t child_index(int64_t i, int64_t level) { return (i >> level) & kVectorMask; }

Value make_vector(Thread& thread, int64_t count, int64_t shift, Handle root, Handle tail) {
  Value vec = new_object(thread, Type::Vector, 4);
  init_field(vec, 0, Value::from_int(count));
  init_field(vec, 1, Value::from_int(shift));
  init_field(vec, 2, root.get());
  init_field(vec, 3, tail.get());
  return vec;
}

// ---------------------------------------------------------------- push

// A chain of single-child nodes from `level` down to `leaf`.
Value new_path(Thread& thread, int64_t level, Handle leaf) {
  if (level == 0) return leaf.get();
  HandleScope scope(*thread.handles);
  Handle below = scope.make(new_path(thread, level - kVectorBits, leaf));
  return new_node(thread, Type::VectorNode, {below});
}

// `parent` (at `level`) with `leaf` added as the leaf after the first
// `tail_offset` elements.
Value push_leaf_below(Thread& thread, int64_t level, Handle parent, Handle leaf, int64_t tail_offset) {
  HandleScope scope(*thread.handles);
  int64_t index = child_index(tail_offset, level);
  if (level == kVectorBits) {
    assert(size_t(index) == node_size(parent.get()));
    return copy_splice(thread, Type::VectorNode, parent, index, 0, {leaf});
  }
  if (size_t(index) < node_size(parent.get())) {
    Handle old_child = scope.make(child(parent.get(), index));
    Handle new_child = scope.make(push_leaf_below(thread, level - kVectorBits, old_child, leaf, tail_offset));
    return copy_splice(thread, Type::VectorNode, parent, index, 1, {new_child});
  }
  Handle path = scope.make(new_path(thread, level - kVectorBits, leaf));
  return copy_splice(thread, Type::VectorNode, parent, index, 0, {path});
}

// The trie (`root` at `shift`, holding `tail_offset` elements) with one more
// full leaf at its end.
Trie push_leaf(Thread& thread, Handle root, int64_t shift, Handle leaf, int64_t tail_offset) {
  if (root.get().is_null()) return {new_node(thread, Type::VectorNode, {leaf}), kVectorBits};
  bool root_full = (tail_offset >> kVectorBits) == (int64_t{1} << shift);
  if (root_full) {
    HandleScope scope(*thread.handles);
    Handle path = scope.make(new_path(thread, shift, leaf));
    return {new_node(thread, Type::VectorNode, {root, path}), shift + kVectorBits};
  }
  return {push_leaf_below(thread, shift, root, leaf, tail_offset), shift};
}

// ---------------------------------------------------------------- assoc

Value assoc_in_trie(Thread& thread, int64_t level, Handle node, int64_t i, Handle x) {
  if (level == 0) return copy_splice(thread, Type::VectorNode, node, i & kVectorMask, 1, {x});
  HandleScope scope(*thread.handles);
  int64_t index = child_index(i, level);
  Handle old_child = scope.make(child(node.get(), index));
  Handle new_child = scope.make(assoc_in_trie(thread, level - kVectorBits, old_child, i, x));
  return copy_splice(thread, Type::VectorNode, node, index, 1, {new_child});
}

// ---------------------------------------------------------------- pop

// `node` (at `level`) without its last leaf, or null when that leaves it
// empty. `last` is the index of the last element that stays in the vector.
Value pop_leaf_below(Thread& thread, int64_t level, Handle node, int64_t last) {
  int64_t index = child_index(last, level);
  if (level == kVectorBits) {
    return index == 0 ? Value::null() : copy_splice(thread, Type::VectorNode, node, index, 1, {});
  }
  HandleScope scope(*thread.handles);
  Handle old_child = scope.make(child(node.get(), index));
  Handle new_child = scope.make(pop_leaf_below(thread, level - kVectorBits, old_child, last));
  if (!new_child.get().is_null()) return copy_splice(thread, Type::VectorNode, node, index, 1, {new_child});
  if (index == 0) return Value::null();
  return copy_splice(thread, Type::VectorNode, node, index, 1, {});
}

// The trie without its last leaf, with a root of one child collapsed.
Trie pop_leaf(Thread& thread, Handle root, int64_t shift, int64_t last) {
  Value new_root = pop_leaf_below(thread, shift, root, last);
  if (new_root.is_null()) return {new_root, kVectorBits};
  if (shift > kVectorBits && node_size(new_root) == 1) return {child(new_root, 0), shift - kVectorBits};
  return {new_root, shift};
}

// ---------------------------------------------------------------- building

// A leaf of read(start), ..., read(start + n - 1). `read` must not allocate.
template <typename Read>
Value leaf_from(Thread& thread, Read& read, size_t start, size_t n) {
  Value leaf = new_object(thread, Type::VectorNode, n);
  for (size_t k = 0; k < n; k++) init_field(leaf, k, read(start + k));
  return leaf;
}

// A vector of read(0), ..., read(n - 1), filling whole leaves at a time.
template <typename Read>
Value build_vector(Thread& thread, size_t n, Read read) {
  HandleScope scope(*thread.handles);
  Handle root = scope.make(Value::null());
  int64_t shift = kVectorBits;
  size_t in_trie = n == 0 ? 0 : (n - 1) / kVectorWidth * kVectorWidth;
  for (size_t start = 0; start < in_trie; start += kVectorWidth) {
    HandleScope step(*thread.handles);
    Handle leaf = step.make(leaf_from(thread, read, start, kVectorWidth));
    Trie trie = push_leaf(thread, root, shift, leaf, int64_t(start));
    root.set(trie.root);
    shift = trie.shift;
  }
  Handle tail = scope.make(leaf_from(thread, read, in_trie, n - in_trie));
  return make_vector(thread, int64_t(n), shift, root, tail);
}

}  // namespace

Value vector_leaf_for(Value vec, int64_t i) {
  if (i >= vector_tail_offset(vec)) return vector_tail(vec);
  Value node = vector_root(vec);
  for (int64_t level = vector_shift(vec); level > 0; level -= kVectorBits) node = child(node, child_index(i, level));
  return node;
}

Value vector_get(Value vec, int64_t i) {
  if (i < 0 || i >= vector_count(vec)) return Value::null();
  return child(vector_leaf_for(vec, i), i & kVectorMask);
}

Value vector_empty(Thread& thread) {
  HandleScope scope(*thread.handles);
  Handle root = scope.make(Value::null());
  Handle tail = scope.make(new_object(thread, Type::VectorNode, 0));
  return make_vector(thread, 0, kVectorBits, root, tail);
}

Value vector_push(Thread& thread, Value vec, Value x) {
  HandleScope scope(*thread.handles);
  Handle item = scope.make(x);
  Handle root = scope.make(vector_root(vec));
  Handle tail = scope.make(vector_tail(vec));
  int64_t count = vector_count(vec);
  int64_t shift = vector_shift(vec);
  size_t tail_size = node_size(tail.get());
  if (tail_size < size_t(kVectorWidth)) {
    Handle new_tail = scope.make(copy_splice(thread, Type::VectorNode, tail, tail_size, 0, {item}));
    return make_vector(thread, count + 1, shift, root, new_tail);
  }
  // The full tail becomes the trie's last leaf; x starts a new tail.
  Trie trie = push_leaf(thread, root, shift, tail, count - int64_t(tail_size));
  Handle new_root = scope.make(trie.root);
  Handle new_tail = scope.make(new_node(thread, Type::VectorNode, {item}));
  return make_vector(thread, count + 1, trie.shift, new_root, new_tail);
}

Value vector_assoc(Thread& thread, Value vec, int64_t i, Value x) {
  assert(i >= 0 && i < vector_count(vec));
  HandleScope scope(*thread.handles);
  Handle item = scope.make(x);
  Handle root = scope.make(vector_root(vec));
  Handle tail = scope.make(vector_tail(vec));
  int64_t count = vector_count(vec);
  int64_t shift = vector_shift(vec);
  int64_t tail_offset = vector_tail_offset(vec);
  if (i >= tail_offset) {
    Handle new_tail = scope.make(copy_splice(thread, Type::VectorNode, tail, i - tail_offset, 1, {item}));
    return make_vector(thread, count, shift, root, new_tail);
  }
  Handle new_root = scope.make(assoc_in_trie(thread, shift, root, i, item));
  return make_vector(thread, count, shift, new_root, tail);
}

Value vector_pop_last(Thread& thread, Value vec) {
  int64_t count = vector_count(vec);
  if (count == 0) return vec;
  if (count == 1) return vector_empty(thread);
  HandleScope scope(*thread.handles);
  Handle root = scope.make(vector_root(vec));
  Handle tail = scope.make(vector_tail(vec));
  int64_t shift = vector_shift(vec);
  size_t tail_size = node_size(tail.get());
  if (tail_size > 1) {
    Handle new_tail = scope.make(copy_splice(thread, Type::VectorNode, tail, tail_size - 1, 1, {}));
    return make_vector(thread, count - 1, shift, root, new_tail);
  }
  // The tail held only the last element: the trie's last leaf becomes the tail.
  Handle new_tail = scope.make(vector_leaf_for(vec, count - 2));
  Trie trie = pop_leaf(thread, root, shift, count - 2);
  Handle new_root = scope.make(trie.root);
  return make_vector(thread, count - 1, trie.shift, new_root, new_tail);
}

Value vector_from(Thread& thread, const Value* items, size_t n) {
  return build_vector(thread, n, [items](size_t i) { return items[i]; });
}

Value vector_from_array(Thread& thread, Value array) {
  HandleScope scope(*thread.handles);
  Handle source = scope.make(array);
  return build_vector(thread, field_count(array), [source](size_t i) { return fields(source.get())[i]; });
}

}  // namespace beagle::rt
