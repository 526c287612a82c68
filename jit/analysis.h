// Name analysis of one function body before it is compiled: which names it
// binds (locals are function-scoped by name, LANGUAGE.md §4.3), which of
// those are `let mut`, and which names it uses without binding (its free
// names, including those its nested functions need). A name with a `let mut`
// anywhere in the function that a nested function uses is captured by
// reference: it lives in a Box made on entry, and all of its bindings store
// into that Box.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lang/front/ast.h"

namespace beagle::jit {

struct FunctionNames {
  std::vector<std::string> params;      // plain parameter names, in order ("" for a pattern)
  std::set<std::string> locals;         // bound in the body (not in nested functions)
  std::set<std::string> mutable_locals; // declared with `let mut`
  std::set<std::string> free;           // used but not bound here
  std::set<std::string> boxed;          // mutable locals that nested functions use
};

// `params` may be empty for top-level code.
FunctionNames analyse_function(const std::vector<lang::PatternPtr>& params, const std::optional<std::string>& rest,
                               const lang::ExprList& body, const std::string& self_name);

// The same for a file's top-level code; its direct `let`s bind globals,
// not locals, so they are left out.
FunctionNames analyse_top_level(const std::vector<const lang::Expr*>& forms);

// Names bound by a pattern, in order.
void pattern_names(const lang::Pattern& pattern, std::vector<std::string>& out);

}  // namespace beagle::jit
