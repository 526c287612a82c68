// The object model of the Beagle runtime: every heap type, its id and its
// layout. Every object starts with the one header of collectors/api/header.h;
// the payload words below follow it. Unless a type is marked opaque, every
// payload word is a Value (raw numbers are stored as Ints), so collectors can
// scan any object without knowing its type.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "collectors/api/header.h"

namespace beagle::rt {

using gc::Header;
using gc::Value;
using gc::Word;

enum class Type : uint32_t {
  Filler = gc::kFillerType,
  Float = 1,          // opaque: [double]
  String = 2,         // opaque: [byte length][character count][UTF-8 bytes, zero padded]
  Keyword = 3,        // immortal: [name: String][hash: Int]
  Struct = 4,         // type data = struct id; one Value per field, declaration order
  Array = 5,          // one Value per element
  Vector = 6,         // [count: Int][shift: Int][root: VectorNode or null][tail: VectorNode]
  VectorNode = 7,     // up to 32 Values (children or elements)
  Map = 8,            // [count: Int][root: MapNode or null]
  MapNode = 9,        // [bitmap: Int] then per set bit a pair (key, value) or (null, child node)
  CollisionNode = 10, // [hash: Int] then pairs (key, value), insertion order
  Set = 11,           // [map: Map]
  Closure = 12,       // [function: Function][captured values...]
  Function = 13,      // immortal, opaque: see FunctionLayout
  Box = 14,           // [value]: a `let mut` variable captured by a closure
  Namespace = 15,     // [name: String][bindings: Array of Binding]
  Binding = 16,       // [value][qualified name: String]: a top-level binding
  // Keep Binding the largest, or update Runtime's max_type_id for the verifier.
};

inline Header header(Value v) { return gc::header_of(v.address()); }
inline Type type_of_object(Value v) { return static_cast<Type>(header(v).type()); }
inline bool is_object_of(Value v, Type t) { return v.is_object() && type_of_object(v) == t; }
// Read-only: a field is written only through the store path (store.h).
inline const Value* fields(Value v) { return gc::fields_of(v.address()); }
inline uint64_t field_count(Value v) { return header(v).size_words(); }

// ---------------------------------------------------------------- Float

inline double float_value(Value v) {
  double d;
  std::memcpy(&d, v.address() + 1, sizeof d);
  return d;
}

// ---------------------------------------------------------------- String

inline constexpr size_t kStringPrefixWords = 2;
inline uint64_t string_byte_length(Value s) { return s.address()[1]; }
inline uint64_t string_char_count(Value s) { return s.address()[2]; }
inline const char* string_bytes(Value s) { return reinterpret_cast<const char*>(s.address() + 3); }
inline std::string_view string_view(Value s) { return {string_bytes(s), string_byte_length(s)}; }
inline size_t string_payload_words(size_t bytes) { return kStringPrefixWords + (bytes + 7) / 8; }

// ---------------------------------------------------------------- Function
// A compiled function (immortal, opaque: the words are raw, not Values).
struct FunctionLayout {
  Word header;
  Word code;          // entry address: takes the argument count in a register
  Word arity;         // fixed parameters
  Word flags;         // kFunctionVariadic, kFunctionMultiArity, kFunctionTopLevel
  Word name;          // an immortal String Value: "ns/name" or "<Anonymous>"
  Word info;          // multi-arity: a C string listing the arities ("0, 1, 2+"), for errors
  Word checked_code;  // entry for a caller whose argument count the compiler checked against a
                      // fixed arity: past the function's own check (else the same as `code`)
};
inline constexpr Word kFunctionVariadic = 1;
inline constexpr Word kFunctionMultiArity = 2;
inline constexpr Word kFunctionTopLevel = 4;
inline constexpr size_t kFunctionPayloadWords = sizeof(FunctionLayout) / sizeof(Word) - 1;
inline FunctionLayout* function_layout(Value f) { return reinterpret_cast<FunctionLayout*>(f.address()); }
inline void set_code(Value f, uintptr_t code, uintptr_t checked_code) {
  function_layout(f)->code = code;
  function_layout(f)->checked_code = checked_code;
}

// ---------------------------------------------------------------- Closure
inline Value closure_function(Value c) { return fields(c)[0]; }
inline uint64_t closure_capture_count(Value c) { return field_count(c) - 1; }
inline const Value* closure_captures(Value c) { return fields(c) + 1; }

}  // namespace beagle::rt
