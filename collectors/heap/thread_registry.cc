#include "collectors/heap/thread_registry.h"

#include <algorithm>

namespace beagle::gc {

void ThreadRegistry::add(Mutator& m, MutatorState state, const std::function<void()>& attach) {
  std::unique_lock held(lock_);
  changed_.wait(held, [&] { return !stopped_; });
  attach();
  m.state = state;
  __atomic_store_n(&m.safepoint_requested, polls_requested_ ? 1 : 0, __ATOMIC_RELAXED);
  mutators_.push_back(&m);
}

void ThreadRegistry::remove(Mutator& m) {
  std::unique_lock held(lock_);
  m.state = MutatorState::Native;
  changed_.notify_all();
  changed_.wait(held, [&] { return !stopped_; });
  mutators_.erase(std::remove(mutators_.begin(), mutators_.end(), &m), mutators_.end());
}

// While another thread has the world stopped, `m` waits in a safe state.
void ThreadRegistry::wait_until_resumed(std::unique_lock<std::mutex>& held, Mutator& m, MutatorState meanwhile) {
  if (!stopped_) return;
  MutatorState before = m.state;
  m.state = meanwhile;
  changed_.notify_all();
  changed_.wait(held, [&] { return !stopped_; });
  m.state = before;
}

bool ThreadRegistry::others_running(const Mutator* requester) const {
  return std::any_of(mutators_.begin(), mutators_.end(),
                     [&](const Mutator* m) { return m != requester && m->state == MutatorState::Running; });
}

void ThreadRegistry::stop_the_world(Mutator* requester) {
  std::unique_lock held(lock_);
  if (requester != nullptr) {
    wait_until_resumed(held, *requester, MutatorState::Parked);
  } else {
    changed_.wait(held, [&] { return !stopped_; });
  }
  stopped_ = true;
  if (requester == nullptr) return;
  for (Mutator* m : mutators_) {
    if (m != requester) __atomic_store_n(&m->safepoint_requested, 1, __ATOMIC_RELEASE);
  }
  changed_.wait(held, [&] { return !others_running(requester); });
}

void ThreadRegistry::resume_the_world() {
  std::lock_guard held(lock_);
  for (Mutator* m : mutators_) __atomic_store_n(&m->safepoint_requested, polls_requested_ ? 1 : 0, __ATOMIC_RELAXED);
  stopped_ = false;
  changed_.notify_all();
}

void ThreadRegistry::request_polls() {
  std::lock_guard held(lock_);
  polls_requested_ = true;
  for (Mutator* m : mutators_) __atomic_store_n(&m->safepoint_requested, 1, __ATOMIC_RELEASE);
}

void ThreadRegistry::park(Mutator& m) {
  std::unique_lock held(lock_);
  wait_until_resumed(held, m, MutatorState::Parked);
}

void ThreadRegistry::enter_native(Mutator& m) {
  std::lock_guard held(lock_);
  m.state = MutatorState::Native;
  changed_.notify_all();
}

void ThreadRegistry::leave_native(Mutator& m) {
  std::unique_lock held(lock_);
  changed_.wait(held, [&] { return !stopped_; });
  m.state = MutatorState::Running;
}

}  // namespace beagle::gc
