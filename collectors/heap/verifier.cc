#include "collectors/heap/verifier.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "collectors/heap/heap.h"

namespace beagle::gc {
namespace {

std::string hex(const void* p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%p", p);
  return buffer;
}

std::string describe(const Word* object) {
  Header h = header_of(object);
  return "object " + hex(object) + " (type " + std::to_string(h.type()) + ", " +
         std::to_string(h.size_words()) + " words)";
}

}  // namespace

Verifier::Verifier(Heap& heap, uint64_t collection, const char* when)
    : heap_(heap), collection_(collection), when_(when) {}

void Verifier::fail(const std::string& what) {
  throw VerificationError("heap verification failed " + std::string(when_) + " number " +
                          std::to_string(collection_) + " (collector " + heap_.options().collector +
                          "): " + what);
}

template <typename Where>
void Verifier::check_reference(Value v, Where&& where) {
  if (!v.is_reference()) return;
  Word* target = v.address();
  if (!is_object_start(target)) {
    fail(where() + " holds " + hex(reinterpret_cast<void*>(v.bits())) +
         ", which is not the start of an object in a live space");
  }
  if (header_of(target).type() == kFillerType) fail(where() + " points at free memory (a filler) " + hex(target));
}

void Verifier::run() {
  std::vector<SpaceRange> ranges;
  heap_.for_each_space([&](const SpaceRange& r) { ranges.push_back(r); });
  std::sort(ranges.begin(), ranges.end(), [](const SpaceRange& a, const SpaceRange& b) { return a.begin < b.begin; });
  for (const SpaceRange& r : ranges) walk_space(r);

  for (Word* object : objects_) {
    Header h = header_of(object);
    if (h.type() == kFillerType) continue;
    uint64_t index = 0;
    for_each_field(object, [&](Value* slot) {
      uint64_t i = index++;
      check_reference(*slot, [&] { return "field " + std::to_string(i) + " of " + describe(object); });
    });
  }

  struct RootChecker : RootVisitor {
    Verifier* self;
    uint64_t count = 0;
    void visit(Value* slot) override {
      uint64_t i = count++;
      self->check_reference(*slot, [&] { return "root " + std::to_string(i) + " at " + hex(slot); });
    }
  } roots;
  roots.self = this;
  heap_.visit_every_root(roots);

  if (const GenerationsView* generations = heap_.collector().generations()) check_generations(*generations);
}

void Verifier::check_marks() {
  std::unordered_set<const Word*> reached;
  std::vector<std::pair<Word*, const Word*>> pending;  // an object, and what references it (null: a root)
  struct RootCollector : RootVisitor {
    std::vector<std::pair<Word*, const Word*>>* pending;
    void visit(Value* slot) override {
      if (slot->is_reference()) pending->emplace_back(slot->address(), nullptr);
    }
  } roots;
  roots.pending = &pending;
  heap_.visit_every_root(roots);
  while (!pending.empty()) {
    Word* object = pending.back().first;
    const Word* referrer = pending.back().second;
    pending.pop_back();
    Header h = header_of(object);
    if (h.has(kImmortal) || !reached.insert(object).second) continue;
    if (!h.has(kMarked)) {
      fail("check-mark: " + describe(object) + ", reachable from " +
           (referrer == nullptr ? std::string("a root") : describe(referrer)) +
           ", is unmarked after marking ended: the concurrent mark missed it");
    }
    for_each_field(object, [&](Value* field) {
      if (field->is_reference()) pending.emplace_back(field->address(), object);
    });
  }
}

void Verifier::check_generations(const GenerationsView& generations) {
  std::unordered_set<const Word*> remembered;
  generations.for_each_remembered([&](const Word* object) { remembered.insert(object); });
  std::unordered_set<const Value*> remembered_slots;
  generations.for_each_remembered_slot([&](const Value* slot) { remembered_slots.insert(slot); });
  for (Word* object : objects_) {
    Header h = header_of(object);
    if (h.type() == kFillerType || h.has(kImmortal) || generations.is_young(object)) continue;
    if (remembered.count(object) != 0) continue;
    if (!h.has(kUnlogged)) {
      fail("old " + describe(object) + " is neither remembered nor armed (kUnlogged): the barrier would miss its "
           "next store");
    }
    uint64_t index = 0;
    for_each_field(object, [&](Value* slot) {
      uint64_t i = index++;
      if (slot->is_reference() && generations.is_young(slot->address()) && remembered_slots.count(slot) == 0) {
        fail("field " + std::to_string(i) + " of old " + describe(object) + " points to the young object " +
             hex(slot->address()) + ", but neither the object nor the field is in the remembered set (a missing "
             "write barrier)");
      }
    });
  }
  if (generations.marking_old()) check_marking(generations, remembered, remembered_slots);
}

// No scanned (marked, not queued) old object may point to an unmarked one
// unless it, or that field, is remembered, and so will be scanned again at
// the next pause.
void Verifier::check_marking(const GenerationsView& generations, const std::unordered_set<const Word*>& remembered,
                             const std::unordered_set<const Value*>& remembered_slots) {
  std::unordered_set<const Word*> queued;
  generations.for_each_queued([&](const Word* object) { queued.insert(object); });
  for (Word* object : objects_) {
    Header h = header_of(object);
    if (h.type() == kFillerType || !h.has(kMarked) || generations.is_young(object)) continue;
    if (queued.count(object) != 0 || remembered.count(object) != 0) continue;
    uint64_t index = 0;
    for_each_field(object, [&](Value* slot) {
      uint64_t i = index++;
      if (!slot->is_reference() || remembered_slots.count(slot) != 0) return;
      Header target = header_of(slot->address());
      if (target.has(kMarked) || target.has(kImmortal)) return;
      fail("field " + std::to_string(i) + " of the marked and scanned " + describe(object) +
           " points to the unmarked object " + hex(slot->address()) +
           " while the old generation is being marked: the mark would miss it (a missing barrier or rescan)");
    });
  }
}

bool Verifier::is_object_start(const Word* p) const {
  auto after = std::upper_bound(ranges_.begin(), ranges_.end(), p,
                                [](const Word* q, const Range& r) { return q < r.begin; });
  if (after == ranges_.begin()) return false;
  const Range& r = *(after - 1);
  if (p >= r.end) return false;
  size_t word = size_t(p - r.begin);
  return (r.starts[word / 64] >> (word % 64)) & 1;
}

void Verifier::walk_space(const SpaceRange& range) {
  bool immortal = std::string(range.space) == kImmortalSpaceName;
  Range& index = ranges_.emplace_back();
  index.begin = range.begin;
  index.end = range.end;
  index.starts.assign(size_t(range.end - range.begin + 63) / 64, 0);
  Word* at = range.begin;
  auto where = [&] { return "in space " + std::string(range.space) + " at " + hex(at); };
  while (at < range.end) {
    Header h = header_of(at);
    if (h.is_forwarded()) fail("forwarding header left behind " + where());
    uint32_t max_type = heap_.options().max_type_id;
    if (max_type != 0 && h.type() > max_type) {
      fail("a header with the unknown type id " + std::to_string(h.type()) + " " + where());
    }
    if (h.total_words() > uint64_t(range.end - at)) {
      fail("object size runs past the end of its space " + where() + ": " + describe(at) + ", " +
           std::to_string(range.end - at) + " words left");
    }
    size_t word = size_t(at - range.begin);
    index.starts[word / 64] |= uint64_t{1} << (word % 64);
    objects_.push_back(at);
    if (h.type() != kFillerType && h.has(kImmortal) != immortal) {
      fail(describe(at) + (immortal ? " in the immortal space is not marked immortal"
                                    : " is marked immortal outside the immortal space"));
    }
    at += h.total_words();
  }
}


}  // namespace beagle::gc
