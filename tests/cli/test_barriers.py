"""Tests of the generational collector's write barrier and options from the
command line (FAILURE-MODES #5, #6, #13): the barrier verifier catches a
dropped barrier (`--test-drop-barrier`), the stress modes' minor/major mix,
option errors, the heap limit, and the barrier's inline filter.

The language-level barrier tests are tests/lang/core/gc/barrier_*.bg.

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli/test_barriers.py

Without $BEAGLE the binary is taken from build/harness/beagle in the repository.
"""

import re

import pytest

from conftest import collectors_where, registered_collectors, write



# About 9 MB of 2 KB arrays, more than the nursery holds at first (1 MiB,
# at most doubling at each collection): at least one minor collection runs
# inside churn().
CHURN = """
use beagle.mutable-array as arr

struct Leaf { name, n }

fn churn() {
    let mut i = 0
    while i < 4500 {
        arr/new-array(254)
        i = i + 1
    }
}
"""

# A `let mut` captured by a closure: its box is made old, then assigned a
# young struct (the store --test-drop-barrier=box compiles without barrier).
BOX_PROGRAM = CHURN + """
fn main() {
    let mut x = null
    let read = fn() { x }
    gc()
    println("stored")
    x = Leaf { name: "young " ++ "box", n: 1 }
    churn()
    println(read())
}
"""

# A top-level binding made old by gc() in top-level code, then given a young
# struct by a re-definition (the store --test-drop-barrier=binding drops).
BINDING_PROGRAM = CHURN + """
let late = 0
gc()
println("stored")
let late = Leaf { name: "young " ++ "binding", n: 2 }
churn()
println(late)
"""

# A struct field store through a warm inline cache (the site cached the
# field on a young holder first), into a holder made old by gc() (the store
# --test-drop-barrier=field drops).
FIELD_PROGRAM = CHURN + """
struct Holder { mut item }

fn put(holder, v) { holder.item = v }

fn main() {
    put(Holder { item: null }, 0)
    let holder = Holder { item: null }
    gc()
    println("stored")
    put(holder, Leaf { name: "young " ++ "field", n: 3 })
    churn()
    println(holder.item)
}
"""

PROGRAMS = {
    "box": (BOX_PROGRAM, 'stored\nLeaf { name: "young box", n: 1 }\n'),
    "binding": (BINDING_PROGRAM, 'stored\nLeaf { name: "young binding", n: 2 }\n'),
    "field": (FIELD_PROGRAM, 'stored\nLeaf { name: "young field", n: 3 }\n'),
}

MISSING_BARRIER = re.compile(
    r"heap verification failed before collection number \d+ \(collector generational\): "
    r"field \d+ of old object 0x[0-9a-f]+ \(type \d+, \d+ words\) points to the young object 0x[0-9a-f]+, "
    r"but neither the object nor the field is in the remembered set \(a missing write barrier\)")

STATS = re.compile(r"gc: collector (\S+), (\d+) collections \((\d+) minor, (\d+) major\), .*, "
                   r"(\d+) slow-path allocations")
MINOR_STATS = re.compile(r"gc: minor (\d+), .* remembered (\d+) entries \(max (\d+) in one collection\)")


def stats(stderr):
    m = STATS.search(stderr)
    assert m, stderr
    minor = MINOR_STATS.search(stderr)
    assert minor, stderr
    return {"collector": m.group(1), "collections": int(m.group(2)), "minor": int(m.group(3)),
            "major": int(m.group(4)), "slow_allocations": int(m.group(5)),
            "remembered": int(minor.group(2)), "max_remembered": int(minor.group(3))}


def assert_no_signal(result):
    # A negative status is a signal (a crash); an error must be reported instead.
    assert result.returncode > 0, (result.returncode, result.stderr)


# (a) A dropped barrier is caught by the barrier verifier: at the first
# collection after the store (--verify: the first minor collection in churn;
# gc-always: the collection before the next allocation).
@pytest.mark.parametrize("kind", sorted(PROGRAMS))
@pytest.mark.parametrize("mode", [["--verify"], ["--gc-always"], ["--verify", "--gc-always"], ["--gc-always=major"]],
                         ids=["verify", "gc-always", "verify-gc-always", "gc-always-major"])
