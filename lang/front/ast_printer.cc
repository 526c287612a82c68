#include "lang/front/ast_printer.h"

#include <charconv>
#include <cmath>

namespace beagle::lang {
namespace {

// A printed tree: an atom, or a list whose first element is its head.
struct SExpr {
  std::string atom;
  std::vector<SExpr> list;
  bool is_list = false;
};

SExpr atom(std::string text) { return SExpr{std::move(text), {}, false}; }

SExpr quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
  return atom(out + "\"");
}

class Builder {
 public:
  explicit Builder(const PrintOptions& options) : options_(options) {}

  SExpr list(const std::string& head, SourcePos pos, std::vector<SExpr> children = {}) {
    SExpr s;
    s.is_list = true;
    std::string h = head;
    if (options_.positions) h += "@" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
    s.list.push_back(atom(h));
    for (SExpr& c : children) s.list.push_back(std::move(c));
    return s;
  }

  SExpr program(const Program& p) {
    SExpr s = list("program", {});
    for (const Form& f : p.forms) s.list.push_back(form(f));
    return s;
  }

  SExpr form(const Form& f) {
    switch (f.kind) {
      case FormKind::Namespace: return list("namespace", f.pos, {atom(f.name)});
      case FormKind::Use: return list("use", f.pos, {atom(f.name), atom(f.alias)});
      case FormKind::Struct: {
        SExpr s = list("struct", f.pos, {atom(f.name)});
        for (const FieldDecl& d : f.fields) s.list.push_back(field_decl(d));
        return s;
      }
      case FormKind::Enum: {
        SExpr s = list("enum", f.pos, {atom(f.name)});
        for (const VariantDecl& v : f.variants) {
          if (!v.has_fields) {
            s.list.push_back(atom(v.name));
            continue;
          }
          SExpr variant = list("variant", v.pos, {atom(v.name)});
          for (const FieldDecl& d : v.fields) variant.list.push_back(field_decl(d));
          s.list.push_back(std::move(variant));
        }
        return s;
      }
      case FormKind::Protocol: {
        SExpr s = list("protocol", f.pos, {atom(f.name)});
        for (const ProtocolMethod& m : f.methods) {
          SExpr method = list("method", m.pos, {atom(m.name)});
          if (m.multi_arity) {
            for (const FnCase& c : m.cases) method.list.push_back(fn_case(c));
          } else {
            method.list.push_back(params(m.cases[0]));
            if (!m.cases[0].has_body) method.list.push_back(atom("no-body"));
            append(method, m.cases[0].body);
          }
          s.list.push_back(std::move(method));
        }
        return s;
      }
      case FormKind::Extend: {
        SExpr s = list("extend", f.pos, {atom(f.name), atom(f.alias)});
        for (const ExprPtr& fn : f.functions) s.list.push_back(expr(*fn));
        return s;
      }
      case FormKind::Test: {
        SExpr s = list("test", f.pos, {quoted(f.name)});
        append(s, f.body);
        return s;
      }
      case FormKind::Expr: return expr(*f.expr);
    }
    return atom("?");
  }

  SExpr field_decl(const FieldDecl& d) {
    SExpr s = list(d.is_mutable ? "mut" : "field", d.pos, {atom(d.name)});
    if (d.default_value) s.list.push_back(expr(*d.default_value));
    return s;
  }

  SExpr params(const FnCase& c) {
    SExpr s;
    s.is_list = true;
    for (const PatternPtr& p : c.params) s.list.push_back(pattern(*p));
    if (c.rest) s.list.push_back(atom("..." + *c.rest));
    return s;
  }

  // One arity of a multi-arity function: `(case (params) body...)`.
  SExpr fn_case(const FnCase& c) {
    SExpr s = list("case", c.pos, {params(c)});
    if (!c.has_body) s.list.push_back(atom("no-body"));
    append(s, c.body);
    return s;
  }

  void append(SExpr& s, const ExprList& body) {
    for (const ExprPtr& e : body) s.list.push_back(expr(*e));
  }

