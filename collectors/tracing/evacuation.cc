#include "collectors/compacting/copying.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace beagle::gc {

AddressRanges::AddressRanges(const ChunkedSpace& space) {
  for (const ChunkedSpace::Chunk& c : space.chunks()) ranges_.push_back({c.begin, c.end});
  std::sort(ranges_.begin(), ranges_.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
}

bool AddressRanges::contains(const Word* p) const {
  // The last range that begins at or before p is the only one that can hold it.
  auto after = std::upper_bound(ranges_.begin(), ranges_.end(), p,
                                [](const Word* q, const Range& r) { return q < r.begin; });
  if (after == ranges_.begin()) return false;
  return p < std::prev(after)->end;
}

CheneyCopy::CheneyCopy(const ChunkedSpace& from, ChunkedSpace& to) : from_(from), to_(to) {
  assert(to.chunks().empty());
}

void CheneyCopy::forward(Value* slot) {
  Value v = *slot;
  if (!v.is_reference() || !from_.contains(v.address())) return;
  *slot = v.relocated(copy_of(v.address()));
}

// The object's to-space copy: made now, or found through its forwarding
// header if an earlier reference already copied it.
Word* CheneyCopy::copy_of(Word* object) {
  Header h = header_of(object);
  if (h.is_forwarded()) return h.forwarding_address();
  assert(h.type() != kFillerType && "a reference to a filler: fillers are free memory");
  Word* copy = room_in_to_space(h.total_words());
  std::memcpy(copy, object, h.total_words() * sizeof(Word));
  *object = Header::forwarding_to(copy).bits();
  return copy;
}

Word* CheneyCopy::room_in_to_space(size_t total_words) {
  Word* room = to_.allocate(total_words);
  if (room != nullptr) return room;
  // The live data did not fit in to-space's share of the heap limit (only
  // possible when chunk tails are wasted differently than in from-space).
  // A half-done copy cannot be undone, so finish it past the limit; the
  // allocation that follows the collection then fails and reports the heap
  // exhausted.
  to_.set_limit_bytes(0);
  room = to_.allocate(total_words);
  if (room == nullptr) {
    std::fprintf(stderr, "compacting: out of memory while copying %zu words\n", total_words);
    std::abort();
  }
  return room;
}

void CheneyCopy::scan_to_space() {
  // Indices, not iterators or references: copying may add chunks (and seal
  // the current one with a filler, which is opaque and so not scanned) and
  // move the top of the last chunk while we walk it.
  for (size_t chunk = 0; chunk < to_.chunks().size(); chunk++) {
    Word* at = to_.chunks()[chunk].begin;
    while (at < to_.chunks()[chunk].top) {
      for_each_field(at, [this](Value* field) { forward(field); });
      at += header_of(at).total_words();
    }
  }
}

}  // namespace beagle::gc
