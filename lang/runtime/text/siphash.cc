#include "lang/runtime/text/siphash.h"

#include <bit>

namespace beagle::rt::text {

SipHasher::SipHasher(uint64_t k0, uint64_t k1, int compression_rounds, int finalization_rounds)
    : state_{k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull, k0 ^ 0x6c7967656e657261ull,
             k1 ^ 0x7465646279746573ull},
      compression_rounds_(compression_rounds),
      finalization_rounds_(finalization_rounds) {}

void SipHasher::round(State& s) {
  s.v0 += s.v1;
  s.v1 = std::rotl(s.v1, 13) ^ s.v0;
  s.v0 = std::rotl(s.v0, 32);
  s.v2 += s.v3;
  s.v3 = std::rotl(s.v3, 16) ^ s.v2;
  s.v0 += s.v3;
  s.v3 = std::rotl(s.v3, 21) ^ s.v0;
  s.v2 += s.v1;
  s.v1 = std::rotl(s.v1, 17) ^ s.v2;
  s.v2 = std::rotl(s.v2, 32);
}

// Absorbs one 8-byte message word.
void SipHasher::compress(State& s, uint64_t message, int rounds) const {
  s.v3 ^= message;
  for (int i = 0; i < rounds; i++) round(s);
  s.v0 ^= message;
}

void SipHasher::write(const void* bytes, size_t length) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  length_ += length;
  for (size_t i = 0; i < length; i++) {
    tail_ |= uint64_t(p[i]) << (8 * tail_bytes_);
    if (++tail_bytes_ == 8) {
      compress(state_, tail_, compression_rounds_);
      tail_ = 0;
      tail_bytes_ = 0;
    }
  }
}

void SipHasher::write_u64_le(uint64_t word) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; i++) bytes[i] = static_cast<unsigned char>(word >> (8 * i));
  write(bytes, sizeof bytes);
}

uint64_t SipHasher::finish() const {
  State s = state_;
  uint64_t last = tail_ | (length_ << 56);  // the length's low byte tops the final word
  compress(s, last, compression_rounds_);
  s.v2 ^= 0xff;
  for (int i = 0; i < finalization_rounds_; i++) round(s);
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint64_t siphash13(std::string_view bytes, uint64_t k0, uint64_t k1) {
  SipHasher hasher(k0, k1);
  hasher.write(bytes);
  return hasher.finish();
}

}  // namespace beagle::rt::text
