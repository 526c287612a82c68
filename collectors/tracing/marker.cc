#include "collectors/mark-sweep/marking.h"

namespace beagle::gc {

Marker::Marker(const FreeListSpace& small_objects, const LargeObjectSpace& large_objects)
    : small_objects_(small_objects), large_objects_(large_objects) {}

void Marker::mark_from_roots(CollectorHost& host) {
  host.visit_roots(*this);
  drain();
}

bool Marker::in_spaces(const Word* object) const {
  return small_objects_.contains(object) || large_objects_.contains(object);
}

void Marker::mark(Value v) {
  if (!v.is_reference()) return;
  Word* object = v.address();
  if (!in_spaces(object)) return;
  Header h = header_of(object);
  if (h.has(kMarked)) return;
  *object = h.with(kMarked).bits();
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
