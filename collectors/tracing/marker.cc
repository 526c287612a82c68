#include "collectors/tracing/marker.h"

namespace beagle::gc {

void Marker::mark_from_roots(CollectorHost& host) {
  host.visit_roots(*this);
  drain();
}

void Marker::mark_object(Word* object) {
  Header h = header_of(object);
  if (h.has(kMarked) || h.has(kImmortal)) return;
  *object = h.with(kMarked).bits();
  marked_words_ += h.total_words();
  queue(object, h);
}

void Marker::rescan(Word* object) {
  Header h = header_of(object);
  if (h.has(kMarked)) queue(object, h);
}

void Marker::queue(Word* object, Header h) {
  if (h.has(kOpaque) || h.size_words() == 0) return;
  mark_stack_.push_back(object);
  queued_words_ += h.size_words();
}

bool Marker::drain(size_t budget_words) {
  size_t scanned = 0;
  while (!mark_stack_.empty() && scanned < budget_words) {
    Word* object = mark_stack_.back();
    mark_stack_.pop_back();
    for_each_field(object, [this](Value* slot) { mark(*slot); });
    size_t words = header_of(object).size_words();
    scanned += words;
    queued_words_ -= words;
  }
  return mark_stack_.empty();
}

}  // namespace beagle::gc
