// `for` loops: what rt_for_begin and rt_for_refill put in a ForLoop
// (for_loop.h).
#include "lang/runtime/for_loop.h"

#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/library/library.h"
#include "lang/runtime/protocols.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"

namespace beagle::rt {
namespace {

enum class ForSource : int64_t {
  RangeValues,  // source: the Int count of values after this run
  VectorLeaves, // source: the vector; next: the index of the next leaf
  Seq,          // source: the seq whose first is the current value
};

void set_kind(ForLoop* loop, ForSource kind) { loop->kind = Value::from_int(int64_t(kind)); }

void set_chunk(ForLoop* loop, Value chunk, size_t length) {
  loop->chunk = chunk;
  loop->pos = Value::from_int(0);
  loop->end = Value::from_int(int64_t(length));
  loop->step = Value::from_int(1);
}

// The next `count` values of a Range from `first`, by `step`. One run ends
// where pos, stepping by `step` in 61-bit arithmetic, reaches end; it is cut
// short of 2^61 apart so that no value before the end wraps around to it.
void range_run(ForLoop* loop, int64_t first, int64_t step, int64_t count) {
  int64_t longest = int64_t((uint64_t{1} << 61) - 1) / (step < 0 ? -step : step);
  int64_t run = count < longest ? count : longest;
  loop->chunk = Value::null();
  loop->pos = Value::from_int(first);
  loop->end = Value::from_int(int64_t(uint64_t(first) + uint64_t(run) * uint64_t(step)));
  loop->step = Value::from_int(step);
  loop->source = run < count ? Value::from_int(count - run) : Value::null();
}

// The leaf of `loop->source` (a vector) at loop->next.
void next_leaf(ForLoop* loop) {
  Value vector = loop->source;
  int64_t start = loop->next.as_int();
  Value leaf = vector_leaf_for(vector, start);
  set_chunk(loop, leaf, field_count(leaf));
  int64_t next = start + int64_t(field_count(leaf));
  loop->next = Value::from_int(next);
  if (next >= vector_count(vector)) loop->source = Value::null();
}

// The current value of a user-defined seq, as a one-value chunk (or the end
// of the loop when the seq is null).
void seq_value_chunk(Thread& t, ForLoop* loop) {
  if (loop->source.is_null()) return;
  Value first = first_value(t, loop->source);
  gc::HandleScope scope(*t.handles);
  gc::Handle held = scope.make(first);
  Value chunk = new_array(t, 1);
  init_field(chunk, 0, held.get());
  set_chunk(loop, chunk, 1);
}

}  // namespace

Value rt_for_begin(Thread& t, Value collection, ForLoop* loop) {
  Runtime& rt = *t.runtime;
  int64_t first, end, step, count;
  bool native = seqable_count(rt, collection) >= 0 && walks_natively(t, collection);
  if (native && range_parts(rt, collection, &first, &end, &step, &count)) {
    set_kind(loop, ForSource::RangeValues);
    if (count > 0) range_run(loop, first, step, count);
  } else if (native && is_object_of(collection, Type::Vector)) {
    set_kind(loop, ForSource::VectorLeaves);
    if (vector_count(collection) == 0) return Value::null();
    loop->source = collection;
    loop->next = Value::from_int(0);
    next_leaf(loop);
  } else if (native) {
    Value snapshot = seqable_elements_array(t, collection);
    set_chunk(loop, snapshot, field_count(snapshot));
  } else {
    if (collection.is_null()) throw_not_implemented(t, collection);
    set_kind(loop, ForSource::Seq);
    loop->source = seq_value(t, collection);
    seq_value_chunk(t, loop);
  }
  return Value::null();
}

Value rt_for_refill(Thread& t, ForLoop* loop) {
  switch (ForSource(loop->kind.as_int())) {
    case ForSource::RangeValues:
      range_run(loop, loop->end.as_int(), loop->step.as_int(), loop->source.as_int());
      break;
    case ForSource::VectorLeaves: next_leaf(loop); break;
    case ForSource::Seq:
      loop->source = next_value(t, loop->source);
      seq_value_chunk(t, loop);
      break;
  }
  return Value::null();
}

}  // namespace beagle::rt
