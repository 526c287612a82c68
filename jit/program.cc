#include "jit/program.h"

#include <filesystem>
#include <stdexcept>

#include "jit/jitdump.h"
#include "jit/module_compiler.h"
#include "jit/perf_map.h"
#include "jit/runtime_calls.h"
#include "jit/stub_frame.h"
#include "lang/front/parser.h"
#include "lang/runtime/alloc.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/library/library.h"
#include "lang/runtime/store.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/threads.h"

namespace beagle::rt {
extern const char* const kPreludeSource;
}

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using gc::Word;
using rt::Value;

namespace {

// The stubs of the program running on this thread: each run has a thread of
// its own (harness/run/run.h), so that programs may run side by side.
thread_local const Stubs* g_stubs = nullptr;

// A compile error, with the file it is in.
struct FileError {
  const lang::SourceFile* file;
  lang::SourcePos pos;
  std::string message;
};

const char* const kBuiltinNamespaces[] = {"beagle.core", "beagle.primitive", "beagle.builtin",
                                          "beagle.__internal_test__", "beagle.mutable-array"};

}  // namespace

const Stubs& active_stubs() { return *g_stubs; }

namespace {

bool call_through_stubs(rt::Thread& t, Value f, const Value* args, uint64_t argc, Value* result) {
  CallResult r = g_stubs->call(t, f, args, argc);
  *result = r.value;
  return !r.threw;
}

}  // namespace
void set_active_stubs(const Stubs* stubs) { g_stubs = stubs; }

Program::Program(const RunOptions& options) : options_(options), runtime_(std::make_unique<rt::Runtime>(options.heap)) {
  if (options.output != nullptr) runtime_->set_output(*options.output);
  if (options.perf_map) code_memory_.add_listener(perf_map());
  if (options.jitdump) code_memory_.add_listener(jitdump());
  stubs_ = std::make_unique<Stubs>(code_memory_, runtime_->stack_maps());
  runtime_->prepare_thread = [this](rt::Thread& t) {
    set_active_stubs(stubs_.get());
    t.barrier_stub = stubs_->barrier_address(runtime_->heap().attributes().barrier);
  };
  runtime_->prepare_thread(runtime_->main_thread());
  // The program's step budget, shared by its threads (Runtime::take_steps):
  // the main thread takes its first steps from it at its first count.
  if (options_.max_steps > 0) {
    runtime_->set_step_budget(options_.max_steps);
    runtime_->main_thread().steps_left = 0;
  }
  static const bool call_hook_set = (rt::set_call_hook(&call_through_stubs), true);
  (void)call_hook_set;
  for (const char* ns : kBuiltinNamespaces) namespaces.insert(ns);
  define_core_types();
  rt::define_library_constants(*runtime_);
  install_builtins();
  if (!options.no_std) load_prelude();
}

// The prelude (lang/prelude/core.bg, embedded in the binary) as namespace
// beagle.core, before any program file.
void Program::load_prelude() {
  auto file = std::make_unique<lang::SourceFile>("std.bg", rt::kPreludeSource);
  const lang::SourceFile& source = *file;
  try {
    Value top_level = compile_source(std::move(file)).first;
    if (!call_and_report(top_level, {})) throw std::logic_error("the prelude threw while loading");
  } catch (const lang::SyntaxError& e) {
    throw std::logic_error("the prelude does not compile: " + lang::format_diagnostic(source, e.pos(), e.what()));
  }
}

// Parses and compiles a file the program keeps alive; returns the function
// that runs its top-level code, and its namespace.
std::pair<Value, std::string> Program::compile_source(std::unique_ptr<lang::SourceFile> file) {
  const lang::SourceFile* source = file.get();
  files_.push_back(std::move(file));
  asts_.push_back(std::make_unique<lang::Program>(lang::parse_program(*source)));
  ModuleCompiler module(*this, *source, *asts_.back());
  Value top_level = module.compile();
  return {top_level, module.namespace_name()};
}

Program::~Program() {
  runtime_->threads().join_all(runtime_->main_thread());  // they run its code
  set_active_stubs(nullptr);
}

void Program::use_stack_of_this_thread(size_t reserve) {
  set_active_stubs(stubs_.get());  // per thread: this one may not be the thread that made the Program
  runtime_->main_thread().stack_limit = rt::stack_limit_of_this_thread(reserve);
}

