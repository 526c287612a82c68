// The heap verifier: before and after a collection (always under
// gc-always), checks that every space tiles exactly with valid headers, that
// no forwarding header is left, that only the immortal space holds immortal
// objects, and that every reference (in an object or a root) points at the
// start of an object in a live space. For a generational collector it is
// also the barrier verifier: every old object that points to a young one is
// in the remembered set, and every other old object is armed (kUnlogged),
// so that the barrier logs its next store. The first failure throws a
// VerificationError naming the object, the field, the collection and the
// collector.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "collectors/api/collector.h"

namespace beagle::gc {

class Heap;

class VerificationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Verifier {
 public:
  Verifier(Heap& heap, uint64_t collection, const char* when);
  void run();
  // Check-mark (Go's gccheckmark), for a collector whose marking claims to
  // be complete (CollectorHost::check_marks): a traversal of its own from
  // every root must find every mortal object it reaches marked.
  void check_marks();

 private:
  Heap& heap_;
  uint64_t collection_;
  const char* when_;
  // Object starts, one bit per word of each range; ranges sorted by address.
  struct Range {
    Word* begin;
    Word* end;
    std::vector<uint64_t> starts;
  };
  std::vector<Range> ranges_;
  std::vector<Word*> objects_;  // every object, in address order

  bool is_object_start(const Word* p) const;

  void walk_space(const SpaceRange& range);
  void check_generations(const GenerationsView& generations);
  void check_marking(const GenerationsView& generations, const std::unordered_set<const Word*>& remembered,
                     const std::unordered_set<const Value*>& remembered_slots);
  // `where` describes the slot; it is only called when the check fails.
  template <typename Where>
  void check_reference(Value v, Where&& where);
  [[noreturn]] void fail(const std::string& what);
};

}  // namespace beagle::gc
