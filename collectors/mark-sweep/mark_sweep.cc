// mark-sweep: a non-moving, stop-the-world, full-heap collector. Objects
// smaller than kLargeObjectWords live in cells of size-segregated free lists
// (FreeListSpace), bigger ones in mappings of their own (LargeObjectSpace).
// A collection marks from the roots (tracing/marker.h), then sweeps the
// large objects, and the small ones lazily (free_list_space.h). A thread
// allocates small objects from free lists of its own, a block's worth at a
// time, without a lock (the free-list fast path, api/allocation.h).
//
// When to collect: an allocation that a free cell (or a pooled empty block,
// or a block still to sweep) can serve never asks for a collection. One that needs new memory, a block
// or a large object, asks for one once the bytes allocated since the last
// collection exceed the budget, max(4 MiB, growth x the live bytes after
// the last collection); until then, and right after a collection, the heap
// grows (the Heap keeps the objects within the heap limit). So the heap
// settles near (1 + growth) x the live data (twice, at the default growth
// of 1, as Go's GOGC=100), and a collection keeps a budget's worth of
// pooled empty blocks for what comes next.
#include <algorithm>

#include "collectors/api/events.h"
#include "collectors/api/registry.h"
#include "collectors/tracing/marker.h"
#include "collectors/spaces/free_list_space.h"
#include "collectors/spaces/large_object_space.h"

namespace beagle::gc {
namespace {

class MarkSweep final : public Collector {
 public:
  static constexpr size_t kLargeObjectWords = 256;
  static constexpr size_t kMinBudgetBytes = size_t{4} << 20;
  static constexpr double kDefaultGrowth = 1;

  MarkSweep(CollectorHost& host, const HeapConfig& config)
      : Collector(host),
        growth_(growth_option(config, "mark-sweep", "growth", kDefaultGrowth)),
        small_objects_("mark-sweep", kLargeObjectWords - 1),
        large_objects_("mark-sweep-large") {
    attributes_.fast_path = AllocationFastPath::FreeList;
    attributes_.size_classes = &small_objects_.size_classes();
    attributes_.barrier = BarrierKind::None;
    attributes_.large_object_words = kLargeObjectWords;
    attributes_.moving = false;
  }

  const CollectorAttributes& attributes() const override { return attributes_; }

  // A small object's cell comes with the rest of its block's free cells,
  // which the mutator then allocates from itself (the free-list fast path).
  Word* allocate(Mutator& mutator, size_t total_words, bool after_collection) override {
    bool large = total_words >= kLargeObjectWords;
    Word* result = large ? allocate_large(total_words, after_collection) : allocate_small(total_words, after_collection);
    if (result == nullptr) return nullptr;
    size_t words = total_words + (large ? 0 : small_objects_.hand_out_free_cells(mutator, total_words));
    allocated_since_collection_ += words * sizeof(Word);
    return result;
  }

  void flush_mutator(Mutator& mutator) override { small_objects_.take_back_free_cells(mutator); }

  // Phases (api/events.h): swept (the last collection's lazy sweep,
  // finished), roots, marked, swept (lazily from now on).
  CollectionReport collect(const CollectionRequest&) override {
    small_objects_.finish_sweeping();
    host().events().sweep_done(false);
    Marker marker;
    marker.mark_from_roots(host());
    large_objects_.sweep();
    small_objects_.sweep(marker.marked_words() - large_objects_.used_bytes() / sizeof(Word));
    host().events().sweep_done(true);
    allocated_since_collection_ = 0;
    live_bytes_ = usage().used_bytes;
    small_objects_.release_empty_blocks(budget_bytes() / FreeListSpace::kBlockBytes);
    return {};
  }

  void for_each_space(const std::function<void(const SpaceRange&)>& fn) override {
    small_objects_.finish_sweeping();  // an unswept block's dead objects may point at freed cells
    small_objects_.for_each_range(fn);
    large_objects_.for_each_range(fn);
  }

  HeapUsage usage() const override {
    return {small_objects_.used_bytes() + large_objects_.used_bytes(), committed_bytes()};
  }

 private:
  CollectorAttributes attributes_;
  double growth_;
  FreeListSpace small_objects_;
  LargeObjectSpace large_objects_;
  size_t allocated_since_collection_ = 0;
  size_t live_bytes_ = 0;  // after the last collection

  Word* allocate_small(size_t total_words, bool after_collection) {
    if (Word* cell = small_objects_.allocate(total_words)) return cell;
    if (!may_grow(after_collection)) return nullptr;
    return small_objects_.allocate_in_new_block(total_words);
  }

  Word* allocate_large(size_t total_words, bool after_collection) {
    if (!may_grow(after_collection)) return nullptr;
    return large_objects_.allocate(total_words);
  }

  size_t budget_bytes() const { return std::max(kMinBudgetBytes, size_t(growth_ * double(live_bytes_))); }

  // May the heap take more memory now, or is a collection due?
  bool may_grow(bool after_collection) const {
    return after_collection || allocated_since_collection_ <= budget_bytes();
  }

  size_t committed_bytes() const { return small_objects_.committed_bytes() + large_objects_.committed_bytes(); }
};

std::unique_ptr<Collector> make(CollectorHost& host, const HeapConfig& config) {
  return std::make_unique<MarkSweep>(host, config);
}

}  // namespace

BEAGLE_REGISTER_COLLECTOR(mark_sweep, "mark-sweep",
                          "non-moving mark-sweep: size-segregated free lists plus a large-object space", &make,
                          {{"growth", "1", "a collection is due once the bytes allocated since the last one pass "
                                           "this many times the live bytes it left (at least 4M): the heap "
                                           "settles near (1 + growth) x live"}});

}  // namespace beagle::gc
