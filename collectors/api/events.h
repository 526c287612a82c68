// GC events, in the manner of Whippet's event listener: the Heap and the
// collector report each phase of a collection to one EventListener, which
// the Heap owns and hands to the collector (CollectorHost::events()). A
// collector calls the hook of each phase it has, at the phase's end:
//
//   host().events().roots_visited();
//   ...
//   host().events().copy_done(evacuation.copied_bytes());
//
// Each hook is inline and does nothing but test one flag while no listener
// is listening (the default, and `beagle run` without --gc-log), so a hook
// costs a predictable branch. A listening one receives each phase as a
// plain GcEvent (on_event), timestamped by the hook. heap/event_log.h is
// the listener behind --gc-log (docs/GC-LOG.md is its schema).
//
// A new collector reports its phases through these hooks with no edit
// elsewhere. A phase that runs while the mutators run (a concurrent
// collector's) is reported with `concurrent` true.
#pragma once

#include <cstddef>
#include <cstdint>

#include "collectors/api/collector.h"

namespace beagle::gc {

// Nanoseconds on the steady (monotonic) clock.
uint64_t now_ns();
// CPU nanoseconds of the calling thread: on a busy machine, a pause's work
// rather than its length.
uint64_t thread_cpu_ns();

// The phases of a collection, in the order they usually come. Requested,
// Stopped and Resumed come from the Heap, once per collection; the others
// from the collector, as many times as it has them (none for nogc).
enum class GcPhase : uint8_t {
  Requested,   // the Heap decided to collect
  Stopped,     // every mutator is stopped, its buffers handed over: the pause starts
  Roots,       // the roots have been visited (what they reference copied, or marked and queued)
  Remembered,  // the remembered set has been visited (generational)
  Copied,      // copying is done: everything reachable is in its new place
  MarkSlice,   // a slice of incremental marking ended
  Marked,      // marking is done
  Swept,       // sweeping is done, or has started and goes on lazily
  Resumed,     // the collection is over: the mutators run again
};
inline constexpr int kGcPhaseCount = int(GcPhase::Resumed) + 1;

const char* gc_phase_name(GcPhase phase);
const char* collection_kind_name(CollectionKind kind);

// One phase of one collection, as a listener receives it. The hooks fill
// the phase, its time and the fields that belong to it; the rest stay 0.
// `collection`, `reason` and `kind` belong to the collection as a whole: a
// listener that wants them in every event fills them in (the kind is known
// only when the collection has resumed).
struct GcEvent {
  GcPhase phase = GcPhase::Requested;
  bool concurrent = false;  // the phase ran with the mutators running
  uint64_t time_ns = 0;     // steady clock, when the phase ended
  uint64_t collection = 0;  // 1 for the first collection of the heap
  GcReason reason = GcReason::HeapFull;
  CollectionKind kind = CollectionKind::Full;
  bool whole_heap = false;  // Requested: the whole heap was asked for
  bool finished = false;    // MarkSlice: nothing is left to mark
  bool lazy = false;        // Swept: blocks are left, swept as allocation needs them
  uint64_t heap_used_bytes = 0;       // Requested: before; Resumed: after
  uint64_t heap_committed_bytes = 0;  // Requested: before; Resumed: after
  uint64_t threads = 0;               // Stopped: mutators stopped
  uint64_t remembered_entries = 0;    // Remembered: objects and slots visited
  uint64_t copied_bytes = 0;          // Copied
  uint64_t marked_bytes = 0;          // MarkSlice: so far in this mark; Marked: every marked object
  uint64_t promoted_bytes = 0;        // Resumed: copied from a young into an old space
  uint64_t freed_bytes = 0;           // Resumed: heap used before less heap used after (at least 0)
  uint64_t pause_ns = 0;              // Resumed: the pause as --stats counts it (Stopped to the collector's end)
};

// The listener. Its hooks are not virtual: each tests `listening()` and
// hands a GcEvent to on_event, the one thing a listener overrides.
class EventListener {
 public:
  // A listener that is not listening: every hook is a test of one flag.
  EventListener() = default;
  virtual ~EventListener() = default;
  EventListener(const EventListener&) = delete;
  EventListener& operator=(const EventListener&) = delete;

