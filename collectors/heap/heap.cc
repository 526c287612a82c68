#include "collectors/heap/heap.h"

#include <algorithm>
#include <chrono>

#include "collectors/api/registry.h"
#include "collectors/heap/verifier.h"

namespace beagle::gc {
namespace {

uint64_t now_ns() {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}

}  // namespace

Heap::Heap(const HeapOptions& options) : options_(options) {
  const CollectorInfo* info = find_collector(options.collector);
  if (info == nullptr) throw std::invalid_argument("unknown collector '" + options.collector + "'");
  if (options_.gc_always) options_.verify = true;
  collector_ = info->make(*this, options_.config);
  immortal_ = std::make_unique<ChunkedSpace>("immortal", 0);
}

Heap::~Heap() = default;

void Heap::add_root_source(RootSource* source) { root_sources_.push_back(source); }

void Heap::remove_root_source(RootSource* source) {
  root_sources_.erase(std::remove(root_sources_.begin(), root_sources_.end(), source), root_sources_.end());
}

void Heap::add_mutator(Mutator* mutator) {
  mutator->buffer_allowed = !options_.gc_always;
  mutators_.push_back(mutator);
}

void Heap::remove_mutator(Mutator* mutator) {
  retire_buffer(*mutator);
  mutators_.erase(std::remove(mutators_.begin(), mutators_.end(), mutator), mutators_.end());
}

Word* Heap::allocate(Mutator& mutator, size_t total_words) {
  stats_.allocations++;
  if (options_.gc_always) collect(GcReason::Stress);
  Word* result = collector_->allocate(mutator, total_words, false);
  if (result == nullptr) {
    collect(GcReason::HeapFull);
    result = collector_->allocate(mutator, total_words, true);
  }
  if (result == nullptr) {
    throw HeapExhausted("cannot allocate " + std::to_string(total_words * 8) + " bytes: the heap limit is " +
                        std::to_string(options_.config.max_heap_bytes) + " bytes and " +
                        std::to_string(collector_->usage().used_bytes) + " are in use after a full collection");
  }
  stats_.peak_used_bytes = std::max(stats_.peak_used_bytes, collector_->usage().used_bytes);
  return result;
}

void Heap::collect(GcReason reason) {
  for (Mutator* m : mutators_) retire_buffer(*m);
  // Before tracing too: a bad root or field is then reported, not followed.
  if (options_.verify) verify("before collection");
  stats_.peak_used_bytes = std::max(stats_.peak_used_bytes, collector_->usage().used_bytes);
  uint64_t start = now_ns();
  collector_->collect(reason);
  uint64_t pause = now_ns() - start;
  stats_.collections++;
  stats_.total_pause_ns += pause;
  stats_.max_pause_ns = std::max(stats_.max_pause_ns, pause);
  if (options_.verify) verify("after collection");
}

void Heap::verify(const char* when) {
  for (Mutator* m : mutators_) retire_buffer(*m);
  Verifier(*this, stats_.collections, when).run();
}

void Heap::for_each_space(const std::function<void(const SpaceRange&)>& fn) {
  immortal_->for_each_range(fn);
  collector_->for_each_space(fn);
}

Word* Heap::allocate_immortal(size_t total_words) {
  Word* result = immortal_->allocate(total_words);
  if (result == nullptr) throw HeapExhausted("out of memory for immortal objects");
  return result;
}

void Heap::visit_roots(RootVisitor& visitor) {
  for (RootSource* source : root_sources_) source->visit_roots(visitor);
}

}  // namespace beagle::gc
