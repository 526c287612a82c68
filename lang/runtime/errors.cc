#include "lang/runtime/errors.h"

#include "collectors/roots/stack_map.h"
#include "lang/runtime/alloc.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"

namespace beagle::rt {

std::string current_location(Thread& thread, bool arithmetic_form) {
  Word* sp = thread.mutator.last_sp;
  if (sp == nullptr) return "";
  const gc::StackMap* map = thread.runtime->stack_maps().find(uintptr_t(sp[-1]));
  if (map == nullptr || map->kind != gc::FrameKind::Jit) return "";
  std::string function = map->function;
  std::string file = map->file;
  bool top_level = function.size() >= 11 && function.compare(function.size() - 11, 11, "__top_level") == 0;
  if (arithmetic_form) {
    return function + " at " + file + (top_level ? "" : ":" + std::to_string(map->line));
  }
  return function + " (" + file + (top_level ? "" : ":" + std::to_string(map->line)) + ")";
}

[[noreturn]] static void throw_with_location(Thread& thread, const char* kind, const std::string& message,
                                const std::string& location) {
  Runtime& runtime = *thread.runtime;
  uint32_t id = runtime.system_error_id(kind);
  gc::HandleScope scope(*thread.handles);
  gc::Handle text = scope.make(new_string(thread, message));
  gc::Handle where = scope.make(location.empty() ? Value::null() : new_string(thread, location));
  Value error = new_object(thread, Type::Struct, 2, id);
  init_field(error, 0, text.get());
  init_field(error, 1, where.get());
  throw BeagleThrow{error};
}

void throw_error(Thread& thread, const char* kind, const std::string& message) {
  throw_with_location(thread, kind, message, current_location(thread));
}

void throw_arithmetic_error(Thread& thread, const char* kind, const std::string& message) {
  throw_with_location(thread, kind, message, current_location(thread, true));
}

std::string ProgramAbort::report() const {
  return (kind == Kind::OutOfMemory ? "Out of memory: " : "") + message + "\n";
}

void fatal(const std::string& message) { throw ProgramAbort{ProgramAbort::Kind::Fatal, message}; }

ProgramAbort current_exception_as_abort() {
  try {
    throw;
  } catch (const ProgramAbort& abort) {
    return abort;
  } catch (const gc::HeapExhausted& e) {
    return {ProgramAbort::Kind::OutOfMemory, e.what()};
  } catch (const std::exception& e) {
    return {ProgramAbort::Kind::Internal, e.what()};
  } catch (...) {
    return {ProgramAbort::Kind::Internal, "an unknown C++ exception"};
  }
}

}  // namespace beagle::rt
