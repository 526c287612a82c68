#!/usr/bin/python3
"""Generate a random, well-formed, terminating Beagle program from a seed.

Usage:
    generate.py --seed N [--size S]

The same seed and size give the same program, byte for byte. The programs
follow /work/shared/spec/LANGUAGE.md and print what they compute with
println, so that runs under different collectors can be compared
(run_progfuzz.py). What a program contains:

  - structs (mutable fields, defaults, spread) and enums (unit and field
    variants), built, read, mutated, compared and printed;
  - closures over `let mut` variables that assign them, named recursive
    local functions, closures passed to map/filter/reduce/swap!;
  - one name bound several times in one function (LANGUAGE.md §4.3: all
    `let`s of a name are one variable), with `let`, `let mut`, `match` and
    destructuring patterns, while closures capture it, in either order
    (`let x` ... closure ... `let mut x`, and the reverse); a closure that
    reads a name which a later `let mut` declares again;
  - `match` over ints, strings, vectors, structs and enums; destructuring
    `let`s of vectors, structs and maps;
  - vectors, maps, sets and mutable arrays built in loops;
  - `try`/`catch` of thrown values and of runtime errors (division by zero,
    a field of null, calling an Int, `++` of an Int), across calls, with
    rethrow, `break`, `continue` and `return` inside `try`;
  - tail and non-tail recursion (a sum, a list, a binary tree);
  - atoms (`swap!`, `reset!`, `compare-and-swap!`);
  - allocation-heavy parts: lists and trees kept alive while garbage is
    made, then walked and printed.

Every loop has a counter with a bound, every recursion a decreasing depth,
no program reads the clock or prints a closure, and map and set orders are
those LANGUAGE.md §5.5 fixes. `--size` scales the number of statements and
the trip counts of the allocation-heavy parts (default 1).
"""

import argparse
import random
import sys

INT, STR, BOOL, VEC, MAP, SET, ARR, ATOM, FN0, FN1, LIST, TREE, FLOAT, MIXED = (
    "int", "str", "bool", "vec", "map", "set", "arr", "atom", "fn0", "fn1", "list", "tree", "float", "mixed")
# Types whose values print the same under every collector (no closures).
PRINTABLE = {INT, STR, BOOL, VEC, MAP, SET, ARR, ATOM, LIST, TREE, FLOAT, MIXED}
WORDS = ["a", "bc", "déf", "ü", "日本", "x y", "zz", "Q", "", "ok"]
KEYS = [":a", ":b", ":c", ":d", ":e", '"k"', '"m"', "1", "2", "7"]


def shadowable(name):
    """May a later `let` or pattern bind this name again? Only ordinary
    variables and parameters: never a loop counter (the loop would not end),
    a loop, catch or pattern variable, or a named local function."""
    return name[0] in "va"


class Function:
    """What the generator knows of one function body being written: the
    type of every name (one type per name per function), which names have
    a `let mut`, which are captured by closures, and which are bound in
    the blocks still open (only those are read: a `let` in a finished
    `if` block may not have run)."""

    def __init__(self, parent=None):
        self.parent = parent
        self.types = {}
        self.mutable = set()
        self.captured = set()
        self.no_mut = set()  # shadowed by a catch variable: kept plain
        self.scopes = [set()]
        self.loops = 0

    def bound(self):
        names = set().union(*self.scopes)
        return names

    def visible(self, type_=None):
        """Names readable here with their types: this function's bound
        names, then those of enclosing functions (captured)."""
        found = {}
        if self.parent is not None:
            found.update(self.parent.visible())
        for name in self.bound():
            found[name] = self.types[name]
        if type_ is None:
            return found
        return sorted(n for n, t in found.items() if t == type_)

    def owner(self, name):
        fn = self
        while fn is not None:
            if name in fn.bound():
                return fn
            fn = fn.parent
        return None


