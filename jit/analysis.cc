#include "jit/analysis.h"

#include <optional>

namespace beagle::jit {

using namespace lang;

void pattern_names(const Pattern& p, std::vector<std::string>& out) {
  switch (p.kind) {
    case PatternKind::Bind: out.push_back(p.name); break;
    case PatternKind::Wildcard: case PatternKind::Literal: break;
    case PatternKind::Vector:
      for (const PatternPtr& e : p.elements) pattern_names(*e, out);
      if (p.rest) pattern_names(*p.rest, out);
      break;
    case PatternKind::Struct:
      for (const FieldPattern& f : p.fields) {
        if (f.pattern) pattern_names(*f.pattern, out);
        else out.push_back(f.field);
      }
      break;
    case PatternKind::Map:
      for (const MapPatternEntry& e : p.entries) {
        if (e.binding != "_") out.push_back(e.binding);
      }
      break;
  }
}

namespace {

class Walker {
 public:
  explicit Walker(FunctionNames& names) : names_(names) {}

  void body(const ExprList& list) {
    for (const ExprPtr& e : list) expr(*e);
  }

  void top_level(const std::vector<const Expr*>& forms) {
    for (const Expr* e : forms) {
      if (e->kind == ExprKind::Let) expr(*e->left);  // a global, not a local
      else expr(*e);
    }
  }

  std::set<std::string> used;
  std::set<std::string> used_by_nested;

 private:
  FunctionNames& names_;

  void bind(const Pattern& p) {
    std::vector<std::string> bound;
    pattern_names(p, bound);
    names_.locals.insert(bound.begin(), bound.end());
    // Literal sub-patterns may mention nothing; struct paths are not names.
  }

  void use(const std::string& name) {
    if (name.find('/') == std::string::npos) used.insert(name);
  }

  void expr(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name: use(e.text); break;
      case ExprKind::Let:
        expr(*e.left);
        bind(*e.pattern);
        if (e.bool_value) names_.mutable_locals.insert(e.pattern->name);
        break;
      case ExprKind::For:
        names_.locals.insert(e.text);
        expr(*e.left);
        body(e.body);
        break;
      case ExprKind::Try:
        body(e.body);
        // The catch variable is scoped to its block: not a function local.
        body(e.else_body);
        break;
      case ExprKind::Match:
        expr(*e.left);
        for (const MatchArm& arm : e.arms) {
          bind(*arm.pattern);
          body(arm.body);
        }
        break;
      case ExprKind::Fn: nested_function(e); break;
      case ExprKind::StructLit:
        for (const FieldInit& init : e.inits) {
          if (init.value) expr(*init.value);
          else if (!init.spread) use(init.field);
        }
        break;
      default: children(e); break;
    }
  }

  void children(const Expr& e) {
    if (e.left) expr(*e.left);
    if (e.right) expr(*e.right);
    body(e.items);
    body(e.body);
    body(e.else_body);
  }

  void nested_function(const Expr& fn) {
    if (!fn.text.empty()) names_.locals.insert(fn.text);
    for (const FnCase& c : fn.cases) {
      FunctionNames inner = analyse_function(c.params, c.rest, c.body, fn.text);
      for (const std::string& name : inner.free) {
        used.insert(name);
        used_by_nested.insert(name);
      }
    }
  }
};

}  // namespace

FunctionNames analyse_function(const std::vector<PatternPtr>& params, const std::optional<std::string>& rest,
                               const ExprList& body, const std::string& self_name) {
  FunctionNames names;
  for (const PatternPtr& p : params) {
    names.params.push_back(p->kind == PatternKind::Bind ? p->name : "");
    if (p->kind != PatternKind::Bind) {
      std::vector<std::string> bound;
      pattern_names(*p, bound);
      names.locals.insert(bound.begin(), bound.end());
    }
  }
  if (rest) names.locals.insert(*rest);
  Walker walker(names);
  walker.body(body);
  std::set<std::string> bound(names.params.begin(), names.params.end());
  bound.insert(names.locals.begin(), names.locals.end());
  if (!self_name.empty()) bound.insert(self_name);
  for (const std::string& name : walker.used) {
    if (!bound.count(name)) names.free.insert(name);
  }
  // A mutable local used by a nested function must be shared: box it.
  for (const std::string& name : names.mutable_locals) {
    if (walker.used_by_nested.count(name)) names.boxed.insert(name);
  }
  return names;
}

}  // namespace beagle::jit

namespace beagle::jit {

FunctionNames analyse_top_level(const std::vector<const lang::Expr*>& forms) {
  FunctionNames names;
  Walker walker(names);
  walker.top_level(forms);
  for (const std::string& name : walker.used) {
    if (!names.locals.count(name)) names.free.insert(name);
  }
  for (const std::string& name : names.mutable_locals) {
    if (walker.used_by_nested.count(name)) names.boxed.insert(name);
  }
  return names;
}

}  // namespace beagle::jit
