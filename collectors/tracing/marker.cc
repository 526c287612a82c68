#include "collectors/tracing/marker.h"

namespace beagle::gc {

void Marker::mark_from_roots(CollectorHost& host) {
  host.visit_roots(*this);
  drain();
}

void Marker::mark(Value v) {
  if (!v.is_reference()) return;
  Word* object = v.address();
  Header h = header_of(object);
  if (h.has(kMarked) || h.has(kImmortal)) return;
  *object = h.with(kMarked).bits();
  marked_words_ += h.total_words();
  if (!h.has(kOpaque) && h.size_words() != 0) mark_stack_.push_back(object);
}

void Marker::drain() {
  while (!mark_stack_.empty()) {
    Word* object = mark_stack_.back();
    mark_stack_.pop_back();
    for_each_field(object, [this](Value* slot) { mark(*slot); });
  }
}

}  // namespace beagle::gc
