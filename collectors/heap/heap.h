// The Heap: the one place that decides when to collect, times collections,
// keeps statistics, runs the stress mode and the verifier, and hands the
// collector its roots. The runtime and the JIT's slow paths call it; the
// chosen collector does the work.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "collectors/api/collector.h"
#include "collectors/spaces/chunked_space.h"

namespace beagle::gc {

struct HeapOptions {
  std::string collector = "mark-sweep";
  HeapConfig config;
  bool gc_always = false;  // a full collection before every allocation
  bool verify = false;     // verify the heap around every collection (on with gc_always)
  // The largest type id the runtime uses: the verifier rejects any header
  // with a larger one (0: do not check).
  uint32_t max_type_id = 0;
};

struct GcStats {
  uint64_t collections = 0;
  uint64_t total_pause_ns = 0;
  uint64_t max_pause_ns = 0;
  size_t peak_used_bytes = 0;
  uint64_t allocations = 0;  // objects allocated through the slow path
};

// The heap cannot hold an object even after a full collection.
class HeapExhausted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Heap final : public CollectorHost {
 public:
  // Throws std::invalid_argument if no collector has that name.
  explicit Heap(const HeapOptions& options);
  ~Heap() override;

  Collector& collector() { return *collector_; }
  const HeapOptions& options() const { return options_; }
  const GcStats& stats() const { return stats_; }

  void add_root_source(RootSource* source);
  void remove_root_source(RootSource* source);
  void add_mutator(Mutator* mutator);
  void remove_mutator(Mutator* mutator);

  // The allocation slow path: room for `total_words` words (header
  // included). Throws HeapExhausted.
  Word* allocate(Mutator& mutator, size_t total_words);

  // A full collection now (the program's gc(), or a stress point).
  void collect(GcReason reason);

  // Checks the whole heap and every root; throws VerificationError.
  void verify(const char* when);

  // Every space: the collector's and the immortal space.
  void for_each_space(const std::function<void(const SpaceRange&)>& fn);

  // Room for an object that is never moved or freed (literals, keywords,
  // descriptors). Immortal objects may point only to immortal objects.
  Word* allocate_immortal(size_t total_words);

  // CollectorHost
  void visit_roots(RootVisitor& visitor) override;

 private:
  HeapOptions options_;
  std::unique_ptr<Collector> collector_;
  std::unique_ptr<ChunkedSpace> immortal_;
  std::vector<RootSource*> root_sources_;
  std::vector<Mutator*> mutators_;
  GcStats stats_;
};

}  // namespace beagle::gc
