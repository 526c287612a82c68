// The Runtime: one per program run. It owns the heap (and through it the chosen
// collector), the stack-map table, the threads, and the tables every part of
// the language shares (interned keywords, immortal literals). Its root
// sources hand the collector every thread's frames and handles.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "collectors/heap/heap.h"
#include "collectors/roots/frame_walker.h"
#include "collectors/roots/stack_map.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/globals.h"
#include "lang/runtime/output.h"
#include "lang/runtime/protocols.h"
#include "lang/runtime/structs.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

struct PreludeIds;  // library/internal.h
class Threads;      // threads.h

class Runtime {
 public:
  explicit Runtime(const gc::HeapOptions& options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  gc::Heap& heap() { return *heap_; }
  gc::StackMapTable& stack_maps() { return stack_maps_; }
  Thread& main_thread() { return main_->thread; }
  // The threads `thread(f)` started (threads.h).
  Threads& threads() { return *threads_; }

  // The program's step budget (--max-steps), shared by its threads: each
  // thread counts steps in its own Thread::steps_left and, when that runs
  // out, takes up to kStepChunk more from the budget (take_steps: false
  // when none is left); a thread that ends gives back what it has left.
  // Unlimited (kUnlimitedSteps) by default.
  static constexpr int64_t kStepChunk = 1 << 16;
  void set_step_budget(int64_t steps) { unclaimed_steps_.store(steps, std::memory_order_relaxed); }
  bool take_steps(Thread& t);
  void give_back_steps(Thread& t);
  // Readies a thread for compiled code, on that thread, before it runs any
  // (the JIT's per-thread state: jit/program.cc sets it).
  std::function<void(Thread&)> prepare_thread;
  GlobalTable& globals() { return globals_; }
  StructRegistry& structs() { return structs_; }
  ProtocolRegistry& protocols() { return protocols_; }
  const ProtocolRegistry& protocols() const { return protocols_; }
  // Where the program's output goes (the process's stdout and stderr unless set).
  // One writer at a time: threads share it.
  Output& output() { return output_; }
  void set_output(Output& output) { output_.set(output); }
  // An abort on its way across JIT frames to the C++ code that entered
  // them (jit/runtime_calls.h), which throws it again: one per OS thread,
  // since each thread leaves its own frames (an abort ends every thread,
  // threads.h, so several are on their way at once). Static, so
  // `thread.runtime->pending_abort` names this thread's; a thread crosses
  // the frames of one Runtime at a time.
  static thread_local std::optional<ProgramAbort> pending_abort;
  // The ids of the structs the library defines natively (library/internal.h).
  std::shared_ptr<const PreludeIds> prelude_ids;
  // The method id of beagle.core/format, once the prelude protocol exists (else -1).
  int format_method = -1;
  // The descriptor (a `Struct { name, id }`) of a built-in type id, or of a struct.
  std::unordered_map<int64_t, Value> descriptors;

  // The struct id of SystemError's variant `kind` ("TypeError", ...).
  uint32_t system_error_id(const std::string& kind);

  // Immortal values: equal inputs give the same object. Safe from any thread.
  Value keyword(std::string_view name);
  Value immortal_string(std::string_view text);
  Value immortal_float(double value);

 private:
  std::atomic<int64_t> unclaimed_steps_{kUnlimitedSteps};
  class ThreadFrames;
  class ThreadHandles;

  std::unique_ptr<gc::Heap> heap_;
  SerialOutput output_{Output::process()};
  gc::StackMapTable stack_maps_;
  std::unique_ptr<ThreadState> main_;
  std::unique_ptr<ThreadFrames> thread_frames_;
  std::unique_ptr<ThreadHandles> thread_handles_;
  std::unique_ptr<Threads> threads_;
  GlobalTable globals_;
  StructRegistry structs_;
  ProtocolRegistry protocols_;
  std::unordered_map<std::string, Value> keywords_;
  std::unordered_map<std::string, Value> strings_;
  std::unordered_map<uint64_t, Value> floats_;
  // Guards the three tables above and the immortal space behind them.
  std::recursive_mutex interning_lock_;
};

}  // namespace beagle::rt
