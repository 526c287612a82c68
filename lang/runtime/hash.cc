// hash_value (values.h): LANGUAGE.md §5.5.
//
// Strings, keywords, Ints, Floats, booleans and null hash exactly as Beagle
// does (SipHash-1-3, key 0, of the bytes in the §5.5 table): the hash fixes
// the iteration and print order of maps and sets.
//
// Everything else only needs `values_equal(a, b)` => equal hashes:
//  * Inside a composite, numbers hash by their double value (-0.0 as 0.0),
//    because `[2] == [2.0]` while the Int 2 and the Float 2.0 hash
//    differently as keys. Comparing an Int to a Float converts the Int to a
//    double, so equal numbers always give the same double.
//  * Vectors and Arrays hash their count and elements in order, with the
//    same seed (should the two ever compare equal).
//  * Maps and sets combine their entries order-independently; keys are
//    hashed like elements too, which is safe whichever way map equality
//    compares keys.
//  * Struct and enum instances hash their struct id and fields.
//  * Functions (immortal) hash by address; closures, which a collector may
//    move, by their function's address and capture count (never by their own
//    address: FAILURE-MODES #15).
//  * A composite visits at most kHashBudget elements in all (nested ones
//    included); the rest hash as a constant. This bounds the work on huge or
//    cyclic (Array) values and stays consistent: equal values are traversed
//    alike.
#include <cstring>
#include <initializer_list>

#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/text/siphash.h"
#include "lang/runtime/values.h"

namespace beagle::rt {
namespace {

constexpr uint64_t kStringHashMask = 0x1FFF'FFFF'FFFF'FFFF;
constexpr uint64_t kFalseWord = 3;
constexpr uint64_t kTrueWord = 11;
constexpr uint64_t kNullWord = 7;
constexpr size_t kHashBudget = 1024;

// Seeds that keep the hashes of different kinds of composite apart.
enum class Kind : uint64_t { Number = 1, Sequence, Map, MapEntry, Set, Struct, Closure, Function, Other, Truncated };

uint64_t hash_words(std::initializer_list<uint64_t> words) {
  text::SipHasher hasher;
  for (uint64_t word : words) hasher.write_u64_le(word);
  return hasher.finish();
}

uint64_t double_bits(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

// ------------------------------------------------------------ §5.5 hashes

uint64_t hash_string(Value s) {
  text::SipHasher hasher;
  hasher.write(string_view(s));
  hasher.write_u8(0xFF);
  uint64_t h = hasher.finish() & kStringHashMask;
  return h == 0 ? 1 : h;
}

uint64_t hash_keyword(Value k) {
  std::string_view name = string_view(fields(k)[0]);
  text::SipHasher hasher;
  hasher.write_u64_le(name.size());
  hasher.write(name);
  return hasher.finish();
}

uint64_t hash_immediate(Value v) {
  if (v.is_true()) return hash_words({kTrueWord});
  if (v.is_false()) return hash_words({kFalseWord});
  return hash_words({kNullWord});
}

bool is_text(Value v) { return is_object_of(v, Type::String) || is_object_of(v, Type::Keyword); }

// ------------------------------------------------------------ composites

class CompositeHasher {
 public:
  uint64_t composite(Value v);

 private:
  uint64_t member(Value v);
  uint64_t number(double d) { return hash_words({uint64_t(Kind::Number), double_bits(d == 0 ? 0.0 : d)}); }
  uint64_t vector(Value v);
  uint64_t array(Value v);
  uint64_t map(Value m);
  uint64_t set(Value s);
  uint64_t structure(Value v);
  uint64_t closure(Value c);

  size_t budget_ = kHashBudget;
};

// The hash of a value inside a composite.
uint64_t CompositeHasher::member(Value v) {
  if (budget_ == 0) return uint64_t(Kind::Truncated);
  budget_--;
  if (v.is_int()) return number(double(v.as_int()));
  if (v.is_float()) return number(float_value(v));
  if (v.is_object() && !is_text(v)) return composite(v);
  return hash_value(v);
}

uint64_t CompositeHasher::composite(Value v) {
  switch (type_of_object(v)) {
    case Type::Vector: return vector(v);
    case Type::Array: return array(v);
    case Type::Map: return map(v);
    case Type::Set: return set(v);
    case Type::Struct: return structure(v);
    case Type::Closure: return closure(v);
    case Type::Function: return hash_words({uint64_t(Kind::Function), v.bits()});
    default: return hash_words({uint64_t(Kind::Other), uint64_t(type_of_object(v))});
  }
}

uint64_t CompositeHasher::vector(Value v) {
  text::SipHasher hasher;
  hasher.write_u64_le(uint64_t(Kind::Sequence));
  hasher.write_u64_le(uint64_t(vector_count(v)));
  vector_for_each(v, [&](Value element) { hasher.write_u64_le(member(element)); });
  return hasher.finish();
}

uint64_t CompositeHasher::array(Value v) {
  text::SipHasher hasher;
  hasher.write_u64_le(uint64_t(Kind::Sequence));
  hasher.write_u64_le(field_count(v));
  for (uint64_t i = 0; i < field_count(v); i++) hasher.write_u64_le(member(fields(v)[i]));
  return hasher.finish();
}

uint64_t CompositeHasher::map(Value m) {
  uint64_t sum = 0;  // order-independent
  map_for_each(m, [&](Value key, Value value) {
    uint64_t key_hash = member(key);
    sum += hash_words({uint64_t(Kind::MapEntry), key_hash, member(value)});
  });
  return hash_words({uint64_t(Kind::Map), uint64_t(map_count(m)), sum});
}

uint64_t CompositeHasher::set(Value s) {
  uint64_t sum = 0;  // order-independent
  set_for_each(s, [&](Value x) { sum += member(x); });
  return hash_words({uint64_t(Kind::Set), uint64_t(set_count(s)), sum});
}

uint64_t CompositeHasher::structure(Value v) {
  text::SipHasher hasher;
  hasher.write_u64_le(uint64_t(Kind::Struct));
  hasher.write_u64_le(header(v).type_data());
  for (uint64_t i = 0; i < field_count(v); i++) hasher.write_u64_le(member(fields(v)[i]));
  return hasher.finish();
}

// Closures are equal only when identical, so anything fixed about one will
// do; its own address is not fixed (a moving collector may relocate it).
uint64_t CompositeHasher::closure(Value c) {
  return hash_words({uint64_t(Kind::Closure), closure_function(c).bits(), closure_capture_count(c)});
}

}  // namespace

uint64_t hash_value(Value v) {
  if (v.is_int()) return hash_words({v.bits()});  // the bytes of n << 3
  if (v.is_float()) return hash_words({double_bits(float_value(v))});
  if (!v.is_object()) return hash_immediate(v);
  if (is_object_of(v, Type::String)) return hash_string(v);
  if (is_object_of(v, Type::Keyword)) return hash_keyword(v);
  return CompositeHasher().composite(v);
}

}  // namespace beagle::rt
