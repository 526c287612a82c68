"""Tests of `beagle minheap`: the smallest --heap at which a program
completes, by bisection.

The program keeps an Array of N Ints live for its whole run (8 N bytes of
live data at least, whatever the runtime keeps beside it) while it makes
short-lived garbage. Under every collector `beagle gcs` lists, the heap found
must hold that live data, the program must complete at it with its usual
output, and must run out of memory at 0.9 of it: both checked with `beagle
run --heap`, not by minheap.

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli/test_minheap.py
"""

import re

import pytest

from conftest import registered_collectors, write

LIVE_ARRAY = """use beagle.mutable-array as arr

struct P { a, b }

fn main(args) {
  let n = parse-int(args[0])
  let keep = arr/new-array(n)
  arr/fill(keep, 7)
  let mut i = 0
  let mut sum = 0
  while i < n {
    let p = P { a: i, b: 1 }
    sum = sum + p.b
    i = i + 1
  }
  println(sum + arr/read-field(keep, n - 1))
}
"""
N = 60000  # 480,000 bytes of Ints kept live
RESULT = re.compile(r"minheap (\S+) \((\d+) bytes\) for (.*) under (\S+)\n")


@pytest.mark.parametrize("gc", registered_collectors())
def test_minheap_holds_the_live_data_and_is_the_smallest_heap_that_completes(run, tmp_path, gc):
    program = write(tmp_path, "live.bg", LIVE_ARRAY)
    unbounded = run("run", f"--gc={gc}", program, str(N))
    assert unbounded.returncode == 0 and unbounded.stdout == f"{N + 7}\n", unbounded.stderr
    # Options after the program's arguments, as in the issue: FILE ARGS --gc=NAME.
    # A run near the minimum collects very often; a long time limit keeps a
    # busy machine from counting a slow run as too small.
    result = run("minheap", program, str(N), f"--gc={gc}", "--timeout=120", timeout=600)
    assert result.returncode == 0, result.stderr
    m = RESULT.fullmatch(result.stdout)
    assert m, result.stdout
    assert (m.group(3), m.group(4)) == (f"live.bg {N}", gc)
    found = int(m.group(2))
    assert found >= 8 * N
    assert "beagle minheap: no limit: completes" in result.stderr  # the progress lines
    at = run("run", f"--gc={gc}", f"--heap={found}", program, str(N), timeout=120)
    assert at.returncode == 0 and at.stdout == unbounded.stdout, at.stderr
    below = run("run", f"--gc={gc}", f"--heap={int(found * 0.9)}", program, str(N), timeout=120)
    assert below.returncode == 1 and below.stderr.startswith("Out of memory: "), below.stderr


@pytest.mark.parametrize("gc", registered_collectors())
def test_a_heap_too_small_for_the_runtime_itself_is_out_of_memory(run, tmp_path, gc):
    """minheap tells a heap too small by this message, also when the runtime
    runs out before the program starts (in C++ code, not compiled code)."""
    program = write(tmp_path, "p.bg", "fn main(args) { println(1) }\n")
    result = run("run", f"--gc={gc}", "--heap=4K", program)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("Out of memory: cannot allocate "), result.stderr


def test_a_program_that_fails_with_no_limit_is_an_error(run, tmp_path):
    program = write(tmp_path, "bad.bg", 'fn main(args) { throw("bad on purpose") }\n')
    result = run("minheap", "--gc=mark-sweep", program)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("beagle minheap: the program fails with no heap limit (exit status 1): "
                             "Uncaught exception: | bad on purpose\n")


def test_arguments_after_a_double_dash_go_to_the_program(run, tmp_path):
    program = write(tmp_path, "args.bg", "fn main(args) { println(args) }\n")
    result = run("minheap", "--gc=nogc", program, "--", "--tolerance=0.5", "x")
    assert result.returncode == 0, result.stderr
    assert RESULT.fullmatch(result.stdout).group(3) == "args.bg --tolerance=0.5 x"


def test_a_collector_option_reaches_every_run(run, tmp_path):
    program = write(tmp_path, "p.bg", "fn main(args) { println(1) }\n")
    result = run("minheap", "--gc=nogc", "--gc-option", "no-such=1", program)
    assert result.returncode == 2
    assert result.stderr.startswith("beagle minheap: the run itself was refused: beagle run: "), result.stderr


@pytest.mark.parametrize("args, message", [
    ([], "no program given"),
    (["--gc=nonesuch", "p.bg"], "unknown collector 'nonesuch' (collectors: "),
    (["missing.bg"], "cannot open 'missing.bg'"),
    (["--tolerance=0", "p.bg"], "--tolerance wants a positive number, got '0'"),
    (["--tolerance=1.5", "p.bg"], "--tolerance wants a fraction below 1"),
    (["--timeout=soon", "p.bg"], "--timeout wants a positive number, got 'soon'"),
    (["--gc-option", "nursery", "p.bg"], "--gc-option wants NAME=VALUE, got 'nursery'"),
    (["p.bg", "1", "--frobnicate"], "unknown option '--frobnicate' (an argument of the program goes after --)"),
])
def test_usage_errors(run, tmp_path, args, message):
    write(tmp_path, "p.bg", "fn main(args) { println(1) }\n")
    result = run("minheap", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"beagle minheap: {message}"), result.stderr


def test_help(run):
    result = run("minheap", "--help")
    assert result.returncode == 0 and result.stdout.startswith("Usage: beagle minheap")
