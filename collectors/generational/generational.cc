// generational: a copying nursery over a mark-sweep old generation.
//
// The plan (its policies are the shared spaces and tracers):
//  - the nursery: one ChunkedSpace chunk that mutators bump-allocate in
//    (thread buffers, the inline fast path);
//  - the old generation: a FreeListSpace for promoted objects and a
//    LargeObjectSpace for objects of kLargeObjectWords or more, which are
//    born old;
//  - the barrier: BarrierKind::RememberObject (collectors/api/barrier.h).
//    Every old object carries kUnlogged; the first store into one since the
//    last collection logs it in the mutator's remembered buffer; a store of
//    a reference into a large object logs the slot. A large object is
//    remembered whole when it is allocated, so its initialising stores need
//    no barrier.
//
// A minor collection evacuates (tracing/evacuation.h) everything in the
// nursery that the roots or the remembered objects and slots reach into the
// old generation: every survivor is promoted at once (no aging), so afterwards
// the nursery is empty and no old object points into it. Promoted and
// remembered objects get kUnlogged again. After each minor collection the
// nursery is sized so that the next one takes about minor-goal of CPU, at
// the cost per nursery byte this one had (under a stress schedule, where
// no clock may decide: so that survivor-goal bytes survive, at the share
// that survived), at most `nursery` and at most twice its last size; the
// rate is taken at its latest when that is higher, so a phase of
// long-lived data shrinks the nursery at once, and it falls by halves.
//
// The old generation is marked (tracing/marker.h) in slices, one after each
// minor collection, so that no pause marks all of it: incremental update,
// with the remembered-object barrier recording every old object stored into
// between two pauses. At each pause the remembered objects that were
// already marked are scanned again, what the remembered slots hold is
// marked, and promoted objects are marked and scanned. Each slice scans
// what its pause queued (promoted and remembered objects), then keeps pace
// with promotion: its share of the work the last marking did (the fields
// it scanned), in proportion to what was promoted since this marking began,
// over as many words as that work (less what earlier slices did beyond
// their share; at least `mark-slice` words). So a marking ends about when
// the old generation has grown by what it holds live. A slice that has
// done its share goes on until the pause has taken `slice-pause` ms of CPU:
// marking that is cheap (objects in the order they were copied) then ends
// soon and leaves little floating garbage, while marking that is dear
// (random misses: churn's ring of old objects) is spread thin over many
// pauses (not under a stress schedule: HeapConfig::reproducible). A slice
// also stops at its share's end or when the pause has taken `pause-goal` ms
// of CPU, whichever comes first, so a dear marking falls behind its pace
// rather than lengthen the pauses, and catches up in later pauses. Once the
// old generation has grown past the runway this marking was paced over,
// the goal grows with it (twice the runway, twice the goal), so that a
// marking that cannot keep up costs longer pauses, step by step, rather
// than an old generation that grows without end. The last slice marks the
// roots again and drains; then the large objects are swept at once, the small ones lazily,
// as promotion needs cells (free_list_space.h). That pause is reported as
// the major collection.
//
// Pretenuring (after the allocation-site pretenuring of Clifford et al.,
// "Memento mori", ISMM 2015, but by phase rather than by site): when a
// minor collection finds that at least `pretenure` of a full nursery
// survived, and that the roots rather than old objects held most of the
// survivors, what is allocated until the next collection, at most
// `pretenure-period` bytes, goes straight into the old generation's bump
// blocks (free_list_space.h): bump-allocated through the same inline fast
// path, born kUnlogged (Mutator::allocation_flags). The
// nursery stays empty meanwhile, so no store can make an old-to-young edge;
// a large object is then remembered whole rather than slot by slot. The
// next collection samples the nursery again; if the old generation is
// being marked, it marks what the period allocated (the space logs it), as
// it marks promoted objects, and counts it in the marking's pace. A block
// where marking left nothing is freed unread; binary-trees' trees die
// together, so most are.
//
// When: a minor collection when the nursery is full. Marking starts when the
// old generation has taken more than its budget since the last marking,
// max(32 MiB, old-growth x the old generation's live bytes after it). A
// whole major collection (a minor one, then marking without a pause to the
// end) when the Heap asks for the whole heap: for the program's gc(), and
// when a minor collection leaves the objects over the heap limit. Under a
// stress mode, every `major-every`-th collection starts marking, and slices
// are small, so that a mark spans many collections.
//
// Events (api/events.h): roots, remembered, copied for the nursery; swept
// where the last sweep is finished before marking; roots where marking
// starts; mark-slice for each slice; at the end of marking the remark
// (roots again), marked, and swept (lazy). A collection that starts and
// ends a mark in one pause is Full; one that ends a mark begun earlier is
// Major.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "collectors/api/barrier.h"
#include "collectors/api/events.h"
#include "collectors/api/registry.h"
#include "collectors/spaces/chunked_space.h"
#include "collectors/spaces/free_list_space.h"
#include "collectors/spaces/large_object_space.h"
#include "collectors/tracing/evacuation.h"
#include "collectors/tracing/marker.h"

