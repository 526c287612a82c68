// The parser against LANGUAGE.md §3: every rule of the grammar (§3.1),
// newlines (§3.2), pipes and other desugarings (§3.3), the positions where
// struct literals are not recognised (§3.4), and source positions.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "lang/front/ast_printer.h"
#include "lang/front/parser.h"
#include "lang/front/source.h"

namespace beagle::lang {
namespace {

std::string strip_newline(std::string s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// `src` parsed as a single expression, printed on one line.
std::string expr(std::string_view src) {
  ExprPtr e = parse_expression(src);
  return strip_newline(print_expr(*e, PrintOptions{.width = 100000}));
}

// `src` parsed as a file; the forms printed on one line without the
// surrounding `(program ...)`.
std::string program(std::string_view src, bool positions = false) {
  SourceFile file("test.bg", std::string(src));
  Program p = parse_program(file);
  std::string printed = strip_newline(print_program(p, PrintOptions{.positions = positions, .width = 100000}));
  std::string head = positions ? "(program@1:1" : "(program";
  EXPECT_EQ(printed.substr(0, head.size()), head);
  EXPECT_EQ(printed.back(), ')');
  printed = printed.substr(head.size(), printed.size() - head.size() - 1);
  if (!printed.empty() && printed[0] == ' ') printed.erase(0, 1);
  return printed;
}

// "line:column" of the syntax error in the file `src`, or "no error".
std::string error_at(std::string_view src) {
  try {
    SourceFile file("test.bg", std::string(src));
    parse_program(file);
  } catch (const SyntaxError& e) {
    return std::to_string(e.pos().line) + ":" + std::to_string(e.pos().column);
  }
  return "no error";
}

bool parses(std::string_view src) { return error_at(src) == "no error"; }

// ------------------------------------------------------------ top-level forms

TEST(GrammarForms, Namespace) {
  EXPECT_EQ(program("namespace my.app"), "(namespace my.app)");
  EXPECT_EQ(program("namespace app"), "(namespace app)");
  EXPECT_EQ(program("namespace my.sub-module.x"), "(namespace my.sub-module.x)");
}

TEST(GrammarForms, Use) {
  EXPECT_EQ(program("use beagle.core as core"), "(use beagle.core core)");
  EXPECT_EQ(program("use lib as l"), "(use lib l)");
}

TEST(GrammarForms, UseAsTest) {
  EXPECT_EQ(program("use beagle.__internal_test__ as test"), "(use beagle.__internal_test__ test)");
}

TEST(GrammarForms, StructWithCommaSeparatedFields) {
  EXPECT_EQ(program("struct Point { x, y }"), "(struct Point (field x) (field y))");
}

TEST(GrammarForms, StructEmpty) { EXPECT_EQ(program("struct Unit {}"), "(struct Unit)"); }

TEST(GrammarForms, StructWithNewlineSeparatedFields) {
  EXPECT_EQ(program("struct Point {\n  x\n  y\n}"), "(struct Point (field x) (field y))");
}

TEST(GrammarForms, StructWithMutFieldsAndDefaults) {
  EXPECT_EQ(program("struct Config {\n  mut count: 0\n  name: \"n\", flag\n  mut on\n}"),
            "(struct Config (mut count 0) (field name \"n\") (field flag) (mut on))");
}

TEST(GrammarForms, StructTrailingComma) {
  EXPECT_EQ(program("struct P { a, b, }"), "(struct P (field a) (field b))");
}

TEST(GrammarForms, StructDefaultIsAnExpression) {
  EXPECT_EQ(program("struct P { a: 1 + 2, b: [1, 2] }"), "(struct P (field a (+ 1 2)) (field b (vector 1 2)))");
}

TEST(GrammarForms, EnumWithUnitVariants) {
  EXPECT_EQ(program("enum Color { red, green, blue }"), "(enum Color red green blue)");
  EXPECT_EQ(program("enum Color {\n  red\n  green\n}"), "(enum Color red green)");
}

TEST(GrammarForms, EnumWithFieldVariantsAndTrailingComma) {
  EXPECT_EQ(program("enum Shape { none, circle { r }, rect { w, h: 1 }, }"),
            "(enum Shape none (variant circle (field r)) (variant rect (field w) (field h 1)))");
}

TEST(GrammarForms, EnumVariantFieldsOnSeveralLines) {
  EXPECT_EQ(program("enum E {\n  a {\n    mut x\n    y\n  }\n  b\n}"),
            "(enum E (variant a (mut x) (field y)) b)");
}

TEST(GrammarForms, ProtocolWithRequiredAndDefaultMethods) {
  EXPECT_EQ(program("protocol Area {\n  fn area(self)\n  fn describe(self) { \"shape\" }\n}"),
            "(protocol Area (method area (self) no-body) (method describe (self) \"shape\"))");
}

TEST(GrammarForms, ProtocolMultiArityMember) {
  EXPECT_EQ(program("protocol Scale {\n  fn scale {\n    (self) => 1\n    (self, k)\n  }\n}"),
            "(protocol Scale (method scale (case (self) 1) (case (self k) no-body)))");
  EXPECT_EQ(program("protocol S { fn s { (a) => { a }, (a, b) } }"),
            "(protocol S (method s (case (a) a) (case (a b) no-body)))");
}

TEST(GrammarForms, ExtendWithOneMethod) {
  EXPECT_EQ(program("extend Point with Area {\n  fn area(self) { self.x * self.y }\n}"),
            "(extend Point Area (fn area (self) (* (. self x) (. self y))))");
}

TEST(GrammarForms, ExtendWithMultiArityMethod) {
  EXPECT_EQ(program("extend Point with Scale {\n  fn scale {\n    (self) => self\n    (self, k) => k\n  }\n  fn other(a) { a }\n}"),
            "(extend Point Scale (fn scale (case (self) self) (case (self k) k)) (fn other (a) a))");
}

TEST(GrammarForms, ExtendQualifiedNames) {
  EXPECT_EQ(program("extend core/PersistentVector with g/Format { fn format(self) { \"v\" } }"),
            "(extend core/PersistentVector g/Format (fn format (self) \"v\"))");
}

TEST(GrammarForms, TestBlock) {
  EXPECT_EQ(program("test \"adds numbers\" {\n  assert(1 + 1 == 2)\n}"),
            "(test \"adds numbers\" (call assert (== (+ 1 1) 2)))");
  EXPECT_EQ(program("test \"empty\" {}"), "(test \"empty\")");
}

TEST(GrammarForms, ExpressionForms) {
  EXPECT_EQ(program("fn main() { println(1) }\nlet x = 1\nx"),
            "(fn main () (call println 1)) (let x 1) x");
}

TEST(GrammarForms, SeveralFormsInOneFile) {
  EXPECT_EQ(program("namespace a\nuse b as c\n\nstruct S { x }\nfn f() { S { x: 1 } }\n"),
            "(namespace a) (use b c) (struct S (field x)) (fn f () (new S (x 1)))");
}

TEST(GrammarForms, ProtocolMembersSeparatedByCommas) {
  EXPECT_EQ(program("protocol P { fn a(self), fn b(self) }"),
            "(protocol P (method a (self) no-body) (method b (self) no-body))");
}

TEST(GrammarForms, ExtendMethodsSeparatedByCommas) {
  EXPECT_EQ(program("extend P with Q { fn a(s) { 1 }, fn b(s) { 2 } }"), "(extend P Q (fn a (s) 1) (fn b (s) 2))");
}

TEST(GrammarForms, TopLevelMultiArityFunction) {
  EXPECT_EQ(program("fn total {\n  () => 0\n  (x) => x\n}"), "(fn total (case () 0) (case (x) x))");
}

TEST(GrammarForms, SemicolonIsNotAFieldSeparator) {
  EXPECT_FALSE(parses("struct P { x; y }"));
  EXPECT_FALSE(parses("enum E { a; b }"));
}

TEST(GrammarForms, EmptyFile) {
  EXPECT_EQ(program(""), "");
  EXPECT_EQ(program("// only a comment\n\n"), "");
}

// ------------------------------------------------------------ functions

TEST(GrammarFunctions, NamedSingleArity) {
  EXPECT_EQ(expr("fn add(a, b) { a + b }"), "(fn add (a b) (+ a b))");
  EXPECT_EQ(expr("fn f() { }"), "(fn f ())");
  EXPECT_EQ(expr("fn f(a,) { a }"), "(fn f (a) a)");
}

TEST(GrammarFunctions, BodyIsASequence) {
  EXPECT_EQ(expr("fn f() {\n  let a = 1\n  a + 1\n}"), "(fn f () (let a 1) (+ a 1))");
  EXPECT_EQ(expr("fn f() { let a = 1; a }"), "(fn f () (let a 1) a)");
}

TEST(GrammarFunctions, Anonymous) {
  EXPECT_EQ(expr("fn(x) { x }"), "(fn (x) x)");
  EXPECT_EQ(expr("fn (x) { x }"), "(fn (x) x)");
  EXPECT_EQ(expr("map(xs, fn(x) { x * 2 })"), "(call map xs (fn (x) (* x 2)))");
}

TEST(GrammarFunctions, NamedClosure) {
  EXPECT_EQ(expr("let f = fn fact(n) { fact(n) }"), "(let f (fn fact (n) (call fact n)))");
}

TEST(GrammarFunctions, MultiArityOneCasePerLine) {
  EXPECT_EQ(expr("fn total {\n  () => 0\n  (x) => x\n  (x, y) => { x + y }\n}"),
            "(fn total (case () 0) (case (x) x) (case (x y) (+ x y)))");
}

TEST(GrammarFunctions, MultiArityAnonymous) {
  EXPECT_EQ(expr("fn {\n  (x) => x\n  (x, y) => y\n}"), "(fn (case (x) x) (case (x y) y))");
}

TEST(GrammarFunctions, MultiArityWithVariadicCase) {
  EXPECT_EQ(expr("fn f {\n  (x) => x\n  (x, ...more) => more\n}"), "(fn f (case (x) x) (case (x ...more) more))");
}

TEST(GrammarFunctions, MultiArityCaseOnTheSameLineIsACall) {
  // §4.4: after a single-expression body the next '(' is a call of it.
  EXPECT_EQ(error_at("fn f { (x) => x (x, y) => y }"), "1:24");
}

TEST(GrammarFunctions, Variadic) {
  EXPECT_EQ(expr("fn v(a, ...rest) { rest }"), "(fn v (a ...rest) rest)");
  EXPECT_EQ(expr("fn v(...args) { args }"), "(fn v (...args) args)");
}

TEST(GrammarFunctions, ParametersArePatterns) {
  EXPECT_EQ(expr("fn f(a, [b, c], { d, \"e\": g }, _, Point { x: [h, i] }) { a }"),
            "(fn f (a (p-vector b c) (p-map (entry :d d) (entry \"e\" g)) _ (p-struct Point (x (p-vector h i)))) a)");
}

TEST(GrammarFunctions, ParametersOnSeveralLines) {
  EXPECT_EQ(expr("fn f(\n  a,\n  b\n) { a }"), "(fn f (a b) a)");
}

// ------------------------------------------------------------ let and patterns

TEST(GrammarLet, Plain) {
  EXPECT_EQ(expr("let x = 1"), "(let x 1)");
  EXPECT_EQ(expr("let x =\n  1"), "(let x 1)");
}

TEST(GrammarLet, Mutable) { EXPECT_EQ(expr("let mut x = 1"), "(let-mut x 1)"); }

TEST(GrammarLet, Wildcard) { EXPECT_EQ(expr("let _ = f()"), "(let _ (call f))"); }

TEST(GrammarLet, VectorPatternWithRest) {
  EXPECT_EQ(expr("let [a, b, ...r] = v"), "(let (p-vector a b (... r)) v)");
  EXPECT_EQ(expr("let [...r] = v"), "(let (p-vector (... r)) v)");
  EXPECT_EQ(expr("let [a, _] = v"), "(let (p-vector a _) v)");
  EXPECT_EQ(expr("let [] = v"), "(let (p-vector) v)");
}

TEST(GrammarLet, NestedVectorPattern) {
  EXPECT_EQ(expr("let [[a, b], c] = v"), "(let (p-vector (p-vector a b) c) v)");
}

TEST(GrammarLet, StructPattern) {
  EXPECT_EQ(expr("let Point { x, y: py } = p"), "(let (p-struct Point x (y py)) p)");
  EXPECT_EQ(expr("let Point { x: [a, b] } = p"), "(let (p-struct Point (x (p-vector a b))) p)");
}

TEST(GrammarLet, MapPatternWithStringKeysAndWildcard) {
  EXPECT_EQ(expr("let { name, age: a, \"k\": v, skip: _ } = m"),
            "(let (p-map (entry :name name) (entry :age a) (entry \"k\" v) (entry :skip _)) m)");
  EXPECT_EQ(expr("let { \"x y\": _ } = m"), "(let (p-map (entry \"x y\" _)) m)");
}

TEST(GrammarLet, MapPatternOnSeveralLines) {
  EXPECT_EQ(expr("let {\n  a\n  b: c\n} = m"), "(let (p-map (entry :a a) (entry :b c)) m)");
}

TEST(GrammarLet, ValueMayBeAStructLiteral) {
  EXPECT_EQ(expr("let p = Point { x: 1, y: 2 }"), "(let p (new Point (x 1) (y 2)))");
}

// ------------------------------------------------------------ control flow

TEST(GrammarControl, IfWithoutElse) { EXPECT_EQ(expr("if a { 1 }"), "(if a (do 1))"); }

TEST(GrammarControl, IfElse) {
  EXPECT_EQ(expr("if a { 1 } else { 2 }"), "(if a (do 1) (do 2))");
  EXPECT_EQ(expr("if a {\n  1\n} else {\n  2\n}"), "(if a (do 1) (do 2))");
}

TEST(GrammarControl, ElseOnTheNextLine) { EXPECT_EQ(expr("if a { 1 }\nelse { 2 }"), "(if a (do 1) (do 2))"); }

TEST(GrammarControl, ElseIfChain) {
  EXPECT_EQ(expr("if a { 1 } else if b { 2 } else { 3 }"), "(if a (do 1) (if b (do 2) (do 3)))");
  EXPECT_EQ(expr("if a { 1 } else if b { 2 }"), "(if a (do 1) (if b (do 2)))");
}

TEST(GrammarControl, IfWithEmptyAndLongBlocks) {
  EXPECT_EQ(expr("if a { }"), "(if a (do))");
  EXPECT_EQ(expr("if a { x; y; z }"), "(if a (do x y z))");
}

TEST(GrammarControl, IfConditionIsAnyExpression) {
  EXPECT_EQ(expr("if x < 3 && !done { 1 }"), "(if (&& (< x 3) (! done)) (do 1))");
  EXPECT_EQ(expr("if f(x).ok { 1 }"), "(if (. (call f x) ok) (do 1))");
}

TEST(GrammarControl, While) {
  EXPECT_EQ(expr("while x < 3 { x = x + 1 }"), "(while (< x 3) (= x (+ x 1)))");
  EXPECT_EQ(expr("while true { }"), "(while true)");
}

TEST(GrammarControl, Loop) { EXPECT_EQ(expr("loop { break(1) }"), "(loop (break 1))"); }

TEST(GrammarControl, ForIn) {
  EXPECT_EQ(expr("for i in xs { print(i) }"), "(for i xs (call print i))");
  EXPECT_EQ(expr("for i in range(0, 3) { }"), "(for i (call range 0 3))");
}

TEST(GrammarControl, TryCatch) {
  EXPECT_EQ(expr("try { f() } catch (e) { e }"), "(try (do (call f)) (catch e e))");
  EXPECT_EQ(expr("try {\n  f()\n}\ncatch (e) {\n  g(e)\n}"), "(try (do (call f)) (catch e (call g e)))");
}

TEST(GrammarControl, Throw) {
  EXPECT_EQ(expr("throw(1)"), "(throw 1)");
  EXPECT_EQ(expr("throw(f(x))"), "(throw (call f x))");
  EXPECT_EQ(expr("throw(\"bad\" ++ s)"), "(throw (++ \"bad\" s))");
}

TEST(GrammarControl, BreakWithAndWithoutValue) {
  EXPECT_EQ(expr("break()"), "(break)");
  EXPECT_EQ(expr("break(1)"), "(break 1)");
  EXPECT_EQ(expr("break(x + 1)"), "(break (+ x 1))");
}

TEST(GrammarControl, Continue) { EXPECT_EQ(expr("continue()"), "(continue)"); }

TEST(GrammarControl, ReturnWithAndWithoutValue) {
  EXPECT_EQ(expr("return()"), "(return)");
  EXPECT_EQ(expr("return(1)"), "(return 1)");
  EXPECT_EQ(expr("return(-5)"), "(return -5)");
}

TEST(GrammarControl, StructLiteralInBreakAndReturn) {
  EXPECT_EQ(expr("break(Point { x: 1 })"), "(break (new Point (x 1)))");
  EXPECT_EQ(expr("return(Point { x: 1 })"), "(return (new Point (x 1)))");
}

TEST(GrammarControl, ControlFlowIsAnExpression) {
  EXPECT_EQ(expr("let x = if a { 1 } else { 2 }"), "(let x (if a (do 1) (do 2)))");
  EXPECT_EQ(expr("f(if c { 1 })"), "(call f (if c (do 1)))");
  EXPECT_EQ(expr("let y = loop { break(2) }"), "(let y (loop (break 2)))");
}

TEST(GrammarControl, Assignment) {
  EXPECT_EQ(expr("x = 1"), "(= x 1)");
  EXPECT_EQ(expr("x.y = 1"), "(= (. x y) 1)");
  EXPECT_EQ(expr("a.b.c = f(x)"), "(= (. (. a b) c) (call f x))");
}

TEST(GrammarControl, WhileBodyWithSemicolons) {
  EXPECT_EQ(expr("while i < n { i = i + 1; continue() }"), "(while (< i n) (= i (+ i 1)) (continue))");
}

// ------------------------------------------------------------ match

TEST(GrammarMatch, LiteralPatterns) {
  EXPECT_EQ(expr("match v {\n  -1 => \"neg\"\n  0 => \"zero\", -2 => 1\n  \"a\" => 2\n  true => 3, false => 4\n  null => 5\n  _ => { 6 }\n  -3 => 7\n}"),
            "(match v (arm -1 \"neg\") (arm 0 \"zero\") (arm -2 1) (arm \"a\" 2) (arm true 3) (arm false 4) "
            "(arm null 5) (arm _ 6) (arm -3 7))");
}

TEST(GrammarMatch, StringPatternIsNotEscapeProcessed) {
  // The printer escapes the backslash: the pattern text is `a\n` (4 chars incl. backslash).
  EXPECT_EQ(expr("match s { \"a\\n\" => 1 }"), "(match s (arm \"a\\\\n\" 1))");
  EXPECT_EQ(expr("match s { \"\\u{41}\" => 1 }"), "(match s (arm \"\\\\u{41}\" 1))");
}

TEST(GrammarMatch, StringLiteralInArmBodyIsEscapeProcessed) {
  EXPECT_EQ(expr("match s { _ => \"a\\n\" }"), "(match s (arm _ \"a\\n\"))");
}

TEST(GrammarMatch, BindingPattern) { EXPECT_EQ(expr("match v { x => x }"), "(match v (arm x x))"); }

TEST(GrammarMatch, VectorPatterns) {
  EXPECT_EQ(expr("match v { [a, ...r] => a, [] => 0, [1, _] => 1 }"),
            "(match v (arm (p-vector a (... r)) a) (arm (p-vector) 0) (arm (p-vector 1 _) 1))");
}

TEST(GrammarMatch, StructPatternWithLiteralField) {
  EXPECT_EQ(expr("match p { Point { x: 0, y } => y }"), "(match p (arm (p-struct Point (x 0) y) y))");
  EXPECT_EQ(expr("match p { Point { x: -1, y: \"s\" } => 1 }"), "(match p (arm (p-struct Point (x -1) (y \"s\")) 1))");
}

TEST(GrammarMatch, EnumVariantPatterns) {
  EXPECT_EQ(expr("match s { Shape.none => 0, Shape.circle { r } => r, Shape.rect { w, h: hh } => w }"),
            "(match s (arm (p-variant Shape.none) 0) (arm (p-struct Shape.circle r) r) "
            "(arm (p-struct Shape.rect w (h hh)) w))");
}

TEST(GrammarMatch, QualifiedEnumVariantPatterns) {
  EXPECT_EQ(expr("match s { g/Shape.rect { w } => w, g/Shape.none => 0 }"),
            "(match s (arm (p-struct g/Shape.rect w) w) (arm (p-variant g/Shape.none) 0))");
}

TEST(GrammarMatch, MapPattern) {
  EXPECT_EQ(expr("match m { { k, \"s\": t, z: _ } => k }"),
            "(match m (arm (p-map (entry :k k) (entry \"s\" t) (entry :z _)) k))");
}

TEST(GrammarMatch, ArmsSeparatedByCommasNewlinesOrNothing) {
  EXPECT_EQ(expr("match x { 1 => 2, 2 => 3 }"), "(match x (arm 1 2) (arm 2 3))");
  EXPECT_EQ(expr("match x {\n  1 => 2\n  2 => 3\n}"), "(match x (arm 1 2) (arm 2 3))");
  EXPECT_EQ(expr("match x { 1 => { 2 } 2 => { 3 } }"), "(match x (arm 1 2) (arm 2 3))");
  EXPECT_EQ(expr("match x { 1 => 2 2 => 3 }"), "(match x (arm 1 2) (arm 2 3))");
}

TEST(GrammarMatch, ArmBodyOnTheNextLine) { EXPECT_EQ(expr("match x {\n  1 =>\n    2\n}"), "(match x (arm 1 2))"); }

TEST(GrammarMatch, BlockArmBody) {
  EXPECT_EQ(expr("match x { _ => {\n  let y = x\n  y\n} }"), "(match x (arm _ (let y x) y))");
}

TEST(GrammarMatch, NegativePatternOnALineAfterAnExpressionBodyContinuesIt) {
  // §3.2: a line starting with '-' continues the previous expression.
  EXPECT_EQ(error_at("match v {\n  0 => \"zero\"\n  -1 => \"neg\"\n}"), "3:6");
}

TEST(GrammarMatch, NegativeLiteralInsideVectorPattern) {
  EXPECT_EQ(expr("match v { [-1, x] => x }"), "(match v (arm (p-vector -1 x) x))");
}

TEST(GrammarMatch, MatchIsAnExpression) {
  EXPECT_EQ(expr("let r = match x { _ => 1 }"), "(let r (match x (arm _ 1)))");
  EXPECT_EQ(expr("f(match x { _ => 1 })"), "(call f (match x (arm _ 1)))");
}

// ------------------------------------------------------------ collections

TEST(GrammarCollections, Vector) {
  EXPECT_EQ(expr("[]"), "(vector)");
  EXPECT_EQ(expr("[1, 2, 3]"), "(vector 1 2 3)");
  EXPECT_EQ(expr("[1, 2,]"), "(vector 1 2)");
  EXPECT_EQ(expr("[\n  1,\n  2\n]"), "(vector 1 2)");
  EXPECT_EQ(expr("[[1], [a + b]]"), "(vector (vector 1) (vector (+ a b)))");
}

TEST(GrammarCollections, MapWithEveryKeyKind) {
  EXPECT_EQ(expr("{:a 1, \"b\" 2, 3 4, x 5, (k) 6, true 7, false 8, null 9, -1 10, 1.5 11}"),
            "(map :a 1 \"b\" 2 3 4 x 5 k 6 true 7 false 8 null 9 -1 10 1.5 11)");
}

TEST(GrammarCollections, MapCommasAreOptional) {
  EXPECT_EQ(expr("{:a 1 :b 2}"), "(map :a 1 :b 2)");
  EXPECT_EQ(expr("{:a 1, :b 2,}"), "(map :a 1 :b 2)");
  EXPECT_EQ(expr("{\n  :a 1\n  :b 2\n}"), "(map :a 1 :b 2)");
  EXPECT_EQ(expr("{}"), "(map)");
}

TEST(GrammarCollections, MapParenthesisedKeyIsAnExpression) {
  EXPECT_EQ(expr("{(a + b) 1}"), "(map (+ a b) 1)");
}

TEST(GrammarCollections, MapValuesAreExpressions) {
  EXPECT_EQ(expr("{:a 1 + 2 :b f(x)}"), "(map :a (+ 1 2) :b (call f x))");
  EXPECT_EQ(expr("{:p Point { x: 1 }}"), "(map :p (new Point (x 1)))");
}

TEST(GrammarCollections, MapValueThenSpaceParenStartsTheNextKey) {
  EXPECT_EQ(expr("{:a f (g) 1}"), "(map :a f g 1)");
  EXPECT_EQ(expr("{:a f(g)}"), "(map :a (call f g))");
  EXPECT_EQ(expr("{:a 1 (k) 2}"), "(map :a 1 k 2)");
}

TEST(GrammarCollections, MapValueCallInsideNestedExpressionIsACall) {
  // Only the map value itself is affected; inside an argument list '(' is a call.
  EXPECT_EQ(expr("{:a [f (g)]}"), "(map :a (vector (call f g)))");
}

TEST(GrammarCollections, Set) {
  EXPECT_EQ(expr("#{}"), "(set)");
  EXPECT_EQ(expr("#{1, 2 3}"), "(set 1 2 3)");
  EXPECT_EQ(expr("#{:a, \"b\",}"), "(set :a \"b\")");
}

TEST(GrammarCollections, BraceAtStatementStartIsAMap) {
  EXPECT_EQ(program("{:a 1}"), "(map :a 1)");
  EXPECT_EQ(expr("fn f() { {:a 1} }"), "(fn f () (map :a 1))");
}

// ------------------------------------------------------------ struct literals

TEST(GrammarStructLiterals, Plain) {
  EXPECT_EQ(expr("Point { x: 1, y: 2 }"), "(new Point (x 1) (y 2))");
  EXPECT_EQ(expr("Point {}"), "(new Point)");
  EXPECT_EQ(expr("Point{x: 1}"), "(new Point (x 1))");
}

TEST(GrammarStructLiterals, Shorthand) { EXPECT_EQ(expr("Point { x, y }"), "(new Point (x) (y))"); }

TEST(GrammarStructLiterals, Spread) { EXPECT_EQ(expr("Point { ...p, x: 1 }"), "(new Point (... p) (x 1))"); }

TEST(GrammarStructLiterals, NewlineSeparators) {
  EXPECT_EQ(expr("Point {\n  x: 1\n  y: 2\n}"), "(new Point (x 1) (y 2))");
  EXPECT_EQ(expr("Point { x: 1, y: 2, }"), "(new Point (x 1) (y 2))");
}

TEST(GrammarStructLiterals, Qualified) { EXPECT_EQ(expr("g/Point { x: 1 }"), "(new g/Point (x 1))"); }

TEST(GrammarStructLiterals, EnumVariant) {
  EXPECT_EQ(expr("Shape.circle { r: 1 }"), "(new Shape.circle (r 1))");
  EXPECT_EQ(expr("g/Shape.circle { r: 1 }"), "(new g/Shape.circle (r 1))");
}

TEST(GrammarStructLiterals, ReservedWordVariant) { EXPECT_EQ(expr("E.match { a: 1 }"), "(new E.match (a 1))"); }

TEST(GrammarStructLiterals, UnitVariantIsAPropertyRead) { EXPECT_EQ(expr("Shape.none"), "(. Shape none)"); }

TEST(GrammarStructLiterals, FieldValuesAreOrdinaryPositions) {
  EXPECT_EQ(expr("Line { a: Point { x: 1 }, b: [Point {}] }"), "(new Line (a (new Point (x 1))) (b (vector (new Point))))");
}

TEST(GrammarStructLiterals, InCallArgumentsAndCollections) {
  EXPECT_EQ(expr("f(Point { x: 1 })"), "(call f (new Point (x 1)))");
  EXPECT_EQ(expr("[Point { x: 1 }]"), "(vector (new Point (x 1)))");
  EXPECT_EQ(expr("(Point { x: 1 })"), "(new Point (x 1))");
}

TEST(GrammarStructLiterals, RightHandSideOfAnOperator) {
  EXPECT_EQ(expr("a == Point { x: 1 }"), "(== a (new Point (x 1)))");
  EXPECT_EQ(expr("p = Point { x: 1 }"), "(= p (new Point (x 1)))");
}

// ------------------------------------------------------------ postfix

TEST(GrammarPostfix, PropertyAccess) {
  EXPECT_EQ(expr("a.b"), "(. a b)");
  EXPECT_EQ(expr("a.b.c"), "(. (. a b) c)");
  EXPECT_EQ(expr("f(x).y"), "(. (call f x) y)");
}

TEST(GrammarPostfix, ReservedWordsAfterDot) {
  EXPECT_EQ(expr("x.match"), "(. x match)");
  EXPECT_EQ(expr("x.if.fn"), "(. (. x if) fn)");
  EXPECT_EQ(expr("x.reset.shift"), "(. (. x reset) shift)");
  EXPECT_EQ(expr("x.fn(1)"), "(call (. x fn) 1)");
}

TEST(GrammarPostfix, Index) {
  EXPECT_EQ(expr("v[0]"), "(index v 0)");
  EXPECT_EQ(expr("v[i + 1][j]"), "(index (index v (+ i 1)) j)");
  EXPECT_EQ(expr("m[:k].x"), "(. (index m :k) x)");
}

TEST(GrammarPostfix, Calls) {
  EXPECT_EQ(expr("f()"), "(call f)");
  EXPECT_EQ(expr("f(a, b)"), "(call f a b)");
  EXPECT_EQ(expr("f(a, b,)"), "(call f a b)");
  EXPECT_EQ(expr("f(\n  a,\n  b\n)"), "(call f a b)");
  EXPECT_EQ(expr("f (x)"), "(call f x)");
  EXPECT_EQ(expr("ns/f(x)"), "(call ns/f x)");
}

TEST(GrammarPostfix, CallOfAnyExpression) {
  EXPECT_EQ(expr("(f)(1)"), "(call f 1)");
  EXPECT_EQ(expr("v[0](x)"), "(call (index v 0) x)");
  EXPECT_EQ(expr("obj.f(5)"), "(call (. obj f) 5)");
  EXPECT_EQ(expr("make()(3)"), "(call (call make) 3)");
  EXPECT_EQ(expr("fn(x) { x }(1)"), "(call (fn (x) x) 1)");
}

// ------------------------------------------------------------ literals and names

TEST(GrammarLiterals, Atoms) {
  EXPECT_EQ(expr("42"), "42");
  EXPECT_EQ(expr("-42"), "-42");
  EXPECT_EQ(expr("0x10"), "16");
  EXPECT_EQ(expr("2.5"), "2.5");
  EXPECT_EQ(expr("1."), "1.0");
  EXPECT_EQ(expr("\"s\""), "\"s\"");
  EXPECT_EQ(expr(":kw"), ":kw");
  EXPECT_EQ(expr("true"), "true");
  EXPECT_EQ(expr("false"), "false");
  EXPECT_EQ(expr("null"), "null");
  EXPECT_EQ(expr("infinity"), "infinity");
  EXPECT_EQ(expr("-infinity"), "-infinity");
  EXPECT_EQ(expr("x"), "x");
}

TEST(GrammarLiterals, NegativeZeroLiteralVersusNegation) {
  EXPECT_EQ(expr("-0.0"), "-0.0");
  EXPECT_EQ(expr("-(0.0)"), "(neg 0.0)");
}

TEST(GrammarLiterals, StringInterpolation) {
  EXPECT_EQ(expr("\"a${x}b\""), "(str \"a\" x \"b\")");
  EXPECT_EQ(expr("\"${x}\""), "(str x)");
  EXPECT_EQ(expr("\"a${x + 1}b${f(y)}\""), "(str \"a\" (+ x 1) \"b\" (call f y))");
  EXPECT_EQ(expr("\"${ {:a 1}[:a] }\""), "(str (index (map :a 1) :a))");
  EXPECT_EQ(expr("\"${f(\"}\")}\""), "(str (call f \"}\"))");
  EXPECT_EQ(expr("\"${\"in${x}\"}\""), "(str (str \"in\" x))");
}

TEST(GrammarLiterals, EscapedInterpolationIsPlainText) {
  EXPECT_EQ(expr("\"\\${x}\""), "\"${x}\"");
  EXPECT_EQ(expr("\"$${v}\""), "(str \"$\" v)");
}

TEST(GrammarNames, QualifiedNameStaysAName) {
  EXPECT_EQ(expr("ns/name"), "ns/name");
  EXPECT_EQ(expr("core/map(f, xs)"), "(call core/map f xs)");
}

TEST(GrammarNames, DotEndsANameBeforeTheSlash) {
  // §2.5: '.' ends an identifier, so a dotted namespace cannot prefix a name.
  EXPECT_EQ(expr("beagle.core/map"), "(. beagle core/map)");
}

TEST(GrammarNames, DigitSegmentsMakeADivision) {
  EXPECT_EQ(expr("total/2"), "(/ total 2)");
  EXPECT_EQ(expr("x/2/2"), "(/ (/ x 2) 2)");
}

TEST(GrammarNames, TwoSlashesAreLeftAssociativeDivision) {
  EXPECT_EQ(expr("a/b/c"), "(/ (/ a b) c)");
}

TEST(GrammarNames, SlashAfterNumberOrParenIsAnOperator) {
  EXPECT_EQ(expr("10/2"), "(/ 10 2)");
  EXPECT_EQ(expr("(p+q)/2"), "(/ (+ p q) 2)");
}

TEST(GrammarNames, FloatAfterSlashIsAnError) { EXPECT_FALSE(parses("x/2.5")); }

TEST(GrammarNames, IdentifierWithMinus) {
  EXPECT_EQ(expr("a-b"), "a-b");
  EXPECT_EQ(expr("a - b"), "(- a b)");
  EXPECT_EQ(expr("string->keyword(s)"), "(call string->keyword s)");
}

TEST(GrammarNames, InIsAnOrdinaryName) { EXPECT_EQ(expr("let in = 1"), "(let in 1)"); }

TEST(GrammarNames, TestAliasQualifiesNames) { EXPECT_EQ(expr("test/assert-eq(1, 1)"), "(call test/assert-eq 1 1)"); }

TEST(GrammarNames, DoubleSlashInsideANameIsAnError) {
  // §2.1: `x// c` is the identifier `x//`, not x followed by a comment.
  EXPECT_FALSE(parses("x// c"));
  EXPECT_EQ(program("x // c"), "x");
}

TEST(GrammarNames, QualifiedCall) { EXPECT_EQ(expr("a/f(x)"), "(call a/f x)"); }

TEST(GrammarNames, BangEqualsAfterIdentifierIsAnAssignment) { EXPECT_EQ(expr("a!=b"), "(= a! b)"); }

// ------------------------------------------------------------ pipes

TEST(GrammarPipes, PipeIntoName) { EXPECT_EQ(expr("x |> f"), "(call f x)"); }

TEST(GrammarPipes, PipeIntoCallInsertsFirst) {
  EXPECT_EQ(expr("x |> f(a)"), expr("f(x, a)"));
  EXPECT_EQ(expr("x |> f(a, b)"), "(call f x a b)");
}

TEST(GrammarPipes, PipeLastInsertsLast) {
  EXPECT_EQ(expr("x |>> f(a, b)"), expr("f(a, b, x)"));
  EXPECT_EQ(expr("x |>> f"), "(call f x)");
}

TEST(GrammarPipes, ChainsLeftToRight) {
  EXPECT_EQ(expr("1 |> inc |> dbl"), "(call dbl (call inc 1))");
  EXPECT_EQ(expr("xs |>> map(f) |>> filter(g)"), "(call filter g (call map f xs))");
}

TEST(GrammarPipes, QualifiedTarget) {
  EXPECT_EQ(expr("x |> g/f(a)"), "(call g/f x a)");
  EXPECT_EQ(expr("x |> g/f"), "(call g/f x)");
}

TEST(GrammarPipes, ContinuesOnTheNextLine) {
  EXPECT_EQ(expr("xs\n  |> f\n  |>> g(1)"), "(call g 1 (call f xs))");
}

TEST(GrammarPipes, TargetMustBeANameOrCallOfOne) {
  EXPECT_FALSE(parses("x |> 1"));
  EXPECT_FALSE(parses("x |> a.b"));
  EXPECT_FALSE(parses("x |> v[0]"));
  EXPECT_FALSE(parses("x |> fn(y) { y }"));
}

// ------------------------------------------------------------ separators and newlines (§3.2)

TEST(GrammarNewlines, SemicolonSeparates) {
  EXPECT_EQ(program("a; b"), "a b");
  EXPECT_EQ(program("a;\nb;"), "a b");
  EXPECT_EQ(expr("fn f() { a; b }"), "(fn f () a b)");
}

TEST(GrammarNewlines, LineStartingWithBinaryOperatorContinues) {
  const char* ops[] = {"+", "-", "*", "/", "%", "++", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "&", "|", "^",
                       "<<", ">>", ">>>"};
  for (const char* op : ops) {
    SCOPED_TRACE(op);
    EXPECT_EQ(program(std::string("a\n  ") + op + " b"), std::string("(") + op + " a b)");
  }
}

TEST(GrammarNewlines, LineStartingWithPipeOrAssignContinues) {
  EXPECT_EQ(program("a\n|> f"), "(call f a)");
  EXPECT_EQ(program("a\n|>> f"), "(call f a)");
  EXPECT_EQ(program("x\n  = 1"), "(= x 1)");
}

TEST(GrammarNewlines, LetValueContinuesWithOperator) {
  EXPECT_EQ(program("let total = a\n    + b"), "(let total (+ a b))");
}

TEST(GrammarNewlines, LineEndingWithOperatorContinues) {
  EXPECT_EQ(program("a ||\nb"), "(|| a b)");
  EXPECT_EQ(program("x =\n1"), "(= x 1)");
}

TEST(GrammarNewlines, MinusOnTheNextLineIsBinary) {
  EXPECT_EQ(program("a\n- b"), "(- a b)");
  EXPECT_EQ(program("a\n-1"), "(- a 1)");
}

TEST(GrammarNewlines, BracketOnTheNextLineDoesNotIndex) { EXPECT_EQ(program("a\n[1]"), "a (vector 1)"); }

TEST(GrammarNewlines, ParenOnTheNextLineDoesNotCall) { EXPECT_EQ(program("f\n(1)"), "f 1"); }

TEST(GrammarNewlines, DotOnTheNextLineDoesNotContinue) { EXPECT_FALSE(parses("a\n.b")); }

TEST(GrammarNewlines, BraceOnTheNextLineIsNotAStructLiteral) { EXPECT_EQ(program("P\n{:a 1}"), "P (map :a 1)"); }

TEST(GrammarNewlines, LineStartingWithBangDoesNotContinue) { EXPECT_EQ(program("a\n!b"), "a (! b)"); }

TEST(GrammarNewlines, CommentsInsideArgumentLists) { EXPECT_EQ(expr("f(a, // c\n  b)"), "(call f a b)"); }

TEST(GrammarNewlines, BlankLinesAndCommentsBetweenForms) {
  EXPECT_EQ(program("\n\n// c\na\n\n\n/// d\nb\n\n"), "a b");
}

// ------------------------------------------------------------ where struct literals are not recognised (§3.4)

TEST(GrammarNoStruct, IfConditionNameIsNotAStructLiteral) {
  EXPECT_EQ(expr("if x { y }"), "(if x (do y))");
  EXPECT_EQ(expr("if Point { 1 }"), "(if Point (do 1))");
}

TEST(GrammarNoStruct, IfConditionParenthesisedStructLiteral) {
  EXPECT_EQ(expr("if (P { x: 1 }) { 2 }"), "(if (new P (x 1)) (do 2))");
  EXPECT_FALSE(parses("if P { x: 1 } { 2 }"));
}

TEST(GrammarNoStruct, IfConditionRightOperand) {
  EXPECT_EQ(expr("if x == P { 1 } else { 2 }"), "(if (== x P) (do 1) (do 2))");
}

TEST(GrammarNoStruct, IfConditionEnumVariant) {
  EXPECT_EQ(expr("if E.v { 1 }"), "(if (. E v) (do 1))");
  EXPECT_EQ(expr("if (E.v { a: 1 }) { 1 }"), "(if (new E.v (a 1)) (do 1))");
}

TEST(GrammarNoStruct, IfConditionCallArgumentsAreOrdinary) {
  EXPECT_EQ(expr("if f(P { x: 1 }) { 2 }"), "(if (call f (new P (x 1))) (do 2))");
  EXPECT_EQ(expr("if [P { x: 1 }] { 2 }"), "(if (vector (new P (x 1))) (do 2))");
}

TEST(GrammarNoStruct, IfBodyIsOrdinary) { EXPECT_EQ(expr("if c { P { x: 1 } }"), "(if c (do (new P (x 1))))"); }

TEST(GrammarNoStruct, WhileCondition) {
  EXPECT_EQ(expr("while P { x }"), "(while P x)");
  EXPECT_EQ(expr("while (P { x: 1 }) { 2 }"), "(while (new P (x 1)) 2)");
}

TEST(GrammarNoStruct, ForCollection) {
  EXPECT_EQ(expr("for i in P { x }"), "(for i P x)");
  EXPECT_EQ(expr("for i in (P { a: 1 }) { 2 }"), "(for i (new P (a 1)) 2)");
}

TEST(GrammarNoStruct, MatchArmSingleExpressionBody) {
  // `P` is the body; `{ a: b }` becomes the next arm's (map) pattern.
  EXPECT_EQ(expr("match x { 1 => P { a: b } => 2 }"), "(match x (arm 1 P) (arm (p-map (entry :a b)) 2))");
  EXPECT_EQ(expr("match x { 1 => (P { a: 1 }) }"), "(match x (arm 1 (new P (a 1))))");
  EXPECT_EQ(expr("match x { 1 => { P { a: 1 } } }"), "(match x (arm 1 (new P (a 1))))");
}

TEST(GrammarNoStruct, MatchArmCallArgumentsAreOrdinary) {
  EXPECT_EQ(expr("match x { 1 => f(P { a: 1 }) }"), "(match x (arm 1 (call f (new P (a 1)))))");
}

TEST(GrammarNoStruct, MultiArityCaseBody) {
  EXPECT_FALSE(parses("fn { (x) => P { x: 1 } }"));
  EXPECT_EQ(expr("fn { (x) => (P { x: 1 }) }"), "(fn (case (x) (new P (x 1))))");
  EXPECT_EQ(expr("fn { (x) => { P { x: 1 } } }"), "(fn (case (x) (new P (x 1))))");
}

TEST(GrammarNoStruct, ThrowArgument) {
  EXPECT_FALSE(parses("throw(P { x: 1 })"));
  EXPECT_EQ(expr("throw((P { x: 1 }))"), "(throw (new P (x 1)))");
  EXPECT_FALSE(parses("throw(Error.IO { message: \"x\" })"));
  EXPECT_EQ(expr("throw((Error.IO { message: \"x\" }))"), "(throw (new Error.IO (message \"x\")))");
}

TEST(GrammarNoStruct, AfterPrefixNot) {
  EXPECT_FALSE(parses("f(!P { x: 1 })"));
  EXPECT_EQ(expr("f(!(P { x: 1 }))"), "(call f (! (new P (x 1))))");
  EXPECT_EQ(expr("f(P { x: 1 })"), "(call f (new P (x 1)))");
}

TEST(GrammarNoStruct, AfterPrefixMinus) {
  EXPECT_FALSE(parses("f(-P { x: 1 })"));
  EXPECT_EQ(expr("f(-(P { x: 1 }))"), "(call f (neg (new P (x 1))))");
  EXPECT_EQ(expr("-P"), "(neg P)");
}

TEST(GrammarNoStruct, MatchScrutineeStructLiteralFollowedByArms) {
  EXPECT_EQ(expr("match Point { x: 1 } { Point { x } => x }"), "(match (new Point (x 1)) (arm (p-struct Point x) x))");
  EXPECT_EQ(expr("match E.v { a: 1 } { _ => 0 }"), "(match (new E.v (a 1)) (arm _ 0))");
}

TEST(GrammarNoStruct, MatchScrutineeNameFollowedByArms) {
  EXPECT_EQ(expr("match p { Point { x } => x }"), "(match p (arm (p-struct Point x) x))");
  EXPECT_EQ(expr("match P { 1 => 2 }"), "(match P (arm 1 2))");
}

TEST(GrammarNoStruct, MatchScrutineeNameThenMapLiteralOnTheNextLine) {
  // The match ends at the end of its line (§3.2); the `{` on the next line is
  // a map literal, not the arms' `{` (§3.4).
  EXPECT_EQ(program("match x { a => 1 }\n{:a 1}"), "(match x (arm a 1)) (map :a 1)");
  EXPECT_EQ(expr("fn f(x) {\n  match x { a => print(a) }\n  {:r 1}\n}"),
            "(fn f (x) (match x (arm a (call print a))) (map :r 1))");
}

TEST(GrammarNoStruct, PrefixOperandCallArgumentsAreOrdinary) {
  EXPECT_EQ(expr("!f(P { x: 1 })"), "(! (call f (new P (x 1))))");
  EXPECT_EQ(expr("if !x { 1 }"), "(if (! x) (do 1))");
}

TEST(GrammarNoStruct, ElseIfCondition) {
  EXPECT_EQ(expr("if a { 1 } else if P { 2 }"), "(if a (do 1) (if P (do 2)))");
}

TEST(GrammarNoStruct, MultiArityCaseCallArgumentsAreOrdinary) {
  EXPECT_EQ(expr("fn { (x) => f(P { x: 1 }) }"), "(fn (case (x) (call f (new P (x 1)))))");
}

TEST(GrammarNoStruct, StructDeclarationDefaultIsOrdinary) {
  EXPECT_EQ(program("struct S { p: P { x: 1 } }"), "(struct S (field p (new P (x 1))))");
}

// ------------------------------------------------------------ source positions

TEST(GrammarPositions, FormsAndExpressions) {
  EXPECT_EQ(program("let x = 1\n  f(a, b.c)[0]", true), "(let@1:1 x 1) (index@2:3 (call@2:3 f a (.@2:8 b c)) 0)");
}

TEST(GrammarPositions, MatchArmsAndUnary) {
  EXPECT_EQ(program("match v { Point { x } => -x }", true),
            "(match@1:1 v (arm@1:11 (p-struct@1:11 Point x) (neg@1:26 x)))");
}

TEST(GrammarPositions, TopLevelDeclarations) {
  EXPECT_EQ(program("struct P {\n  mut x\n}\nenum E { a { b } }", true),
            "(struct@1:1 P (mut@2:3 x)) (enum@4:1 E (variant@4:10 a (field@4:14 b)))");
}

TEST(GrammarPositions, BinaryStartsAtItsLeftOperand) {
  EXPECT_EQ(program("  a + b * c", true), "(+@1:3 a (*@1:7 b c))");
}

TEST(GrammarPositions, InterpolatedExpressionsUseFileCoordinates) {
  EXPECT_EQ(program("x\n  \"ab${y + z}\"", true), "x (str@2:3 \"ab\" (+@2:8 y z))");
}

TEST(GrammarPositions, ErrorInsideInterpolation) {
  EXPECT_EQ(error_at("x\n  \"ab${ )}\""), "2:9");
  EXPECT_EQ(error_at("let s = \"${x +}\""), "1:15");
}

TEST(GrammarPositions, ErrorInsideInterpolationOnALaterLine) {
  EXPECT_EQ(error_at("\"a\nb${\n  )}\""), "3:3");
}

TEST(GrammarPositions, ErrorInsideNestedInterpolation) {
  EXPECT_EQ(error_at("\"${\"${ ) }\"}\""), "1:8");
}

TEST(GrammarPositions, ErrorPositions) {
  EXPECT_EQ(error_at("f(1,\n  2"), "2:4");
  EXPECT_EQ(error_at("if x { 1"), "1:6");
  EXPECT_EQ(error_at("fn f(x) { x }"), "no error");
}

}  // namespace
}  // namespace beagle::lang
