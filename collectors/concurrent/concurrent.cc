// concurrent: a mostly-concurrent, non-moving mark-sweep collector. The
// spaces are mark-sweep's (size-segregated free lists, and a large-object
// space); marking runs while the program runs (concurrent_marker.h), under a
// snapshot-at-the-beginning barrier (api/barrier.h), and the pauses are short:
//
//   start (kind start): the last cycle's sweep is already finished (below);
//     the objects the roots reference are marked and queued; each mutator's
//     barrier is switched on and its allocation turns black (every new object
//     is born marked, Mutator::allocation_flags).
//   concurrent mark: the marker drains its queue and the logs the barrier
//     hands over.
//   remark (kind major): every mutator's partial log is taken and marking
//     runs to its end (little is left); under --verify a check-mark pass
//     then marks again from the roots and fails if it reaches an object the
//     concurrent mark missed (Go's gccheckmark); the large objects are
//     swept, the small ones lazily.
//   sweep: each allocation sweeps a few blocks ahead of need, paced so that
//     the sweep is over well before the next cycle is due.
//
// Pauses are asked for, not taken: a cycle's pauses run in a mutator's
// allocation slow path (allocate() returns nullptr with the reason Cycle and
// the Heap collects), so every pause is stopped, timed, logged and verified
// by the Heap like any other collection.
//
// When: a cycle starts once the bytes allocated since the last one ended
// pass `start` percent of the budget, max(4 MiB, the live bytes after the
// last cycle). The remark is asked for at the first allocation after the
// marker runs out of work. If allocation during marking passes twice the
// budget (allocation outruns marking), the next allocation asks for a
// collection that finishes marking in one stop-the-world pause (reason
// heap-full). The program's gc() ends any cycle and then runs a whole one
// in its pause (kind full).
//
// Under a stress schedule the marker runs in lock-step with allocation, and
// a forced collection ends the cycle under way and starts the next: under
// gc-always a cycle starts at every allocation, with one lock-step step of
// marking and the barrier on in between.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "collectors/api/events.h"
#include "collectors/api/registry.h"
#include "collectors/concurrent/concurrent_marker.h"
#include "collectors/spaces/free_list_space.h"
#include "collectors/spaces/large_object_space.h"

namespace beagle::gc {
namespace {

struct Settings {
  ConcurrentMarker::Mode marker = ConcurrentMarker::Mode::Thread;
  uint64_t lockstep_seed = 1;
  double start_fraction = 0.5;
};

Settings read_settings(const HeapConfig& config) {
  Settings s;
  if (const std::string* text = config.option("marker")) {
    if (*text == "thread") {
      s.marker = ConcurrentMarker::Mode::Thread;
    } else if (*text == "lockstep") {
      s.marker = ConcurrentMarker::Mode::LockStep;
    } else {
      throw std::invalid_argument("concurrent: marker must be thread or lockstep, not '" + *text + "'");
    }
  }
  // A thread's timing would make a stress schedule's collections unrepeatable.
  if (config.reproducible) s.marker = ConcurrentMarker::Mode::LockStep;
  if (const std::string* text = config.option("lockstep-seed")) {
    char* end = nullptr;
    s.lockstep_seed = std::strtoull(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || (*text)[0] == '-') {
      throw std::invalid_argument("concurrent: lockstep-seed must be a whole number, not '" + *text + "'");
    }
  }
  if (const std::string* text = config.option("start")) {
    char* end = nullptr;
    double percent = std::strtod(text->c_str(), &end);
    if (text->empty() || *end != '\0' || !(percent >= 1 && percent <= 100)) {
      throw std::invalid_argument("concurrent: start must be a percentage from 1 to 100, not '" + *text + "'");
    }
    s.start_fraction = percent / 100;
  }
  return s;
}

class Concurrent final : public Collector {
 public:
  static constexpr size_t kLargeObjectWords = 256;
  static constexpr size_t kMinBudgetBytes = size_t{4} << 20;
  // Blocks swept ahead at a time, and the share of the start budget within
  // which the sweep should be over.
  static constexpr size_t kSweepAheadBlocks = 4;
  static constexpr double kSweepWithin = 0.5;

