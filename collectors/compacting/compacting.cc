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
constexpr size_t kBudgetPerLiveByte = 2;

struct ToSpace final : CopyDestination {
  ChunkedSpace space{kSpaceName, 0};
  Word* room_for_copy(size_t total_words) override { return space.allocate(total_words); }
};

class Compacting final : public Collector {
 public:
  Compacting(CollectorHost& host, const HeapConfig&) : Collector(host), space_(kSpaceName, 0) {
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
    ToSpace to_space;
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

  // Until the next collection drops from-space, a retired buffer's rest is
  // not counted as used.
  void flush_mutator(Mutator& mutator) override { space_.retire_buffer(mutator); }

  void for_each_space(const std::function<void(const SpaceRange&)>& fn) override { space_.for_each_range(fn); }

  HeapUsage usage() const override { return {space_.used_bytes(), space_.committed_bytes()}; }

 private:
  CollectorAttributes attributes_;
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
};

std::unique_ptr<Collector> make(CollectorHost& host, const HeapConfig& config) {
  return std::make_unique<Compacting>(host, config);
}

}  // namespace

BEAGLE_REGISTER_COLLECTOR(compacting, "compacting", "moving: semispace copying with bump allocation",
                          &make);

}  // namespace beagle::gc