namespace beagle::gc {
namespace {

constexpr size_t kLargeObjectWords = 256;
constexpr size_t kMinMajorBudgetBytes = size_t{32} << 20;
// The nursery's largest size: it grows there while few of its objects
// survive (minor-goal below decides how far). binary-trees 21 spent 4.1 s
// collecting at 4 MiB, 3.6 at 8, 3.4 at 16 and 3.6 at 32, where the
// mutator slowed by 0.9 s (the nursery no longer fits the caches); churn
// 2M's nursery stays small either way, its survivors being dear
// (docs/BENCHMARKS.md).
constexpr size_t kDefaultNurseryBytes = size_t{16} << 20;
constexpr size_t kDefaultSurvivorGoalBytes = size_t{1} << 20;
constexpr size_t kMinNurseryBytes = size_t{64} << 10;
constexpr uint64_t kDefaultMajorEvery = 10;
constexpr size_t kDefaultMarkSliceWords = size_t{1} << 15;  // 256 KiB of fields
constexpr size_t kStressMarkSliceWords = 64;
// A slice that has done its share goes on marking until its pause has
// lasted this long: marking that is cheap (objects in allocation order)
// then ends soon, and the old generation's floating garbage stays small;
// marking that is dear (random misses) stays at its share.
constexpr double kDefaultSlicePauseMs = 4.0;
// A slice stops here even if its share is not done: a minor collection of
// churn's 2M-slot ring (46,000 remembered slots, 1 MiB promoted) takes 4 to
// 6 ms, and its marking share 3 to 6 more of random misses.
constexpr double kDefaultPauseGoalMs = 7.0;
// The nursery is sized so that the minor part of a pause takes about this
// much CPU; survivor-goal when the clock may not decide (stress schedules).
// At 2 ms churn 2M's pause p99 fell from 21-37 ms to 7 ms (its remembered
// slots are dear, so its nursery shrinks) while binary-trees 21 kept its
// collection time and peak heap; at 3 ms the longer minor part left its
// marking slices less of the pause goal, and its old generation peaked at
// 1 GB instead of 0.6 (docs/BENCHMARKS.md).
constexpr double kDefaultMinorGoalMs = 2.0;
constexpr size_t kTimedSliceWords = size_t{1} << 12;  // scanned between two looks at the clock
constexpr size_t kBlocksSweptPerPause = 256;  // 4 MiB

// Marking runs while promotion goes on, and what is promoted meanwhile
// survives the cycle, so the old generation peaks above (1 + old-growth) x
// live. Since pretenuring, binary-trees 21's collection is mostly marking,
// whose total is about the old generation's allocation / old-growth: at 3
// its collection CPU was 18% less than at 2 (1.40-1.50 s against
// 1.69-1.85, three runs each), its peak RSS 720-750 MiB against 576-622
// (node's: 1053); churn 2M's pauses were alike.
constexpr double kDefaultOldGrowth = 3.0;

// Pretenuring: when at least this share of a full nursery survives a minor
// collection, what is allocated until the next collection goes straight to
// the old generation, up to `pretenure-period` bytes (by default this many
// nurseries). binary-trees 21 builds trees of 12 to 200 MB that live until
// they are built and checked: no nursery that keeps pauses short holds one,
// so nearly all of them was copied, 3.5 GB at about 1 GB/s.
constexpr double kDefaultPretenureSurvival = 0.5;
constexpr size_t kPretenurePeriodNurseries = 8;
constexpr double kHeldByRootsShare = 0.5;  // of the survivors, for a sample to pretenure (should_pretenure)
constexpr size_t kBlocksSweptPerRefill = 16;  // looking for an empty block to pretenure into

struct Settings {
  size_t nursery_bytes = kDefaultNurseryBytes;
  size_t survivor_goal_bytes = kDefaultSurvivorGoalBytes;  // 0: the nursery keeps its size
  uint64_t major_every = kDefaultMajorEvery;
  double old_growth = kDefaultOldGrowth;
  size_t mark_slice_words = kDefaultMarkSliceWords;
  uint64_t slice_pause_ns = uint64_t(kDefaultSlicePauseMs * 1e6);
  uint64_t pause_goal_ns = uint64_t(kDefaultPauseGoalMs * 1e6);  // 0: no goal
  uint64_t minor_goal_ns = uint64_t(kDefaultMinorGoalMs * 1e6);  // 0: size by survivor-goal
  double pretenure_survival = kDefaultPretenureSurvival;          // 0: never pretenure
  size_t pretenure_period_bytes = 0;                              // 0: kPretenurePeriodNurseries nurseries
};

// Reads a number of milliseconds from 0 to 10000.
uint64_t read_milliseconds(const std::string& name, const std::string& text) {
  char* end = nullptr;
  double ms = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(ms >= 0 && ms <= 10000)) {
    throw std::invalid_argument("generational: " + name + " must be a number of milliseconds from 0 to 10000, not '" +
                                text + "'");
  }
  return uint64_t(ms * 1e6);
}

// Reads and checks the options; the default nursery shrinks to a quarter
// of a small heap limit, a given one must fit in half of it.
Settings read_settings(const HeapConfig& config) {
  Settings s;
  size_t limit = config.max_heap_bytes;
  if (const std::string* text = config.option("nursery")) {
    if (!parse_size(*text, s.nursery_bytes)) {
      throw std::invalid_argument("generational: bad nursery size '" + *text + "' (use e.g. 512K, 8M)");
    }
    if (s.nursery_bytes < kMinNurseryBytes) {
      throw std::invalid_argument("generational: a nursery of " + *text + " is too small (at least 64K)");
    }
    if (limit != 0 && s.nursery_bytes > limit / 2) {
      throw std::invalid_argument("generational: a nursery of " + *text + " leaves too little of the " +
                                  std::to_string(limit) + "-byte heap limit for the old generation (at most half)");
    }
  } else if (limit != 0) {
    s.nursery_bytes = std::max(kMinNurseryBytes, std::min(kDefaultNurseryBytes, limit / 4));
  }
  s.nursery_bytes = (s.nursery_bytes + 4095) & ~size_t{4095};
  if (const std::string* text = config.option("survivor-goal")) {
    if (!parse_size(*text, s.survivor_goal_bytes)) {
      throw std::invalid_argument("generational: bad survivor-goal size '" + *text + "' (use e.g. 1M, or 0)");
    }
  }
  if (const std::string* text = config.option("major-every")) {
    char* end = nullptr;
    unsigned long long n = std::strtoull(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || n == 0 || (*text)[0] == '-') {
      throw std::invalid_argument("generational: major-every must be a positive whole number, not '" + *text + "'");
    }
    s.major_every = n;
  }
  s.old_growth = growth_option(config, "generational", "old-growth", kDefaultOldGrowth);
  if (const std::string* text = config.option("mark-slice")) {
    size_t bytes = 0;
    if (!parse_size(*text, bytes) || bytes < sizeof(Word)) {
      throw std::invalid_argument("generational: bad mark-slice size '" + *text + "' (use e.g. 512K, 2M)");
    }
    s.mark_slice_words = bytes / sizeof(Word);
  }
  if (const std::string* text = config.option("pretenure")) {
    char* end = nullptr;
    double share = std::strtod(text->c_str(), &end);
    if (text->empty() || *end != '\0' || !(share >= 0 && share <= 1)) {
      throw std::invalid_argument("generational: pretenure must be a share from 0 to 1 (0: never), not '" + *text + "'");
    }
    s.pretenure_survival = share;
  } else if (config.reproducible) {
    // A stress schedule moves every young object at every collection: an
    // object born old would escape that. `pretenure` given explicitly
    // stresses pretenuring instead.
    s.pretenure_survival = 0;
  }
  if (const std::string* text = config.option("pretenure-period")) {
    if (!parse_size(*text, s.pretenure_period_bytes) || s.pretenure_period_bytes < kMinNurseryBytes) {
      throw std::invalid_argument("generational: bad pretenure-period size '" + *text + "' (at least 64K; use e.g. 128M)");
    }
  }
  if (s.pretenure_period_bytes == 0) s.pretenure_period_bytes = kPretenurePeriodNurseries * s.nursery_bytes;
  if (const std::string* text = config.option("slice-pause")) s.slice_pause_ns = read_milliseconds("slice-pause", *text);
  if (const std::string* text = config.option("pause-goal")) s.pause_goal_ns = read_milliseconds("pause-goal", *text);
  if (const std::string* text = config.option("minor-goal")) s.minor_goal_ns = read_milliseconds("minor-goal", *text);
  if (config.reproducible) {  // nothing is decided by a clock
    s.slice_pause_ns = 0;
    s.pause_goal_ns = 0;
    s.minor_goal_ns = 0;
  }
  return s;
}

// Promotion: survivors go to free-list cells of the old generation. Large
// objects are allocated old, so none should be in the nursery; one that is
// anyway (a runtime bug) is promoted to the large-object space rather than
// overrun a size class. To keep a minor pause short, a promotion sweeps at
// most a few of the blocks a major collection left unswept before it takes
// a new block (which then serves hundreds of promotions).
// While the old generation is being marked, each copy is logged, to be
// marked once its fields are forwarded.
class Promotion final : public CopyDestination {
 public:
  Promotion(FreeListSpace& old_objects, LargeObjectSpace& large_objects, std::vector<Word*>* log)
      : old_objects_(old_objects), large_objects_(large_objects), log_(log) {}
  Word* room_for_copy(size_t total_words) override {
    Word* copy = cell_for(total_words);
    if (log_ != nullptr) log_->push_back(copy);
    return copy;
  }