void Program::define_core_types() {
  uint32_t struct_id = runtime_->structs().define("beagle.core/Struct", "Struct", {{"name", false}, {"id", false}}, false);
  runtime_->structs().define("beagle.core/Protocol", "Protocol", {{"name", false}}, false);
  // Descriptors of the built-in types, with their negative ids (§4.1).
  const std::pair<const char*, int64_t> builtin_types[] = {
      {"Array", rt::kArrayTypeId},       {"String", rt::kStringTypeId},   {"Int", rt::kIntTypeId},
      {"Float", rt::kFloatTypeId},       {"Bool", rt::kBoolTypeId},       {"Null", rt::kNullTypeId},
      {"Function", rt::kFunctionTypeId}, {"Closure", rt::kClosureTypeId}, {"Keyword", rt::kKeywordTypeId},
      {"PersistentVector", rt::kVectorTypeId}, {"PersistentMap", rt::kMapTypeId},
      {"PersistentSet", rt::kSetTypeId}, {"MultiArityFunction", rt::kMultiArityTypeId}};
  for (const auto& [name, id] : builtin_types) {
    Word* memory = runtime_->heap().allocate_immortal(3);
    memory[0] = gc::Header::make(uint32_t(rt::Type::Struct), 2, struct_id, gc::kImmortal).bits();
    memory[1] = runtime_->immortal_string(name).bits();
    memory[2] = Value::from_int(id).bits();
    Value descriptor = Value::object(memory);
    runtime_->descriptors[id] = descriptor;
    runtime_->globals().set(std::string("beagle.core/") + name, descriptor);
  }
  for (const char* kind : {"StructError", "ParseError", "CompileError", "TypeError", "ArityError", "RuntimeError",
                           "ThreadError", "FunctionError", "FieldError", "IndexError", "MutabilityError",
                           "AssertError", "IOError", "AllocationError", "ArgumentError", "InvalidArgument",
                           "StringError"}) {
    runtime_->system_error_id(kind);
  }
}

// Each builtin becomes a Function whose code is a small adapter: it checks
// the argument count, records the frame, and calls the C++ function with a
// pointer to its arguments (which its stack map lists as live).
void Program::install_builtins() {
  CodeHolder code;
  code.init(Environment::host());
  Assembler a(&code);
  struct Pending {
    Value function;
    Label entry;
    std::vector<Safepoint> safepoints;
  };
  std::vector<Pending> pending;
  CodeNames names(a);
  for (const rt::Builtin& b : rt::builtins()) {
    Pending p{Value::null(), a.newLabel(), {}};
    const char* name = intern(b.qualified_name);
    Label arity_error = a.newLabel();
    names.begin(b.qualified_name);
    a.bind(p.entry);
    emit_stub_frame(a);
    a.cmp(rsi, uint32_t(b.min_args));
    a.jb(arity_error);
    if (b.max_args >= 0) {
      a.cmp(rsi, uint32_t(b.max_args));
      a.ja(arity_error);
    }
    a.lea(rsi, qword_ptr(rbp, 16));
    a.mov(rdx, qword_ptr(rbp, -16));
    a.mov(rcx, imm(reinterpret_cast<uintptr_t>(b.fn)));
    p.safepoints.push_back(emit_stub_call(a, reinterpret_cast<uintptr_t>(&call_builtin), name, kBuiltinFile, 0));
    a.leave();
    a.ret();
    a.bind(arity_error);
    a.mov(rsi, qword_ptr(rbp, -8));
    a.mov(rdx, qword_ptr(rbp, -16));
    a.shl(rdx, 3);
    p.safepoints.push_back(emit_stub_call(a, runtime_call_address<rt::rt_arity_error>(), name, kBuiltinFile, 0));
    a.int3();

    Word* memory = runtime_->heap().allocate_immortal(rt::kFunctionPayloadWords + 1);
    auto* f = reinterpret_cast<rt::FunctionLayout*>(memory);
    f->header = gc::Header::make(uint32_t(rt::Type::Function), rt::kFunctionPayloadWords, 0,
                                 gc::kOpaque | gc::kImmortal).bits();
    f->checked_code = 0;
    f->arity = uint64_t(b.min_args);
    f->flags = rt::kFunctionTopLevel | (b.max_args != b.min_args ? rt::kFunctionVariadic : 0);
    f->name = runtime_->immortal_string(b.qualified_name).bits();
    f->info = 0;
    p.function = Value::object(memory);
    builtins[p.function.bits()] = &b;
    pending.push_back(std::move(p));
  }
  uint8_t* base = code_memory_.install(code, names);
  for (Pending& p : pending) {
    uintptr_t entry = uintptr_t(base + code.labelOffsetFromBase(p.entry));
    rt::set_code(p.function, entry, entry);
    for (Safepoint& sp : p.safepoints) {
      runtime_->stack_maps().add(uintptr_t(base + code.labelOffsetFromBase(sp.after_call)), std::move(sp.map));
    }
    std::string name(rt::string_view(Value::from_bits(rt::function_layout(p.function)->name)));
    functions[name] = p.function;
    runtime_->globals().set(name, p.function);
  }
}

bool Program::call_and_report(Value callee, const std::vector<Value>& args) {
  CallResult result = stubs_->call(runtime_->main_thread(), callee, args.data(), args.size());
  if (!result.threw) return true;
  std::string raw = rt::raw_string(*runtime_, result.value);
  runtime_->output().out("Uncaught exception:\n" + raw + "\n");
  error_ = ProgramError{ProgramError::Kind::Uncaught, raw, "", {}};
  return false;
}

