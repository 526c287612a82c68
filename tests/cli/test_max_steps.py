"""`beagle run --max-steps=N`: the step budget that makes every fuzzed
program end (fuzz/README.md). A step is a function entry (a self tail call
included) or a loop iteration; builtins take none, except `gc()`, which
costs 1,000 (a verified collection is dear work no compiled step counts).

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli/test_max_steps.py
"""

import pytest

from conftest import registered_collectors, write

NEVER_ENDS = {
    "loop": "fn main() { loop { 1 } }\n",
    "while": "fn main() { while true { 1 } }\n",
    "for": "fn main() { loop { for x in [1, 2, 3] { x } } }\n",
    "self tail call": "fn f(n) { f(n + 1) }\nfn main() { f(0) }\n",
    "mutual recursion": "fn f(n) { g(n) }\nfn g(n) { if n < 0 { 0 } else { f(n + 1) } }\nfn main() { f(0) }\n",
    "catch everything": "fn main() { loop { try { throw(1) } catch (e) { e } } }\n",
    "closure in a builtin": "fn main() { loop { map(fn(x) { x }, [1, 2, 3]) } }\n",
}


@pytest.mark.parametrize("name", NEVER_ENDS)
def test_max_steps_ends_a_program_that_never_ends(run, tmp_path, name):
    path = write(tmp_path, "forever.bg", NEVER_ENDS[name])
    result = run("run", "--max-steps=200000", path, timeout=30)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: the program used up its step limit (--max-steps) in ")
    assert "(forever.bg:" in result.stderr


def count_lines(run, tmp_path, program, steps, gc="mark-sweep"):
    path = write(tmp_path, "count.bg", program)
    result = run("run", f"--gc={gc}", f"--max-steps={steps}", path)
    assert result.returncode == 1, result.stderr
    assert "step limit" in result.stderr
    return len(result.stdout.splitlines())


@pytest.mark.parametrize("gc", registered_collectors())
def test_a_loop_iteration_is_one_step(run, tmp_path, gc):
    """The prelude uses some steps first (an unknown number): 100 steps more
    buy exactly 100 more iterations."""
    program = "fn main() { let mut i = 0\n loop { println(i); i = i + 1 } }\n"
    lines = [count_lines(run, tmp_path, program, steps, gc) for steps in (5000, 5100)]
    assert lines[0] > 1000
    assert lines[1] - lines[0] == 100


def test_a_call_is_one_step(run, tmp_path):
    """Each iteration calls a Beagle function once: two steps."""
    program = "fn f(x) { x }\nfn main() { let mut i = 0\n loop { println(f(i)); i = i + 1 } }\n"
    lines = [count_lines(run, tmp_path, program, steps) for steps in (5000, 5100)]
    assert lines[1] - lines[0] == 50


def test_an_explicit_collection_costs_a_thousand_steps(run, tmp_path):
    """A loop that calls gc() ends within the budget (a fuzzed program of
    that shape ran for minutes inside 30,000 steps under --verify): each
    iteration costs one step for the loop and 1,000 for the collection."""
    program = "fn main() { let mut i = 0\n loop { gc(); println(i); i = i + 1 } }\n"
    lines = [count_lines(run, tmp_path, program, steps) for steps in (50000, 50000 + 10 * 1001)]
    assert lines[0] > 40
    assert lines[1] - lines[0] == 10


def test_enough_steps_change_nothing(run, tmp_path):
    path = write(tmp_path, "sum.bg", "fn main() { let mut s = 0\n for i in range(0, 1000) { s = s + i }\n println(s) }\n")
    result = run("run", "--max-steps=100000", path)
    assert (result.returncode, result.stdout) == (0, "499500\n")


@pytest.mark.parametrize("value", ["0", "-5", "ten", "", "99999999999999999999999"])
def test_bad_max_steps_is_a_usage_error(run, tmp_path, value):
    path = write(tmp_path, "sum.bg", "fn main() { 1 }\n")
    result = run("run", f"--max-steps={value}", path)
    assert result.returncode == 2
    assert "--max-steps wants a positive number" in result.stderr


def test_run_help_names_max_steps(run):
    assert "--max-steps=N" in run("run", "--help").stdout


# Threads share the budget (each takes steps from the program's as its own
# count runs out): with a budget each, a chain of threads that each start
# the next never ends, and N steps would not bound the program (the promise
# of --max-steps with --heap: every program ends).
CHAIN_OF_THREADS = "fn spawn(n) { thread(fn() { spawn(n + 1) }) }\nfn main() { spawn(0) }\n"

FOUR_COUNTERS = """fn count(n) { let mut i = 0
  while i < n { i = i + 1 }
  i }
fn main() {
  let done = atom(0)
  for k in range(0, 4) { thread(fn() { count(COUNT); swap!(done, fn(d) { d + 1 }) }) }
  while deref(done) < 4 { sleep(1) }
  println("all counted")
}
"""


def test_threads_that_start_threads_end(run, tmp_path):
    path = write(tmp_path, "chain.bg", CHAIN_OF_THREADS)
    result = run("run", "--max-steps=100000", path, timeout=30)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: the program used up its step limit (--max-steps) in ")


def test_threads_share_the_budget(run, tmp_path):
    """Four threads of 30,000 steps each cannot all run in 100,000."""
    path = write(tmp_path, "four.bg", FOUR_COUNTERS.replace("COUNT", "30000"))
    result = run("run", "--max-steps=100000", path, timeout=30)
    assert result.returncode == 1, result.stderr
    assert "step limit" in result.stderr
    assert "all counted" not in result.stdout


def test_enough_steps_for_every_thread_change_nothing(run, tmp_path):
    path = write(tmp_path, "four.bg", FOUR_COUNTERS.replace("COUNT", "30000"))
    result = run("run", "--max-steps=10000000", path, timeout=30)
    assert (result.returncode, result.stdout) == (0, "all counted\n"), result.stderr


# Thread churn: 300 short threads, one after another. Each takes its steps
# from the program's budget and gives back what it did not use, so the
# main thread's own count does not shrink with every thread it starts.
THREAD_CHURN = """fn main() {
  let done = atom(0)
  for k in range(0, 300) {
    thread(fn() { let mut i = 0
      while i < 100 { i = i + 1 }
      swap!(done, fn(d) { d + 1 }) })
    while deref(done) <= k { sleep(1) }
  }
  println(deref(done))
}
"""


def test_thread_churn_runs_within_a_budget_that_covers_its_steps(run, tmp_path):
    path = write(tmp_path, "churn.bg", THREAD_CHURN)
    result = run("run", "--max-steps=5000000", path, timeout=60)
    assert (result.returncode, result.stdout) == (0, "300\n"), result.stderr