 private:
  static constexpr size_t kBlocksSweptPerPromotion = 4;
  FreeListSpace& old_objects_;
  LargeObjectSpace& large_objects_;
  std::vector<Word*>* log_;

  Word* cell_for(size_t total_words) {
    if (total_words >= kLargeObjectWords) return large_objects_.allocate(total_words);
    if (Word* cell = old_objects_.allocate(total_words, kBlocksSweptPerPromotion)) return cell;
    return old_objects_.allocate_in_new_block(total_words);
  }
};

class Generational final : public Collector, public GenerationsView {
 public:
  Generational(CollectorHost& host, const HeapConfig& config)
      : Collector(host),
        settings_(read_settings(config)),
        nursery_("nursery", settings_.nursery_bytes, settings_.nursery_bytes),
        nursery_target_bytes_(settings_.survivor_goal_bytes == 0
                                  ? settings_.nursery_bytes
                                  : std::min(settings_.nursery_bytes, std::max(kMinNurseryBytes, settings_.survivor_goal_bytes))),
        old_objects_("old", kLargeObjectWords - 1),
        large_objects_("large") {
    attributes_.fast_path = AllocationFastPath::Bump;
    attributes_.barrier = BarrierKind::RememberObject;
    attributes_.allocation_flags = true;  // kUnlogged while pretenuring
    attributes_.large_object_words = kLargeObjectWords;
    attributes_.moving = true;
  }

