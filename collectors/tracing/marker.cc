#include "collectors/tracing/marker.h"

#include "collectors/api/events.h"

namespace beagle::gc {

void Marker::mark_from_roots(CollectorHost& host) {
  host.visit_roots(*this);
  host.events().roots_visited();
  drain();
  host.events().mark_done(marked_bytes());
}

void Marker::reset() {
  mark_stack_.clear();
  scanning_ = nullptr;
  next_field_ = 0;
  queued_words_ = 0;
  scanned_words_ = 0;
  marked_words_ = 0;
}

void Marker::mark_object(Word* object) {
  Header h = header_of(object);
  if (h.has(kMarked) || h.has(kImmortal)) return;
  set_header(object, h.with(kMarked));
  mark_block_of(object);
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
  constexpr size_t kPrefetchAhead = 64;
  while (budget_words > 0) {
    if (scanning_ == nullptr) {
      if (mark_stack_.empty()) break;
      scanning_ = mark_stack_.back();
      mark_stack_.pop_back();
      next_field_ = 0;
    }
    size_t count = header_of(scanning_).size_words();
    size_t end = count - next_field_ <= budget_words ? count : next_field_ + budget_words;
    Value* fields = fields_of(scanning_);
    for (size_t i = next_field_; i < end; i++) {
      // In a large array the objects lie in no useful order: fetch the
      // headers a few fields ahead while marking this one.
      Value ahead = i + kPrefetchAhead < end ? load_field(&fields[i + kPrefetchAhead]) : Value::null();
      if (ahead.is_reference()) __builtin_prefetch(ahead.address(), 1);
      mark(load_field(&fields[i]));
    }
    budget_words -= end - next_field_;
    queued_words_ -= end - next_field_;
    scanned_words_ += end - next_field_;
    next_field_ = end;
    if (end == count) scanning_ = nullptr;
  }
  return scanning_ == nullptr && mark_stack_.empty();
}

}  // namespace beagle::gc
