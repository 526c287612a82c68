// Conditions of `if` and `while`: a branch is taken when its condition is
// exactly `true` (LANGUAGE.md §4.4). A comparison or an identity test as a
// condition jumps on the flags of its inline path, instead of building a
// Bool that the branch then compares with true; `!`, `&&` and `||` over such
// conditions become jumps as well. Everything else is evaluated as a value
// and compared with true. The slow paths are the operators' own
// (compile_operators.cc): the runtime decides, and its Bool is compared.
#include "jit/function_compiler.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using lang::BinaryOp;
using lang::Expr;
using lang::ExprKind;
using rt::Value;

namespace {

bool is_comparison(BinaryOp op) {
  return op == BinaryOp::Lt || op == BinaryOp::Le || op == BinaryOp::Gt || op == BinaryOp::Ge;
}

// Is the value of `e` always a Bool? Then "not exactly true" is "false",
// and `!`, `&&`, `||` over it can be turned into jumps.
bool is_bool_valued(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Bool: return true;
    case ExprKind::Unary: return e.unary_op == lang::UnaryOp::Not;
    case ExprKind::Binary:
      switch (e.binary_op) {
        case BinaryOp::Eq: case BinaryOp::NotEq: return true;
        case BinaryOp::And: case BinaryOp::Or: return is_bool_valued(*e.left) && is_bool_valued(*e.right);
        default: return is_comparison(e.binary_op);
      }
    default: return false;
  }
}

}  // namespace

// Jumps to `target` when (`e` is exactly true) == `when`; else falls through.
void FunctionCompiler::branch(const Expr& e, bool when, Label target) {
  if (e.kind == ExprKind::Unary && e.unary_op == lang::UnaryOp::Not && is_bool_valued(*e.left)) {
    return branch(*e.left, !when, target);
  }
  if (e.kind == ExprKind::Binary) {
    switch (e.binary_op) {
      case BinaryOp::Eq: case BinaryOp::NotEq: return branch_on_equality(e, when, target);
      case BinaryOp::And: case BinaryOp::Or:
        if (is_bool_valued(*e.left)) return branch_on_logical(e, when, target);
        break;
      default:
        if (is_comparison(e.binary_op)) return branch_on_comparison(e, when, target);
        break;
    }
  }
  expr(e);
  branch_on_rax(when, target);
}

void FunctionCompiler::branch_on_rax(bool when, Label target) {
  a_.cmp(rax, uint32_t(kTrue));
  a_.j(when ? CondCode::kE : CondCode::kNE, target);
}

// a && b is true when both are; a || b when either is (a being a Bool).
void FunctionCompiler::branch_on_logical(const Expr& e, bool when, Label target) {
  bool decided_by_left = e.binary_op == BinaryOp::And ? false : true;  // the left value that decides
  if (when == decided_by_left) {
    branch(*e.left, decided_by_left, target);
    branch(*e.right, when, target);
  } else {
    Label skip = a_.newLabel();
    branch(*e.left, decided_by_left, skip);
    branch(*e.right, when, target);
    a_.bind(skip);
  }
}

void FunctionCompiler::branch_on_comparison(const Expr& e, bool when, Label target) {
  CondCode holds = int_comparison_cond(e.binary_op);
  Label slow = a_.newLabel(), done = a_.newLabel();
  expr(*e.left);
  int left = push_temp_of_rax();
  expr(*e.right);
  a_.mov(rcx, slot(left));
  unless_both_ints(slow);
  a_.cmp(rcx, rax);
  a_.j(when ? holds : negateCond(holds), target);
  a_.jmp(done);
  a_.bind(slow);
  runtime_2(comparison_runtime(e.binary_op), left);
  branch_on_rax(when, target);
  a_.bind(done);
  pop_temp(left);
}

// `a == b` or `a != b` against a literal of identity_literal: one compare
// decides, but for an Int literal and a Float operand, which the runtime
// compares. Any other equality is evaluated as a value.
void FunctionCompiler::branch_on_equality(const Expr& e, bool when, Label target) {
  std::optional<Value> literal = identity_literal(*e.right);
  const Expr* other = e.left.get();
  if (!literal) {
    literal = identity_literal(*e.left);
    other = e.right.get();
  }
  if (!literal) {
    equality(e);
    return branch_on_rax(when, target);
  }
  bool jump_if_equal = (e.binary_op == BinaryOp::Eq) == when;
  expr(*other);
  compare_rax_with(*literal);
  if (!literal->is_int()) {
    a_.j(jump_if_equal ? CondCode::kE : CondCode::kNE, target);
    return;
  }
  Label slow = a_.newLabel(), done = a_.newLabel();
  a_.j(CondCode::kE, jump_if_equal ? target : done);
  jump_if_float(eax, edx, slow);
  a_.jmp(jump_if_equal ? done : target);
  a_.bind(slow);
  call_equal_with_literal(*literal);
  branch_on_rax(jump_if_equal, target);
  a_.bind(done);
}

}  // namespace beagle::jit