  const CollectorAttributes& attributes() const override { return attributes_; }
  const GenerationsView* generations() const override { return this; }

  Word* allocate(Mutator& mutator, size_t total_words, bool after_collection) override {
    if (total_words >= kLargeObjectWords) return allocate_large(total_words, after_collection);
    if (pretenuring_) return allocate_pretenured(mutator, total_words);
    if (nursery_.used_bytes() + total_words * sizeof(Word) > nursery_target_bytes_) return nullptr;
    if (!mutator.buffer_allowed) return nursery_.allocate(total_words);
    return nursery_.allocate_with_buffer(mutator, total_words);
  }

  void attach_mutator(Mutator& mutator) override { set_pretenuring(mutator, pretenuring_); }

  void flush_mutator(Mutator& mutator) override {
    if (pretenuring_) {
      old_objects_.retire_bump_buffer(mutator);
    } else {
      nursery_.retire_buffer(mutator);
    }
    drain_remembered(
        mutator, [this](Word* object) { remembered_.push_back(object); },
        [this](Value* slot) { remembered_slots_.push_back(slot); });
  }

  CollectionReport collect(const CollectionRequest& request) override {
    uint64_t start_cpu_ns = thread_cpu_ns();
    CollectionReport report;
    bool pretenured_while_marking = pretenuring_ && marking_;
    report.pretenured_bytes = end_pretenuring();
    old_allocated_since_major_ += report.pretenured_bytes;
    report.remembered_objects = remembered_.size() + remembered_slots_.size();
    size_t queued_words = 0;
    size_t nursery_used = nursery_.used_bytes();
    bool nursery_was_full = nursery_used >= nursery_target_bytes_ / 2;
    report.promoted_bytes = evacuate_nursery(queued_words, pretenured_while_marking);
    if (request.reason == GcReason::HeapFull) {
      resize_nursery(nursery_used, report.promoted_bytes, thread_cpu_ns() - start_cpu_ns);
    }
    old_allocated_since_major_ += report.promoted_bytes;
    if (marking_) pacing_.promoted_words += (report.promoted_bytes + report.pretenured_bytes) / sizeof(Word);
    bool whole = request.whole_heap;
    bool started_marking = false;
    if (!marking_ && (whole || sweep_before_marking_ || should_start_marking(request))) {
      prepare_marking(whole);
      started_marking = marking_.has_value();
    }
    bool timed = request.reason != GcReason::Stress && !whole;
    uint64_t extend_until_ns = timed && settings_.slice_pause_ns != 0 ? start_cpu_ns + settings_.slice_pause_ns : 0;
    uint64_t stop_at_ns = timed && settings_.pause_goal_ns != 0 ? start_cpu_ns + slice_goal_ns() : 0;
    if (marking_ && mark_slice(whole ? SIZE_MAX : slice_words(request, queued_words), extend_until_ns, stop_at_ns)) {
      finish_marking();
      report.kind = started_marking ? CollectionKind::Full : CollectionKind::Major;
    } else {
      report.kind = CollectionKind::Minor;
    }
    if (should_pretenure(request, nursery_used, nursery_was_full, report.promoted_bytes)) begin_pretenuring();
    return report;
  }