  SExpr block(const char* head, SourcePos pos, const ExprList& body) {
    SExpr s = list(head, pos);
    append(s, body);
    return s;
  }

  SExpr expr(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Int: return atom(std::to_string(e.int_value));
      case ExprKind::Float: return atom(float_literal_text(e.float_value));
      case ExprKind::String: return quoted(e.text);
      case ExprKind::Interpolation: return with_items("str", e);
      case ExprKind::Keyword: return atom(":" + e.text);
      case ExprKind::Bool: return atom(e.bool_value ? "true" : "false");
      case ExprKind::Null: return atom("null");
      case ExprKind::Name: return atom(e.text);
      case ExprKind::Vector: return with_items("vector", e);
      case ExprKind::Map: return with_items("map", e);
      case ExprKind::Set: return with_items("set", e);
      case ExprKind::Call: {
        SExpr s = list("call", e.pos, {expr(*e.left)});
        for (const ExprPtr& a : e.items) s.list.push_back(expr(*a));
        return s;
      }
      case ExprKind::Property: return list(".", e.pos, {expr(*e.left), atom(e.text)});
      case ExprKind::Index: return list("index", e.pos, {expr(*e.left), expr(*e.right)});
      case ExprKind::Unary:
        return list(e.unary_op == UnaryOp::Not ? "!" : "neg", e.pos, {expr(*e.left)});
      case ExprKind::Binary: return list(binary_op_symbol(e.binary_op), e.pos, {expr(*e.left), expr(*e.right)});
      case ExprKind::Assign: return list("=", e.pos, {expr(*e.left), expr(*e.right)});
      case ExprKind::StructLit: return struct_literal(e);
      case ExprKind::Fn: return function(e);
      case ExprKind::Let:
        return list(e.bool_value ? "let-mut" : "let", e.pos, {pattern(*e.pattern), expr(*e.left)});
      case ExprKind::If: {
        SExpr s = list("if", e.pos, {expr(*e.left), block("do", e.pos, e.body)});
        if (e.has_else) {
          bool else_if = e.else_body.size() == 1 && e.else_body[0]->kind == ExprKind::If;
          s.list.push_back(else_if ? expr(*e.else_body[0]) : block("do", e.pos, e.else_body));
        }
        return s;
      }
      case ExprKind::While: {
        SExpr s = list("while", e.pos, {expr(*e.left)});
        append(s, e.body);
        return s;
      }
      case ExprKind::Loop: return block("loop", e.pos, e.body);
      case ExprKind::For: {
        SExpr s = list("for", e.pos, {atom(e.text), expr(*e.left)});
        append(s, e.body);
        return s;
      }
      case ExprKind::Match: {
        SExpr s = list("match", e.pos, {expr(*e.left)});
        for (const MatchArm& arm : e.arms) {
          SExpr a = list("arm", arm.pos, {pattern(*arm.pattern)});
          append(a, arm.body);
          s.list.push_back(std::move(a));
        }
        return s;
      }
      case ExprKind::Try: {
        SExpr handler = list("catch", e.pos, {atom(e.text)});
        append(handler, e.else_body);
        return list("try", e.pos, {block("do", e.pos, e.body), std::move(handler)});
      }
      case ExprKind::Throw: return list("throw", e.pos, {expr(*e.left)});
      case ExprKind::Break: return jump("break", e);
      case ExprKind::Continue: return list("continue", e.pos);
      case ExprKind::Return: return jump("return", e);
    }
    return atom("?");
  }

  SExpr with_items(const char* head, const Expr& e) {
    SExpr s = list(head, e.pos);
    for (const ExprPtr& item : e.items) s.list.push_back(expr(*item));
    return s;
  }

  SExpr jump(const char* head, const Expr& e) {
    SExpr s = list(head, e.pos);
    if (e.left) s.list.push_back(expr(*e.left));
    return s;
  }

