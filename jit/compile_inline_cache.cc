// Inline caches of property access and protocol calls
// (lang/runtime/inline_cache.h). The hit path compares the object's header
// with each entry's struct key; the miss path calls the runtime, which
// fills the site and performs the access.
#include "jit/function_compiler.h"
#include "jit/module_compiler.h"
#include "jit/runtime_calls.h"
#include "lang/runtime/inline_cache.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using rt::Value;

// Jumps to `miss` unless `object` is a struct whose key one of the entries
// holds; falls through with r9 = the address of that entry. Clobbers r8.
// Only entry 0 is compared in line: the others, which a site reaches only
// once it has seen a second type, are compared in the function's cold code,
// so that a monomorphic site's hot code stays short.
void FunctionCompiler::find_cache_entry(const Gp& object, const void* entries, size_t entry_size, Label miss) {
  a_.lea(r8d, dword_ptr(object, -1));
  a_.test(r8b, 7);
  a_.jnz(miss);  // not a heap object
  a_.mov(r8d, dword_ptr(object, -1));
  a_.and_(r8d, rt::kStructKeyMask);
  a_.mov(r9, imm(reinterpret_cast<uintptr_t>(entries)));
  Label other_entries = a_.newLabel(), found = a_.newLabel();
  a_.cmp(r8d, dword_ptr(r9));
  a_.jne(other_entries);
  a_.bind(found);
  cold_code_.push_back([this, other_entries, found, entry_size, miss] {
    a_.bind(other_entries);
    for (size_t i = 1; i < rt::kInlineCacheEntries; i++) {
      Label next = a_.newLabel();
      a_.cmp(r8d, dword_ptr(r9, int32_t(i * entry_size)));
      a_.jne(next);
      a_.add(r9, int32_t(i * entry_size));
      a_.jmp(found);
      a_.bind(next);
    }
    a_.jmp(miss);
  });
}

void FunctionCompiler::get_property(const std::string& field) {
  rt::PropertySite* site =
      module_.runtime().structs().new_property_site(field, module_.runtime().immortal_string(field), false);
  Label miss = a_.newLabel(), done = a_.newLabel();
  a_.mov(rsi, rax);
  find_cache_entry(rsi, site->entries.data(), sizeof(rt::PropertySite::Entry), miss);
  a_.mov(r8d, dword_ptr(r9, offsetof(rt::PropertySite::Entry, offset)));
  a_.mov(rax, qword_ptr(rsi, r8));
  a_.jmp(done);
  a_.bind(miss);
  a_.mov(rdx, imm(reinterpret_cast<uintptr_t>(site)));
  call_runtime(runtime_call_address<rt::rt_get_property_miss>());
  a_.bind(done);
}

void FunctionCompiler::set_property(int object_slot, const std::string& field) {
  rt::PropertySite* site =
      module_.runtime().structs().new_property_site(field, module_.runtime().immortal_string(field), true);
  Label miss = a_.newLabel(), done = a_.newLabel();
  a_.mov(rcx, rax);
  a_.mov(rsi, slot(object_slot));
  find_cache_entry(rsi, site->entries.data(), sizeof(rt::PropertySite::Entry), miss);
  a_.mov(r8d, dword_ptr(r9, offsetof(rt::PropertySite::Entry, offset)));
  store_at(rsi, qword_ptr(rsi, r8), rcx, StoreKind::Field);
  a_.mov(eax, uint32_t(Value::null().bits()));
  a_.jmp(done);
  a_.bind(miss);
  a_.mov(rdx, imm(reinterpret_cast<uintptr_t>(site)));
  call_runtime(runtime_call_address<rt::rt_set_property_miss>());
  a_.bind(done);
}

// A call of protocol method `method` (its dispatching function) with at
// least one argument: calls the implementation for the first argument's
// struct type straight from the site's cache when it holds it.
bool FunctionCompiler::protocol_call(const lang::Expr& e, Value method) {
  int id = module_.protocol_method_id(method);
  if (id < 0 || e.items.empty()) return false;
  rt::DispatchSite* site = module_.runtime().protocols().new_dispatch_site(id, method);
  std::vector<int> args = evaluate_args(e.items);
  Label miss = a_.newLabel(), call = a_.newLabel();
  a_.mov(rsi, slot(args[0]));
  find_cache_entry(rsi, site->entries.data(), sizeof(rt::DispatchSite::Entry), miss);
  a_.mov(rdi, qword_ptr(r9, offsetof(rt::DispatchSite::Entry, function)));
  a_.jmp(call);
  a_.bind(miss);
  a_.mov(rdx, imm(reinterpret_cast<uintptr_t>(site)));
  call_runtime(runtime_call_address<rt::rt_dispatch_miss>());
  a_.mov(rdi, rax);
  a_.bind(call);
  copy_to_outgoing(args);
  release(args);
  // An implementation or the method itself: a Function, entered through its check.
  call_with_args_in_place(qword_ptr(rdi, offsetof(rt::FunctionLayout, code) - 1), args.size());
  return true;
}

}  // namespace beagle::jit
