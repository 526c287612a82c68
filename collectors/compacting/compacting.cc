// compacting: a moving collector by semispace copying.
//
// The plan: one ChunkedSpace that the mutators bump-allocate in. A
// collection evacuates everything reachable into a fresh to-space
// (tracing/evacuation.h), releases the old space, and continues in the copy. Large
// objects are copied like the others (there is no separate large space);
// they only skip the mutator's buffer.
//
// When to collect: once the bytes handed out since the last collection pass
// a budget of max(4 MiB, 2 x the live bytes after that collection), or when
// the space is at its limit. With a heap limit, each semispace may hold half
// of it, so the live data plus the copy room of a collection always fit.
#include <algorithm>

#include "collectors/api/events.h"
#include "collectors/api/registry.h"
#include "collectors/tracing/evacuation.h"
#include "collectors/spaces/chunked_space.h"

namespace beagle::gc {
namespace {

constexpr const char* kSpaceName = "compacting";
constexpr size_t kMinBudgetBytes = size_t{4} << 20;
constexpr size_t kBudgetPerLiveByte = 2;

// Each semispace's share of the heap limit (0: no limit).
size_t semispace_limit(size_t max_heap_bytes) {
  if (max_heap_bytes == 0) return 0;
  return std::max<size_t>(max_heap_bytes / 2, 1);
}

// To-space may pass its share of the heap limit only if the live data does
// not fit (chunk tails can be wasted differently than in from-space): a
// half-done copy cannot be undone, so it is finished past the limit, and the
// allocation that follows the collection then reports the heap exhausted.
struct ToSpace final : CopyDestination {
  ChunkedSpace space;
  explicit ToSpace(size_t limit) : space(kSpaceName, limit) {}
  Word* room_for_copy(size_t total_words) override {
    if (Word* room = space.allocate(total_words)) return room;
    space.set_limit_bytes(0);
    return space.allocate(total_words);
  }
};

class Compacting final : public Collector {
 public:
  Compacting(CollectorHost& host, const HeapConfig& config)
      : Collector(host), max_heap_bytes_(config.max_heap_bytes),
        space_(kSpaceName, semispace_limit(config.max_heap_bytes)) {
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
    ToSpace to_space(to_space_limit());
    Evacuation evacuation(space_, to_space);
    host().visit_roots(evacuation);
    host().events().roots_visited();
    evacuation.drain();
    host().events().copy_done(evacuation.copied_bytes());
    space_.take_chunks_of(to_space.space);  // releases from-space
    live_bytes_ = space_.used_bytes();
    bytes_since_collection_ = 0;
    return {};
  }

  void for_each_space(const std::function<void(const SpaceRange&)>& fn) override { space_.for_each_range(fn); }

  HeapUsage usage() const override { return {space_.used_bytes(), space_.committed_bytes()}; }

 private:
  CollectorAttributes attributes_;
  size_t max_heap_bytes_;
  ChunkedSpace space_;
  size_t live_bytes_ = 0;
  size_t bytes_since_collection_ = 0;

  bool over_budget() const {
    return bytes_since_collection_ >= std::max(kMinBudgetBytes, kBudgetPerLiveByte * live_bytes_);
  }

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

  // To-space may use whatever from-space leaves of the limit (at least the
  // semispace share), so that the two together never pass it.
  size_t to_space_limit() const {
    if (max_heap_bytes_ == 0) return 0;
    return max_heap_bytes_ - std::min(max_heap_bytes_ - 1, space_.committed_bytes());
  }
};

std::unique_ptr<Collector> make(CollectorHost& host, const HeapConfig& config) {
  return std::make_unique<Compacting>(host, config);
}

}  // namespace

BEAGLE_REGISTER_COLLECTOR(compacting, "compacting", "moving: semispace copying with bump allocation",
                          &make);

}  // namespace beagle::gc