  void for_each_space(const std::function<void(const SpaceRange&)>& fn) override {
    old_objects_.finish_sweeping();  // an unswept block's dead objects may point at freed cells
    nursery_.for_each_range(fn);
    old_objects_.for_each_range(fn);
    large_objects_.for_each_range(fn);
  }

  HeapUsage usage() const override {
    return {nursery_.used_bytes() + old_objects_.used_bytes() + large_objects_.used_bytes(), committed_bytes()};
  }

  // GenerationsView
  bool is_young(const Word* object) const override { return nursery_.contains(object); }
  void for_each_remembered(const std::function<void(const Word*)>& fn) const override {
    for (const Word* object : remembered_) fn(object);
  }
  void for_each_remembered_slot(const std::function<void(const Value*)>& fn) const override {
    for (const Value* slot : remembered_slots_) fn(slot);
  }
  bool marking_old() const override { return marking_.has_value(); }
  void for_each_queued(const std::function<void(const Word*)>& fn) const override {
    if (marking_) marking_->for_each_queued(fn);
  }

 private:
  CollectorAttributes attributes_;
  Settings settings_;
  ChunkedSpace nursery_;            // mapped at its largest size
  size_t nursery_target_bytes_;     // what mutators may fill of it before a minor collection
  double survival_ = 1;             // the share of the nursery that survives, rising at once, falling slowly
  double minor_ns_per_byte_ = 0;    // the CPU a minor collection takes per byte of nursery, likewise
  FreeListSpace old_objects_;
  LargeObjectSpace large_objects_;
  std::vector<Word*> remembered_;         // old objects the next minor collection scans
  std::vector<Value*> remembered_slots_;  // and slots of large old objects
  bool sweep_before_marking_ = false;  // marking is due once the last sweep is done
  std::optional<Marker> marking_;     // while the old generation is being marked
  // The pace of a marking: the work it is expected to take (the fields the
  // last one scanned), and the promotion over which to spread it.
  struct Pacing {
    size_t expected_words = 0;
    size_t runway_words = 1;
    size_t promoted_words = 0;  // since this marking began
  } pacing_;
  size_t last_mark_scanned_words_ = 0;
  std::vector<Word*> born_while_marking_;  // large objects, to be marked
  size_t old_allocated_since_major_ = 0;
  size_t old_live_bytes_ = 0;  // after the last major collection
  // While pretenuring, small objects are bump-allocated in the old
  // generation's bump blocks (born kUnlogged, as promoted ones are), up to
  // pretenure_left_words_; the nursery stays empty, so until the next
  // collection no object is young and no store makes an old-to-young edge.
  bool pretenuring_ = false;
  size_t pretenure_left_words_ = 0;
  size_t old_used_before_pretenuring_ = 0;
  size_t held_by_roots_bytes_ = 0;  // of the last minor collection's survivors, those the roots reach
  uint64_t stress_collections_ = 0;

  bool should_start_marking(const CollectionRequest& request) {
    if (request.reason == GcReason::Stress) return ++stress_collections_ % settings_.major_every == 0;
    return over_major_budget();
  }

  size_t slice_words(const CollectionRequest& request, size_t queued_words) const {
    // What this pause queued, and a small step of the rest, so that a mark
    // spans many collections yet ends: a fixed slice smaller than what each
    // pause promotes never did.
    if (request.reason == GcReason::Stress) return queued_words + kStressMarkSliceWords;
    double due = double(pacing_.expected_words) * double(pacing_.promoted_words) / double(pacing_.runway_words);
    size_t scanned = marking_->scanned_words();
    size_t behind = due > double(scanned) ? size_t(due) - scanned : 0;
    return queued_words + std::max(settings_.mark_slice_words, behind);
  }

