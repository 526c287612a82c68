// Marking, shared by every plan that traces a non-moving space (mark-sweep,
// and the old generation of generational): sets kMarked on every object the
// roots reach, depth-first with an explicit mark stack, so a long list costs
// heap memory, not C stack. The spaces' sweep() then frees the unmarked.
//
// Immortal objects (kImmortal) are neither marked nor scanned: they point
// only to immortal objects. Every other reference must point into the
// spaces being marked (the caller empties any young generation first, and
// finishes any lazy sweep, so that no mark is left from the last cycle), so
// no membership test is needed per reference.
#pragma once

#include <vector>

#include "collectors/api/collector.h"

namespace beagle::gc {

class Marker final : public RootVisitor {
 public:
  // Marks everything reachable from every root the host hands out.
  void mark_from_roots(CollectorHost& host);

  void visit(Value* slot) override { mark(*slot); }

  // The words of every object marked so far (headers included).
  size_t marked_words() const { return marked_words_; }

 private:
  std::vector<Word*> mark_stack_;  // marked objects whose fields are still to scan
  size_t marked_words_ = 0;

  void mark(Value v);
  void drain();
};

}  // namespace beagle::gc
