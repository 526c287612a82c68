// A whole Beagle program being run: the runtime, the machine-code memory and
// stubs, every loaded file, and what files share (top-level functions for
// direct calls, struct defaults, namespace aliases).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "jit/code_memory.h"
#include "jit/stubs.h"
#include "lang/front/ast.h"
#include "lang/front/source.h"
#include "lang/runtime/runtime.h"

namespace beagle::jit {

// The kinds of store the JIT compiles through the store path.
enum class StoreKind { Box, Binding };

struct RunOptions {
  gc::HeapOptions heap;
  bool no_std = false;
  std::vector<std::string> program_args;
  // Test only: compile stores of this kind without their barrier, to show
  // that the barrier verifier catches a missing barrier.
  std::optional<StoreKind> test_drop_barrier;
  // Stop the program after this many steps (function entries and loop
  // iterations, the prelude's included); 0: no limit, and no counting code.
  int64_t max_steps = 0;
};

class Program {
 public:
  explicit Program(const RunOptions& options);
  ~Program();

  // Loads, compiles and runs `path` (its `use`d files first), then calls its
  // `main`. Returns the process exit status. Compile errors are printed as
  // diagnostics (status 1); uncaught exceptions as LANGUAGE.md §7.4 says.
  int run_file(const std::string& path);

  // Loads and compiles `path` (its `use`d files first) without running any
  // of it. Returns its namespace, or nothing after printing the first compile
  // error as a diagnostic. run_file starts with this.
  std::optional<std::string> compile_file(const std::string& path);

  // The program runs on the calling thread's stack: a Beagle call that
  // would leave less than `reserve` bytes of it (for runtime code) throws
  // "Stack overflow".
  void use_stack_of_this_thread(size_t reserve);

  rt::Runtime& runtime() { return *runtime_; }
  const RunOptions& options() const { return options_; }
  const Stubs& stubs() const { return *stubs_; }
  CodeMemory& code_memory() { return code_memory_; }

  // Shared between files.
  std::unordered_map<std::string, rt::Value> functions;  // "ns/f" -> Function
  std::unordered_map<uint32_t, std::vector<const lang::Expr*>> struct_defaults;
  std::set<std::string> namespaces;
  std::set<std::string> protocols;  // qualified names of declared protocols

  // A string that lives as long as the program (names in stack maps).
  const char* intern(const std::string& text) { return interned_.insert(text).first->c_str(); }
  // Loads a file named by `use` (LANGUAGE.md §1.3) unless its namespace
  // exists; returns the namespace name. Throws lang::SyntaxError at `pos`.
  std::string use_namespace(const std::string& dotted, const lang::SourceFile& from, lang::SourcePos pos);

  // Calls a function value from C++; prints an uncaught exception and
  // returns false if it threw.
  bool call_and_report(rt::Value callee, const std::vector<rt::Value>& args);

 private:
  RunOptions options_;
  std::unique_ptr<rt::Runtime> runtime_;
  CodeMemory code_memory_;
  std::unique_ptr<Stubs> stubs_;
  std::vector<std::unique_ptr<lang::SourceFile>> files_;
  std::vector<std::unique_ptr<lang::Program>> asts_;
  std::set<std::string> interned_;

  void install_builtins();
  void define_core_types();
  void load_prelude();
  std::pair<rt::Value, std::string> compile_source(std::unique_ptr<lang::SourceFile> file);
  // Parses and compiles one file (its `use`d files first) and queues its
  // top-level code; returns its namespace. Throws on compile errors.
  std::string load_file(const std::string& path);
  std::vector<rt::Value> top_levels_;  // immortal Functions, in compile-finish order
};

}  // namespace beagle::jit
