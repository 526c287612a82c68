// Operators (LANGUAGE.md §4.6). Two Ints take an inline path for every
// arithmetic, bitwise and comparison operator, and `==`/`!=` decide
// inline whenever comparing words is the whole answer; everything else
// calls the runtime (lang/runtime/arithmetic.cc), which raises the errors
// of §7.2 (division by zero, operands of the wrong type).
//
// Ints are tagged n << 3 (collectors/api/value.h), so most operations work
// on the tagged words directly: a + b, a - b, a & b, a | b, a ^ b are the
// tagged results; idiv of two tagged words gives the untagged quotient and
// the tagged remainder; a shift moves the tagged word and clears the tag.
// The wrap at 61 bits is the wrap at 64 bits of the tagged word.
#include "jit/function_compiler.h"
#include "jit/module_compiler.h"
#include "jit/runtime_calls.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using lang::BinaryOp;
using lang::Expr;
using lang::ExprKind;
using rt::Value;

namespace {

constexpr uint32_t kFloatTag = uint32_t(gc::Tag::Float);
// The tagged word of the low 32 bits of an Int: `>>>` shifts those (§4.6).
constexpr uint64_t kLow32Tagged = 0xFFFFFFFFull << gc::Value::kTagBits;

// The runtime's code for each bitwise operator (rt_bitwise).
int bitwise_code(BinaryOp op) {
  switch (op) {
    case BinaryOp::BitAnd: return 0;
    case BinaryOp::BitOr: return 1;
    case BinaryOp::BitXor: return 2;
    case BinaryOp::Shl: return 3;
    case BinaryOp::Shr: return 4;
    default: return 5;
  }
}

}  // namespace

void FunctionCompiler::to_bool_from_flag() {
  a_.movzx(eax, al);
  a_.shl(eax, 3);
  a_.add(eax, uint32_t(kFalse));
}

// Jumps to `slow` unless the tagged words in rcx and rax are both Ints.
void FunctionCompiler::unless_both_ints(Label slow) {
  a_.mov(rdx, rcx);
  a_.or_(rdx, rax);
  a_.test(dl, 7);
  a_.jnz(slow);
}

void FunctionCompiler::unary(const Expr& e) {
  if (e.unary_op == lang::UnaryOp::Not) {
    expr(*e.left);
    a_.cmp(rax, uint32_t(kFalse));
    a_.sete(al);
    to_bool_from_flag();
    return;
  }
  // -e is 0 - e
  load_constant(Value::from_int(0));
  int zero = push_temp_of_rax();
  expr(*e.left);
  Label slow = a_.newLabel(), done = a_.newLabel();
  a_.test(al, 7);
  a_.jnz(slow);
  a_.neg(rax);
  a_.jmp(done);
  a_.bind(slow);
  runtime_2(runtime_call_address<rt::rt_sub>(), zero);
  a_.bind(done);
  pop_temp(zero);
}

void FunctionCompiler::binary(const Expr& e) {
  switch (e.binary_op) {
    case BinaryOp::And: case BinaryOp::Or: return logical(e);
    case BinaryOp::Eq: case BinaryOp::NotEq: return equality(e);
    case BinaryOp::Add: case BinaryOp::Sub:
      if (add_or_subtract_literal(e)) return;
      break;
    default: break;
  }
  expr(*e.left);
  int left = push_temp_of_rax();
  expr(*e.right);
  switch (e.binary_op) {
    case BinaryOp::Add: case BinaryOp::Sub: case BinaryOp::Mul: case BinaryOp::Div: case BinaryOp::Mod:
      arithmetic(e, left);
      break;
    case BinaryOp::Concat: runtime_2(runtime_call_address<rt::rt_concat>(), left); break;
    case BinaryOp::BitAnd: case BinaryOp::BitOr: case BinaryOp::BitXor:
    case BinaryOp::Shl: case BinaryOp::Shr: case BinaryOp::UShr:
      bitwise(e, left);
      break;
    default: comparison(e, left); break;
  }
  pop_temp(left);
}

// rax = [left] op rax. Division and remainder by zero take the slow path,
// which throws.
void FunctionCompiler::arithmetic(const Expr& e, int left) {
  Label slow = a_.newLabel(), done = a_.newLabel();
  a_.mov(rcx, slot(left));
  unless_both_ints(slow);
  switch (e.binary_op) {
    case BinaryOp::Add:
      a_.add(rax, rcx);
      break;
    case BinaryOp::Sub:
      a_.sub(rcx, rax);
      a_.mov(rax, rcx);
      break;
    case BinaryOp::Mul:
      a_.sar(rcx, 3);
      a_.imul(rax, rcx);
      break;
    default:
      // 8x / 8y truncates as x / y; the remainder is 8 * (x % y). No
      // overflow: 8x / -8 is at most 2^60, which the tag shift wraps to
      // min (min / -1 is min, §4.6).
      a_.test(rax, rax);
      a_.jz(slow);
      a_.mov(r8, rax);
      a_.mov(rax, rcx);
      a_.cqo(rdx, rax);
      a_.idiv(rdx, rax, r8);
      if (e.binary_op == BinaryOp::Div) a_.shl(rax, 3);
      else a_.mov(rax, rdx);
      break;
  }
  a_.jmp(done);
  a_.bind(slow);
  uintptr_t target = e.binary_op == BinaryOp::Add   ? runtime_call_address<rt::rt_add>()
                     : e.binary_op == BinaryOp::Sub ? runtime_call_address<rt::rt_sub>()
                     : e.binary_op == BinaryOp::Mul ? runtime_call_address<rt::rt_mul>()
                     : e.binary_op == BinaryOp::Div ? runtime_call_address<rt::rt_div>()
                                                    : runtime_call_address<rt::rt_mod>();
  runtime_2(target, left);
  a_.bind(done);
}