  bool listening() const { return listening_; }

  // From the Heap. `time_ns` from the Heap's own clock reads, so that the
  // pause between Stopped and Resumed is the one its statistics count.
  void requested(const CollectionRequest& request, const HeapUsage& heap) {
    if (!listening_) return;
    GcEvent e = event(GcPhase::Requested, now_ns(), false);
    e.reason = request.reason;
    e.whole_heap = request.whole_heap;
    e.heap_used_bytes = heap.used_bytes;
    e.heap_committed_bytes = heap.committed_bytes;
    on_event(e);
  }
  void stopped(uint64_t time_ns, size_t threads) {
    if (!listening_) return;
    GcEvent e = event(GcPhase::Stopped, time_ns, false);
    e.threads = threads;
    on_event(e);
  }
  void resumed(uint64_t time_ns, const CollectionReport& report, uint64_t pause_ns, const HeapUsage& before,
               const HeapUsage& after) {
    if (!listening_) return;
    GcEvent e = event(GcPhase::Resumed, time_ns, false);
    e.kind = report.kind;
    e.promoted_bytes = report.promoted_bytes;
    e.freed_bytes = before.used_bytes > after.used_bytes ? before.used_bytes - after.used_bytes : 0;
    e.pause_ns = pause_ns;
    e.heap_used_bytes = after.used_bytes;
    e.heap_committed_bytes = after.committed_bytes;
    on_event(e);
  }

  // From the collector, at the end of each phase.
  void roots_visited(bool concurrent = false) {
    if (listening_) on_event(event(GcPhase::Roots, now_ns(), concurrent));
  }
  void remembered_visited(size_t entries) {
    if (!listening_) return;
    GcEvent e = event(GcPhase::Remembered, now_ns(), false);
    e.remembered_entries = entries;
    on_event(e);
  }
  void copy_done(size_t copied_bytes, bool concurrent = false) {
    if (!listening_) return;
    GcEvent e = event(GcPhase::Copied, now_ns(), concurrent);
    e.copied_bytes = copied_bytes;
    on_event(e);
  }
  // `marked_bytes`: marked so far in this mark; `finished`: nothing is left
  // to mark (what follows is the remark, if the collector has one).
  void mark_slice_done(size_t marked_bytes, bool finished, bool concurrent = false) {
    if (!listening_) return;
    GcEvent e = event(GcPhase::MarkSlice, now_ns(), concurrent);
    e.marked_bytes = marked_bytes;
    e.finished = finished;
    on_event(e);
  }
  void mark_done(size_t marked_bytes, bool concurrent = false) {
    if (!listening_) return;
    GcEvent e = event(GcPhase::Marked, now_ns(), concurrent);
    e.marked_bytes = marked_bytes;
    on_event(e);
  }
  // `lazy`: blocks are left unswept, to be swept as allocation needs them
  // (or at a later pause); otherwise nothing is left to sweep.
  void sweep_done(bool lazy, bool concurrent = false) {
    if (!listening_) return;
    GcEvent e = event(GcPhase::Swept, now_ns(), concurrent);
    e.lazy = lazy;
    on_event(e);
  }

  // The listener that never listens (the Heap's default).
  static EventListener& none();

 protected:
  // A listener that listens.
  explicit EventListener(bool listening) : listening_(listening) {}
  virtual void on_event(const GcEvent& /*event*/) {}

 private:
  bool listening_ = false;

  static GcEvent event(GcPhase phase, uint64_t time_ns, bool concurrent) {
    GcEvent e;
    e.phase = phase;
    e.time_ns = time_ns;
    e.concurrent = concurrent;
    return e;
  }
};

}  // namespace beagle::gc