  Concurrent(CollectorHost& host, const HeapConfig& config)
      : Collector(host),
        settings_(read_settings(config)),
        small_objects_("concurrent", kLargeObjectWords - 1),
        large_objects_("concurrent-large"),
        marker_(host, settings_.marker, settings_.lockstep_seed) {
    attributes_.fast_path = AllocationFastPath::FreeList;
    attributes_.size_classes = &small_objects_.size_classes();
    attributes_.barrier = BarrierKind::SnapshotAtBeginning;
    attributes_.allocation_flags = true;  // kMarked while marking
    attributes_.large_object_words = kLargeObjectWords;
    attributes_.moving = false;
  }

  const CollectorAttributes& attributes() const override { return attributes_; }

  void attach_mutator(Mutator& mutator) override {
    mutator.log_sink = &marker_;
    set_marking(mutator, marker_.marking());
  }

  // A pause comes first when a cycle is due to start or end (reason_).
  // A small object's cell comes with the rest of its block's free cells,
  // as under mark-sweep, unless the marker steps at each allocation; while
  // marking, what is handed out counts as allocated black.
  Word* allocate(Mutator& mutator, size_t total_words, bool after_collection) override {
    if (!after_collection && pause_due()) return nullptr;
    bool large = total_words >= kLargeObjectWords;
    Word* result = large ? large_objects_.allocate(total_words) : allocate_small(total_words);
    if (result == nullptr) return nullptr;
    // Born marked, and so are the cells handed out with it, of its block.
    if (marker_.marking() && !large) mark_block_of(result);
    bool hand_out = !large && marker_.mode() == ConcurrentMarker::Mode::Thread;
    size_t words = total_words + (hand_out ? small_objects_.hand_out_free_cells(mutator, total_words) : 0);
    allocated_since_cycle_ += words * sizeof(Word);
    if (marker_.marking()) black_words_ += words;
    return result;
  }

  GcReason reason_for_collection() const override { return reason_; }

  uint64_t concurrent_cpu_ns() const override { return marker_.cpu_ns(); }

  CollectionReport collect(const CollectionRequest& request) override {
    std::unique_lock held = marker_.hold();
    CollectionReport report;
    bool was_marking = marker_.marking();
    if (was_marking) end_cycle();
    bool whole = request.whole_heap || (!was_marking && request.reason == GcReason::HeapFull);
    if (whole) {
      start_cycle();
      end_cycle();
      report.kind = CollectionKind::Full;
    } else if (!was_marking || request.reason == GcReason::Stress) {
      start_cycle();
      report.kind = was_marking ? CollectionKind::Major : CollectionKind::Start;
    } else {
      report.kind = CollectionKind::Major;
    }
    return report;
  }

  // Hands a stopped mutator's partial log to the marker, and takes back its
  // free cells (no longer black).
  void flush_mutator(Mutator& mutator) override {
    if (mutator.remembered_top != mutator.remembered_begin) marker_.take_log(mutator);
    size_t unused = small_objects_.take_back_free_cells(mutator);
    if (marker_.marking()) black_words_ -= unused;
  }

  void for_each_space(const std::function<void(const SpaceRange&)>& fn) override {
    small_objects_.finish_sweeping();  // an unswept block's dead objects may point at freed cells
    small_objects_.for_each_range(fn);
    large_objects_.for_each_range(fn);
  }

  HeapUsage usage() const override {
    return {small_objects_.used_bytes() + large_objects_.used_bytes(),
            small_objects_.committed_bytes() + large_objects_.committed_bytes()};
  }

 private:
  Settings settings_;
  CollectorAttributes attributes_;
  FreeListSpace small_objects_;
  LargeObjectSpace large_objects_;
  ConcurrentMarker marker_;
  GcReason reason_ = GcReason::HeapFull;
  size_t allocated_since_cycle_ = 0;  // since the last start or end of a cycle
  size_t black_words_ = 0;            // allocated marked in this cycle
  size_t live_bytes_ = 0;             // after the last cycle
  size_t sweep_stride_bytes_ = 0;     // allocation between two sweeps ahead
  size_t next_sweep_at_ = 0;
  bool sweeping_ = false;

  size_t budget_bytes() const { return std::max(kMinBudgetBytes, live_bytes_); }
  size_t start_bytes() const { return size_t(double(budget_bytes()) * settings_.start_fraction); }

