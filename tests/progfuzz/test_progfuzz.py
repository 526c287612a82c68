"""Self-test of the random-program generator, the reducer and the
differential driver, with a fake beagle (no build needed)."""

import os
import re
import subprocess
import sys
import textwrap

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate  # noqa: E402
import reduce  # noqa: E402
import run_progfuzz  # noqa: E402

SEEDS = range(1, 201)


@pytest.fixture(scope="module")
def programs():
    return [generate.generate(seed) for seed in SEEDS]


def test_a_seed_gives_one_program_whatever_the_hash_seed():
    texts = set()
    for hash_seed in ("0", "1", "12345"):
        result = subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--seed", "77"],
                                capture_output=True, text=True, check=True,
                                env=dict(os.environ, PYTHONHASHSEED=hash_seed))
        texts.add(result.stdout)
    assert len(texts) == 1
    assert texts == {generate.generate(77)}


def test_seeds_give_different_programs(programs):
    assert len(set(programs)) == len(programs)


def test_braces_balance(programs):
    for text in programs:
        assert sum(reduce.brace_delta(line) for line in text.split("\n")) == 0


# What the issue asks the programs to contain, each in some of 200 programs.
FEATURES = {
    "closure assigning a let mut": r"let \w+ = fn\(\) \{\n\s+(v\d+) = \1 \+",
    "struct spread": r"\{ \.\.\.v\d+,",
    "mutable struct field set": r"\n\s+v\d+\.[abc] = ",
    "enum variant pattern": r"E\d\.v\d \{ [^}]*\} =>",
    "vector pattern with rest": r"\[q\d+, \.\.\.q\d+\] =>",
    "let destructuring a struct": r"let S\d \{",
    "let destructuring a map": r"let \{ [abc]: ",
    "collection built in a loop": r"for i\d+ in range\(0, \d+\) \{\n\s+v\d+ = (push|assoc|conj)\(",
    "mutable array written in a loop": r"ma/write-field\(",
    "try and catch": r"\} catch \(\w+\) \{",
    "a runtime error caught": r"println\(.* / 0\)",
    "rethrow": r"catch \(e\d+\) \{ throw\(",
    "tail recursion": r"count_down\(",
    "tree recursion": r"make_tree\(",
    "named recursive closure": r"fn rec\d+\(p\d+\) \{",
    "atom swap": r"swap!\(",
    "compare-and-swap": r"compare-and-swap!\(",
    "break or continue": r"\{ (break|continue)\(\) \}",
    "allocation churn": r"v\d+ = \[i\d+, \"s\$\{i\d+\}\"",
    "explicit gc": r"\n\s+gc\(\)",
}


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_programs_contain(programs, feature):
    pattern = re.compile(FEATURES[feature])
    assert any(pattern.search(text) for text in programs), feature


def closure_then_redeclared(text, first, later):
    """A closure reads name X bound by `first`, and X is bound again later
    in the same function by `later`."""
    for match in re.finditer(rf"let {first}(v\d+) = .*\n(?:.*\n)*?.*let \w+ = fn\(\) \{{ (\1)\b", text):
        name = match.group(1)
        rest = text[match.end():].split("\nfn ", 1)[0]
        if re.search(rf"let {later}{name} = ", rest):
            return True
    return False


def test_the_crash_family_shapes_are_generated(programs):
    # (a) one name bound with `let` and `let mut` while a closure captures it, in either order
    assert any(closure_then_redeclared(t, "", "mut ") for t in programs)
    assert any(closure_then_redeclared(t, "mut ", "") for t in programs)
    # (b) a closure that reads a local which a later `let mut` declares again
    assert any(re.search(r"let \w+ = fn\(\) \{ (v\d+) \+ \d+ \}\n(?:.*\n)*?\s*let mut \1 = ", t) for t in programs)


def test_every_loop_has_a_bounded_counter(programs):
    for text in programs:
        for counter in re.findall(r"while (i\d+) < \d+ \{", text):
            assert re.search(rf"while {counter} < \d+ \{{\n\s+{counter} = {counter} \+ 1\n", text)


