// The one store path: every store of a reference into an object that already
// exists goes through write_field (C++) or FunctionCompiler::store_field (the
// JIT), and both do what the collector's attributes().barrier asks.
//
// BarrierKind::RememberObject (generational): an object-remembering
// barrier with a filter. Old objects carry kUnlogged in their header; the
// first store into one since the last collection clears the bit and appends
// the object to the Mutator's remembered buffer; every later store sees the
// bit clear and does nothing. Young objects never carry the bit. The
// collector takes the buffers at each collection (Collector::flush_mutator),
// scans the remembered objects' fields as roots of a minor collection, and
// sets kUnlogged on them again.
//
// A large object (of Mutator::remember_slots_from words or more: a big
// array, a namespace's bindings) keeps kUnlogged: scanning all of it at
// every collection because one element changed would cost more than the
// barrier saves. Each store of a reference into it logs the slot instead,
// and the collector scans just the logged slots.
//
// BarrierKind::SnapshotAtBeginning (concurrent): a deletion barrier (Yuasa,
// "Real-time garbage collection on general-purpose machines", 1990). While
// the collector marks (Mutator::marking), a store first logs the reference
// it is about to overwrite, so that everything reachable when marking began
// is marked even if the program unlinks it meanwhile; objects allocated
// meanwhile are allocated marked (Mutator::allocation_flags). The log is the
// remembered buffer's memory; when it holds kSnapshotLogEntries the barrier
// hands it to the collector (Mutator::log_sink), whose marker takes it while
// the program runs. Two stores racing on one slot may log only one of the
// two overwritten values; the other was stored after marking began, and a
// snapshot barrier owes nothing for those.
//
// The one exemption, stated once: init_field writes a field of an object
// allocated since the last point at which a collection could run (no
// allocation and no call that may allocate in between) without a barrier.
// That is sound for every collector because a new object never needs one:
// a young object is scanned whole when it survives, and a collector that
// allocates an object directly in an old space (a large object) remembers it
// at allocation. A store after anything that may allocate must use
// write_field: by then the object may have been promoted.
#pragma once

#include <cstddef>
#include <cstdint>

#include "collectors/api/header.h"
#include "collectors/api/mutator.h"

namespace beagle::gc {

// The slow path of the RememberObject barrier, after a store into `slot` of
// the armed `object` (untagged): logs the object, or for a large one the
// slot if it now holds a reference.
void remember(Mutator& mutator, Word* object, Value* slot);

// The slow path of the SnapshotAtBeginning barrier, while marking: logs
// `overwritten` if it is a reference to a mortal object.
void log_overwritten(Mutator& mutator, Value overwritten);

inline constexpr size_t kSnapshotLogEntries = 1024;

// The barrier before a store into `slot`: logs what the store overwrites.
inline void pre_write_barrier(Mutator& mutator, const Value* slot) {
  if (mutator.marking) log_overwritten(mutator, *slot);
}

// The barrier after a store into the reference field `slot` of `object`
// (untagged).
inline void post_write_barrier(Mutator& mutator, Word* object, Value* slot) {
  if (mutator.barrier == BarrierKind::RememberObject && header_of(object).has(kUnlogged)) {
    remember(mutator, object, slot);
  }
}

// Stores `value` into field `index` of `object` (untagged), with the barrier.
inline void write_field(Mutator& mutator, Word* object, size_t index, Value value) {
  pre_write_barrier(mutator, &fields_of(object)[index]);
  store_field_release(&fields_of(object)[index], value);
  post_write_barrier(mutator, object, &fields_of(object)[index]);
}

// The atomic forms of write_field (an Atom's slot is atomic across threads,
// LANGUAGE.md §4.13): the same barrier after a sequentially consistent store
// or compare-and-swap.
inline void write_field_atomic(Mutator& mutator, Word* object, size_t index, Value value) {
  Word overwritten = __atomic_exchange_n(&object[1 + index], value.bits(), __ATOMIC_SEQ_CST);
  if (mutator.marking) log_overwritten(mutator, Value::from_bits(overwritten));
  post_write_barrier(mutator, object, &fields_of(object)[index]);
}

// Stores `desired` iff the field holds exactly `expected`; true if it did.
inline bool compare_and_write_field(Mutator& mutator, Word* object, size_t index, Value expected, Value desired) {
  Word want = expected.bits();
  if (!__atomic_compare_exchange_n(&object[1 + index], &want, desired.bits(), false, __ATOMIC_SEQ_CST,
                                   __ATOMIC_SEQ_CST)) {
    return false;
  }
  if (mutator.marking) log_overwritten(mutator, expected);
  post_write_barrier(mutator, object, &fields_of(object)[index]);
  return true;
}

// An initialising store: see the exemption above.
inline void init_field(Word* object, size_t index, Value value) { fields_of(object)[index] = value; }

// Hands every object logged in the mutator's buffer to `object_fn`, every
// slot to `slot_fn` (RememberObject only), oldest first, and empties the
// buffer.
template <typename ObjectFn, typename SlotFn>
void drain_remembered(Mutator& mutator, ObjectFn&& object_fn, SlotFn&& slot_fn) {
  for (Word** p = mutator.remembered_begin; p != mutator.remembered_top; ++p) {
    uintptr_t entry = reinterpret_cast<uintptr_t>(*p);
    if (entry & 1) {
      slot_fn(reinterpret_cast<Value*>(entry - 1));
    } else {
      object_fn(*p);
    }
  }
  mutator.remembered_top = mutator.remembered_begin;
}

}  // namespace beagle::gc