class Generator:
    def __init__(self, seed, size=1.0):
        self.rng = random.Random(seed)
        self.seed = seed
        self.size = size
        self.counter = 0
        self.lines = []
        self.indent = 0
        self.structs = []  # [(name, [(field, type, mutable)])]
        self.enums = []    # [(name, [(variant, [fields])])]
        self.helpers = []  # [(name, [param types], return type)]
        self.globals = {}  # top-level lets: name -> type
        self.fn = None

    # ------------------------------------------------------------------
    # Output

    def emit(self, text):
        self.lines.append("    " * self.indent + text)

    def fresh(self, prefix="v"):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(list(seq))

    def scaled(self, low, high):
        return self.rng.randint(low, max(low, int(high * self.size)))

    # ------------------------------------------------------------------
    # Expressions, by type. `depth` bounds nesting.

    def expr(self, type_, depth=2):
        make = getattr(self, "expr_" + type_)
        return make(depth)

    def var(self, type_):
        names = self.fn.visible(type_) + sorted(n for n, t in self.globals.items() if t == type_)
        return self.pick(names) if names else None

    def expr_int(self, depth):
        v = self.var(INT)
        choices = ["lit", "lit"]
        if v:
            choices += ["var"] * 4
        if depth > 0:
            choices += ["arith"] * 4 + ["call", "if", "len", "get", "reduce", "field", "match", "try", "count"]
            if self.fn.visible(ATOM):
                choices.append("deref")
            if self.fn.visible(FN0) or self.fn.visible(FN1):
                choices += ["closure-call"] * 2
            if self.fn.visible(LIST) or self.fn.visible(TREE):
                choices.append("walk")
        kind = self.pick(choices)
        if kind == "var":
            return v
        if kind == "lit":
            r = self.rng.random()
            if r < 0.05:
                return self.pick(["1152921504606846975", "(-1152921504606846976)", "0x7f", "0b101"])
            n = self.rng.randint(-20, 100)
            return f"({n})" if n < 0 else str(n)
        d = depth - 1
        if kind == "arith":
            op = self.pick(["+", "-", "*", "+", "-", "/", "%", "&", "|", "<<"])
            if op in ("/", "%"):
                return f"({self.expr_int(d)} {op} {self.rng.randint(1, 9)})"
            if op == "<<":
                return f"({self.expr_int(d)} << {self.rng.randint(0, 5)})"
            return f"({self.expr_int(d)} {op} {self.expr_int(d)})"
        if kind == "call":
            fns = [h for h in self.helpers if h[2] == INT]
            if not fns:
                return self.expr_int(d)
            name, params, _ = self.pick(fns)
            return f"{name}({', '.join(self.expr(p, d) for p in params)})"
        if kind == "count":
            return f"count_down({self.scaled(0, 100)}, {self.expr_int(d)})"
        if kind == "if":
            return f"if {self.expr_bool(d)} {{ {self.expr_int(d)} }} else {{ {self.expr_int(d)} }}"
        if kind == "len":
            t = self.pick([VEC, STR, MAP, SET])
            return f"length({self.expr(t, d)})"
        if kind == "get":
            return f"get({self.expr_vec(d)}, {self.rng.randint(0, 4)}, {self.expr_int(0)})"
        if kind == "reduce":
            acc, x = self.fresh("p"), self.fresh("p")
            return f"reduce(fn({acc}, {x}) {{ {acc} + {x} }}, {self.expr_int(0)}, {self.expr_vec(d)})"
        if kind == "field":
            options = [(s, f) for s, fields in self.structs for f, t, _ in fields if t == INT]
            if not options:
                return self.expr_int(d)
            s, f = self.pick(options)
            held = self.fn.visible(("struct", s))
            if held and self.chance(0.7):
                return f"{self.pick(held)}.{f}"
            return f"{self.struct_literal(s, d)}.{f}"
        if kind == "match":
            return self.match_int_expr(d)
        if kind == "try":
            e = self.fresh("e")
            return (f"try {{ {self.risky_int(d)} }} catch ({e}) {{ {self.expr_int(0)} }}")
        if kind == "deref":
            return f"deref({self.pick(self.fn.visible(ATOM))})"
        if kind == "closure-call":
            zero, one = self.fn.visible(FN0), self.fn.visible(FN1)
            if zero and (not one or self.chance(0.5)):
                return f"{self.pick(zero)}()"
            return f"{self.pick(one)}({self.expr_int(d)})"
        if kind == "walk":
            lists, trees = self.fn.visible(LIST), self.fn.visible(TREE)
            if lists and (not trees or self.chance(0.5)):
                return f"list_sum({self.pick(lists)})"
            return f"tree_sum({self.pick(trees)})"
        raise AssertionError(kind)

    def risky_int(self, depth):
        """An Int expression that may throw (a runtime error or a throw)."""
        kind = self.pick(["div", "throw", "call", "plain"])
        if kind == "div":
            return f"{self.expr_int(depth)} / {self.pick(['0', str(self.rng.randint(1, 5))])}"
        if kind == "throw":
            return f"if {self.expr_bool(0)} {{ throw({self.expr_int(0)}) }} else {{ {self.expr_int(0)} }}"
        if kind == "call":
            return f"thrower({self.expr_int(0)})"
        return self.expr_int(depth)

    def match_int_expr(self, depth):
        """A `match` on an Int with literal arms and a catch-all, as an expression."""
        arms = sorted(set(self.rng.randint(-2, 5) for _ in range(self.rng.randint(1, 3))))
        text = [f"match {self.expr_int(depth)} {{ "]
        for n in arms:
            text.append(f"{n} => {{ {self.expr_int(0)} }}, ")
        text.append(f"_ => {{ {self.expr_int(0)} }} }}")
        return "".join(text)

    def expr_str(self, depth):
        v = self.var(STR)
        choices = ["lit", "lit"] + (["var"] * 3 if v else [])
        if depth > 0:
            choices += ["interp", "concat", "to-string", "join", "upper", "sub"]
        kind = self.pick(choices)
        d = depth - 1
        if kind == "var":
            return v
        if kind == "lit":
            return f'"{self.pick(WORDS)}"'
        if kind == "interp":
            # No string or map literal inside: their quotes and braces would
            # make the reducer's brace count harder to follow.
            inner = self.expr(self.pick([INT, VEC, BOOL, FLOAT]), 0)
            return f'"<{self.pick(WORDS)}${{{inner}}}>"'
        if kind == "concat":
            return f"({self.expr_str(d)} ++ {self.expr_str(d)})"
        if kind == "to-string":
            return f"to-string({self.expr(self.pick([INT, VEC, MAP, SET, BOOL, FLOAT]), d)})"
        if kind == "join":
            return f'join({self.expr_vec(d)}, "{self.pick([",", "-", ""])}")'
        if kind == "upper":
            return f"uppercase({self.expr_str(d)})"
        word = self.pick([w for w in WORDS if len(w) >= 2])
        start = self.rng.randint(0, len(word) - 1)
        return f'substring("{word}", {start}, {self.rng.randint(start, len(word))})'

    def expr_bool(self, depth):
        kind = self.pick(["cmp", "cmp", "eq", "lit"] + (["logic", "not", "contains", "empty"] if depth > 0 else []))
        d = max(depth - 1, 0)
        if kind == "lit":
            return self.pick(["true", "false"])
        if kind == "cmp":
            return f"{self.expr_int(d)} {self.pick(['<', '<=', '>', '>='])} {self.expr_int(d)}"
        if kind == "eq":
            t = self.pick([INT, STR, VEC, MAP])
            return f"{self.expr(t, d)} {self.pick(['==', '!='])} {self.expr(t, d)}"
        if kind == "logic":
            return f"({self.expr_bool(d)}) {self.pick(['&&', '||'])} ({self.expr_bool(d)})"
        if kind == "not":
            return f"!({self.expr_bool(d)})"
        if kind == "contains":
            return f"contains?({self.expr_set(d)}, {self.expr_int(0)})"
        return f"empty?({self.expr_vec(d)})"

    def expr_mixed(self, depth):
        return f'[{self.expr_int(0)}, "{self.pick(WORDS)}", [{self.expr_int(0)}], {self.expr_float(0)}]'

    def expr_float(self, depth):
        return f"(to-float({self.expr_int(max(depth - 1, 0))}) / {self.pick(['2.0', '4.0', '0.5', '3.0'])})"

    def expr_vec(self, depth):
        v = self.var(VEC)
        choices = ["lit"] + (["var"] * 3 if v else [])
        if depth > 0:
            choices += ["push", "map", "filter", "concat", "sort", "rest", "range", "reverse"]
        kind = self.pick(choices)
        d = depth - 1
        if kind == "var":
            return v
        if kind == "lit":
            return "[" + ", ".join(self.expr_int(0) for _ in range(self.rng.randint(0, 4))) + "]"
        if kind == "push":
            return f"push({self.expr_vec(d)}, {self.expr_int(d)})"
        if kind == "map":
            x = self.fresh("p")
            return f"map(fn({x}) {{ {x} * {self.rng.randint(1, 3)} + {self.expr_int(0)} }}, {self.expr_vec(d)})"
        if kind == "filter":
            x = self.fresh("p")
            return f"filter(fn({x}) {{ {x} % 2 == {self.rng.randint(0, 1)} }}, {self.expr_vec(d)})"
        if kind == "concat":
            return f"concat({self.expr_vec(d)}, {self.expr_vec(d)})"
        if kind == "sort":
            return f"sort({self.expr_vec(d)})"
        if kind == "rest":
            return f"rest({self.expr_vec(d)})"
        if kind == "reverse":
            return f"reverse({self.expr_vec(d)})"
        a = self.rng.randint(-3, 5)
        return f"vec(range({a}, {a + self.rng.randint(0, 6)}))"

    def map_key(self):
        return self.pick(KEYS)

    def expr_map(self, depth):
        v = self.var(MAP)
        choices = ["lit"] + (["var"] * 3 if v else [])
        if depth > 0:
            choices += ["assoc", "dissoc", "merge", "bump"]
        kind = self.pick(choices)
        d = depth - 1
        if kind == "var":
            return v
        if kind == "lit":
            keys = self.rng.sample(KEYS, self.rng.randint(0, 4))
            # In parentheses: `{` at the start of a condition would open the block.
            return "({" + ", ".join(f"{k} {self.expr_int(0)}" for k in keys) + "})"
        if kind == "assoc":
            return f"assoc({self.expr_map(d)}, {self.map_key()}, {self.expr_int(d)})"
        if kind == "dissoc":
            return f"dissoc({self.expr_map(d)}, {self.map_key()})"
        if kind == "merge":
            return f"merge({self.expr_map(d)}, {self.expr_map(d)})"
        key, m, x = self.map_key(), self.expr_map(d), self.fresh("p")
        return f"update({m}, {key}, fn({x}) {{ if {x} == null {{ 0 }} else {{ {x} + 1 }} }})"

    def expr_set(self, depth):
        v = self.var(SET)
        choices = ["lit"] + (["var"] * 3 if v else [])
        if depth > 0:
            choices += ["conj", "into", "remove"]
        kind = self.pick(choices)
        d = depth - 1
        if kind == "var":
            return v
        if kind == "lit":
            members = sorted(set(self.rng.randint(-3, 40) for _ in range(self.rng.randint(0, 4))))
            return "#{" + ", ".join(f"({m})" if m < 0 else str(m) for m in members) + "}"
        if kind == "conj":
            return f"conj({self.expr_set(d)}, {self.expr_int(d)})"
        if kind == "remove":
            return f"set-remove({self.expr_set(d)}, {self.expr_int(0)})"
        return f"into({self.expr_set(d)}, {self.expr_vec(d)})"

    def struct_literal(self, name, depth):
        fields = dict(self.structs)[name]
        inits = [f"{f}: {self.expr(t, depth)}" for f, t, _ in fields if not (f == "d" and self.chance(0.5))]
        return f"({name} {{ {', '.join(inits)} }})"

    def expr_struct(self, name, depth):
        v = self.var(("struct", name))
        if v and self.chance(0.6):
            return v
        if v and self.chance(0.5):
            f, t, _ = self.pick(dict(self.structs)[name])
            return f"({name} {{ ...{v}, {f}: {self.expr(t, max(depth - 1, 0))} }})"
        return self.struct_literal(name, max(depth - 1, 0))

    def expr_enum(self, name, depth):
        v = self.var(("enum", name))
        if v and self.chance(0.5):
            return v
        variant, fields = self.pick(dict(self.enums)[name])
        if not fields:
            return f"{name}.{variant}"
        inits = ", ".join(f"{f}: {self.expr_int(max(depth - 1, 0))}" for f in fields)
        return f"({name}.{variant} {{ {inits} }})"

    def expr_typed(self, type_, depth=2):
        if isinstance(type_, tuple):
            return self.expr_struct(type_[1], depth) if type_[0] == "struct" else self.expr_enum(type_[1], depth)
        return self.expr(type_, depth)

    # ------------------------------------------------------------------
    # Binding names: a fresh one, or (shadowing, §4.3) one this function
    # already has with the same type.

    def bind_name(self, type_, allow_existing=True):
        fn = self.fn
        same = sorted(n for n, t in fn.types.items() if t == type_ and shadowable(n))
        if allow_existing and same and self.chance(0.35):
            return self.pick(same)
        name = self.fresh()
        fn.types[name] = type_
        return name

    def mark_bound(self, name):
        self.fn.scopes[-1].add(name)

    def let(self, type_, value=None, mutable=None):
        name = self.bind_name(type_)
        if mutable is None:
            mutable = self.chance(0.3)
        if mutable and name in self.fn.no_mut:
            name = self.fresh()
            self.fn.types[name] = type_
        value = value if value is not None else self.expr_typed(type_)
        self.emit(f"let {'mut ' if mutable else ''}{name} = {value}")
        if mutable:
            self.fn.mutable.add(name)
        self.mark_bound(name)
        return name

    def assignable(self, type_=None):
        """Names that may be assigned here: a `let mut` of this function in
        an open block, or a captured `let mut` of an enclosing function."""
        names = []
        fn = self.fn
        while fn is not None:
            for name in sorted(fn.bound() & fn.mutable):
                if shadowable(name) and (type_ is None or fn.types[name] == type_) and name not in names:
                    names.append(name)
            fn = fn.parent
        return names

    # ------------------------------------------------------------------
    # Statements

    def block(self, body, count):
        self.indent += 1
        self.fn.scopes.append(set())
        for _ in range(count):
            body()
        self.fn.scopes.pop()
        self.indent -= 1

    def statements(self, count, depth):
        for _ in range(count):
            self.statement(depth)

    def statement(self, depth):
        kinds = ["let"] * 5 + ["print"] * 4 + ["assign"] * 2 + ["closure"] * 2 + ["shadow-capture"] * 2
        kinds += ["struct", "enum-match", "collection-loop", "atom", "destructure", "heavy", "gc"]
        if depth > 0:
            kinds += ["if", "while", "for", "try", "try", "match", "loop"]
        if self.fn.loops:
            kinds += ["break-continue"]
        kind = self.pick(kinds)
        getattr(self, "stmt_" + kind.replace("-", "_"))(depth)

    def printable_names(self):
        return sorted(n for n, t in self.fn.visible().items()
                      if t in PRINTABLE or (isinstance(t, tuple)))

    def stmt_print(self, depth):
        names = self.printable_names()
        args = []
        for _ in range(self.rng.randint(1, 3)):
            if names and self.chance(0.7):
                args.append(self.pick(names))
            else:
                args.append(self.expr(self.pick([INT, STR, VEC, MAP, SET, BOOL, FLOAT]), 1))
        label = f'"{self.counter}:"'
        self.emit(f"println({label}, {', '.join(args)})")

    def stmt_let(self, depth):
        type_ = self.pick([INT, INT, INT, STR, VEC, VEC, MAP, SET, BOOL, FLOAT]
                          + [("struct", s) for s, _ in self.structs] + [("enum", e) for e, _ in self.enums])
        self.let(type_)

    def stmt_assign(self, depth):
        names = self.assignable()
        if not names:
            return self.stmt_let(depth)
        name = self.pick(names)
        type_ = self.fn.owner(name).types[name]
        if type_ in (ATOM, ARR, FN0, FN1):
            return self.stmt_print(depth)
        self.emit(f"{name} = {self.expr_typed(type_)}")

    def stmt_gc(self, depth):
        self.emit("gc()")

    def closure_body(self, param, result_type=INT):
        """Writes the statements of a closure body (the closure is its own
        function: fresh names only) ending with a value."""
        outer = self.fn
        self.fn = Function(parent=outer)
        if param:
            self.fn.types[param] = INT
            self.mark_bound(param)
        self.indent += 1
        for _ in range(self.rng.randint(0, 2)):
            kind = self.pick(["let", "assign", "print"])
            if kind == "assign" and self.assignable(INT):
                name = self.pick(self.assignable(INT))
                self.emit(f"{name} = {name} + {self.expr_int(0)}")
            elif kind == "print":
                self.emit(f'println("in closure", {self.expr_int(1)})')
            else:
                name = self.fresh()
                self.fn.types[name] = INT
                self.emit(f"let {name} = {self.expr_int(1)}")
                self.mark_bound(name)
        self.emit(self.expr(result_type, 1))
        self.indent -= 1
        self.fn = outer

    def captures(self):
        """Names of this function a closure written now may capture."""
        return sorted(self.fn.bound())

    def stmt_closure(self, depth):
        form = self.pick(["fn0", "fn1", "named", "counter"])
        for name in self.captures():
            self.fn.captured.add(name)
        if form == "counter":
            # A counter: a `let mut` shared by the closures that assign it.
            cell = self.let(INT, self.expr_int(0), mutable=True)
            inc = self.bind_name(FN0, allow_existing=False)
            self.emit(f"let {inc} = fn() {{")
            self.indent += 1
            self.emit(f"{cell} = {cell} + {self.rng.randint(1, 4)}")
            self.emit(cell)
            self.indent -= 1
            self.emit("}")
            self.mark_bound(inc)
            for _ in range(self.rng.randint(1, 3)):
                self.emit(f'println("count", {inc}(), {cell})')
            return
        if form == "named":
            name = self.fresh("rec")
            n = self.fresh("p")
            self.fn.types[name] = "recursive"  # called with a small argument only
            self.emit(f"fn {name}({n}) {{")
            self.indent += 1
            self.emit(f"if {n} <= 0 {{ {self.expr_int(0)} }} else {{ {n} + {name}({n} - 1) }}")
            self.indent -= 1
            self.emit("}")
            self.mark_bound(name)
            self.emit(f'println("rec", {name}({self.rng.randint(0, 12)}))')
            return
        type_ = FN0 if form == "fn0" else FN1
        param = self.fresh("p") if type_ == FN1 else None
        name = self.bind_name(type_, allow_existing=False)
        self.emit(f"let {name} = fn({param or ''}) {{")
        self.closure_body(param)
        self.emit("}")
        self.mark_bound(name)

    def stmt_shadow_capture(self, depth):
        """The crash families of issue 11: one name bound with `let` and
        `let mut` (or a pattern) while a closure captures it, in either
        order; and a closure reading a name that a later `let mut`
        declares again."""
        shape = self.pick(["let-then-mut", "mut-then-let", "later-mut", "pattern", "match"])
        names = [n for n in sorted(self.fn.bound())
                 if self.fn.types[n] == INT and shadowable(n) and n not in self.fn.no_mut]
        x = self.pick(names) if names and self.chance(0.5) else None
        if x is None:
            x = self.fresh()
            self.fn.types[x] = INT
            first_mut = shape == "mut-then-let"
            self.emit(f"let {'mut ' if first_mut else ''}{x} = {self.expr_int(1)}")
            if first_mut:
                self.fn.mutable.add(x)
            self.mark_bound(x)
        k = self.bind_name(FN0, allow_existing=False)
        self.fn.captured.add(x)
        if shape == "later-mut":
            self.emit(f"let {k} = fn() {{ {x} + {self.rng.randint(1, 9)} }}")
        else:
            self.emit(f"let {k} = fn() {{ {x} }}")
        self.mark_bound(k)
        if self.chance(0.5):
            self.emit(f'println("before", {k}())')
        if shape in ("let-then-mut", "later-mut"):
            self.emit(f"let mut {x} = {self.expr_int(1)}")
            self.fn.mutable.add(x)
        elif shape == "mut-then-let":
            self.emit(f"let {x} = {self.expr_int(1)}")
        elif shape == "pattern":
            other = self.fresh()
            self.fn.types[other] = INT
            self.emit(f"let [{x}, {other}] = [{self.expr_int(0)}, {self.expr_int(0)}]")
            self.mark_bound(other)
        else:
            self.emit(f"match {self.expr_int(1)} {{")
            self.indent += 1
            self.emit(f"{x} => println(\"arm\", {k}())")
            self.indent -= 1
            self.emit("}")
        if self.chance(0.5):
            self.emit("gc()")
        self.emit(f'println("after", {k}(), {x})')
        if x in self.fn.mutable and self.chance(0.6):
            self.emit(f"{x} = {x} + {self.rng.randint(1, 5)}")
            self.emit(f'println("assigned", {k}(), {x})')

    def stmt_struct(self, depth):
        if not self.structs:
            return self.stmt_let(depth)
        name, fields = self.pick(self.structs)
        type_ = ("struct", name)
        v = self.var(type_)
        mutable = [(f, t) for f, t, m in fields if m]
        if v and mutable and self.chance(0.6):
            f, t = self.pick(mutable)
            self.emit(f"{v}.{f} = {self.expr(t, 1)}")
            self.emit(f'println("set", {v}.{f}, {v})')
            return
        v = self.let(type_, self.struct_literal(name, 1)[1:-1])
        f, _, _ = self.pick(fields)
        self.emit(f'println("struct", {v}.{f}, {v} == {self.expr_struct(name, 1)})')

    def stmt_enum_match(self, depth):
        if not self.enums:
            return self.stmt_let(depth)
        name, variants = self.pick(self.enums)
        value = self.expr_enum(name, 1)
        self.emit(f"match {value} {{")
        self.indent += 1
        listed = self.rng.sample(variants, self.rng.randint(1, len(variants)))
        for variant, fields in listed:
            self.fn.scopes.append(set())
            if fields:
                binds = []
                for f in fields:
                    if self.chance(0.5):
                        binds.append(f)
                        local = f
                    else:
                        local = self.fresh("q")
                        binds.append(f"{f}: {local}")
                    self.fn.types.setdefault(local, INT)
                    if self.fn.types[local] == INT:
                        self.mark_bound(local)
                pattern = f"{name}.{variant} {{ {', '.join(binds)} }}"
            else:
                pattern = f"{name}.{variant}"
            self.emit(f'{pattern} => println("{variant}", {self.expr_int(1)})')
            self.fn.scopes.pop()
        if len(listed) < len(variants):
            self.emit('_ => println("other")')
        self.indent -= 1
        self.emit("}")

    def stmt_collection_loop(self, depth):
        """A vector, map, set or array built in a loop."""
        n = self.scaled(2, 12)
        i = self.fresh("i")
        self.fn.types[i] = INT
        kind = self.pick(["vec", "map", "set", "arr", "str"])
        if kind == "arr":
            acc = self.let(ARR, f"ma/new-array({n})", mutable=False)
        else:
            type_ = {"vec": VEC, "map": MAP, "set": SET, "str": STR}[kind]
            start = {"vec": "[]", "map": "{}", "set": "#{}", "str": '""'}[kind]
            acc = self.let(type_, start, mutable=True)
            self.fn.mutable.add(acc)
        self.emit(f"for {i} in range(0, {n}) {{")
        self.indent += 1
        self.fn.scopes.append({i})
        step = {
            "vec": f"{acc} = push({acc}, {i} * {self.expr_int(0)})",
            "map": None,
            "set": f"{acc} = conj({acc}, {i} % {self.rng.randint(2, 7)})",
            "arr": f"ma/write-field({acc}, {i}, {self.pick([i, f'[{i}]', f'to-string({i})'])})",
            "str": f'{acc} = {acc} ++ to-string({i})',
        }[kind]
        if kind == "map":
            key = self.pick([f"{i}", f"to-string({i})", f'string->keyword("k${{{i}}}")'])
            step = f"{acc} = assoc({acc}, {key}, {self.expr_int(0)} + {i})"
        self.emit(step)
        if self.chance(0.3):
            self.statement(0)
        self.fn.scopes.pop()
        self.indent -= 1
        self.emit("}")
        self.emit(f'println("built", {acc})')

    def stmt_atom(self, depth):
        atoms = self.fn.visible(ATOM)
        if not atoms or self.chance(0.3):
            self.let(ATOM, f"atom({self.expr_int(1)})", mutable=False)
            return
        a = self.pick(atoms)
        x = self.fresh("p")
        op = self.pick(["swap", "reset", "cas"])
        if op == "swap":
            self.emit(f'println("swap", swap!({a}, fn({x}) {{ {x} * 2 + {self.expr_int(0)} }}))')
        elif op == "reset":
            self.emit(f'println("reset", reset!({a}, {self.expr_int(1)}))')
        else:
            self.emit(f'println("cas", compare-and-swap!({a}, deref({a}), {self.expr_int(1)}), deref({a}))')

    def distinct_names(self, types):
        """Names to bind with one pattern: existing ones of those types
        (shadowing) or fresh, never one name twice."""
        names = []
        for t in types:
            name = self.bind_name(t)
            if name in names:
                name = self.fresh()
                self.fn.types[name] = t
            names.append(name)
        return names

    def stmt_destructure(self, depth):
        kind = self.pick(["vec", "rest", "struct", "map"])
        if kind == "struct" and self.structs:
            name, fields = self.pick(self.structs)
            locals_ = self.distinct_names([t for _, t, _ in fields])
            binds = ", ".join(f"{f}: {n}" for (f, _, _), n in zip(fields, locals_))
            self.emit(f"let {name} {{ {binds} }} = {self.expr_struct(name, 1)}")
            label = "fields"
        elif kind == "map":
            keys = self.rng.sample(["a", "b", "c"], 2)
            locals_ = self.distinct_names([INT, INT])
            values = ", ".join(f":{k} {self.expr_int(0)}" for k in keys)
            self.emit(f"let {{ {keys[0]}: {locals_[0]}, {keys[1]}: {locals_[1]} }} = ({{{values}}})")
            label = "map pattern"
        else:
            elements = ", ".join(self.expr_int(0) for _ in range(self.rng.randint(2, 4)))
            locals_ = self.distinct_names([INT, INT if kind == "vec" else VEC])
            pattern = f"[{locals_[0]}, {locals_[1]}]" if kind == "vec" else f"[{locals_[0]}, ...{locals_[1]}]"
            self.emit(f"let {pattern} = [{elements}]")
            label = "destructured"
        for n in locals_:
            self.mark_bound(n)
        self.emit(f'println("{label}", {", ".join(locals_)})')

    def stmt_heavy(self, depth):
        """Allocation-heavy: a list or tree kept alive while garbage is made."""
        kind = self.pick(["list", "tree", "churn"])
        if kind == "list":
            self.let(LIST, f"make_list({self.scaled(5, 60)})", mutable=False)
        elif kind == "tree":
            self.let(TREE, f"make_tree({min(self.scaled(1, 6), 10)})", mutable=False)  # at most 1023 nodes
        else:
            n = self.scaled(5, 60)
            i = self.fresh("i")
            self.fn.types[i] = INT
            junk = self.let(MIXED, "[]", mutable=True)
            self.fn.mutable.add(junk)
            self.emit(f"for {i} in range(0, {n}) {{")
            self.indent += 1
            self.emit(f'{junk} = [{i}, "s${{{i}}}", [{i}, {i} + 1], {{:k {i}}}, to-float({i}) / 2.0]')
            self.indent -= 1
            self.emit("}")
            self.emit(f'println("churn", {junk})')
        names = self.fn.visible(LIST) + self.fn.visible(TREE)
        if names:
            walked = self.pick(names)
            self.emit(f'println("walk", {"list_sum" if self.fn.visible()[walked] == LIST else "tree_sum"}({walked}))')

    def stmt_if(self, depth):
        self.emit(f"if {self.expr_bool(1)} {{")
        self.block(lambda: self.statement(depth - 1), self.rng.randint(1, 3))
        if self.chance(0.6):
            self.emit("} else {")
            self.block(lambda: self.statement(depth - 1), self.rng.randint(1, 3))
        self.emit("}")

    def loop_body(self, depth):
        self.fn.loops += 1
        self.block(lambda: self.statement(depth - 1), self.rng.randint(1, 3))
        self.fn.loops -= 1

    def stmt_while(self, depth):
        i = self.fresh("i")
        self.fn.types[i] = INT
        self.emit(f"let mut {i} = 0")
        self.fn.mutable.add(i)
        self.mark_bound(i)
        self.emit(f"while {i} < {self.rng.randint(0, 5)} {{")
        # The counter steps first, so that a `continue` cannot skip it.
        self.indent += 1
        self.emit(f"{i} = {i} + 1")
        self.indent -= 1
        self.loop_body(depth)
        self.emit("}")

    def stmt_loop(self, depth):
        i = self.fresh("i")
        self.fn.types[i] = INT
        self.emit(f"let mut {i} = 0")
        self.fn.mutable.add(i)
        self.mark_bound(i)
        r = self.fresh("r")  # null after a break() in the body: printed only
        self.emit(f"let {r} = loop {{")
        self.indent += 1
        self.emit(f"{i} = {i} + 1")
        self.emit(f"if {i} > {self.rng.randint(1, 4)} {{ break({self.expr_int(0)}) }}")
        self.indent -= 1
        self.loop_body(depth)
        self.emit("}")
        self.emit(f'println("loop", {r})')

    def stmt_for(self, depth):
        kind = self.pick([VEC, MAP, SET, "range", STR])
        x = self.fresh("x")
        self.fn.types[x] = {VEC: INT, "range": INT, SET: INT, MAP: MIXED, STR: STR}[kind]
        coll = {VEC: lambda: self.expr_vec(1), MAP: lambda: self.expr_map(1), SET: lambda: self.expr_set(1),
                "range": lambda: f"range(0, {self.rng.randint(0, 5)})", STR: lambda: self.expr_str(1)}[kind]()
        self.emit(f"for {x} in {coll} {{")
        self.fn.scopes.append({x})
        self.indent += 1
        self.emit(f'println("for", {x})')
        self.indent -= 1
        self.loop_body(depth)
        self.fn.scopes.pop()
        self.emit("}")

    def stmt_break_continue(self, depth):
        word = self.pick(["break()", "continue()"])
        self.emit(f"if {self.expr_bool(0)} {{ {word} }}")

    def stmt_try(self, depth):
        self.emit("try {")
        self.block(lambda: self.statement(depth - 1), self.rng.randint(0, 2))
        self.indent += 1
        self.throwing_statement()
        self.indent -= 1
        # The catch variable: fresh, or an outer name it shadows in the
        # catch block only (§4.3); such a name stays plain and uncaptured.
        shadowable_ = [n for n in sorted(self.fn.bound())
                       if shadowable(n) and self.fn.types[n] in PRINTABLE
                       and n not in self.fn.mutable and n not in self.fn.captured]
        if shadowable_ and self.chance(0.3):
            e = self.pick(shadowable_)
            self.fn.no_mut.add(e)
        else:
            e = self.fresh("e")
        self.emit(f"}} catch ({e}) {{")
        self.indent += 1
        self.emit(f'println("caught", {e})')
        if self.fn.loops and self.chance(0.2):
            self.emit(f"if {self.expr_bool(0)} {{ {self.pick(['break()', 'continue()'])} }}")
        self.indent -= 1
        # Inside, `e` is the thrown value: not read as its outer self, and
        # nothing is bound there.
        saved = self.fn.scopes
        self.fn.scopes = [s - {e} for s in saved]
        self.block(lambda: self.stmt_print(0), self.rng.randint(0, 1))
        self.fn.scopes = saved
        self.emit("}")
        if e in self.fn.bound():
            self.emit(f'println("restored", {e})')

    def throwing_statement(self):
        kind = self.pick(["throw-int", "throw-str", "throw-struct", "div", "null-field", "call-int",
                          "concat", "helper", "rethrow"])
        if kind == "throw-int":
            self.emit(f"throw({self.expr_int(1)})")
        elif kind == "throw-str":
            self.emit(f"throw({self.expr_str(1)})")
        elif kind == "throw-struct" and self.structs:
            self.emit(f"throw({self.struct_literal(self.pick(self.structs)[0], 0)})")
        elif kind == "div":
            self.emit(f"println({self.expr_int(1)} / 0)")
        elif kind == "null-field":
            name = self.fresh("n")
            self.emit(f"let {name} = null")
            self.emit(f"println({name}.field)")
        elif kind == "call-int":
            self.emit(f"println({self.rng.randint(1, 9)}({self.expr_int(0)}))")
        elif kind == "concat":
            self.emit(f'println("n=" ++ {self.expr_int(1)})')
        elif kind == "helper":
            self.emit(f"println(thrower({self.expr_int(0)}))")
        else:
            e = self.fresh("e")
            self.emit(f"try {{ throw({self.expr_int(0)}) }} catch ({e}) {{ throw([{e}, {e}]) }}")

    def stmt_match(self, depth):
        kind = self.pick(["int", "str", "vec", "struct"])
        if kind == "int":
            self.emit(f"match {self.expr_int(1)} {{")
            self.indent += 1
            for n in sorted(set(self.rng.randint(-1, 4) for _ in range(self.rng.randint(1, 3)))):
                self.emit(f"{n} => {{")
                self.block(lambda: self.statement(depth - 1), 1)
                self.emit("}")
            other = self.bind_name(INT)
            self.emit(f"{other} => {{")
            self.fn.scopes.append({other})
            self.block(lambda: self.statement(depth - 1), 1)
            self.fn.scopes.pop()
            self.emit("}")
        elif kind == "str":
            self.emit(f"match {self.expr_str(1)} {{")
            self.indent += 1
            for w in self.rng.sample([w for w in WORDS if '"' not in w], 2):
                self.emit(f'"{w}" => println("word", "{w}")')
            self.emit('_ => println("no word")')
        elif kind == "vec":
            self.emit(f"match {self.expr_vec(1)} {{")
            self.indent += 1
            a, b = self.fresh("q"), self.fresh("q")
            self.emit(f'[] => println("empty")')
            self.emit(f'[{a}] => println("one", {a})')
            self.emit(f'[{a}, {b}] => println("two", {a} + {b})')
            self.emit(f'[{a}, ...{b}] => println("rest", {a}, {b})')
            self.emit('_ => println("long")')
            for n in (a, b):
                self.fn.types[n] = INT if n == a else VEC
        elif self.structs:
            name, fields = self.pick(self.structs)
            f, t, _ = self.pick(fields)
            local = self.fresh("q")
            self.fn.types[local] = t
            self.emit(f"match {self.expr_struct(name, 1)} {{")
            self.indent += 1
            if t == INT:
                self.emit(f'{name} {{ {f}: 0 }} => println("zero field")')
            self.emit(f'{name} {{ {f}: {local} }} => println("field", {local})')
        else:
            self.emit(f"match {self.expr_int(0)} {{")
            self.indent += 1
            self.emit('_ => println("any")')
        self.indent -= 1
        self.emit("}")

    # ------------------------------------------------------------------
    # Top-level forms

    def declare_types(self):
        for s in range(self.rng.randint(1, 3)):
            fields = []
            for f in ["a", "b", "c"][: self.rng.randint(1, 3)]:
                fields.append((f, self.pick([INT, INT, STR, VEC]), self.chance(0.5)))
            if self.chance(0.4):
                fields.append(("d", INT, False))  # has a default
            self.structs.append((f"S{s}", fields))
        for e in range(self.rng.randint(1, 2)):
            variants = []
            for v in range(self.rng.randint(2, 3)):
                variants.append((f"v{v}", ["x", "y"][: self.rng.randint(0, 2)]))
            self.enums.append((f"E{e}", variants))
        for name, fields in self.structs:
            decl = ", ".join(("mut " if m else "") + f + (f": {self.rng.randint(0, 9)}" if f == "d" else "")
                             for f, _, m in fields)
            self.emit(f"struct {name} {{ {decl} }}")
        for name, variants in self.enums:
            decl = ", ".join(v + (f" {{ {', '.join(fs)} }}" if fs else "") for v, fs in variants)
            self.emit(f"enum {name} {{ {decl} }}")
        self.emit("struct Cell { head, tail }")
        self.emit("struct Node { value, left, right }")
        self.emit("")

    def declare_kit(self):
        """Recursive helpers every program may call: lists and trees."""
        self.emit("fn make_list(n) { if n <= 0 { null } else { Cell { head: n, tail: make_list(n - 1) } } }")
        self.emit("fn list_sum(l) { if l == null { 0 } else { l.head + list_sum(l.tail) } }")
        self.emit("fn make_tree(d) {")
        self.emit("    if d <= 0 { null } else { Node { value: d, left: make_tree(d - 1), right: make_tree(d - 1) } }")
        self.emit("}")
        self.emit("fn tree_sum(t) { if t == null { 0 } else { t.value + tree_sum(t.left) + tree_sum(t.right) } }")
        self.emit("fn count_down(n, acc) { if n <= 0 { acc } else { count_down(n - 1, acc + n) } }")
        self.emit("")

    def declare_thrower(self):
        """thrower(n) throws for an even n: called only inside a `try`."""
        self.emit("fn thrower(n) {")
        self.emit('    if n % 2 == 0 { throw("even ${n}") } else { n * 3 }')
        self.emit("}")
        self.emit("")

    def declare_helper(self, index):
        name = f"h{index}"
        params = [self.pick([INT, INT, VEC, STR]) for _ in range(self.rng.randint(0, 3))]
        result = self.pick([INT, INT, VEC, STR])
        self.fn = Function()
        names = []
        for t in params:
            p = self.fresh("a")
            self.fn.types[p] = t
            self.mark_bound(p)
            names.append(p)
        self.emit(f"fn {name}({', '.join(names)}) {{")
        self.indent += 1
        self.statements(self.rng.randint(1, 3), 1)
        if self.chance(0.3):
            self.emit(f"if {self.expr_bool(0)} {{ return({self.expr(result, 1)}) }}")
        self.emit(self.expr(result, 2))
        self.indent -= 1
        self.emit("}")
        self.emit("")
        self.helpers.append((name, params, result))
        self.fn = None

    def program(self):
        self.emit(f"namespace progfuzz.p{self.seed}")
        self.emit("")
        self.emit("use beagle.mutable-array as ma")
        self.emit("")
        self.declare_types()
        self.declare_kit()
        self.declare_thrower()
        self.fn = Function()
        g = "G0"
        self.emit(f"let {g} = {self.expr_vec(1)}")
        self.globals[g] = VEC
        self.emit("")
        self.fn = None
        for i in range(self.rng.randint(1, 3)):
            self.declare_helper(i)
        self.fn = Function()
        self.emit("fn main() {")
        self.indent += 1
        self.statements(self.scaled(8, 25), 2)
        names = self.printable_names()
        if names:
            self.emit(f'println("end", {", ".join(names)})')
        self.indent -= 1
        self.emit("}")
        return "\n".join(self.lines) + "\n"


def generate(seed, size=1.0):
    """The program for `seed` (a str)."""
    return Generator(seed, size).program()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print a random, well-formed, terminating Beagle program.")
    parser.add_argument("--seed", type=int, required=True, help="the program's seed")
    parser.add_argument("--size", type=float, default=1.0,
                        help="scales statements and allocation-heavy trip counts (default 1)")
    args = parser.parse_args(argv)
    sys.stdout.write(generate(args.seed, args.size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