  // Sizes the nursery for the next minor collection: so that its minor part
  // takes about minor-goal of CPU, at the cost per nursery byte this one
  // had; or, where no clock may decide, so that it promotes about
  // survivor-goal bytes (the cost of a minor pause is mostly what it
  // copies). Each rate is taken at its latest if that is higher, so a phase
  // of long-lived data shrinks the nursery at once; it grows at most
  // twofold a collection. The cost per byte tells apart survivors copied in
  // order (binary trees: cheap, so a larger nursery) from survivors found
  // through remembered slots at random (churn's ring: dear, so a smaller
  // one).
  void resize_nursery(size_t used_bytes, size_t copied_bytes, uint64_t minor_ns) {
    if (settings_.survivor_goal_bytes == 0 || used_bytes < nursery_target_bytes_ / 2) return;
    double wanted = 0;
    if (settings_.minor_goal_ns != 0) {
      double cost = double(minor_ns) / double(used_bytes);
      minor_ns_per_byte_ = std::max(cost, (minor_ns_per_byte_ + cost) / 2);
      wanted = double(settings_.minor_goal_ns) / std::max(minor_ns_per_byte_, 1e-6);
    } else {
      double survival = double(copied_bytes) / double(used_bytes);
      survival_ = std::max(survival, (survival_ + survival) / 2);
      wanted = double(settings_.survivor_goal_bytes) / std::max(survival_, 1e-3);
    }
    wanted = std::min(wanted, 2.0 * double(nursery_target_bytes_));
    size_t lowest = std::min(kMinNurseryBytes, settings_.nursery_bytes);
    nursery_target_bytes_ = std::clamp(size_t(wanted), lowest, settings_.nursery_bytes);
  }

  // Promotes every nursery object that the roots or the remembered objects
  // and slots reach, re-arms the barrier on the remembered objects, and
  // empties the nursery. While marking, marks what the remembered slots
  // hold and the promoted objects, and queues the remembered objects again;
  // `queued_words` is what that added to the marking's work. Returns the
  // bytes promoted.
  size_t evacuate_nursery(size_t& queued_words, bool mark_pretenured) {
    std::vector<Word*> promoted;
    Promotion promotion(old_objects_, large_objects_, marking_ ? &promoted : nullptr);
    Evacuation evacuation(nursery_, promotion, kUnlogged);
    host().visit_roots(evacuation);
    host().events().roots_visited();
    evacuation.drain();
    held_by_roots_bytes_ = evacuation.copied_bytes();
    for (Word* object : remembered_) {
      evacuation.forward_fields(object);
      *object = header_of(object).with(kUnlogged).bits();
    }
    evacuation.forward_slots(remembered_slots_);
    host().events().remembered_visited(remembered_.size() + remembered_slots_.size());
    evacuation.drain();
    host().events().copy_done(evacuation.copied_bytes());
    nursery_.reset();
    if (marking_) {
      size_t before = marking_->queued_words();
      for (Word* object : remembered_) marking_->rescan(object);
      for (Value* slot : remembered_slots_) marking_->mark(*slot);
      for (Word* object : promoted) marking_->mark_object(object);
      for (Word* object : born_while_marking_) marking_->mark_object(object);
      born_while_marking_.clear();
      if (mark_pretenured) {
        old_objects_.for_each_bumped_object([this](Word* object) { marking_->mark_object(object); });
        old_objects_.stop_bump_log();
      }
      queued_words = marking_->queued_words() - before;
    }
    remembered_.clear();
    remembered_slots_.clear();
    return evacuation.copied_bytes();
  }

  // Marking needs the last sweep finished. Unless the whole heap is wanted
  // now, the rest of it is swept a few blocks a pause, and marking starts
  // at the pause that ends it.
  void prepare_marking(bool whole) {
    sweep_before_marking_ = !whole && !old_objects_.sweep_some(kBlocksSweptPerPause);
    if (!sweep_before_marking_) {
      start_marking();
    } else {
      host().events().sweep_done(true);  // blocks are left for the next pauses
    }
  }

  // The nursery is empty: every reference the marker meets is old.
  void start_marking() {
    old_objects_.finish_sweeping();
    host().events().sweep_done(false);
    marking_.emplace();
    // The first marking expects to scan the whole old generation.
    size_t expected = last_mark_scanned_words_;
    if (expected == 0) expected = (old_objects_.used_bytes() + large_objects_.used_bytes()) / sizeof(Word);
    size_t runway = std::max(kMinMajorBudgetBytes / sizeof(Word), expected);
    pacing_ = {expected, runway, 0};
    host().visit_roots(*marking_);
    host().events().roots_visited();
  }

