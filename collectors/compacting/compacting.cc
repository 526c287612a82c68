// compacting: a moving collector by semispace copying.
//
// The plan: one ChunkedSpace that the mutators bump-allocate in. A
// collection evacuates everything reachable into a fresh to-space
// (tracing/evacuation.h), gives the old space's chunks back to the pool the
// two spaces share, and continues in the copy; the mutators and the next
// to-space take their chunks from that pool, so the pages are mapped once
// and reused every cycle. The pool keeps what the next cycle can use (its
// allocation budget and a copy of everything live) and unmaps the rest,
// shrinking by at most a quarter a collection, so memory goes back to the
// system when the heap shrinks and stays smaller. Large
// objects are copied like the others (there is no separate large space);
// they only skip the mutator's buffer.
//
// When to collect: once the bytes handed out since the last collection pass
// a budget of max(4 MiB, growth x the live bytes after that collection;
// growth is 2 unless the option says otherwise), or when
// the objects reach the heap limit (which the Heap keeps; the copy room a
// collection needs is not counted).
#include <algorithm>

#include "collectors/api/events.h"
#include "collectors/api/registry.h"
#include "collectors/tracing/evacuation.h"
#include "collectors/spaces/chunked_space.h"

namespace beagle::gc {
namespace {

constexpr const char* kSpaceName = "compacting";
constexpr size_t kMinBudgetBytes = size_t{4} << 20;
constexpr double kDefaultGrowth = 2;

struct ToSpace final : CopyDestination {
  explicit ToSpace(ChunkPool& pool) : space(kSpaceName, 0, ChunkedSpace::kDefaultChunkBytes, &pool) {}
  ChunkedSpace space;
  Word* room_for_copy(size_t total_words) override { return space.allocate(total_words); }
};

class Compacting final : public Collector {
 public:
  Compacting(CollectorHost& host, const HeapConfig& config)
      : Collector(host),
        space_(kSpaceName, 0, ChunkedSpace::kDefaultChunkBytes, &pool_),
        limit_bytes_(config.max_heap_bytes),
        growth_(growth_option(config, "compacting", "growth", kDefaultGrowth)) {
    attributes_.fast_path = AllocationFastPath::Bump;
    attributes_.barrier = BarrierKind::None;
    attributes_.large_object_words = 256;
    attributes_.moving = true;
  }

  const CollectorAttributes& attributes() const override { return attributes_; }

  Word* allocate(Mutator& mutator, size_t total_words, bool after_collection) override {
    if (!after_collection && over_budget()) return nullptr;
    if (!mutator.buffer_allowed || total_words >= attributes_.large_object_words) {
      return allocate_exactly(total_words);
    }
    return allocate_with_buffer(mutator, total_words);
  }

  // Phases (api/events.h): roots, copied.
  CollectionReport collect(const CollectionRequest&) override {
    ToSpace to_space(pool_);
    Evacuation evacuation(space_, to_space);
    host().visit_roots(evacuation);
    host().events().roots_visited();
    evacuation.drain();
    host().events().copy_done(evacuation.copied_bytes());
    space_.take_chunks_of(to_space.space);  // from-space goes back to the pool
    live_bytes_ = space_.used_bytes();
    bytes_since_collection_ = 0;
    keep_bytes_ = std::max(next_cycle_bytes(), keep_bytes_ / 4 * 3);
    pool_.trim(keep_bytes_);
    return {};
  }

  // Until the next collection drops from-space, a retired buffer's rest is
  // not counted as used.
  void flush_mutator(Mutator& mutator) override { space_.retire_buffer(mutator); }

  void for_each_space(const std::function<void(const SpaceRange&)>& fn) override { space_.for_each_range(fn); }

  HeapUsage usage() const override {
    return {space_.used_bytes(), space_.committed_bytes() + pool_.kept_bytes()};
  }

 private:
  CollectorAttributes attributes_;
  ChunkPool pool_;  // before space_: it outlives it
  ChunkedSpace space_;
  size_t limit_bytes_;  // of objects in use; 0: none
  double growth_;       // the budget, per live byte
  size_t live_bytes_ = 0;
  size_t bytes_since_collection_ = 0;
  // What the pool keeps: what the next cycle can use, or, when the heap
  // shrinks, a quarter less than it kept before (live data that swings
  // between collections would otherwise unmap and map the same memory).
  size_t keep_bytes_ = 0;

  // What the next cycle can use: the mutators' budget (no more than the
  // heap limit lets them fill), and a to-space for everything live.
  size_t next_cycle_bytes() const {
    size_t allocation = budget_bytes();
    if (limit_bytes_ != 0) allocation = std::min(allocation, limit_bytes_ - std::min(limit_bytes_, live_bytes_));
    return allocation + live_bytes_;
  }

  size_t budget_bytes() const { return std::max(kMinBudgetBytes, size_t(growth_ * double(live_bytes_))); }
  bool over_budget() const { return bytes_since_collection_ >= budget_bytes(); }

  Word* allocate_exactly(size_t total_words) {
    Word* object = space_.allocate(total_words);
    if (object != nullptr) bytes_since_collection_ += total_words * sizeof(Word);
    return object;
  }

  // The whole buffer counts as allocated: the mutator fills it unseen.
  Word* allocate_with_buffer(Mutator& mutator, size_t total_words) {
    Word* object = space_.allocate_with_buffer(mutator, total_words);
    if (object != nullptr) bytes_since_collection_ += size_t(mutator.alloc_limit - object) * sizeof(Word);
    return object;
  }
};

std::unique_ptr<Collector> make(CollectorHost& host, const HeapConfig& config) {
  return std::make_unique<Compacting>(host, config);
}

}  // namespace

BEAGLE_REGISTER_COLLECTOR(compacting, "compacting", "moving: semispace copying with bump allocation",
                          &make,
                          {{"growth", "2", "a collection is due once the bytes allocated since the last one pass "
                                           "this many times the live bytes it copied (at least 4M)"}});

}  // namespace beagle::gc
