// The one object header word shared by every collector
// (docs/ARCHITECTURE.md, "Values and objects"). All numbers in it are
// untagged:
//
//   bit 0      forwarded: the whole word is then `new_address | 1`
//   bits 1-7   type id
//   bits 8-15  flags
//   bits 16-31 type data (a struct's id)
//   bits 32-63 payload size in words (the header not included)
#pragma once

#include <cassert>
#include <cstdint>

#include "collectors/api/value.h"

namespace beagle::gc {

enum HeaderFlag : uint8_t {
  kMarked = 1 << 0,
  kOpaque = 1 << 1,    // no reference fields: never scanned
  kLarge = 1 << 2,     // lives in a large-object space
  kImmortal = 1 << 3,  // never moved or freed
  // An old object that the barrier has not logged since the last
  // collection: its next reference store appends it to the remembered set
  // (barrier.h). Young objects never have it.
  kUnlogged = 1 << 6,
};
// Block marks: every object a marker marks (tracing/marker.h) lies in a
// block of kMarkBlockBytes, aligned to its size, whose first word the
// marker may mark too: a FreeListSpace block begins with a one-word filler
// for it, and a large object begins its own aligned mapping (its header is
// that word). So a sweep frees a block where nothing was marked without
// reading its objects.
inline constexpr size_t kMarkBlockBytes = size_t{16} << 10;
inline constexpr int kAgeShift = 4;  // flag bits 4-5: age, for generational collectors
inline constexpr uint8_t kAgeMask = 3 << kAgeShift;

class Header {
 public:
  static constexpr int kTypeBits = 7;
  static constexpr uint32_t kMaxType = (1u << kTypeBits) - 1;
  static constexpr uint32_t kMaxTypeData = 0xFFFF;
  static constexpr uint64_t kMaxSize = 0xFFFFFFFFull;

  constexpr Header() = default;
  static constexpr Header from_bits(Word bits) { return Header(bits); }

  static constexpr Header make(uint32_t type, uint64_t size_words, uint32_t type_data = 0, uint8_t flags = 0) {
    return Header((uint64_t(type) << 1) | (uint64_t(flags) << 8) | (uint64_t(type_data) << 16) |
                  (size_words << 32));
  }
  static Header forwarding_to(const void* new_address) {
    Word address = reinterpret_cast<Word>(new_address);
    assert((address & 7) == 0);
    return Header(address | 1);
  }

  constexpr Word bits() const { return bits_; }
  constexpr bool is_forwarded() const { return (bits_ & 1) != 0; }
  Word* forwarding_address() const { return reinterpret_cast<Word*>(bits_ & ~Word{1}); }

  constexpr uint32_t type() const { return uint32_t(bits_ >> 1) & kMaxType; }
  constexpr uint8_t flags() const { return uint8_t(bits_ >> 8); }
  constexpr uint32_t type_data() const { return uint32_t(bits_ >> 16) & kMaxTypeData; }
  constexpr uint64_t size_words() const { return bits_ >> 32; }
  constexpr uint64_t total_words() const { return size_words() + 1; }

  constexpr bool has(HeaderFlag flag) const { return (flags() & flag) != 0; }
  constexpr Header with(HeaderFlag flag) const { return Header(bits_ | (Word(flag) << 8)); }
  constexpr Header without(HeaderFlag flag) const { return Header(bits_ & ~(Word(flag) << 8)); }
  constexpr Header with_flags(uint8_t flags) const { return Header(bits_ | (Word(flags) << 8)); }
  constexpr uint32_t age() const { return (flags() & kAgeMask) >> kAgeShift; }
  constexpr Header with_age(uint32_t age) const {
    return Header((bits_ & ~(Word(kAgeMask) << 8)) | (Word((age << kAgeShift) & kAgeMask) << 8));
  }

 private:
  constexpr explicit Header(Word bits) : bits_(bits) {}
  Word bits_ = 0;
};

// Type 0 is filler: the unused remainder of an allocation buffer or a free
// cell, so that the objects of every space tile it exactly.
inline constexpr uint32_t kFillerType = 0;
inline Header filler_header(uint64_t total_words) { return Header::make(kFillerType, total_words - 1, 0, kOpaque); }

// The first word of the block a marked object lies in (above).
inline Word* block_mark_word(const Word* object) {
  return reinterpret_cast<Word*>(reinterpret_cast<uintptr_t>(object) & ~uintptr_t(kMarkBlockBytes - 1));
}

// An object in memory: its header word followed by `size_words` payload words.
// A header is read and, by a marker, written with relaxed atomic accesses
// (plain moves on x86-64): a concurrent marker sets kMarked in headers that
// running mutators read.
inline Header header_of(const Word* object) { return Header::from_bits(__atomic_load_n(object, __ATOMIC_RELAXED)); }
inline void set_header(Word* object, Header h) { __atomic_store_n(object, h.bits(), __ATOMIC_RELAXED); }
// Marks the block `object` lies in (a marker does for every object it
// marks; a collector that allocates marked objects, for those). Written
// only when clear: most objects share a block already marked.
inline void mark_block_of(const Word* object) {
  Word* block = block_mark_word(object);
  Header mark = header_of(block);
  if (!mark.has(kMarked)) set_header(block, mark.with(kMarked));
}
inline Value* fields_of(Word* object) { return reinterpret_cast<Value*>(object + 1); }
// A field that a concurrent marker reads while mutators store to it: the
// store releases and the marker's load acquires (plain moves on x86-64), so
// an object's header and fields, written before a reference to it is
// stored, are what the marker reads after it loads that reference.
inline Value load_field(const Value* slot) {
  return Value::from_bits(__atomic_load_n(reinterpret_cast<const Word*>(slot), __ATOMIC_ACQUIRE));
}
inline void store_field_release(Value* slot, Value value) {
  __atomic_store_n(reinterpret_cast<Word*>(slot), value.bits(), __ATOMIC_RELEASE);
}

}  // namespace beagle::gc