// a + n, n + a and a - n for an Int literal n whose tagged word fits 32
// bits: the literal is an immediate, and only `a` is evaluated (a literal
// has no effects to order). False, emitting nothing, for any other operands.
bool FunctionCompiler::add_or_subtract_literal(const Expr& e) {
  bool literal_left = e.binary_op == BinaryOp::Add && e.left->kind == ExprKind::Int;
  const Expr& literal = literal_left ? *e.left : *e.right;
  const Expr& other = literal_left ? *e.right : *e.left;
  if (literal.kind != ExprKind::Int) return false;
  int64_t bits = int64_t(Value::from_int(literal.int_value).bits());
  if (bits != int64_t(int32_t(bits))) return false;
  Label slow = a_.newLabel(), done = a_.newLabel();
  expr(other);
  a_.test(al, 7);
  a_.jnz(slow);
  if (e.binary_op == BinaryOp::Add) a_.add(rax, imm(bits));
  else a_.sub(rax, imm(bits));
  a_.jmp(done);
  a_.bind(slow);
  a_.mov(literal_left ? rdx : rsi, rax);  // rt_add(thread, left, right)
  a_.mov(literal_left ? rsi : rdx, imm(bits));
  call_runtime(e.binary_op == BinaryOp::Add ? runtime_call_address<rt::rt_add>() : runtime_call_address<rt::rt_sub>());
  a_.bind(done);
  return true;
}

// rax = [left] op rax for & | ^ << >> >>>. A shift count is taken modulo 64,
// as the runtime does (counts of 64 or more are unspecified, §4.6).
void FunctionCompiler::bitwise(const Expr& e, int left) {
  Label slow = a_.newLabel(), done = a_.newLabel();
  a_.mov(rcx, slot(left));
  unless_both_ints(slow);
  switch (e.binary_op) {
    case BinaryOp::BitAnd: a_.and_(rax, rcx); break;
    case BinaryOp::BitOr: a_.or_(rax, rcx); break;
    case BinaryOp::BitXor: a_.xor_(rax, rcx); break;
    default:
      a_.mov(rdx, rcx);  // the value shifted
      a_.mov(rcx, rax);
      a_.sar(rcx, 3);    // the count, untagged: the shift uses its low 6 bits
      if (e.binary_op == BinaryOp::Shl) {
        a_.shl(rdx, cl);
      } else if (e.binary_op == BinaryOp::Shr) {
        a_.sar(rdx, cl);
        a_.and_(rdx, -8);
      } else {
        a_.mov(rax, imm(kLow32Tagged));
        a_.and_(rdx, rax);
        a_.shr(rdx, cl);
        a_.and_(rdx, -8);
      }
      a_.mov(rax, rdx);
      break;
  }
  a_.jmp(done);
  a_.bind(slow);
  a_.mov(rcx, rax);
  a_.mov(rdx, slot(left));
  a_.mov(esi, uint32_t(Value::from_int(bitwise_code(e.binary_op)).bits()));
  call_runtime(runtime_call_address<rt::rt_bitwise>());
  a_.bind(done);
}

void FunctionCompiler::comparison(const Expr& e, int left) {
  Label slow = a_.newLabel(), done = a_.newLabel();
  a_.mov(rcx, slot(left));
  unless_both_ints(slow);
  a_.cmp(rcx, rax);
  a_.set(int_comparison_cond(e.binary_op), al);
  to_bool_from_flag();
  a_.jmp(done);
  a_.bind(slow);
  runtime_2(comparison_runtime(e.binary_op), left);
  a_.bind(done);
}

// The flags condition of `<`, `<=`, `>`, `>=` after cmp left, right of two Ints.
CondCode FunctionCompiler::int_comparison_cond(BinaryOp op) {
  switch (op) {
    case BinaryOp::Lt: return CondCode::kL;
    case BinaryOp::Le: return CondCode::kLE;
    case BinaryOp::Gt: return CondCode::kG;
    default: return CondCode::kGE;
  }
}

