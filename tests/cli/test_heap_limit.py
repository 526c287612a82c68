"""`--heap=SIZE` limits the same thing under every collector: the bytes of
objects in use (docs/ARCHITECTURE.md, "The heap limit"). A program whose
live data is known from its own structure runs just above that size under
every collector `beagle gcs` lists, and stops with out-of-memory just below
it, whatever each collector holds besides (size-class blocks, a copy
reserve, a nursery)."""

import pytest

from conftest import registered_collectors

# A Cell is a struct of two fields: a header and two words, 24 bytes
# (lang/runtime/objects.h). The list is built by a loop whose variables are
# not captured (no boxes) and whose heads are Ints (no other objects), so
# its N cells are all the program's data: 24 * N bytes, live to the end.
CELLS = 170_000
LIVE_BYTES = 24 * CELLS  # 4 080 000

LIST_PROGRAM = f"""namespace heap_limit

struct Cell {{ head, tail }}

fn main() {{
    let mut list = null
    let mut i = 0
    while i < {CELLS} {{
        list = Cell {{ head: i, tail: list }}
        i = i + 1
    }}
    let mut n = 0
    while list != null {{
        n = n + 1
        list = list.tail
    }}
    println(n)
}}
"""


def run_with_heap(run, tmp_path, collector, heap_bytes, program):
    path = tmp_path / "live.bg"
    path.write_text(program)
    return run("run", f"--gc={collector}", f"--heap={heap_bytes}", "live.bg")


# Above: the list and what the runtime itself holds (the prelude's data,
# under nogc everything the start-up allocated: about 3% of the list).
@pytest.mark.parametrize("collector", registered_collectors())
def test_live_data_just_under_the_limit_runs(run, tmp_path, collector):
    result = run_with_heap(run, tmp_path, collector, LIVE_BYTES * 106 // 100, LIST_PROGRAM)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{CELLS}\n"


@pytest.mark.parametrize("collector", registered_collectors())
def test_live_data_just_over_the_limit_is_out_of_memory(run, tmp_path, collector):
    result = run_with_heap(run, tmp_path, collector, LIVE_BYTES * 97 // 100, LIST_PROGRAM)
    assert result.returncode == 1
    assert "Out of memory" in result.stdout + result.stderr
    assert str(CELLS) not in result.stdout


# Issue 11: about 12 KB live, in objects of 23 sizes (arrays of 1 to 23
# elements), and much more garbage, under a 128K limit. The limit counted
# mark-sweep's 16 KiB blocks, one per size class in use, and ran out of them
# (so did generational's old generation) while compacting ran the program.
# nogc never frees, so it cannot run a program with garbage in a small heap.
GARBAGE_PROGRAM = """namespace heap_limit_garbage

use beagle.mutable-array as ma

struct Node { v, next }

fn build(n, acc) { if n == 0 { acc } else { build(n - 1, Node { v: n, next: acc }) } }

fn main() {
    let keep = build(200, null)
    let sizes = map(fn(n) { ma/new-array(n) }, vec(range(1, 24)))
    let mut i = 0
    let mut last = []
    while i < 3000 {
        let s = "x${i}"
        last = [i, s, 1.5 * i, {:a i, :b s}, #{i}, [[i]]]
        i = i + 1
    }
    println(keep.v, keep.next.v, length(sizes), last)
}
"""


@pytest.mark.parametrize("collector", [c for c in registered_collectors() if c != "nogc"])
def test_small_live_data_with_garbage_runs_in_a_small_heap(run, tmp_path, collector):
    result = run_with_heap(run, tmp_path, collector, 128 << 10, GARBAGE_PROGRAM)
    assert result.returncode == 0, result.stderr
    assert result.stdout == '1 2 23 [2999, "x2999", 4498.5, {:b "x2999", :a 2999}, #{2999}, [[2999]]]\n'
