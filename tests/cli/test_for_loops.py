"""`for` walks a Range as a counted loop and a vector leaf by leaf
(jit/compile_for.cc, lang/runtime/for_loop.h): neither builds an array of
the values. A loop that leaves early runs in a heap far smaller than such
an array would need, under every collector `beagle gcs` lists."""

import pytest

from conftest import registered_collectors

# 10^15 values: an array of them would take 8 PB.
HUGE_RANGE = """namespace huge_range

fn main() {
    let found = for i in range(0, 1000000000000000) { if i == 300000 { break(i) } }
    println(found)
}
"""


@pytest.mark.parametrize("collector", registered_collectors())
def test_early_exit_from_a_huge_range_runs_in_a_small_heap(run, tmp_path, collector):
    (tmp_path / "huge_range.bg").write_text(HUGE_RANGE)
    result = run("run", f"--gc={collector}", "--heap=1M", "huge_range.bg")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "300000\n"
