#include "collectors/concurrent/concurrent_marker.h"

#include "collectors/api/events.h"

namespace beagle::gc {

ConcurrentMarker::ConcurrentMarker(CollectorHost& host, Mode mode, uint64_t seed)
    : host_(host), mode_(mode), steps_(seed) {
  if (mode_ == Mode::Thread) thread_ = std::thread([this] { run_thread(); });
}

ConcurrentMarker::~ConcurrentMarker() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard held(log_lock_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

std::unique_lock<std::mutex> ConcurrentMarker::hold() {
  holds_wanted_.fetch_add(1);
  std::unique_lock held(work_lock_);
  holds_wanted_.fetch_sub(1);
  return held;
}

void ConcurrentMarker::start() {
  marker_.reset();
  host_.visit_roots(marker_);
  host_.events().roots_visited();
  marking_ = true;
  reported_ = false;
  idle_.store(false, std::memory_order_release);
  if (mode_ != Mode::Thread) return;
  {
    std::lock_guard held(log_lock_);
    marking_requested_ = true;
  }
  wake_.notify_one();
}

void ConcurrentMarker::step() {
  if (!marking_ || idle()) return;
  std::uniform_int_distribution<size_t> words(1, kMaxLockStepWords);
  if (mark_some(words(steps_))) became_idle();
}

void ConcurrentMarker::became_idle() {
  idle_marked_bytes_.store(marker_.marked_bytes(), std::memory_order_relaxed);
  idle_.store(true, std::memory_order_release);
}

void ConcurrentMarker::report_finished() {
  if (reported_) return;
  reported_ = true;
  host_.events().mark_slice_done(idle_marked_bytes_.load(std::memory_order_relaxed), true, true);
}

void ConcurrentMarker::finish() {
  mark_logged();
  marker_.drain();
  host_.events().mark_done(marker_.marked_bytes());
  marking_ = false;
  idle_.store(true, std::memory_order_release);
}

void ConcurrentMarker::take_log(Mutator& mutator) {
  {
    std::lock_guard held(log_lock_);
    logged_.insert(logged_.end(), mutator.remembered_begin, mutator.remembered_top);
    marking_requested_ = true;
  }
  mutator.remembered_top = mutator.remembered_begin;
  idle_.store(false, std::memory_order_release);
  if (mode_ == Mode::Thread) wake_.notify_one();
}

// Waits for work, then marks in steps until none is left, letting a pause
// that wants to hold the marker in between two steps.
void ConcurrentMarker::run_thread() {
  for (;;) {
    {
      std::unique_lock held(log_lock_);
      wake_.wait(held, [&] { return stopping_ || marking_requested_; });
      if (stopping_) return;
      marking_requested_ = false;
    }
    for (;;) {
      while (holds_wanted_.load() > 0) std::this_thread::yield();
      std::lock_guard work(work_lock_);
      if (!marking_) break;
      if (mark_some(kThreadStepWords)) {
        became_idle();
        break;
      }
    }
  }
}

bool ConcurrentMarker::mark_some(size_t budget_words) {
  uint64_t start_ns = thread_cpu_ns();
  mark_logged();
  bool drained = marker_.drain(budget_words);
  cpu_ns_.fetch_add(thread_cpu_ns() - start_ns, std::memory_order_relaxed);
  if (!drained) return false;
  std::lock_guard held(log_lock_);
  return logged_.empty();
}

void ConcurrentMarker::mark_logged() {
  std::vector<Word*> batch;
  {
    std::lock_guard held(log_lock_);
    batch.swap(logged_);
  }
  for (Word* object : batch) marker_.mark_object(object);
}

}  // namespace beagle::gc
