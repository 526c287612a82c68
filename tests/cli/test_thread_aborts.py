"""An abort in one thread (the heap exhausted, a fatal error, the step
limit) ends the whole program promptly, with its message and exit status,
without waiting for threads that sleep or never end (lang/runtime/threads.h;
the language tests tests/lang/core/threads/abort_*.bg cover fatal errors).

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli/test_thread_aborts.py
"""

import pytest

from conftest import registered_collectors, write

# A thread keeps everything it allocates; the main thread sleeps an hour and
# another thread spins for ever.
EXHAUSTS_IN_A_THREAD = """fn main() {
  thread(fn() { let mut n = 0
    while true { n = n + 1 } })
  thread(fn() { let mut kept = []
    loop { kept = push(kept, [1, 2, 3, 4, 5, 6, 7, 8]) } })
  sleep(3600000)
  println("never")
}
"""

# The step limit reached in a thread while main sleeps an hour.
STEPS_IN_A_THREAD = """fn main() {
  thread(fn() { let mut n = 0
    while true { n = n + 1 } })
  sleep(3600000)
  println("never")
}
"""


@pytest.mark.parametrize("collector", registered_collectors())
def test_heap_exhausted_in_a_thread_ends_the_program(run, tmp_path, collector):
    path = write(tmp_path, "exhaust.bg", EXHAUSTS_IN_A_THREAD)
    result = run("run", f"--gc={collector}", "--heap=16M", path, timeout=30)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Out of memory"), result.stderr
    assert "never" not in result.stdout


def test_step_limit_in_a_thread_ends_a_sleeping_program(run, tmp_path):
    path = write(tmp_path, "steps.bg", STEPS_IN_A_THREAD)
    result = run("run", "--max-steps=200000", path, timeout=30)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: the program used up its step limit (--max-steps) in ")
    assert "(steps.bg:" in result.stderr
