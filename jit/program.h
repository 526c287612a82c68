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
#include "lang/runtime/builtins.h"
#include "lang/runtime/runtime.h"

namespace beagle::jit {

// The kinds of store the JIT compiles through the store path.
enum class StoreKind { Box, Binding, Field };

struct RunOptions {
  gc::HeapOptions heap;
  bool no_std = false;
  std::vector<std::string> program_args;
  // Where the program's output goes; null: the process's stdout and stderr.
  rt::Output* output = nullptr;
  // Test only: compile stores of this kind without their barrier, to show
  // that the barrier verifier catches a missing barrier.
  std::optional<StoreKind> test_drop_barrier;
  // Stop the program after this many steps (function entries and loop
  // iterations, the prelude's included); 0: no limit, and no counting code.
  int64_t max_steps = 0;
  // Name every piece of installed code for perf (docs/PROFILING.md): in
  // /tmp/perf-PID.map, and in a jitdump file /tmp/jit-PID.dump.
  bool perf_map = false;
  bool jitdump = false;
};

// Why a run did not end with status 0, beyond the text it printed.
struct ProgramError {
  enum class Kind {
    Compile,   // a parse or compile error: nothing ran
    Uncaught,  // an exception no `try` caught
    Other,     // a file that cannot be read, no memory for machine code
  };
  Kind kind;
  std::string message;  // Compile: the diagnostic's message; Uncaught: the raw form of the value (§5.2)
  std::string file;     // Compile: the file the error is in, as the diagnostic names it
  lang::SourcePos pos;  // Compile
};

class Program {
 public:
  explicit Program(const RunOptions& options);
  ~Program();

  // Loads, compiles and runs `path` (its `use`d files first), then calls its
  // `main`. Returns the process exit status. Compile errors are printed as
  // diagnostics (status 1); uncaught exceptions as LANGUAGE.md §7.4 says;
  // error() says which. With `text`, that is the file's source, and `path`
  // names it (in diagnostics, and as the place `use` looks from). Throws
  // rt::ProgramAbort when the program is aborted (a fatal error, no memory).
  int run_file(const std::string& path, const std::optional<std::string>& text = std::nullopt);
  const std::optional<ProgramError>& error() const { return error_; }

  // Loads and compiles `path` (its `use`d files first) without running any
  // of it. Returns its namespace, or nothing after printing the first compile
  // error as a diagnostic. run_file starts with this.
  std::optional<std::string> compile_file(const std::string& path,
                                          const std::optional<std::string>& text = std::nullopt);

  // The program runs on the calling thread and its stack: a Beagle call
  // that would leave less than `reserve` bytes of it (for runtime code)
  // throws "Stack overflow".
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
  std::unordered_map<uint64_t, int> protocol_method_ids;  // a method's dispatching Function (bits) -> its id
  std::unordered_map<uint64_t, const rt::Builtin*> builtins;  // a builtin's Function (bits) -> the builtin

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

  int run_top_levels_and_main(const std::string& path, const std::optional<std::string>& text);
  void install_builtins();
  void define_core_types();
  void load_prelude();
  std::pair<rt::Value, std::string> compile_source(std::unique_ptr<lang::SourceFile> file);
  // Parses and compiles one file (its `use`d files first) and queues its
  // top-level code; returns its namespace. Throws on compile errors.
  std::string load_file(const std::string& path);
  std::string load_source(std::unique_ptr<lang::SourceFile> file);
  std::optional<ProgramError> error_;
  std::vector<rt::Value> top_levels_;  // immortal Functions, in compile-finish order
};

}  // namespace beagle::jit