def test_dropped_barrier_is_caught_by_the_verifier(run, tmp_path, kind, mode):
    path = write(tmp_path, f"{kind}.bg", PROGRAMS[kind][0])
    result = run("run", "--gc=generational", *mode, f"--test-drop-barrier={kind}", path)
    assert_no_signal(result)
    assert result.returncode == 1
    assert "missing write barrier" in result.stderr
    assert "generational" in result.stderr
    assert MISSING_BARRIER.search(result.stderr), result.stderr
    # The run stopped at the store's first collection, before reading the value back.
    assert result.stdout == "stored\n"


# (b) The same programs with their barrier pass, verified, under every mode.
@pytest.mark.parametrize("kind", sorted(PROGRAMS))
@pytest.mark.parametrize("mode", [[], ["--verify"], ["--gc-always"], ["--gc-always=major"]],
                         ids=["plain", "verify", "gc-always", "gc-always-major"])
def test_program_with_its_barrier_passes(run, tmp_path, kind, mode):
    program, expected = PROGRAMS[kind]
    path = write(tmp_path, f"{kind}.bg", program)
    result = run("run", "--gc=generational", *mode, path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert result.stderr == ""


# The drop flag only matters to a collector with a barrier. (A collection
# every 50 allocations, verified: under gc-always nogc, which never frees,
# would verify an ever-growing heap 9000 times.)
@pytest.mark.parametrize("kind", sorted(PROGRAMS))
@pytest.mark.parametrize("gc", collectors_where(barrier="none"))
def test_dropped_barrier_is_harmless_without_a_barrier(run, tmp_path, kind, gc):
    program, expected = PROGRAMS[kind]
    path = write(tmp_path, f"{kind}.bg", program)
    result = run("run", f"--gc={gc}", "--gc-every=50", f"--test-drop-barrier={kind}", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


# (d) The stress modes' mix of minor and major collections (FAILURE-MODES #13:
# one collection per allocation). The loop allocates one struct per trip, so
# 900 more trips are 900 more collections, whatever else the run allocates.
ALLOCATE = """
struct P {{ v, next }}
fn main() {{
    let mut i = 0
    let mut keep = null
    while i < {trips} {{
        keep = P {{ v: i, next: keep }}
        i = i + 1
    }}
    println(keep.v)
}}
"""


def allocate_runs(run, tmp_path, *options):
    """stats of the ALLOCATE program with 100 and 1000 trips."""
    runs = []
    for trips in [100, 1000]:
        path = write(tmp_path, f"allocate{trips}.bg", ALLOCATE.format(trips=trips))
        result = run("run", "--gc=generational", *options, "--stats", path)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{trips - 1}\n"
        runs.append(stats(result.stderr))
    return runs


@pytest.mark.parametrize("options, every", [([], 10), (["--gc-option", "major-every=3"], 3),
                                            (["--gc-option", "major-every=1"], 1)],
                         ids=["default", "every-3", "every-1"])
def test_gc_always_mixes_minor_and_major(run, tmp_path, options, every):
    few, many = allocate_runs(run, tmp_path, "--gc-always", *options)
    assert many["collections"] - few["collections"] == 900
    for s in [few, many]:
        assert s["collector"] == "generational"
        # Every `every`-th collection starts marking the old generation unless
        # a mark is under way; the collection whose slice ends it is major.
        assert 1 <= s["major"] <= s["collections"] // every
        assert s["minor"] == s["collections"] - s["major"] > 0


def test_gc_always_major_runs_no_minor_collection(run, tmp_path):
    few, many = allocate_runs(run, tmp_path, "--gc-always=major")
    assert many["major"] - few["major"] == 900
    assert few["minor"] == many["minor"] == 0


def test_without_stress_a_full_nursery_runs_a_minor_collection(run, tmp_path):
    path = write(tmp_path, "churn.bg", CHURN + "fn main() { churn()\n println(\"done\") }\n")
    result = run("run", "--gc=generational", "--stats", path)
    assert result.returncode == 0, result.stderr
    s = stats(result.stderr)
    assert s["minor"] >= 1
    assert s["major"] == 0
    # Most allocations take the inline fast path (the thread's buffer).
    assert s["slow_allocations"] < 4500


# (e) Collector and option errors: a message that names the problem, no crash.
def test_unknown_collector_lists_the_collectors(run, tmp_path):
    path = write(tmp_path, "p.bg", "fn main() { println(1) }\n")
    result = run("run", "--gc=unknown", path)
    assert result.returncode == 2
    assert "unknown collector 'unknown'" in result.stderr
    assert result.stderr.startswith(f"beagle run: unknown collector 'unknown' (collectors: "
                                    f"{', '.join(registered_collectors())})")
    assert result.stdout == ""


@pytest.mark.parametrize("args, message", [
    (["--gc-option", "nursery=1K"], "a nursery of 1K is too small (at least 64K)"),
    (["--gc-option", "nursery=banana"], "bad nursery size 'banana'"),
    (["--heap=1M", "--gc-option", "nursery=1M"], "a nursery of 1M leaves too little of the 1048576-byte heap limit"),
    (["--gc-option", "major-every=0"], "major-every must be a positive whole number, not '0'"),
    (["--gc-option", "survivor-goal=lots"], "bad survivor-goal size 'lots'"),
    (["--gc-option", "slice-pause=-1"], "slice-pause must be a number of milliseconds from 0 to 10000, not '-1'"),
    (["--gc-option", "pause-goal=1s"], "pause-goal must be a number of milliseconds from 0 to 10000, not '1s'"),
    (["--gc-option", "nope=1"], "collector generational has no option 'nope' (its options: nursery, survivor-goal, minor-goal, "
                                "major-every"),
], ids=["nursery-too-small", "nursery-not-a-size", "nursery-over-half-the-heap", "major-every-zero",
        "survivor-goal-not-a-size", "slice-pause-negative", "pause-goal-with-a-unit", "unknown-option"])
def test_bad_generational_option_is_refused(run, tmp_path, args, message):
    path = write(tmp_path, "p.bg", "fn main() { println(1) }\n")
    result = run("run", "--gc=generational", *args, path)
    assert_no_signal(result)
    assert "generational" in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_an_option_of_another_collector_is_refused(run, tmp_path):
    path = write(tmp_path, "p.bg", "fn main() { println(1) }\n")
    result = run("run", "--gc=mark-sweep", "--gc-option", "nursery=1M", path)
    assert_no_signal(result)
    assert "collector mark-sweep has no option 'nursery'" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["--gc-option", "nursery=64K"], ["--gc-option", "nursery=512K", "--heap=1M"],
                                  ["--heap=1M"]], ids=["smallest-nursery", "half-the-heap", "small-heap-default"])
