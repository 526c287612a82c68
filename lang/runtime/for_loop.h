// The state of a compiled `for x in coll` loop (LANGUAGE.md §4.5), and the
// two runtime calls that fill it. The state lives in consecutive frame
// slots of the loop's function (so every word is a value the stack maps
// list), and the loop walks it inline:
//
//   while true:
//     if pos == end:
//       if source is null: stop
//       rt_for_refill(state); continue
//     x = chunk is null ? pos : chunk.fields[pos]
//     body
//     pos += step
//
// A Range is a counted loop: chunk null, pos the value itself, step the
// Range's step; nothing is allocated, however many values it has. A vector
// is walked leaf by leaf (each leaf of its trie, then its tail, is a chunk),
// with no copy. Other built-in seqables are walked over a snapshot (one
// Array chunk, as before). A type made seqable by `extend` goes through its
// seq/first/next, one value a chunk. All of it falls back to the snapshot or
// to seq/first/next exactly where the walkers do (walks_natively).
#pragma once

#include <cstddef>

#include "lang/runtime/objects.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

struct ForLoop {
  Value chunk;   // an object whose fields are the values, or null: pos is the value
  Value pos;     // Int: the next field of chunk, or the next value
  Value end;     // Int: the pos at which chunk (or this run of values) ends
  Value step;    // Int: added to pos after each value
  Value source;  // what rt_for_refill continues from; null when nothing is left
  Value next;    // Int: where in source the next chunk starts
  Value kind;    // Int: a ForSource, how rt_for_refill reads source
};

inline constexpr size_t kForLoopWords = sizeof(ForLoop) / sizeof(Value);
inline constexpr size_t kForChunkOffset = offsetof(ForLoop, chunk);
inline constexpr size_t kForPosOffset = offsetof(ForLoop, pos);
inline constexpr size_t kForEndOffset = offsetof(ForLoop, end);
inline constexpr size_t kForStepOffset = offsetof(ForLoop, step);
inline constexpr size_t kForSourceOffset = offsetof(ForLoop, source);

// Fills `loop` (whose words are roots: a collection updates them) for
// walking `collection`; throws TypeError for null and non-seqables.
Value rt_for_begin(Thread& t, Value collection, ForLoop* loop);

// The next chunk (or run of values) of a loop whose pos reached its end
// while its source is not null.
Value rt_for_refill(Thread& t, ForLoop* loop);

}  // namespace beagle::rt
