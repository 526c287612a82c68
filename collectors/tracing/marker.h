// Marking, shared by every plan that traces a non-moving space (mark-sweep,
// and the old generation of generational): sets kMarked on every object the
// roots reach, depth-first with an explicit mark stack, so a long list costs
// heap memory, not C stack. The spaces' sweep() then frees the unmarked.
//
// Marking an object also marks its block (header.h, "Block marks"), so the
// spaces it marks must keep that word: a FreeListSpace's blocks and a
// LargeObjectSpace's aligned mappings do.
//
// Immortal objects (kImmortal) are neither marked nor scanned: they point
// only to immortal objects. Every other reference must point into the
// spaces being marked (the caller empties any young generation first, and
// finishes any lazy sweep, so that no mark is left from the last cycle), so
// no membership test is needed per reference.
//
// Marking can also be done in slices, with the program running in between
// (incremental update, after Dijkstra et al., "On-the-fly garbage
// collection", CACM 1978): the plan marks the roots, then calls drain() with
// a budget at each pause. Between slices the program may store a reference
// to an unmarked object into an object already scanned; the plan's barrier
// records every such object and the plan rescan()s it at the next pause.
// Objects that come into the marked spaces meanwhile are mark()ed, so they
// are scanned too. The last slice marks the roots again and drains fully.
#pragma once

#include <cstddef>
#include <vector>

#include "collectors/api/collector.h"

namespace beagle::gc {

class Marker final : public RootVisitor {
 public:
  // Marks everything reachable from every root the host hands out, and
  // reports the Roots and Marked phases (api/events.h).
  void mark_from_roots(CollectorHost& host);
  // Forgets the last mark (its counts; the queue is empty once drained),
  // keeping the mark stack's memory for the next: freeing a stack that a
  // big array filled costs a pause a millisecond.
  void reset();

  void visit(Value* slot) override { mark(*slot); }
  void mark(Value v) {
    if (v.is_reference()) mark_object(v.address());
  }
  // Marks the object and queues its fields, unless it is marked already.
  void mark_object(Word* object);
  // Queues a marked object's fields again (they may have changed since it
  // was scanned); an unmarked object will be scanned when it is marked.
  void rescan(Word* object);

  // Scans queued objects until `budget_words` fields have been read or none
  // is left; true when none is left.
  bool drain(size_t budget_words = SIZE_MAX);

  // Calls fn on each marked object whose fields are still to scan, in part
  // or whole (for the verifier).
  template <typename Fn>
  void for_each_queued(Fn&& fn) const {
    for (Word* object : mark_stack_) fn(object);
    if (scanning_ != nullptr) fn(scanning_);
  }
  // The fields still to scan, and those scanned so far.
  size_t queued_words() const { return queued_words_; }
  size_t scanned_words() const { return scanned_words_; }
  // The words of every object marked so far (headers included).
  size_t marked_words() const { return marked_words_; }
  size_t marked_bytes() const { return marked_words_ * sizeof(Word); }

 private:
  std::vector<Word*> mark_stack_;  // marked objects whose fields are still to scan
  // The object being scanned, and its next field: a slice may end inside a
  // large array.
  Word* scanning_ = nullptr;
  size_t next_field_ = 0;
  size_t queued_words_ = 0;
  size_t scanned_words_ = 0;
  size_t marked_words_ = 0;

  void queue(Word* object, Header h);
};

}  // namespace beagle::gc