uintptr_t FunctionCompiler::comparison_runtime(BinaryOp op) {
  switch (op) {
    case BinaryOp::Lt: return runtime_call_address<rt::rt_less>();
    case BinaryOp::Le: return runtime_call_address<rt::rt_less_equal>();
    case BinaryOp::Gt: return runtime_call_address<rt::rt_greater>();
    default: return runtime_call_address<rt::rt_greater_equal>();
  }
}

// ---------------------------------------------------------------- equality

// A literal that equals another value exactly when the two words are
// identical, unless the other is a Float (which may equal an Int
// numerically, §4.6): null, a Bool, a keyword (interned, §4.8), an Int.
std::optional<Value> FunctionCompiler::identity_literal(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::Null: return Value::null();
    case ExprKind::Bool: return Value::boolean(e.bool_value);
    case ExprKind::Keyword: return module_.runtime().keyword(e.text);
    case ExprKind::Int: return Value::from_int(e.int_value);
    default: return std::nullopt;
  }
}

// `a == b` and `a != b`. Against a literal of identity_literal only the
// other operand is evaluated (a literal has no effects to order).
void FunctionCompiler::equality(const Expr& e) {
  std::optional<Value> literal = identity_literal(*e.right);
  const Expr* other = e.left.get();
  if (!literal) {
    literal = identity_literal(*e.left);
    other = e.right.get();
  }
  if (literal) {
    expr(*other);
    equal_to_literal(*literal);
  } else {
    expr(*e.left);
    int left = push_temp_of_rax();
    expr(*e.right);
    equal_values(left);
    pop_temp(left);
  }
  if (e.binary_op == BinaryOp::NotEq) {
    a_.cmp(rax, uint32_t(kFalse));
    a_.sete(al);
    to_bool_from_flag();
  }
}

// rax = (rax == literal) as a Bool; the literal is one identity_literal gave.
void FunctionCompiler::equal_to_literal(Value literal) {
  compare_rax_with(literal);
  if (!literal.is_int()) {
    a_.sete(al);
    to_bool_from_flag();
    return;
  }
  Label equal = a_.newLabel(), slow = a_.newLabel(), done = a_.newLabel();
  a_.je(equal);
  jump_if_float(eax, edx, slow);
  bool_outcomes(equal, done);
  a_.bind(slow);
  call_equal_with_literal(literal);
  a_.bind(done);
}

// rax = rt_equal(literal, rax): the runtime's numeric equality, for a Float
// against an Int literal.
void FunctionCompiler::call_equal_with_literal(Value literal) {
  a_.mov(rsi, imm(literal.bits()));
  a_.mov(rdx, rax);
  call_runtime(runtime_call_address<rt::rt_equal>());
}

// cmp rax, the literal's word (through rcx when it does not fit 32 bits, as
// a keyword's address may not).
void FunctionCompiler::compare_rax_with(Value literal) {
  int64_t bits = int64_t(literal.bits());
  if (bits == int64_t(int32_t(bits))) {
    a_.cmp(rax, imm(bits));
  } else {
    a_.mov(rcx, imm(bits));
    a_.cmp(rax, rcx);
  }
}

// rax = ([left] == rax) as a Bool. Identical words are equal; otherwise only
// a Float (numeric equality) or two heap objects (structural equality) need
// the runtime: an Int, null or a Bool differs from every other word.
void FunctionCompiler::equal_values(int left) {
  Label equal = a_.newLabel(), slow = a_.newLabel(), done = a_.newLabel();
  a_.mov(rcx, slot(left));
  a_.cmp(rcx, rax);
  a_.je(equal);
  jump_if_float(ecx, edx, slow);
  jump_if_float(eax, esi, slow);
  a_.add(edx, esi);  // the two tags, 0, 1 or 7: their sum is 2 only for two objects
  a_.cmp(edx, 2 * uint32_t(gc::Tag::Object));
  a_.je(slow);
  bool_outcomes(equal, done);
  a_.bind(slow);
  runtime_2(runtime_call_address<rt::rt_equal>(), left);
  a_.bind(done);
}

// Jumps to `target` if `word` (the low half of a value) is a Float; leaves
// its tag in `tag`.
void FunctionCompiler::jump_if_float(const Gp& word, const Gp& tag, Label target) {
  a_.mov(tag, word);
  a_.and_(tag, 7);
  a_.cmp(tag, kFloatTag);
  a_.je(target);
}

// rax = false, or true when reached through `equal`; then on to `done`.
void FunctionCompiler::bool_outcomes(Label equal, Label done) {
  a_.mov(eax, uint32_t(kFalse));
  a_.jmp(done);
  a_.bind(equal);
  a_.mov(eax, uint32_t(kTrue));
  a_.jmp(done);
}

// a && b: false if a is exactly false, else b. a || b: true if a is exactly true, else b.
void FunctionCompiler::logical(const Expr& e) {
  Label done = a_.newLabel();
  expr(*e.left);
  a_.cmp(rax, uint32_t(e.binary_op == BinaryOp::And ? kFalse : kTrue));
  a_.je(done);
  expr(*e.right);
  a_.bind(done);
}

}  // namespace beagle::jit
