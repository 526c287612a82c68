// How collectors receive roots: every root, of every class, reaches a
// collector through RootVisitor::visit, and a moving collector updates the
// slot in place. Collectors never walk stacks or tables themselves.
#pragma once

#include "collectors/api/value.h"

namespace beagle::gc {

class RootVisitor {
 public:
  virtual ~RootVisitor() = default;
  // `slot` holds a value; if it is a reference the collector may rewrite it.
  virtual void visit(Value* slot) = 0;
};

// One class of roots (thread stacks, handles, the namespace table, ...).
// The runtime registers its sources with the Heap; every collector sees all
// of them, in the same order.
class RootSource {
 public:
  virtual ~RootSource() = default;
  virtual const char* name() const = 0;
  virtual void visit_roots(RootVisitor& visitor) = 0;
};

}  // namespace beagle::gc
