// Shared helpers of the library builtins (lang/runtime/library/*.cc).
//
// GC discipline (FAILURE-MODES #8): a builtin's args[i] are roots that a
// moving collection updates in place, so re-read args[i] after anything that
// allocates or calls Beagle code; any other heap Value held across such a
// point lives in a gc::Handle. The helpers below that take a Thread may
// allocate (or run Beagle code); they protect their own arguments.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/roots/handles.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/library/library.h"
#include "lang/runtime/objects.h"

namespace beagle::rt {

using gc::Handle;
using gc::HandleScope;

// ---------------------------------------------------------------- groups
void add_seq_builtins(std::vector<Builtin>& out);
void add_string_builtins(std::vector<Builtin>& out);
void add_math_builtins(std::vector<Builtin>& out);
void add_map_set_builtins(std::vector<Builtin>& out);
void add_atom_builtins(std::vector<Builtin>& out);
void add_type_builtins(std::vector<Builtin>& out);
void add_assert_builtins(std::vector<Builtin>& out);
void add_mutable_array_builtins(std::vector<Builtin>& out);
void add_primitive_builtins(std::vector<Builtin>& out);
void add_stack_probe_builtins(std::vector<Builtin>& out);

// collection_builtins.cc's natives that the library builds on.
Value builtin_length(Thread& t, const Value* args, uint64_t argc);
Value builtin_get(Thread& t, const Value* args, uint64_t argc);

// `length`/`count` (registered by core_builtins.cc): collection_builtins'
// builtin_length plus Ranges and seq objects.
Value library_length(Thread& t, const Value* args, uint64_t argc);

// ---------------------------------------------------------------- prelude structs
struct PreludeIds {
  uint32_t atom = 0;     // beagle.core/Atom { mut value }
  uint32_t range = 0;    // beagle.core/Range { current, end, step }
  // The seq objects (seq_objects.cc).
  uint32_t vector_seq = 0;  // beagle.core/PersistentVectorSeq { vec, index }
  uint32_t string_seq = 0;  // beagle.core/StringSeq { str, index }
  uint32_t array_seq = 0;   // beagle.core/ArraySeq { arr, index }
  uint32_t set_seq = 0;     // beagle.core/PersistentSetSeq { elements, index }
  uint32_t map_seq = 0;     // beagle.core/PersistentMapSeq { map, keys, index }
  uint32_t ok = 0;       // beagle.core/Result.Ok { value }
  uint32_t err = 0;      // beagle.core/Result.Err { error }
};
const PreludeIds& prelude_ids(Runtime& rt);

inline bool is_struct_of(Value v, uint32_t id) {
  return is_object_of(v, Type::Struct) && header(v).type_data() == id;
}

// A new instance of struct `id` with these field values (held safely inside).
Value make_struct(Thread& t, uint32_t id, std::initializer_list<Value> values);

// ---------------------------------------------------------------- checks
// The text of a String, else TypeError `Expected string, got K`.
std::string expect_string(Thread& t, Value v);
// An Int or Float as a double, else TypeError
// `Expected a number (Int or Float) but got K`.
double expect_number(Thread& t, Value v);
bool is_number(Value v);
double number_value(Value v);  // Int or Float
// An Int, else TypeError `Expected an Int but got K` (`what` names the use).
int64_t expect_int(Thread& t, Value v, const char* what);

// ---------------------------------------------------------------- sequences
// The elements of a value of a user type walked through the prelude's
// Seqable and Seq protocols (seq, then first/next until null), as an Array.
Value protocol_elements_array(Thread& t, Value v);
// The elements get(c, 0) .. get(c, length(c) - 1) of any Indexed value.
Value indexed_elements_array(Thread& t, Value c);
// A vector of the elements of Array `array` (held safely inside).
Value vector_of_array(Thread& t, Value array);
// The vector [a, b] (both held safely inside).
Value vector_pair(Thread& t, Value a, Value b);
// An Array of the 1-character strings of `text` (copied before allocating).
Value string_chars_array(Thread& t, std::string_view text);
// Elements left in a seq object / an Array of them (seq_objects.cc).
int64_t seq_object_count(Runtime& rt, Value s);
Value seq_object_elements_array(Thread& t, Value s);
// A vector of elements [from, to) of Array `array`.
Value vector_of_array_slice(Thread& t, Value array, int64_t from, int64_t to);

// conj(coll, x): vector append, set add, map assoc of a [k, v] pair.
Value conj_value(Thread& t, Value coll, Value x);
// `<` of LANGUAGE.md §4.6 (numbers, strings, keywords; other pairs compare
// tagged words). Never allocates.
bool less_than(Thread& t, Value a, Value b);
// compare(a, b) (§4.12.1): compare-to(a, b) unchanged (Comparable) when `a`
// is a struct instance, else -1 / 0 / 1 by `<` and `>`. `compare_to` is
// compare_to_method(t). May run Beagle code.
Value compare_to_method(Thread& t);
Value compare_values(Thread& t, Value compare_to, Value a, Value b);
// The sign of a compare result (an Int, or a Float from a user compare-to).
int compare_sign(Value r);

// ---------------------------------------------------------------- calls
Value call1(Thread& t, Value f, Value a);
Value call2(Thread& t, Value f, Value a, Value b);
// `to-string` of a value: the text of a String, else the Format printer
// (which may run user Format implementations: keep `v` reachable from a
// root if it is used afterwards).
std::string to_display_string(Thread& t, Value v);

// ---------------------------------------------------------------- values
Value new_string_value(Thread& t, std::string_view text);
// Bool or Int -> Value; doubles -> new Float.
inline Value boolean(bool b) { return Value::boolean(b); }

// An Array of fresh strings.
Value strings_array(Thread& t, const std::vector<std::string>& items);

}  // namespace beagle::rt