  // Scans `budget_words` (or fewer, if the pause has taken `stop_at_ns` of
  // the thread's CPU time), then more until it has taken `extend_until_ns`
  // (CPU time: a busy machine stretches the pause, not the work); 0 is no
  // time. True when nothing is left to mark.
  bool mark_slice(size_t budget_words, uint64_t extend_until_ns, uint64_t stop_at_ns) {
    bool finished = drain_until(budget_words, stop_at_ns);
    while (!finished && thread_cpu_ns() < extend_until_ns) finished = marking_->drain(kTimedSliceWords);
    host().events().mark_slice_done(marking_->marked_bytes(), finished);
    if (!finished) return false;
    host().visit_roots(*marking_);  // the remark: they may hold what no object holds now
    host().events().roots_visited();
    return marking_->drain();
  }

  bool drain_until(size_t budget_words, uint64_t stop_at_ns) {
    if (stop_at_ns == 0) return marking_->drain(budget_words);
    while (budget_words > 0) {
      size_t words = std::min(budget_words, kTimedSliceWords);
      if (marking_->drain(words)) return true;
      budget_words -= words;
      if (thread_cpu_ns() >= stop_at_ns) return false;
    }
    return false;
  }

  // The pause goal, scaled by how far the old generation has grown past the
  // runway of this marking.
  uint64_t slice_goal_ns() const {
    double past_runway = marking_ ? double(pacing_.promoted_words) / double(pacing_.runway_words) : 0;
    return uint64_t(double(settings_.pause_goal_ns) * std::max(1.0, past_runway));
  }

  void finish_marking() {
    host().events().mark_done(marking_->marked_bytes());
    large_objects_.sweep();
    old_objects_.sweep(marking_->marked_words() - large_objects_.used_bytes() / sizeof(Word));
    host().events().sweep_done(true);
    last_mark_scanned_words_ = marking_->scanned_words();
    marking_.reset();
    old_live_bytes_ = old_objects_.used_bytes() + large_objects_.used_bytes();
    old_allocated_since_major_ = 0;
    old_objects_.release_empty_blocks(major_budget_bytes() / FreeListSpace::kBlockBytes);
  }

  // A sample: a nursery that filled, most of which survived, and whose
  // survivors the roots held rather than old objects: a structure
  // being built (binary-trees' trees, held by the stack while they grow)
  // dies together, so its blocks are freed whole; objects stored into old
  // ones as they are made (churn's items, into a ring of 2 million slots)
  // die one by one, and pretenured they scatter over half-empty blocks
  // (churn 2M: 12% longer, its longest pause 14 ms instead of 8).
  // Under a stress schedule, any nursery that was used: nothing is full.
  bool should_pretenure(const CollectionRequest& request, size_t nursery_used, bool nursery_was_full,
                        size_t promoted_bytes) const {
    if (settings_.pretenure_survival == 0 || request.whole_heap || nursery_used == 0) return false;
    bool sampled = request.reason == GcReason::Stress || (request.reason == GcReason::HeapFull && nursery_was_full);
    double survived = double(promoted_bytes);
    return sampled && survived >= settings_.pretenure_survival * double(nursery_used) &&
           double(held_by_roots_bytes_) >= kHeldByRootsShare * survived;
  }

  // Until the next collection, which samples the nursery again: at most a
  // pretenure period, and no further than the major budget leaves.
  // While marking, the objects of the period are logged, to be marked
  // when it ends, as promoted ones are.
  void begin_pretenuring() {
    size_t budget = major_budget_bytes();
    size_t left = budget > old_allocated_since_major_ ? budget - old_allocated_since_major_ : 0;
    size_t period = settings_.pretenure_period_bytes;
    if (marking_) {
      // The budget has started it already. A period as long as a nursery
      // keeps the pauses, and so the marking's slices, as frequent as
      // promotion would: a longer one outran the marking, which then never
      // ended (binary-trees 21 grew to 4.5 GB).
      left = SIZE_MAX;
      period = std::min(period, nursery_target_bytes_);
    }
    pretenure_left_words_ = std::min(period, left) / sizeof(Word);
    if (pretenure_left_words_ == 0) return;
    if (marking_) old_objects_.start_bump_log();
    pretenuring_ = true;
    old_used_before_pretenuring_ = old_objects_.used_bytes();
    host().for_each_mutator([](Mutator& m) { set_pretenuring(m, true); });
  }

  // While pretenuring no store can make an old-to-young edge, so a large
  // object need not log each slot stored into (churn's ring logged 5.6
  // million in one period): it is remembered whole at its first store, and
  // its fields are scanned once at the next collection.
  static void set_pretenuring(Mutator& mutator, bool pretenuring) {
    mutator.allocation_flags = pretenuring ? kUnlogged : 0;
    mutator.remember_slots_from = pretenuring ? SIZE_MAX : kLargeObjectWords;
  }