# ----------------------------------------------------------------------
# The reducer


def test_brace_delta_skips_strings_and_comments():
    assert reduce.brace_delta('if x { println("}") } else {') == 1
    assert reduce.brace_delta('let s = "a${b}c" // {') == 0
    assert reduce.brace_delta('println("\\"{")') == 0


def test_units_are_lines_and_blocks():
    lines = ["a", "if c {", "  b", "} else {", "  d", "}", "e"]
    assert reduce.units(lines, 0, len(lines)) == [(0, 1), (1, 6), (6, 7)]


def test_reduces_to_what_keeps_the_failure():
    program = textwrap.dedent("""\
        fn helper() {
            1
        }
        fn main() {
            let a = 1
            if a == 1 {
                let b = 2
                BUG
            } else {
                other
            }
            println(a)
        }
        """)

    def interesting(text):
        lines = text.split("\n")
        balanced = sum(reduce.brace_delta(line) for line in lines) == 0
        return balanced and "fn main() {" in text and "BUG" in text

    assert reduce.reduce_program(program, interesting) == "fn main() {\n    BUG\n}\n"


# ----------------------------------------------------------------------
# The driver's verdict


def run(code, out):
    return run_progfuzz.Run(code, out, "")


class Config:
    def __init__(self, name):
        self.name = name


CONFIGS = [Config("a"), Config("b"), Config("c")]


def test_agreeing_clean_runs_pass():
    assert run_progfuzz.verdict({c.name: run(0, b"x\n") for c in CONFIGS}, CONFIGS) is None


def test_the_odd_one_out_deviates():
    runs = {"a": run(0, b"x\n"), "b": run(-11, b""), "c": run(0, b"x\n")}
    reference, signature = run_progfuzz.verdict(runs, CONFIGS)
    assert reference.stdout == b"x\n"
    assert signature == (("b", "SIGSEGV", ""),)


def test_agreeing_failures_fail():
    runs = {c.name: run_progfuzz.Run(1, b"", "Error: p.bg:3:4: Undefined variable: v7") for c in CONFIGS}
    _, signature = run_progfuzz.verdict(runs, CONFIGS)
    assert signature == (("all", "exit status 1", "Error: p.bg:N:N: Undefined variable: vN"),)


# ----------------------------------------------------------------------
# End to end, with a fake beagle: collector `bad` prints one more line for
# a program that calls swap!.

FAKE_BEAGLE = """#!/usr/bin/python3
import sys
args = sys.argv[1:]
if args == ["gcs"]:
    print("good   prints what it should")
    print("bad    prints more after swap!")
elif args[0] == "gcs":
    print(args[1] + ": a fake")
    print("moving: no")
elif args[0] == "run":
    text = open(args[-1]).read()
    print(sum(1 for line in text.split("\\n") if line.strip().startswith("println(")))
    if args[1] == "--gc=bad" and "swap!" in text:
        print("extra")
"""


def test_a_disagreement_is_reduced_and_saved(tmp_path):
    beagle = tmp_path / "beagle"
    beagle.write_text(FAKE_BEAGLE)
    beagle.chmod(0o755)
    configs = tmp_path / "configurations"
    configs.write_text("{gc}  run --gc={gc}\n")
    seed = next(s for s in SEEDS if "swap!" in generate.generate(s))
    out = tmp_path / "regressions"
    result = subprocess.run([sys.executable, os.path.join(HERE, "run_progfuzz.py"), "--beagle", str(beagle),
                             "--configs", str(configs), "--seed", str(seed), "--count", "1", "-j", "2",
                             "--regressions", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"FAIL seed {seed}: bad: different stdout" in result.stdout
    saved = (out / f"progfuzz_{seed}.bg").read_text()
    program = saved.split("// Expect")[0]
    assert "swap!" in program
    assert program.count("\n") < generate.generate(seed).count("\n") // 3
    # The expected output is the good collector's (the majority's, by the tie rule).
    printlns = sum(1 for line in program.split("\n") if line.strip().startswith("println("))
    assert saved.endswith(f"// Expect\n// {printlns}\n")
