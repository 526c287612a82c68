// The abstract syntax tree of a Beagle file (LANGUAGE.md §3). Every node
// keeps the position of its first token. Desugarings the spec assigns to the
// parser are done there (pipes, `!=`, `-x`, `s[i]` stay visible as their own
// node kinds so that printing and error locations stay faithful).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lang/front/source.h"

namespace beagle::lang {

struct Expr;
struct Pattern;
using ExprPtr = std::unique_ptr<Expr>;
using PatternPtr = std::unique_ptr<Pattern>;
using ExprList = std::vector<ExprPtr>;

// ---------------------------------------------------------------- patterns

enum class PatternKind {
  Bind,      // x
  Wildcard,  // _
  Literal,   // 0, -3, "s", true, false, null
  Vector,    // [a, b, ...rest]
  Struct,    // Point { x, y: py }, Shape.circle { r }, Shape.none
  Map,       // { name, age: a, "k": v }
};

struct FieldPattern {
  SourcePos pos;
  std::string field;
  PatternPtr pattern;  // null: binds a variable named like the field
};

struct MapPatternEntry {
  SourcePos pos;
  bool key_is_string = false;  // "k": v  rather than  k / k: v
  std::string key;             // keyword name or string text
  std::string binding;         // variable name; "_" binds nothing
};

struct Pattern {
  PatternKind kind;
  SourcePos pos;
  std::string name;                    // Bind: variable; Struct: type path ("Point", "Shape.circle", "a/Shape.circle")
  ExprPtr literal;                     // Literal
  std::vector<PatternPtr> elements;    // Vector
  PatternPtr rest;                     // Vector: after "..."; may be null
  std::vector<FieldPattern> fields;    // Struct
  bool has_braces = false;             // Struct: false for a unit variant `Shape.none`
  std::vector<MapPatternEntry> entries;  // Map
};

// ---------------------------------------------------------------- functions

// One arity of a function: `(a, b, ...rest) body`.
struct FnCase {
  SourcePos pos;
  std::vector<PatternPtr> params;
  std::optional<std::string> rest;  // variadic parameter name
  ExprList body;                    // a block; a single-expression case has one element
  bool has_body = true;             // protocol members may omit the body
};

// ---------------------------------------------------------------- expressions

enum class ExprKind {
  Int, Float, String, Interpolation, Keyword, Bool, Null,
  Name,         // x, ns/x
  Vector, Map, Set,
  Call,         // callee(args)
  Property,     // obj.name
  Index,        // obj[i]
  Unary,        // !e, -e
  Binary,       // a op b (arithmetic, comparison, logic, bitwise, ++)
  Assign,       // target = value
  StructLit,    // Point { x: 1, ...p }, Shape.circle { r: 1 }
  Fn,           // fn [name] (params) { } / fn [name] { (..) => .. }
  Let,          // let [mut] pattern = value
  If, While, Loop, For, Match, Try, Throw, Break, Continue, Return,
};

enum class BinaryOp {
  Add, Sub, Mul, Div, Mod, Concat,
  Eq, NotEq, Lt, Le, Gt, Ge,
  And, Or,
  BitAnd, BitOr, BitXor, Shl, Shr, UShr,
};

enum class UnaryOp { Not, Negate };

struct FieldInit {
  SourcePos pos;
  std::string field;  // empty for a spread
  ExprPtr value;      // null for shorthand `x` (means `x: x`)
  bool spread = false;
};

struct MatchArm {
  SourcePos pos;
  PatternPtr pattern;
  ExprList body;
};

struct Expr {
  ExprKind kind;
  SourcePos pos;

  int64_t int_value = 0;      // Int
  double float_value = 0;     // Float
  bool bool_value = false;    // Bool; Let: mutable; Fn: multi-arity form; Call: from a pipe
  std::string text;           // String value, Keyword name, Name, Property name,
                              // StructLit type path, Fn name, For variable, Try catch variable
  BinaryOp binary_op = BinaryOp::Add;
  UnaryOp unary_op = UnaryOp::Not;

  ExprPtr left;               // Binary lhs; Unary/Property/Index/Call callee/Assign target;
                              // If/While condition; For collection; Match scrutinee;
                              // Let/Throw/Break/Return value
  ExprPtr right;              // Binary rhs; Index; Assign value
  ExprList items;             // Interpolation parts; Vector/Set elements; Map keys and values
                              // interleaved; Call arguments
  ExprList body;              // block: If then; While/Loop/For/Try body
  ExprList else_body;         // If else (an `else if` is one nested If); Try catch block
  bool has_else = false;
  PatternPtr pattern;         // Let
  std::vector<FieldInit> inits;   // StructLit
  std::vector<FnCase> cases;      // Fn
  std::vector<MatchArm> arms;     // Match
};

// ---------------------------------------------------------------- top-level forms

enum class FormKind { Namespace, Use, Struct, Enum, Protocol, Extend, Test, Expr };

struct FieldDecl {
  SourcePos pos;
  std::string name;
  bool is_mutable = false;
  ExprPtr default_value;  // may be null
};

struct VariantDecl {
  SourcePos pos;
  std::string name;
  bool has_fields = false;  // false: a unit variant
  std::vector<FieldDecl> fields;
};

struct ProtocolMethod {
  SourcePos pos;
  std::string name;
  bool multi_arity = false;
  std::vector<FnCase> cases;  // a case without a body must be implemented by each type
};

struct Form {
  FormKind kind;
  SourcePos pos;
  std::string name;      // Namespace/Use: dotted name; Struct/Enum/Protocol: name;
                         // Extend: type name; Test: description
  std::string alias;     // Use: alias; Extend: protocol name
  std::vector<FieldDecl> fields;          // Struct
  std::vector<VariantDecl> variants;      // Enum
  std::vector<ProtocolMethod> methods;    // Protocol
  std::vector<ExprPtr> functions;         // Extend: Fn expressions
  ExprList body;                          // Test block
  ExprPtr expr;                           // Expr (top-level fn, let, or any expression)
};

struct Program {
  std::vector<Form> forms;
};

ExprPtr make_expr(ExprKind kind, SourcePos pos);
PatternPtr make_pattern(PatternKind kind, SourcePos pos);

const char* binary_op_symbol(BinaryOp op);

}  // namespace beagle::lang
