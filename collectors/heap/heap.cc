#include "collectors/heap/heap.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "collectors/api/registry.h"
#include "collectors/heap/event_log.h"
#include "collectors/heap/verifier.h"

namespace beagle::gc {
namespace {

// Every option given must be one the collector declares.
void check_options(const CollectorInfo& info, const HeapConfig& config) {
  for (const auto& [name, value] : config.options) {
    bool known = false;
    std::string names;
    for (const CollectorOption& option : info.options) {
      known = known || name == option.name;
      names += std::string(names.empty() ? "" : ", ") + option.name;
    }
    if (!known) {
      throw std::invalid_argument("collector " + std::string(info.name) + " has no option '" + name + "'" +
                                  (names.empty() ? " (it takes none)" : " (its options: " + names + ")"));
    }
  }
}

uint64_t unix_ns() {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count());
}

GcLogHeader log_header(const CollectorInfo& info, const HeapOptions& options, uint64_t start_ns) {
  GcLogHeader header;
  header.collector = info.name;
  for (const CollectorOption& option : info.options) {
    const std::string* given = options.config.option(option.name);
    header.options.emplace_back(option.name, given != nullptr ? *given : option.default_value);
  }
  header.heap_limit_bytes = options.config.max_heap_bytes;
  header.gc_always = options.stress.kind == StressOptions::Kind::Always;
  header.gc_always_major = options.stress.whole_heap;
  header.verify = options.verify;
  header.program = options.event_log.program;
  header.start_unix_ns = unix_ns();
  header.start_ns = start_ns;
  return header;
}

}  // namespace


void PauseStats::add(uint64_t pause_ns) {
  count++;
  total_ns += pause_ns;
  max_ns = std::max(max_ns, pause_ns);
}