  SExpr struct_literal(const Expr& e) {
    SExpr s = list("new", e.pos, {atom(e.text)});
    for (const FieldInit& init : e.inits) {
      if (init.spread) {
        s.list.push_back(list("...", init.pos, {expr(*init.value)}));
      } else if (init.value) {
        s.list.push_back(list(init.field, init.pos, {expr(*init.value)}));
      } else {
        s.list.push_back(list(init.field, init.pos));
      }
    }
    return s;
  }

  SExpr function(const Expr& e) {
    SExpr s = list("fn", e.pos);
    if (!e.text.empty()) s.list.push_back(atom(e.text));
    if (e.bool_value) {
      for (const FnCase& c : e.cases) s.list.push_back(fn_case(c));
      return s;
    }
    s.list.push_back(params(e.cases[0]));
    append(s, e.cases[0].body);
    return s;
  }

  SExpr pattern(const Pattern& p) {
    switch (p.kind) {
      case PatternKind::Bind: return atom(p.name);
      case PatternKind::Wildcard: return atom("_");
      case PatternKind::Literal: return expr(*p.literal);
      case PatternKind::Vector: {
        SExpr s = list("p-vector", p.pos);
        for (const PatternPtr& e : p.elements) s.list.push_back(pattern(*e));
        if (p.rest) s.list.push_back(list("...", p.rest->pos, {pattern(*p.rest)}));
        return s;
      }
      case PatternKind::Struct: {
        if (!p.has_braces) return list("p-variant", p.pos, {atom(p.name)});
        SExpr s = list("p-struct", p.pos, {atom(p.name)});
        for (const FieldPattern& f : p.fields) {
          if (f.pattern) s.list.push_back(list(f.field, f.pos, {pattern(*f.pattern)}));
          else s.list.push_back(atom(f.field));
        }
        return s;
      }
      case PatternKind::Map: {
        SExpr s = list("p-map", p.pos);
        for (const MapPatternEntry& entry : p.entries) {
          SExpr key = entry.key_is_string ? quoted(entry.key) : atom(":" + entry.key);
          s.list.push_back(list("entry", entry.pos, {std::move(key), atom(entry.binding)}));
        }
        return s;
      }
    }
    return atom("?");
  }

 private:
  const PrintOptions& options_;
};

void flat(const SExpr& s, std::string& out) {
  if (!s.is_list) {
    out += s.atom;
    return;
  }
  out += '(';
  for (size_t i = 0; i < s.list.size(); i++) {
    if (i) out += ' ';
    flat(s.list[i], out);
  }
  out += ')';
}

// A list that fits in the width goes on one line; otherwise its head (and a
// first atom argument) stay on the first line and each child gets its own.
void render(const SExpr& s, int indent, int width, std::string& out) {
  std::string one_line;
  flat(s, one_line);
  if (!s.is_list || indent + int(one_line.size()) <= width) {
    out += one_line;
    return;
  }
  out += '(';
  size_t i = 0;
  render(s.list[i++], indent + 1, width, out);
  if (i < s.list.size() && !s.list[i].is_list && !s.list[0].is_list) {
    out += ' ';
    out += s.list[i++].atom;
  }
  for (; i < s.list.size(); i++) {
    out += '\n';
    out += std::string(indent + 2, ' ');
    render(s.list[i], indent + 2, width, out);
  }
  out += ')';
}

std::string render_top(const SExpr& s, int width) {
  std::string out;
  render(s, 0, width, out);
  return out + "\n";
}

}  // namespace

std::string print_program(const Program& program, const PrintOptions& options) {
  return render_top(Builder(options).program(program), options.width);
}

std::string print_expr(const Expr& expr, const PrintOptions& options) {
  return render_top(Builder(options).expr(expr), options.width);
}

std::string print_pattern(const Pattern& pattern, const PrintOptions& options) {
  return render_top(Builder(options).pattern(pattern), options.width);
}

std::string float_literal_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "infinity" : "-infinity";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

}  // namespace beagle::lang
