// Evacuation, shared by every plan that copies: compacting copies its whole
// space into a fresh one; generational copies the nursery's survivors into
// its old generation (promotion). Everything reachable that lies in the
// `from` space is copied once into the destination; forwarding lives in the
// original's header word (Header::forwarding_to), so every object, even a
// one-word box or an empty struct, stays one object (FAILURE-MODES #2).
// Copies wait on an explicit grey stack for their fields to be forwarded,
// so depth costs heap memory, not C stack, and the destination need not be
// contiguous.
#pragma once

#include <cstddef>
#include <vector>

#include "collectors/api/collector.h"
#include "collectors/spaces/chunked_space.h"

namespace beagle::gc {

// The chunks of a space, for the membership test of every reference the
// copy meets. A byte per 16 KiB granule between the lowest chunk and the
// highest says whether the granule lies wholly inside a chunk, wholly
// outside every chunk, or across a chunk's end; only the last kind (and a
// space spread too thinly for the map) takes the O(log chunks) search of
// the sorted chunks. The search alone took 17% of compacting's binary-trees
// 20: a branch it cannot predict at each level.
class AddressRanges {
 public:
  explicit AddressRanges(const ChunkedSpace& space);
  bool contains(const Word* p) const {
    if (p < lowest_ || p >= highest_) return false;  // exact when there is one range
    if (ranges_.size() == 1) return true;
    if (granules_.empty()) return search(p);
    Granule g = granules_[(reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(lowest_)) >> kGranuleShift];
    return g == Granule::Inside || (g == Granule::Partly && search(p));
  }

 private:
  static constexpr size_t kGranuleShift = 14;           // 16 KiB
  static constexpr size_t kMaxGranules = size_t{1} << 20;  // a span of 16 GiB
  enum class Granule : uint8_t { Outside, Inside, Partly };
  struct Range {
    const Word* begin;
    const Word* end;
  };
  std::vector<Range> ranges_;
  const Word* lowest_ = nullptr;
  const Word* highest_ = nullptr;
  std::vector<Granule> granules_;  // empty: search every time

  bool search(const Word* p) const;
  void map_granules();
};

// Where copies go.
class CopyDestination {
 public:
  virtual ~CopyDestination() = default;
  // Room for a copy of `total_words` words. A half-done evacuation cannot be
  // undone, so this must not fail (it may pass a heap limit; the plan then
  // reports the heap exhausted at the next allocation).
  virtual Word* room_for_copy(size_t total_words) = 0;
};

class Evacuation final : public RootVisitor {
 public:
  // `from` is only read and has its headers overwritten with forwarding;
  // the caller empties it afterwards. Each copy gets `copy_flags` added to
  // its header (kUnlogged when promoting into an old generation).
  Evacuation(const ChunkedSpace& from, CopyDestination& to, uint8_t copy_flags = 0);

  // Makes the slot point at the copy of its object, copying it first if
  // this is the first reference seen. Values that are not references, or
  // that point outside `from`, are left as they are.
  void forward(Value* slot);
  void visit(Value* slot) override { forward(slot); }
  // Forwards every field of an object outside `from` (a remembered object),
  // prefetching the objects its later fields point to: in a large array
  // they lie in no useful order, and their headers are the cost.
  void forward_fields(Word* object);
  // Forwards each slot of a list (remembered slots, in no useful order),
  // prefetching the slots further down the list.
  void forward_slots(const std::vector<Value*>& slots);

  // Forwards the fields of every copy, including those copied meanwhile,
  // until none is left.
  void drain();

  size_t copied_bytes() const { return copied_words_ * sizeof(Word); }

 private:
  AddressRanges from_;
  CopyDestination& to_;
  uint8_t copy_flags_;
  std::vector<Word*> grey_;  // copies whose fields are still to forward
  size_t copied_words_ = 0;

  Word* copy_of(Word* object);
  void prefetch_fields(Word* copy, size_t count);
};

}  // namespace beagle::gc