def test_good_generational_options_run(run, tmp_path, args):
    path = write(tmp_path, "p.bg", CHURN + "fn main() { churn()\n println(\"done\") }\n")
    result = run("run", "--gc=generational", "--verify", *args, "--stats", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "done\n"
    assert stats(result.stderr)["minor"] > 0


# Pretenuring: compiled code's inline allocation must add the period's
# kUnlogged to each header (CollectorAttributes::allocation_flags), or the
# verifier finds an old object neither armed nor remembered. A tree that
# outgrows a 1 MiB nursery, all of it live, starts a period; gc() ends it
# (a period's bytes are counted when it ends).
def test_objects_compiled_code_pretenures_are_armed(run, tmp_path):
    tree = "struct Node { left, right }\n" \
           "fn make(d) { if d == 0 { Node{left: null, right: null} } else { Node{left: make(d - 1), right: make(d - 1)} } }\n" \
           "fn size(n) { if n.left == null { 1 } else { 1 + size(n.left) + size(n.right) } }\n" \
           "fn main() { let t = make(16)\n let u = make(16)\n gc()\n println(size(t) + size(u)) }\n"
    path = write(tmp_path, "p.bg", tree)
    result = run("run", "--gc=generational", "--gc-option", "nursery=1M", "--verify", "--stats", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "262142\n"
    assert int(re.search(r"pretenured (\d+) bytes", result.stderr).group(1)) > 0


def test_gcs_describes_the_generational_options(run):
    result = run("gcs", "generational")
    assert result.returncode == 0
    assert "nursery" in result.stdout and "major-every" in result.stdout


# (f) A heap limit that the live data outgrows ends with "Out of memory".
GROW_VECTOR = "fn grow(acc, n) { if n == 0 { acc } else { grow(push(acc, [n, n, n]), n - 1) } }\n" \
              "fn main() { println(\"start\")\n println(count(grow([], 10000000))) }\n"
GROW_LIST = """
struct Node { v, next }
fn main() {
    println("start")
    let mut head = null
    let mut i = 0
    while true {
        head = Node { v: [i], next: head }
        i = i + 1
    }
}
"""


@pytest.mark.parametrize("program", [GROW_VECTOR, GROW_LIST], ids=["vector", "list"])
@pytest.mark.parametrize("extra", [[], ["--gc-option", "nursery=1M"]], ids=["default-nursery", "nursery-1M"])
def test_heap_limit_ends_with_out_of_memory(run, tmp_path, program, extra):
    path = write(tmp_path, "grow.bg", program)
    result = run("run", "--gc=generational", "--heap=8M", *extra, path)
    assert_no_signal(result)
    assert result.returncode == 1
    assert result.stdout == "start\n"
    assert result.stderr.startswith("Out of memory: cannot allocate"), result.stderr


# (g) The barrier's filter: an old object is logged by its first store after
# a collection, not by every store.
INT_STORES = """
struct Counter { mut x, mut y }
fn main() {
    let c = Counter { x: 0, y: null }
    gc()
    let mut i = 0
    while i < 1000000 {
        c.x = i
        i = i + 1
    }
    gc()
    println(c.x)
}
"""

YOUNG_STORES = """
struct Counter { mut x, mut y }
fn main() {
    let c = Counter { x: 0, y: null }
    gc()
    let mut i = 0
    while i < 1000000 {
        c.x = i
        c.y = [i]
        i = i + 1
    }
    println(c.x, c.y)
}
"""


def test_many_int_stores_into_an_old_object_log_it_once(run, tmp_path):
    path = write(tmp_path, "stores.bg", INT_STORES)
    result = run("run", "--gc=generational", "--stats", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "999999\n"
    s = stats(result.stderr)
    assert s["collections"] == 2
    assert s["remembered"] <= 3, result.stderr


def test_many_young_stores_log_the_object_once_per_collection(run, tmp_path):
    path = write(tmp_path, "stores.bg", YOUNG_STORES)
    result = run("run", "--gc=generational", "--verify", "--stats", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "999999 [999999]\n"
    s = stats(result.stderr)
    assert s["minor"] >= 3  # a million small vectors fill the nursery several times
    # Logged again after every collection re-armed it, and only once each time.
    assert s["minor"] <= s["remembered"] <= s["collections"] + 5, result.stderr
    assert s["max_remembered"] <= 3, result.stderr


# Garbage trees only. Under a stress schedule every major-every-th (10th)
# collection starts marking the old generation in small slices; each pause
# promotes a tree's worth, and a slice that scanned less than its pause
# queued never finished a mark (0 major collections, the old generation
# growing for ever).
GARBAGE_TREES = """
struct Node { left, right }

fn make(d) {
  if d == 0 { Node { left: null, right: null } } else { Node { left: make(d - 1), right: make(d - 1) } }
}

fn main() {
  let mut i = 0
  while i < 4000 {
    make(6)
    i = i + 1
  }
  println("done")
}
"""


def test_marking_under_a_stress_schedule_ends(run, tmp_path):
    path = write(tmp_path, "trees.bg", GARBAGE_TREES)
    result = run("run", "--gc=generational", "--gc-every=500", "--stats", path, timeout=120)
    assert result.returncode == 0 and result.stdout == "done\n", result.stderr
    s = stats(result.stderr)
    assert s["major"] >= 10, result.stderr
