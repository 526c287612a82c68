#include "lang/runtime/threads.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

#include "lang/runtime/builtins.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"

namespace beagle::rt {
namespace {

constexpr size_t kThreadStackBytes = size_t{64} << 20;   // reserved lazily, as the main thread's
constexpr size_t kThreadStackReserve = size_t{1} << 20;  // kept free below the limit for runtime code

}  // namespace

Word* stack_limit_of_this_thread(size_t reserve) {
  pthread_attr_t attr;
  void* low = nullptr;
  size_t size = 0;
  pthread_getattr_np(pthread_self(), &attr);
  pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  return reinterpret_cast<Word*>(static_cast<char*>(low) + reserve);
}

Value rt_safepoint_poll(Thread& t) {
  t.runtime->heap().park(t.mutator);
  t.runtime->threads().throw_if_aborted();
  return Value::null();
}

Threads::~Threads() = default;  // the Runtime joins every thread first

void Threads::start(Thread& parent, gc::Handle f) {
  reap_finished();
  auto started = std::make_unique<Started>(runtime_);
  Thread& child = started->state.thread;
  gc::Heap& heap = runtime_.heap();
  {
    // Registering waits while the world is stopped.
    gc::NativeScope native(heap.threads(), parent.mutator);
    heap.add_mutator(&child.mutator, gc::MutatorState::Native);
  }
  started->function = child.handles->push(f.get());  // a root from now on
  // The program's step budget (--max-steps) is shared by its threads
  // (Runtime::take_steps): the child starts with none of its own and takes
  // its first steps from the budget at its first count.
  if (parent.steps_left != kUnlimitedSteps) child.steps_left = 0;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kThreadStackBytes);
  int error = pthread_create(&started->os, &attr, &Threads::run, started.get());
  pthread_attr_destroy(&attr);
  if (error != 0) {
    {
      gc::NativeScope native(heap.threads(), parent.mutator);
      heap.remove_mutator(&child.mutator);
    }
    throw_error(parent, "ThreadError", std::string("cannot start a thread: ") + std::strerror(error));
  }
  std::lock_guard held(lock_);
  started_.push_back(std::move(started));
}

void* Threads::run(void* p) {
  Started& started = *static_cast<Started*>(p);
  Thread& t = started.state.thread;
  Runtime& runtime = *t.runtime;
  if (runtime.prepare_thread) runtime.prepare_thread(t);
  t.stack_limit = stack_limit_of_this_thread(kThreadStackReserve);
  runtime.heap().threads().leave_native(t.mutator);
  runtime.threads().run_function(t, started.function);
  runtime.give_back_steps(t);
  runtime.heap().remove_mutator(&t.mutator);
  started.done.store(true, std::memory_order_release);
  return nullptr;
}

void Threads::run_function(Thread& t, Value* function) {
  try {
    call_function(t, *function, nullptr, 0);
  } catch (const BeagleThrow& e) {
    report_uncaught(t, e.value);
  } catch (const ProgramAbort& abort) {
    abort_all(abort);
  }
}

// LANGUAGE.md §7.4: `Uncaught exception in thread:`, then println(e).
void Threads::report_uncaught(Thread& t, Value thrown) {
  gc::HandleScope scope(*t.handles);
  gc::Handle value = scope.make(thrown);
  std::string text;
  try {
    text = format_string(t, value.get());
  } catch (const BeagleThrow&) {  // a Format implementation that throws
    text = raw_string(*t.runtime, value.get());
  }
  runtime_.output().out("Uncaught exception in thread:\n" + text + "\n");
}

std::vector<std::unique_ptr<Threads::Started>> Threads::take(bool finished_only) {
  std::lock_guard held(lock_);
  std::vector<std::unique_ptr<Started>> taken;
  auto kept = started_.begin();
  for (auto& s : started_) {
    if (!finished_only || s->done.load(std::memory_order_acquire)) {
      taken.push_back(std::move(s));
    } else {
      *kept++ = std::move(s);
    }
  }
  started_.erase(kept, started_.end());
  return taken;
}

// A thread that is done touches nothing more: joining it does not wait on the heap.
void Threads::reap_finished() {
  for (auto& s : take(true)) pthread_join(s->os, nullptr);
}

void Threads::join_all(Thread& self) {
  gc::NativeScope native(runtime_.heap().threads(), self.mutator);
  while (true) {
    std::vector<std::unique_ptr<Started>> batch = take(false);
    if (batch.empty()) return;
    for (auto& s : batch) pthread_join(s->os, nullptr);
  }
}

void Threads::abort_all(const ProgramAbort& abort) {
  {
    std::lock_guard held(lock_);
    if (aborted_.load(std::memory_order_relaxed)) return;
    abort_ = abort;
    first_abort_ = abort;
    aborted_.store(true, std::memory_order_release);
  }
  wake_sleepers_.notify_all();
  runtime_.heap().threads().request_polls();
}

void Threads::throw_if_aborted() {
  if (!aborted_.load(std::memory_order_acquire)) return;
  std::lock_guard held(lock_);
  throw ProgramAbort(*first_abort_);
}

void Threads::sleep(Thread& t, double ms) {
  {
    gc::NativeScope native(runtime_.heap().threads(), t.mutator);
    std::unique_lock held(lock_);
    // At most a year at a time (a longer wait overflows the clock's count).
    wake_sleepers_.wait_for(held, std::chrono::duration<double, std::milli>(std::min(ms, 3.2e10)),
                            [&] { return aborted_.load(std::memory_order_relaxed); });
  }
  throw_if_aborted();
}

std::optional<ProgramAbort> Threads::take_abort() {
  std::lock_guard held(lock_);
  std::optional<ProgramAbort> abort = std::move(abort_);
  abort_.reset();
  return abort;
}

}  // namespace beagle::rt
