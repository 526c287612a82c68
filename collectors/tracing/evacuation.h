// The tracing half of the compacting collector: one Cheney copy of
// everything reachable from the roots, out of from-space into to-space.
// Forwarding lives in the from-space header word (Header::forwarding_to), so
// every object, even a one-word box or an empty struct, is copied once and
// stays one object (FAILURE-MODES.md #2). The scan is a loop over to-space,
// never a recursion, so list length does not touch the C++ stack.
#pragma once

#include <cstddef>
#include <vector>

#include "collectors/api/collector.h"
#include "collectors/spaces/chunked_space.h"

namespace beagle::gc {

// The chunks of a space, sorted by address, for an O(log chunks) membership
// test of every reference the copy meets.
class AddressRanges {
 public:
  explicit AddressRanges(const ChunkedSpace& space);
  bool contains(const Word* p) const;

 private:
  struct Range {
    const Word* begin;
    const Word* end;
  };
  std::vector<Range> ranges_;
};

class CheneyCopy {
 public:
  // `to` must be empty. `from` is only read and has its headers overwritten
  // with forwarding; the caller releases it afterwards.
  CheneyCopy(const ChunkedSpace& from, ChunkedSpace& to);

  // Makes the slot point at the to-space copy of its object, copying it
  // first if this is the first reference seen. Values that are not
  // references, or that point outside from-space (immortal objects), are
  // left as they are.
  void forward(Value* slot);

  // Forwards every field of every object in to-space, including the objects
  // copied while scanning, until the scan catches up with the copying.
  void scan_to_space();

 private:
  AddressRanges from_;
  ChunkedSpace& to_;

  Word* copy_of(Word* object);
  Word* room_in_to_space(size_t total_words);
};

// Forwards every root through a CheneyCopy.
class ForwardingRootVisitor final : public RootVisitor {
 public:
  explicit ForwardingRootVisitor(CheneyCopy& copy) : copy_(copy) {}
  void visit(Value* slot) override { copy_.forward(slot); }

 private:
  CheneyCopy& copy_;
};

}  // namespace beagle::gc