uint64_t GcStats::percentile(std::vector<uint64_t> sorted, double p) {
  if (sorted.empty()) return 0;
  std::sort(sorted.begin(), sorted.end());
  size_t rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

Heap::Heap(const HeapOptions& options) : options_(options), stress_(options.stress) {
  const CollectorInfo* info = find_collector(options.collector);
  if (info == nullptr) throw std::invalid_argument("unknown collector '" + options.collector + "'");
  check_options(*info, options.config);
  if (stress_.active()) {
    options_.verify = true;
    options_.config.reproducible = true;
  }
  stats_.start_ns = now_ns();
  if (options_.event_log.enabled) {
    event_log_ = std::make_unique<EventLog>(log_header(*info, options_, stats_.start_ns), options_.event_log.path);
    set_events(*event_log_);
  }
  collector_ = info->make(*this, options_.config);
  attributes_ = collector_->attributes();
  immortal_ = std::make_unique<ChunkedSpace>(kImmortalSpaceName, 0);
}

Heap::~Heap() {
  if (event_log_) event_log_->finish(stats());
  // First: a collector's thread of its own (concurrent's marker) may still
  // read objects of every space, the immortal one included.
  collector_.reset();
}

void Heap::add_root_source(RootSource* source) { root_sources_.push_back(source); }

void Heap::remove_root_source(RootSource* source) {
  root_sources_.erase(std::remove(root_sources_.begin(), root_sources_.end(), source), root_sources_.end());
}

void Heap::add_mutator(Mutator* mutator, MutatorState state) {
  mutator->buffer_allowed = !stress_.active();
  mutator->stress_safepoints = stress_.counts_safepoints();
  mutator->barrier = attributes_.barrier;
  mutator->remember_slots_from = attributes_.large_object_words;
  // Before the mutator's thread can allocate: that thread starts after this.
  if (++mutators_added_ > 1) shared_.store(true, std::memory_order_relaxed);
  threads_.add(*mutator, state, [&] { collector_->attach_mutator(*mutator); });
}

void Heap::remove_mutator(Mutator* mutator) {
  threads_.enter_native(*mutator);
  std::lock_guard held(gc_lock_);
  collector_->flush_mutator(*mutator);
  threads_.remove(*mutator);
}

std::unique_lock<std::mutex> Heap::lock_for(Mutator* mutator) {
  if (!shared_.load(std::memory_order_relaxed)) return {};  // one mutator ever: nothing to serialise
  std::unique_lock held(gc_lock_, std::try_to_lock);
  if (held.owns_lock()) return held;
  if (mutator == nullptr) {
    held.lock();
    return held;
  }
  // Another thread allocates or collects: wait Native, so that its
  // stop-the-world does not wait for this thread.
  threads_.enter_native(*mutator);
  held.lock();
  threads_.leave_native(*mutator);
  return held;
}

Word* Heap::allocate(Mutator& mutator, size_t total_words) {
  std::unique_lock held = lock_for(&mutator);
  return allocate_locked(mutator, total_words);
}

Word* Heap::allocate_locked(Mutator& mutator, size_t total_words) {
  stats_.allocations++;
  if (stress_.at_allocation(total_words * sizeof(Word))) collect_locked(GcReason::Stress, &mutator);
  keep_within_limit(mutator, total_words);
  Word* result = collector_->allocate(mutator, total_words, false);
  if (result == nullptr) {
    collect_locked(collector_->reason_for_collection(), &mutator);
    keep_within_limit(mutator, total_words);
    result = collector_->allocate(mutator, total_words, true);
  }
  if (result == nullptr) {
    throw HeapExhausted("cannot allocate " + std::to_string(total_words * 8) +
                        " bytes: the system refuses the collector more memory");
  }
  stats_.peak_used_bytes = std::max(stats_.peak_used_bytes, collector_->usage().used_bytes);
  return result;
}

size_t Heap::in_use_bytes() const {
  size_t held = 0;
  for (const Mutator* m : threads_.mutators()) held += size_t(m->alloc_limit - m->alloc_ptr) * sizeof(Word);
  return collector_->usage().used_bytes - held;
}

size_t Heap::reserved_bytes(const Mutator& mutator, size_t total_words) const {
  size_t used = collector_->usage().used_bytes;
  bool retires_buffer = mutator.buffer_allowed && total_words < attributes_.large_object_words;
  return retires_buffer ? used - size_t(mutator.alloc_limit - mutator.alloc_ptr) * sizeof(Word) : used;
}

void Heap::keep_within_limit(Mutator& mutator, size_t total_words) {
  size_t limit = options_.config.max_heap_bytes;
  if (limit == 0) return;
  size_t bytes = total_words * sizeof(Word);
  if (reserved_bytes(mutator, total_words) + bytes > limit) {
    CollectionKind kind = collect({GcReason::HeapFull, false}, &mutator);
    if (kind == CollectionKind::Minor && reserved_bytes(mutator, total_words) + bytes > limit) {
      collect({GcReason::HeapFull, true}, &mutator);
    }
    if (reserved_bytes(mutator, total_words) + bytes > limit) {
      throw HeapExhausted("cannot allocate " + std::to_string(bytes) + " bytes: the heap limit is " +
                          std::to_string(limit) + " bytes and " + std::to_string(in_use_bytes()) +
                          " are in use after a full collection");
    }
  }
  mutator.buffer_room_words = (limit - reserved_bytes(mutator, total_words)) / sizeof(Word);
}

void Heap::safepoint(Mutator& mutator) {
  std::unique_lock held = lock_for(&mutator);
  if (stress_.at_safepoint()) collect_locked(GcReason::Stress, &mutator);
}

void Heap::collect(GcReason reason, Mutator& requester) {
  std::unique_lock held = lock_for(&requester);
  collect_locked(reason, &requester);
}

void Heap::collect(GcReason reason) {
  std::unique_lock held = lock_for(nullptr);
  collect_locked(reason, nullptr);
}

void Heap::collect_locked(GcReason reason, Mutator* requester) {
  bool whole_heap = reason == GcReason::Explicit || (reason == GcReason::Stress && stress_.whole_heap());
  collect({reason, whole_heap}, requester);
}

CollectionKind Heap::collect(const CollectionRequest& request, Mutator* requester) {
  uint64_t asked = now_ns();
  threads_.stop_the_world(requester);
  struct Resume {
    ThreadRegistry& threads;
    ~Resume() { threads.resume_the_world(); }
  } resume{threads_};
  flush_mutators();  // first: a buffer's unused rest is not in use
  uint64_t time_to_stop = now_ns() - asked;
  HeapUsage before = collector_->usage();
  events().requested(request, before);
  // Before tracing too: a bad root or field is then reported, not followed.
  if (options_.verify) verify("before collection");
  stats_.peak_used_bytes = std::max(stats_.peak_used_bytes, before.used_bytes);
  uint64_t start = now_ns();
  uint64_t start_cpu = thread_cpu_ns();
  events().stopped(start, threads_.mutators().size());
  CollectionReport report = collector_->collect(request);
  uint64_t end = now_ns();
  uint64_t pause_cpu = thread_cpu_ns() - start_cpu;
  stats_.total_pause_cpu_ns += pause_cpu;
  stats_.pauses_cpu_ns.push_back(pause_cpu);
  record(report, end - start);
  stats_.max_stall_ns = std::max(stats_.max_stall_ns, time_to_stop + (end - start));
  if (options_.verify) verify("after collection");
  events().resumed(options_.verify ? now_ns() : end, report, end - start, before, collector_->usage());
  return report.kind;
}

void Heap::record(const CollectionReport& report, uint64_t pause_ns) {
  stats_.collections++;
  stats_.total_pause_ns += pause_ns;
  stats_.max_pause_ns = std::max(stats_.max_pause_ns, pause_ns);
  stats_.pauses_ns.push_back(pause_ns);
  (report.kind == CollectionKind::Minor ? stats_.minor : stats_.major).add(pause_ns);
  stats_.promoted_bytes += report.promoted_bytes;
  stats_.pretenured_bytes += report.pretenured_bytes;
  stats_.remembered_objects += report.remembered_objects;
  stats_.max_remembered_objects = std::max<uint64_t>(stats_.max_remembered_objects, report.remembered_objects);
}

void Heap::flush_mutators() {
  for (Mutator* m : threads_.mutators()) collector_->flush_mutator(*m);
}

void Heap::verify(const char* when) {
  flush_mutators();
  Verifier(*this, stats_.collections, when).run();
}

void Heap::check_marks() {
  if (options_.verify) Verifier(*this, stats_.collections + 1, "at the end of marking in collection").check_marks();
}

void Heap::for_each_space(const std::function<void(const SpaceRange&)>& fn) {
  immortal_->for_each_range(fn);
  collector_->for_each_space(fn);
}

Word* Heap::allocate_immortal(size_t total_words) {
  std::lock_guard held(immortal_lock_);
  Word* result = immortal_->allocate(total_words);
  if (result == nullptr) throw HeapExhausted("out of memory for immortal objects");
  return result;
}

std::vector<std::string> Heap::root_class_names() const {
  std::vector<std::string> names;
  for (const RootSource* source : root_sources_) names.emplace_back(source->name());
  return names;
}

void Heap::visit_roots(RootVisitor& visitor) {
  for (RootSource* source : root_sources_) {
    if (source->name() != options_.test_drop_roots) source->visit_roots(visitor);
  }
}

void Heap::for_each_mutator(const std::function<void(Mutator&)>& fn) {
  for (Mutator* m : threads_.mutators()) fn(*m);
}

void Heap::visit_every_root(RootVisitor& visitor) {
  for (RootSource* source : root_sources_) source->visit_roots(visitor);
}

}  // namespace beagle::gc
