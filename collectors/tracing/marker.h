// The tracing half of mark-sweep: marks (kMarked in the header) every object
// of the collector's spaces that the roots reach. Depth-first with an
// explicit mark stack, so a long list costs heap memory, not C stack.
// Objects outside the spaces (the immortal space) are neither marked nor
// scanned: they point only to immortal objects.
#pragma once

#include <vector>

#include "collectors/api/collector.h"
#include "collectors/spaces/free_list_space.h"
#include "collectors/spaces/large_object_space.h"

namespace beagle::gc {

class Marker final : public RootVisitor {
 public:
  Marker(const FreeListSpace& small_objects, const LargeObjectSpace& large_objects);

  // Marks everything reachable from every root the host hands out.
  void mark_from_roots(CollectorHost& host);

  void visit(Value* slot) override { mark(*slot); }

 private:
  const FreeListSpace& small_objects_;
  const LargeObjectSpace& large_objects_;
  std::vector<Word*> mark_stack_;  // marked objects whose fields are still to scan

  bool in_spaces(const Word* object) const;
  void mark(Value v);
  void drain();
};

}  // namespace beagle::gc