  // Does a cycle start or end before this allocation? Sets reason_.
  bool pause_due() {
    if (marker_.marking()) {
      if (marker_.idle()) {
        marker_.report_finished();
        reason_ = GcReason::Cycle;
        return true;
      }
      reason_ = GcReason::HeapFull;
      if (allocated_since_cycle_ > 2 * budget_bytes()) return true;
      // After the test above: a stress schedule that collects at every
      // allocation ends each cycle itself, never at the marker's request.
      if (marker_.mode() == ConcurrentMarker::Mode::LockStep) marker_.step();
      return false;
    }
    sweep_ahead();
    reason_ = GcReason::Cycle;
    if (allocated_since_cycle_ < start_bytes()) return false;
    // Due: the sweep must be over before marking starts.
    return !sweeping_ || finish_sweep_in_steps();
  }

  void sweep_ahead() {
    if (!sweeping_ || allocated_since_cycle_ < next_sweep_at_) return;
    next_sweep_at_ += sweep_stride_bytes_;
    if (small_objects_.sweep_some(kSweepAheadBlocks)) sweeping_ = false;
  }

  // A cycle is due while blocks are still unswept: sweeps more at each
  // allocation; true once none is left.
  bool finish_sweep_in_steps() {
    sweeping_ = !small_objects_.sweep_some(8 * kSweepAheadBlocks);
    return !sweeping_;
  }

  Word* allocate_small(size_t total_words) {
    if (Word* cell = small_objects_.allocate(total_words)) return cell;
    return small_objects_.allocate_in_new_block(total_words);
  }

  void set_marking(Mutator& mutator, bool marking) {
    mutator.marking = marking ? 1 : 0;
    mutator.allocation_flags = marking ? kMarked : 0;
  }

  // In a pause, the marker held.
  void start_cycle() {
    if (sweeping_) small_objects_.finish_sweeping();
    sweeping_ = false;
    marker_.start();
    host().for_each_mutator([&](Mutator& m) { set_marking(m, true); });
    allocated_since_cycle_ = 0;
    black_words_ = 0;
  }

  // In a pause, the marker held, every mutator's log handed over already
  // (the Heap flushes each mutator before it collects): marks to the end,
  // checks, sweeps.
  void end_cycle() {
    marker_.finish();
    host().check_marks();
    host().for_each_mutator([&](Mutator& m) { set_marking(m, false); });
    large_objects_.sweep();
    size_t live_words = marker_.marked_words() + black_words_;
    small_objects_.sweep(live_words - large_objects_.used_bytes() / sizeof(Word));
    host().events().sweep_done(true);
    live_bytes_ = usage().used_bytes;
    small_objects_.release_empty_blocks(budget_bytes() / FreeListSpace::kBlockBytes);
    allocated_since_cycle_ = 0;
    pace_sweeping();
  }

  // Sweeps kSweepAheadBlocks every stride of allocation, so that the
  // unswept blocks are done within kSweepWithin of the start budget.
  void pace_sweeping() {
    size_t blocks = small_objects_.unswept_blocks();
    sweeping_ = blocks != 0;
    if (!sweeping_) return;
    size_t steps = (blocks + kSweepAheadBlocks - 1) / kSweepAheadBlocks;
    sweep_stride_bytes_ = std::max<size_t>(1, size_t(double(start_bytes()) * kSweepWithin) / steps);
    next_sweep_at_ = sweep_stride_bytes_;
  }
};

std::unique_ptr<Collector> make(CollectorHost& host, const HeapConfig& config) {
  return std::make_unique<Concurrent>(host, config);
}

}  // namespace

BEAGLE_REGISTER_COLLECTOR(concurrent, "concurrent",
                          "mostly-concurrent mark-sweep: a marking thread, a snapshot-at-the-beginning barrier, "
                          "black allocation, short start and remark pauses",
                          &make,
                          {{"marker", "thread", "thread: marking runs in a thread of its own; lockstep: in steps at "
                                                "each allocation (always so under a stress schedule)"},
                           {"lockstep-seed", "1", "the seed of the lock-step marker's step sizes"},
                           {"start", "50", "a cycle starts once allocation since the last one passes this "
                                           "percentage of the budget, max(4 MiB, live bytes)"}});

}  // namespace beagle::gc