std::string Program::use_namespace(const std::string& dotted, const lang::SourceFile& from, lang::SourcePos pos) {
  if (namespaces.count(dotted)) return dotted;
  namespace fs = std::filesystem;
  std::vector<std::string> segments;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    segments.push_back(dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  std::string slashed;
  for (size_t i = 0; i < segments.size(); i++) slashed += (i ? "/" : "") + segments[i];
  std::vector<std::string> candidates = {slashed + ".bg", dotted + ".bg"};
  if (segments.size() >= 2) candidates.push_back(slashed.substr(slashed.find('/') + 1) + ".bg");
  candidates.push_back(segments.back() + ".bg");
  fs::path dir = fs::path(from.path()).parent_path();
  for (const std::string& candidate : candidates) {
    fs::path path = dir / candidate;
    if (fs::exists(path)) return load_file(path.lexically_normal().string());
  }
  throw lang::SyntaxError(pos, "Cannot find namespace '" + dotted + "' (looked for " + candidates[0] + " and others in " +
                                   (dir.empty() ? "." : dir.string()) + ")");
}

std::string Program::load_file(const std::string& path) {
  return load_source(std::make_unique<lang::SourceFile>(lang::SourceFile::read(path)));
}

std::string Program::load_source(std::unique_ptr<lang::SourceFile> file) {
  const lang::SourceFile* source = file.get();
  try {
    auto [top_level, ns] = compile_source(std::move(file));
    top_levels_.push_back(top_level);
    return ns;
  } catch (const lang::SyntaxError& e) {
    throw FileError{source, e.pos(), e.what()};
  }
}

std::optional<std::string> Program::compile_file(const std::string& path, const std::optional<std::string>& text) {
  try {
    return text ? load_source(std::make_unique<lang::SourceFile>(path, *text)) : load_file(path);
  } catch (const FileError& e) {
    runtime_->output().err(lang::format_diagnostic(*e.file, e.pos, e.message));
    error_ = ProgramError{ProgramError::Kind::Compile, e.message, e.file->path(), e.pos};
  } catch (const std::runtime_error& e) {  // a used file that cannot be read, no memory for code
    runtime_->output().err(std::string("Error: ") + e.what() + "\n");
    error_ = ProgramError{ProgramError::Kind::Other, e.what(), "", {}};
  }
  return std::nullopt;
}

int Program::run_file(const std::string& path, const std::optional<std::string>& text) {
  int status = 0;
  try {
    status = run_top_levels_and_main(path, text);
  } catch (const rt::ProgramAbort& abort) {
    // An abort of the main thread ends every other thread at its next poll
    // (or sleep) rather than wait for threads that may never end.
    runtime_->threads().abort_all(abort);
    runtime_->threads().join_all(runtime_->main_thread());
    // The program's first abort: another thread's may have come first.
    if (std::optional<rt::ProgramAbort> first = runtime_->threads().take_abort()) throw *first;
    throw;
  }
  // §1.5: the program ends once every thread has (an abort that ended one
  // ends the program, and the others with it: rt::Threads::abort_all).
  runtime_->threads().join_all(runtime_->main_thread());
  if (std::optional<rt::ProgramAbort> abort = runtime_->threads().take_abort()) throw *abort;
  return status;
}

int Program::run_top_levels_and_main(const std::string& path, const std::optional<std::string>& text) {
  // Compile every file first (a compile error anywhere runs nothing), then
  // run their top-level code in the order they finished compiling (§1.5).
  std::optional<std::string> ns = compile_file(path, text);
  if (!ns) return 1;
  try {
    for (Value top_level : top_levels_) {
      if (!call_and_report(top_level, {})) return 1;
    }
    Value main = runtime_->globals().get(*ns + "/main");
    if (rt::is_object_of(main, rt::Type::Function)) {
      std::vector<Value> args;
      if (rt::function_layout(main)->arity >= 1) {
        rt::Thread& t = runtime_->main_thread();
        gc::HandleScope scope(*t.handles);
        gc::Handle array = scope.make(rt::new_array(t, options_.program_args.size()));
        for (size_t i = 0; i < options_.program_args.size(); i++) {
          Value s = rt::new_string(t, options_.program_args[i]);
          rt::store_field(t, array.get(), i, s);
        }
        args.push_back(array.get());
      }
      if (!call_and_report(main, args)) return 1;
    }
    return 0;
  } catch (const std::runtime_error& e) {  // no heap left for main's arguments
    runtime_->output().err(std::string("Error: ") + e.what() + "\n");
    error_ = ProgramError{ProgramError::Kind::Other, e.what(), "", {}};
    return 1;
  }
}

}  // namespace beagle::jit
