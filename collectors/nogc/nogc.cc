// nogc: bump allocation in chunks that are never freed; collections do
// nothing. The baseline for measuring what the other collectors cost.
#include "collectors/api/registry.h"
#include "collectors/spaces/chunked_space.h"

namespace beagle::gc {
namespace {

class NoGc final : public Collector {
 public:
  NoGc(CollectorHost& host, const HeapConfig&) : Collector(host), space_("nogc", 0) {
    attributes_.fast_path = AllocationFastPath::Bump;
    attributes_.barrier = BarrierKind::None;
    attributes_.moving = false;
    attributes_.reclaims = false;
  }

  const CollectorAttributes& attributes() const override { return attributes_; }

  Word* allocate(Mutator& mutator, size_t total_words, bool) override {
    if (!mutator.buffer_allowed || total_words >= attributes_.large_object_words) return space_.allocate(total_words);
    return space_.allocate_with_buffer(mutator, total_words);
  }

  CollectionReport collect(const CollectionRequest&) override { return {}; }

  // Nothing is ever freed: a retired buffer's rest must not count as used.
  void flush_mutator(Mutator& mutator) override { space_.retire_buffer(mutator); }

  void for_each_space(const std::function<void(const SpaceRange&)>& fn) override { space_.for_each_range(fn); }

  HeapUsage usage() const override { return {space_.used_bytes(), space_.committed_bytes()}; }

 private:
  CollectorAttributes attributes_;
  ChunkedSpace space_;
};

std::unique_ptr<Collector> make(CollectorHost& host, const HeapConfig& config) {
  return std::make_unique<NoGc>(host, config);
}

}  // namespace

BEAGLE_REGISTER_COLLECTOR(nogc, "nogc", "bump allocation, never collects (the baseline)", &make);

}  // namespace beagle::gc
