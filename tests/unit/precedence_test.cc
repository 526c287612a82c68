// Operator precedence and associativity against LANGUAGE.md §3.3. The
// expected trees are computed from the spec's own table, independently of
// the parser; every binary operator is checked against every other one.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "lang/front/ast_printer.h"
#include "lang/front/parser.h"
#include "lang/front/source.h"

namespace beagle::lang {
namespace {

std::string expr(std::string_view src) {
  ExprPtr e = parse_expression(src);
  std::string s = print_expr(*e, PrintOptions{.width = 100000});
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

bool parses(std::string_view src) {
  try {
    parse_expression(src);
  } catch (const SyntaxError&) {
    return false;
  }
  return true;
}

// A binary operator of §3.3 that prints as `(op left right)`.
struct Op {
  const char* text;
  int precedence;
  const char* name;  // for test names
};

// §3.3, all left-associative. `=` (1) and the pipes (5) print differently
// and are tested separately below.
const std::vector<Op> kOps = {
    {"||", 10, "Or"},         {"&&", 20, "And"},       {"==", 30, "Eq"},          {"!=", 30, "NotEq"},
    {"<", 30, "Lt"},          {"<=", 30, "Le"},        {">", 30, "Gt"},           {">=", 30, "Ge"},
    {"+", 40, "Add"},         {"-", 40, "Sub"},        {"++", 40, "Concat"},      {"*", 50, "Mul"},
    {"/", 50, "Div"},         {"%", 50, "Mod"},        {"|", 60, "BitOr"},        {"^", 70, "BitXor"},
    {"&", 80, "BitAnd"},      {"<<", 90, "Shl"},       {">>", 90, "Shr"},         {">>>", 90, "UShr"},
};

std::string s(const std::string& op, const std::string& left, const std::string& right) {
  return "(" + op + " " + left + " " + right + ")";
}

class BinaryOperatorTest : public ::testing::TestWithParam<Op> {};

TEST_P(BinaryOperatorTest, Alone) {
  const Op& op = GetParam();
  EXPECT_EQ(expr(std::string("a ") + op.text + " b"), s(op.text, "a", "b"));
}

TEST_P(BinaryOperatorTest, IsLeftAssociative) {
  const Op& op = GetParam();
  const std::string t = op.text;
  EXPECT_EQ(expr("a " + t + " b " + t + " c"), s(t, s(t, "a", "b"), "c"));
  EXPECT_EQ(expr("a " + t + " b " + t + " c " + t + " d"), s(t, s(t, s(t, "a", "b"), "c"), "d"));
}

TEST_P(BinaryOperatorTest, ParenthesesOverrideAssociativity) {
  const std::string t = GetParam().text;
  EXPECT_EQ(expr("a " + t + " (b " + t + " c)"), s(t, "a", s(t, "b", "c")));
}

TEST_P(BinaryOperatorTest, AgainstEveryOtherOperator) {
  const Op& first = GetParam();
  for (const Op& second : kOps) {
    const std::string a = first.text, b = second.text;
    SCOPED_TRACE("a " + a + " b " + b + " c");
    // Equal precedence: left to right. Otherwise the tighter one groups first.
    std::string expected = first.precedence >= second.precedence ? s(b, s(a, "a", "b"), "c")
                                                                  : s(a, "a", s(b, "b", "c"));
    EXPECT_EQ(expr("a " + a + " b " + b + " c"), expected);
  }
}

TEST_P(BinaryOperatorTest, PrefixOperatorsBindTighter) {
  const std::string t = GetParam().text;
  EXPECT_EQ(expr("!a " + t + " b"), s(t, "(! a)", "b"));
  EXPECT_EQ(expr("-a " + t + " b"), s(t, "(neg a)", "b"));
  EXPECT_EQ(expr("a " + t + " !b"), s(t, "a", "(! b)"));
  EXPECT_EQ(expr("a " + t + " -b"), s(t, "a", "(neg b)"));
  EXPECT_EQ(expr("!a.b " + t + " c"), s(t, "(! (. a b))", "c"));
  EXPECT_EQ(expr("-f(x) " + t + " c"), s(t, "(neg (call f x))", "c"));
}

TEST_P(BinaryOperatorTest, NegativeLiteralOperand) {
  const std::string t = GetParam().text;
  EXPECT_EQ(expr("-1 " + t + " 2"), s(t, "-1", "2"));
  EXPECT_EQ(expr("1 " + t + " -2"), s(t, "1", "-2"));
}

TEST_P(BinaryOperatorTest, BindsTighterThanPipes) {
  const std::string t = GetParam().text;
  EXPECT_EQ(expr("a " + t + " b |> f"), "(call f " + s(t, "a", "b") + ")");
  EXPECT_EQ(expr("a " + t + " b |>> f(x)"), "(call f x " + s(t, "a", "b") + ")");
  // `a |> f op b` pipes into `f op b`, which is not a function name.
  EXPECT_FALSE(parses("a |> f " + t + " b"));
}

TEST_P(BinaryOperatorTest, BindsTighterThanAssignment) {
  const std::string t = GetParam().text;
  EXPECT_EQ(expr("x = a " + t + " b"), "(= x " + s(t, "a", "b") + ")");
  EXPECT_EQ(expr("x.f = a " + t + " b"), "(= (. x f) " + s(t, "a", "b") + ")");
}

TEST_P(BinaryOperatorTest, ContinuesAcrossANewline) {
  const std::string t = GetParam().text;
  EXPECT_EQ(expr("a\n  " + t + " b"), s(t, "a", "b"));
  EXPECT_EQ(expr("a " + t + "\n  b"), s(t, "a", "b"));
}

INSTANTIATE_TEST_SUITE_P(Spec, BinaryOperatorTest, ::testing::ValuesIn(kOps),
                         [](const ::testing::TestParamInfo<Op>& info) { return std::string(info.param.name); });

// ------------------------------------------------------------ the spec's examples and neighbours

struct Case {
  const char* src;
  const char* printed;
};

void check_all(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.src);
    EXPECT_EQ(expr(c.src), c.printed);
  }
}

TEST(PrecedenceExamples, FromTheSpec) {
  check_all({
      {"1 + 6 & 3", "(+ 1 (& 6 3))"},
      {"2 * 1 << 3", "(* 2 (<< 1 3))"},
      {"a < b < c", "(< (< a b) c)"},
      {"x = y = 1", "(= x (= y 1))"},
      {"!a && b", "(&& (! a) b)"},
      {"-x * y", "(* (neg x) y)"},
      {"!f(x).y", "(! (. (call f x) y))"},
      {"1 |> inc |> dbl", "(call dbl (call inc 1))"},
  });
}

TEST(PrecedenceExamples, EachLevelAgainstTheNextTighterOne) {
  check_all({
      // || (10) vs && (20)
      {"a || b && c", "(|| a (&& b c))"},
      {"a && b || c", "(|| (&& a b) c)"},
      // && (20) vs comparison (30)
      {"a && b == c", "(&& a (== b c))"},
      {"a < b && c", "(&& (< a b) c)"},
      // comparison (30) vs additive (40)
      {"a == b + c", "(== a (+ b c))"},
      {"a - b >= c", "(>= (- a b) c)"},
      {"a ++ b != c", "(!= (++ a b) c)"},
      // additive (40) vs multiplicative (50)
      {"a + b * c", "(+ a (* b c))"},
      {"a % b - c", "(- (% a b) c)"},
      {"a ++ b / c", "(++ a (/ b c))"},
      // multiplicative (50) vs | (60)
      {"a * b | c", "(* a (| b c))"},
      {"a | b / c", "(/ (| a b) c)"},
      // | (60) vs ^ (70)
      {"a | b ^ c", "(| a (^ b c))"},
      {"a ^ b | c", "(| (^ a b) c)"},
      // ^ (70) vs & (80)
      {"a ^ b & c", "(^ a (& b c))"},
      {"a & b ^ c", "(^ (& a b) c)"},
      // & (80) vs shifts (90)
      {"a & b << c", "(& a (<< b c))"},
      {"a >> b & c", "(& (>> a b) c)"},
      {"a & b >>> c", "(& a (>>> b c))"},
  });
}

TEST(PrecedenceExamples, BitwiseBindsTighterThanArithmeticAndComparison) {
  check_all({
      {"1 + 2 | 4", "(+ 1 (| 2 4))"},
      {"x == y & 1", "(== x (& y 1))"},
      {"n % 2 ^ 1", "(% n (^ 2 1))"},
      {"1 << 2 + 3", "(+ (<< 1 2) 3)"},
      {"a && b | c", "(&& a (| b c))"},
  });
}

TEST(PrecedenceExamples, SameLevelMixedOperatorsGoLeftToRight) {
  check_all({
      {"a + b - c", "(- (+ a b) c)"},
      {"a - b + c", "(+ (- a b) c)"},
      {"a ++ b + c", "(+ (++ a b) c)"},
      {"a * b / c % d", "(% (/ (* a b) c) d)"},
      {"a == b != c", "(!= (== a b) c)"},
      {"a <= b > c", "(> (<= a b) c)"},
      {"a << b >> c >>> d", "(>>> (>> (<< a b) c) d)"},
      {"1 - 2 - 3", "(- (- 1 2) 3)"},
      {"8 / 4 / 2", "(/ (/ 8 4) 2)"},
  });
}

TEST(PrecedenceExamples, NumbersWithoutSpaces) {
  check_all({
      {"5-3", "(- 5 3)"},
      {"1+2*3", "(+ 1 (* 2 3))"},
      {"2*3+1", "(+ (* 2 3) 1)"},
      {"f(x)<2", "(< (call f x) 2)"},
      {"a - -1", "(- a -1)"},
      {"x -1", "(- x 1)"},
  });
}

TEST(PrecedenceExamples, ParenthesesOverridePrecedence) {
  check_all({
      {"(a + b) * c", "(* (+ a b) c)"},
      {"(1 + 6) & 3", "(& (+ 1 6) 3)"},
      {"a * (b | c)", "(* a (| b c))"},
      {"(a || b) && c", "(&& (|| a b) c)"},
  });
}

// ------------------------------------------------------------ assignment (1, right-associative)

TEST(PrecedenceAssignment, IsRightAssociative) {
  check_all({
      {"x = y = 1", "(= x (= y 1))"},
      {"x = y = z = 1", "(= x (= y (= z 1)))"},
      {"x.f = y = 2", "(= (. x f) (= y 2))"},
  });
}

TEST(PrecedenceAssignment, IsLowerThanEverything) {
  check_all({
      {"x = a || b", "(= x (|| a b))"},
      {"x = a |> f", "(= x (call f a))"},
      {"x = a |>> f(1)", "(= x (call f 1 a))"},
      {"x = !a", "(= x (! a))"},
      {"x = -1", "(= x -1)"},
  });
}

TEST(PrecedenceAssignment, LeftSideMustBeAVariableOrField) {
  EXPECT_FALSE(parses("a + b = c"));
  EXPECT_FALSE(parses("f(x) = 1"));
  EXPECT_TRUE(parses("a.b.c = 1"));
}

// ------------------------------------------------------------ pipes (5, left-associative)

TEST(PrecedencePipes, LeftAssociative) {
  check_all({
      {"a |> f |> g", "(call g (call f a))"},
      {"a |> f |>> g(1)", "(call g 1 (call f a))"},
      {"a |>> f(1) |> g", "(call g (call f 1 a))"},
      {"a |>> f(1) |>> g(2)", "(call g 2 (call f 1 a))"},
  });
}

TEST(PrecedencePipes, LowerThanLogicalOr) {
  check_all({
      {"a || b |> f", "(call f (|| a b))"},
      {"a && b |>> f(x)", "(call f x (&& a b))"},
      {"a + 1 |> f(2) |> g", "(call g (call f (+ a 1) 2))"},
  });
  EXPECT_FALSE(parses("a |> f || b"));
}

TEST(PrecedencePipes, PrefixOperandIsPiped) {
  check_all({
      {"!a |> f", "(call f (! a))"},
      {"-a |> f", "(call f (neg a))"},
      {"-1 |> f", "(call f -1)"},
  });
}

// ------------------------------------------------------------ prefix operators (99) and postfix (100)

TEST(PrecedencePrefix, OperandIsAPrimaryWithPostfixOps) {
  check_all({
      {"!f(x).y", "(! (. (call f x) y))"},
      {"-a.b", "(neg (. a b))"},
      {"-a[0]", "(neg (index a 0))"},
      {"!x.y[0](1)", "(! (call (index (. x y) 0) 1))"},
      {"-f(x)", "(neg (call f x))"},
      {"!(a && b)", "(! (&& a b))"},
      {"-(a + b)", "(neg (+ a b))"},
  });
}

TEST(PrecedencePrefix, TighterThanEveryBinaryOperator) {
  check_all({
      {"!a && b", "(&& (! a) b)"},
      {"!a || b", "(|| (! a) b)"},
      {"!a == b", "(== (! a) b)"},
      {"-x * y", "(* (neg x) y)"},
      {"-x << y", "(<< (neg x) y)"},
      {"a * -b", "(* a (neg b))"},
      {"a - -b", "(- a (neg b))"},
  });
}

TEST(PrecedencePostfix, ChainsLeftToRight) {
  check_all({
      {"a.b.c", "(. (. a b) c)"},
      {"a[0][1]", "(index (index a 0) 1)"},
      {"f(1)(2)", "(call (call f 1) 2)"},
      {"a.b(1)[2].c", "(. (index (call (. a b) 1) 2) c)"},
  });
}

TEST(PrecedencePostfix, TighterThanBinaryOperators) {
  check_all({
      {"a.b + c.d", "(+ (. a b) (. c d))"},
      {"v[0] * v[1]", "(* (index v 0) (index v 1))"},
      {"f(x) << g(y)", "(<< (call f x) (call g y))"},
  });
}

TEST(PrecedencePostfix, StructLiteralIsAnOperand) {
  check_all({
      {"a == Point { x: 1 }", "(== a (new Point (x 1)))"},
      {"Point { x: 1 }.x + 1", "(+ (. (new Point (x 1)) x) 1)"},
  });
}

}  // namespace
}  // namespace beagle::lang
