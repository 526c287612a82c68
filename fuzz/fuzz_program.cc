#include "fuzz/fuzz_program.h"

#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace beagle::fuzz {
namespace {

// As `beagle run` (harness/cli/run_command.cc).
constexpr size_t kStackBytes = size_t{256} << 20;
constexpr size_t kStackReserve = size_t{1} << 20;

std::string env_or(const char* name, const char* otherwise) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : otherwise;
}

jit::RunOptions options_from_environment() {
  jit::RunOptions options;
  options.heap.collector = env_or("BEAGLE_FUZZ_GC", "mark-sweep");
  options.heap.verify = true;
  std::string heap = env_or("BEAGLE_FUZZ_HEAP", "32M");
  if (!gc::parse_size(heap, options.heap.config.max_heap_bytes)) {
    std::fprintf(stderr, "fuzz: BEAGLE_FUZZ_HEAP: bad size '%s'\n", heap.c_str());
    std::exit(2);
  }
  options.max_steps = std::atoll(env_or("BEAGLE_FUZZ_STEPS", "30000").c_str());
  if (options.max_steps <= 0) {
    std::fprintf(stderr, "fuzz: BEAGLE_FUZZ_STEPS wants a positive number\n");
    std::exit(2);
  }
  return options;
}

struct StackJob {
  jit::Program* program;
  const std::function<int()>* work;
  int result = 0;
};

void* run_job(void* argument) {
  auto* job = static_cast<StackJob*>(argument);
  job->program->use_stack_of_this_thread(kStackReserve);
  try {
    job->result = (*job->work)();
  } catch (const rt::ProgramAbort& abort) {
    // Out of memory, out of steps, no match: how a fuzzed program may end.
    // An internal error (a failed heap verification) is a finding.
    std::fputs(abort.report().c_str(), stderr);
    if (abort.kind == rt::ProgramAbort::Kind::Internal) std::abort();
    job->result = 1;
  }
  return nullptr;
}

}  // namespace

jit::Program& warm_program() {
  static std::unique_ptr<jit::Program> program = std::make_unique<jit::Program>(options_from_environment());
  return *program;
}

std::string write_input(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    std::string directory = env_or("TMPDIR", "/tmp") + "/beagle-fuzz-XXXXXX";
    if (mkdtemp(directory.data()) == nullptr) {
      std::perror("fuzz: mkdtemp");
      std::abort();
    }
    return directory + "/input.bg";
  }();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
  if (!out.flush()) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}

int on_program_stack(jit::Program& program, const std::function<int()>& work) {
  StackJob job{&program, &work};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kStackBytes);
  pthread_t thread;
  if (pthread_create(&thread, &attr, run_job, &job) != 0) {
    std::fprintf(stderr, "fuzz: cannot start the program thread\n");
    std::abort();
  }
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  return job.result;
}

}  // namespace beagle::fuzz
