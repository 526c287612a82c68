// A Beagle value: one 64-bit word with a 3-bit tag in its low bits
// (docs/ARCHITECTURE.md, "Values and objects").
#pragma once

#include <cstdint>

namespace beagle::gc {

using Word = uint64_t;

enum class Tag : uint8_t {
  Int = 0,        // n << 3
  Object = 1,     // address | 1
  Float = 2,      // address of a float box | 2
  Immediate = 7,  // null, false, true
};

class Value {
 public:
  static constexpr Word kTagMask = 7;
  static constexpr int kTagBits = 3;
  static constexpr int64_t kMaxInt = (int64_t{1} << 60) - 1;
  static constexpr int64_t kMinInt = -(int64_t{1} << 60);

  constexpr Value() : bits_(null().bits_) {}
  static constexpr Value from_bits(Word bits) { return Value(bits, 0); }

  // Ints wrap to 61 bits, as Beagle's arithmetic does.
  static constexpr Value from_int(int64_t n) { return Value(static_cast<Word>(n) << kTagBits, 0); }
  static constexpr Value null() { return Value((0 << kTagBits) | 7, 0); }
  static constexpr Value boolean(bool b) { return Value(((b ? 2 : 1) << kTagBits) | 7, 0); }
  static Value object(const void* address) { return Value(reinterpret_cast<Word>(address) | 1, 0); }
  static Value float_box(const void* address) { return Value(reinterpret_cast<Word>(address) | 2, 0); }

  constexpr Word bits() const { return bits_; }
  constexpr Tag tag() const { return static_cast<Tag>(bits_ & kTagMask); }

  constexpr bool is_int() const { return tag() == Tag::Int; }
  constexpr bool is_null() const { return bits_ == null().bits_; }
  constexpr bool is_bool() const { return bits_ == boolean(true).bits_ || bits_ == boolean(false).bits_; }
  constexpr bool is_true() const { return bits_ == boolean(true).bits_; }
  constexpr bool is_false() const { return bits_ == boolean(false).bits_; }
  constexpr bool is_object() const { return tag() == Tag::Object; }
  constexpr bool is_float() const { return tag() == Tag::Float; }
  // Does this word point into a heap (and so must be traced and may move)?
  constexpr bool is_reference() const { return is_object() || is_float(); }

  constexpr int64_t as_int() const { return static_cast<int64_t>(bits_) >> kTagBits; }
  Word* address() const { return reinterpret_cast<Word*>(bits_ & ~kTagMask); }
  // The same reference, pointing at `moved_to` (keeps the tag).
  Value relocated(const void* moved_to) const {
    return Value(reinterpret_cast<Word>(moved_to) | (bits_ & kTagMask), 0);
  }

  constexpr bool operator==(const Value& other) const { return bits_ == other.bits_; }

 private:
  constexpr Value(Word bits, int) : bits_(bits) {}
  Word bits_;
};

static_assert(sizeof(Value) == 8);

}  // namespace beagle::gc
