// SipHash (Aumasson & Bernstein) with a 128-bit key and 64-bit output.
// The default rounds, 1 compression and 3 finalization (SipHash-1-3), are
// what Rust's DefaultHasher uses with key (0, 0): the hash that orders
// Beagle's maps and sets (LANGUAGE.md §5.5).
//
// The hasher is streaming: any split of the same bytes across write calls
// gives the same result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace beagle::rt::text {

class SipHasher {
 public:
  explicit SipHasher(uint64_t k0 = 0, uint64_t k1 = 0, int compression_rounds = 1, int finalization_rounds = 3);

  void write(const void* bytes, size_t length);
  void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
  void write_u8(uint8_t byte) { write(&byte, 1); }
  void write_u64_le(uint64_t word);  // 8 bytes, little-endian (Rust's write_u64/write_usize)

  // The hash of everything written so far (the hasher is left unchanged).
  uint64_t finish() const;

 private:
  struct State {
    uint64_t v0, v1, v2, v3;
  };
  static void round(State& s);
  void compress(State& s, uint64_t message, int rounds) const;

  State state_;
  uint64_t tail_ = 0;      // up to 7 pending bytes, little-endian
  size_t tail_bytes_ = 0;  // how many bytes are in tail_
  uint64_t length_ = 0;    // total bytes written
  int compression_rounds_;
  int finalization_rounds_;
};

// SipHash-1-3 of `bytes` with the given key.
uint64_t siphash13(std::string_view bytes, uint64_t k0 = 0, uint64_t k1 = 0);

}  // namespace beagle::rt::text