  // The mutators' buffers are retired: returns the bytes pretenured. The
  // nursery that samples next is small: in a phase that keeps pretenuring,
  // it is copied whole (binary-trees 21 promoted 0.5 GB in samples of up
  // to 16 MiB); a phase whose objects die young grows it back, twofold a
  // collection.
  size_t end_pretenuring() {
    if (!pretenuring_) return 0;
    pretenuring_ = false;
    nursery_target_bytes_ = std::min(nursery_target_bytes_, std::max(kMinNurseryBytes, settings_.nursery_bytes / 8));
    host().for_each_mutator([](Mutator& m) { set_pretenuring(m, false); });
    return old_objects_.used_bytes() - old_used_before_pretenuring_;
  }

  Word* allocate_pretenured(Mutator& mutator, size_t total_words) {
    if (mutator.alloc_ptr != nullptr) pretenure_left_words_ += size_t(mutator.alloc_limit - mutator.alloc_ptr);
    old_objects_.retire_bump_buffer(mutator);
    if (total_words > pretenure_left_words_) return nullptr;  // time to sample the nursery again
    if (!mutator.buffer_allowed) {
      pretenure_left_words_ -= total_words;
      return old_objects_.allocate_bumped(total_words, kBlocksSweptPerRefill);
    }
    size_t room = mutator.buffer_room_words;
    mutator.buffer_room_words = std::min(room, pretenure_left_words_);
    Word* object = old_objects_.hand_out_bump_buffer(mutator, total_words, kBlocksSweptPerRefill);
    mutator.buffer_room_words = room;
    if (object != nullptr) pretenure_left_words_ -= size_t(mutator.alloc_limit - object);
    return object;
  }

  // Born old, and remembered at birth: its initialising stores may then
  // skip the barrier (barrier.h).
  Word* allocate_large(size_t total_words, bool after_collection) {
    if (!after_collection && !marking_ && over_major_budget()) return nullptr;  // time to start marking
    Word* object = large_objects_.allocate(total_words);
    if (object == nullptr) return nullptr;
    remembered_.push_back(object);
    if (marking_) born_while_marking_.push_back(object);  // marked at the next pause, once it has a header
    old_allocated_since_major_ += total_words * sizeof(Word);
    return object;
  }

  size_t major_budget_bytes() const {
    return std::max(kMinMajorBudgetBytes, size_t(settings_.old_growth * double(old_live_bytes_)));
  }
  bool over_major_budget() const { return old_allocated_since_major_ > major_budget_bytes(); }

  // The nursery counts whole: it is mapped once and kept.
  size_t committed_bytes() const {
    return settings_.nursery_bytes + old_objects_.committed_bytes() + large_objects_.committed_bytes();
  }
};

std::unique_ptr<Collector> make(CollectorHost& host, const HeapConfig& config) {
  return std::make_unique<Generational>(host, config);
}

}  // namespace

BEAGLE_REGISTER_COLLECTOR(generational, "generational",
                          "copying nursery promoting to an incrementally marked mark-sweep old generation; "
                          "remembered-object barrier",
                          &make,
                          {{"nursery", "16M", "the nursery's largest size (at least 64K; at most half of --heap)"},
                           {"survivor-goal", "1M", "under a stress schedule (or with minor-goal 0), the nursery is "
                                                   "sized so that about this much of it survives a minor collection "
                                                   "(0: it keeps its largest size, always)"},
                           {"minor-goal", "2", "milliseconds of CPU: the nursery is sized so that a minor collection "
                                               "takes about this long (0: size it by survivor-goal)"},
                           {"major-every", "10", "under a stress mode, every Nth collection starts marking the old generation"},
                           {"pretenure", "0.5", "when this share of a full nursery survives a minor collection, "
                                                "objects are allocated in the old generation until the next "
                                                "collection (0: never; under a stress schedule, 0 unless given)"},
                           {"pretenure-period", "8 nurseries", "the most that one stretch of pretenuring allocates"},
                           {"old-growth", "3", "marking starts once the old generation has grown by this "
                                               "factor of its live size since the last mark"},
                           {"mark-slice", "256K", "the fields a pause scans at least, while marking the old "
                                                  "generation (besides what it promoted or queued again)"},
                           {"slice-pause", "4", "milliseconds of CPU: a marking slice that has done its share goes "
                                                "on until its pause has taken this long (0: no longer than its share)"},
                           {"pause-goal", "7", "milliseconds of CPU: a marking slice stops when its pause has taken "
                                               "this long, its share done or not, unless the marking is far behind "
                                               "(0: no goal)"}});

}  // namespace beagle::gc
