// The library of LANGUAGE.md §6, native: what the rest of the runtime and the
// JIT need from it. The builtins themselves register through
// add_library_builtins (builtins.h).
#pragma once

#include "lang/runtime/objects.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

class Runtime;

// Defines the prelude structs the library makes (Atom, Range, Result.Ok,
// Result.Err, the seq objects PersistentVectorSeq, StringSeq, ArraySeq,
// PersistentSetSeq, PersistentMapSeq), binds their descriptors but
// Result's (also in Runtime::descriptors, for type-of), the enum object
// `Result`, and the constants `PI`, `E`, `TAU` in beagle.core. Idempotent;
// call once per Runtime after the core types ("beagle.core/Struct") are
// defined and before any program (or the prelude) is compiled.
void define_library_constants(Runtime& rt);

// The parts of a Range (current, end, step: all Ints) and its number of
// values; false (and nothing written) when `v` is not a Range with Int
// fields. For a lazy `for` cursor over big ranges, without an Array.
bool range_parts(Runtime& rt, Value v, int64_t* current, int64_t* end, int64_t* step, int64_t* count);

// An Array snapshot of the values of a Range struct (current, current+step, ...
// up to but excluding end; empty when the step does not move toward end).
Value range_elements_array(Thread& t, Value range);

// An Array snapshot of the elements of a Range or a seq object (seq(coll));
// null when `v` is neither. For rt_for_begin / rt_drop: the kinds of seqable
// that live in the library.
Value library_elements_array(Thread& t, Value v);

// An Array snapshot of the elements of any seqable (§4.5): an Array itself,
// vector elements, map entries as [key, value] vectors, set members, the
// 1-character strings of a String, a Range, a seq object. Anything else
// throws TypeError ("Cannot iterate over ...").
Value seqable_elements_array(Thread& t, Value v);

// Number of elements of a built-in seqable without copying (vector, Array,
// map, set, String, Range, seq object); -1 when `v` is none of them.
int64_t seqable_count(Runtime& rt, Value v);

// The prelude's seq(c), first(s), next(s) (§4.12.1): built-in seqables,
// Ranges and seq objects natively, any other type through the Seqable and
// Seq implementations an `extend` registered.
Value seq_value(Thread& t, Value c);
Value first_value(Thread& t, Value s);
Value next_value(Thread& t, Value s);

// Can `v` be walked on the native fast path: no extend of its type with
// Seqable, nor of the type of the seq object its seq makes (its own for a
// Range or a seq object) with Seq (§4.12)? True at once when no program
// extended a natively served type.
bool walks_natively(Thread& t, Value v);

// Is `v` an instance of the prelude struct Range / a seq object / an Atom?
bool is_range(Runtime& rt, Value v);
bool is_seq_object(Runtime& rt, Value v);
bool is_atom(Runtime& rt, Value v);

}  // namespace beagle::rt
