"""Tests of the concurrent collector from the command line: check-mark
(under --verify, after each concurrent mark) catches a dropped snapshot
barrier of every store kind; the lock-step marker replays; the marking
thread's cycles show in the GC log; option errors.

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli/test_concurrent.py

Without $BEAGLE the binary is taken from build/harness/beagle in the repository.
"""

import json
import re

import pytest

from conftest import write

# Each program moves a reference X out of a slot of one store kind into a
# holder that marking will not scan again (allocated black, or scanned
# already), while X is in no other place: only the snapshot barrier on the
# store that overwrites the slot keeps X marked. Under --gc-always every
# allocation ends one cycle and starts the next, with a lock-step step of
# marking of seeded random size before the stores, so some iteration has the
# holder scanned and the slot not.
FIELD_PROGRAM = """
struct Holder { mut item }

fn move_item(from, to) {
    to.item = from.item
    from.item = null
}

fn main() {
    let mut i = 0
    let mut sum = 0
    while i < 3000 {
        let a = Holder { item: [i] }
        let b = Holder { item: null }
        move_item(a, b)
        let c = Holder { item: i }
        sum = sum + b.item[0] + c.item
        i = i + 1
    }
    println(sum)
}
"""

BOX_PROGRAM = """
struct Holder { mut item }

fn main() {
    let mut i = 0
    let mut sum = 0
    while i < 3000 {
        let mut x = [i]
        let read = fn() { x }
        let h = Holder { item: null }
        h.item = read()
        x = null
        let c = Holder { item: i }
        sum = sum + h.item[0] + c.item
        i = i + 1
    }
    println(sum)
}
"""

# Top-level bindings, re-defined: `let v = null` overwrites v's binding
# after h (born black in this cycle) took v's array.
BINDING_PROGRAM = "struct Holder { mut item }\n" + "".join(
    f"let v = [{i}]\nlet h = Holder {{ item: null }}\nh.item = v\nlet v = null\nlet w = Holder {{ item: {i} }}\n"
    for i in range(300)) + "println(h.item)\n"

PROGRAMS = {
    "field": (FIELD_PROGRAM, "8997000\n"),
    "box": (BOX_PROGRAM, "8997000\n"),
    "binding": (BINDING_PROGRAM, "[299]\n"),
}

CHECK_MARK = re.compile(
    r"heap verification failed at the end of marking in collection number \d+ \(collector concurrent\): "
    r"check-mark: object 0x[0-9a-f]+ \(type \d+, \d+ words\), reachable from object 0x[0-9a-f]+ "
    r"\(type \d+, \d+ words\), is unmarked after marking ended: the concurrent mark missed it")

STATS = re.compile(r"gc: collector (\S+), (\d+) collections \((\d+) minor, (\d+) major\)")


@pytest.mark.parametrize("kind", sorted(PROGRAMS))
def test_check_mark_catches_a_dropped_snapshot_barrier(run, tmp_path, kind):
    source, output = PROGRAMS[kind]
    path = write(tmp_path, f"{kind}.bg", source)
    kept = run("run", "--gc=concurrent", "--gc-always", path)
    assert kept.returncode == 0 and kept.stdout == output, kept.stderr
    dropped = run("run", "--gc=concurrent", "--gc-always", f"--test-drop-barrier={kind}", path)
    assert dropped.returncode != 0
    assert CHECK_MARK.search(dropped.stderr), dropped.stderr


def test_the_lock_step_marker_replays_from_its_seed(run, tmp_path):
    """Under a stress schedule marking runs in lock-step with allocation, its
    step sizes drawn from lockstep-seed: one seed gives one run."""
    path = write(tmp_path, "field.bg", FIELD_PROGRAM)

    def collections(seed):
        result = run("run", "--gc=concurrent", "--gc-every=7", "--gc-option", f"lockstep-seed={seed}", "--stats", path)
        assert result.returncode == 0 and result.stdout == "8997000\n", result.stderr
        return int(STATS.search(result.stderr).group(2))

    first = collections(1)
    assert collections(1) == first
    assert len({first, collections(2), collections(3)}) > 1, "the seed changes nothing"


def test_cycles_with_the_marking_thread(run, tmp_path):
    """Without a stress schedule the marker is a thread: cycles start and end
    at the collector's request (reason cycle), the marking's end is reported
    as a concurrent phase between the pauses, and gc() is a full collection."""
    program = FIELD_PROGRAM.replace("3000", "200000").replace("println(sum)", "println(sum)\n    gc()")
    path = write(tmp_path, "churn.bg", program)
    result = run("run", "--gc=concurrent", "--gc-log=gc.jsonl", "--stats", path)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "gc.jsonl").read_text().splitlines()]
    resumed = [r for r in records if r.get("phase") == "resumed"]
    kinds = [(r["kind"], r["reason"]) for r in resumed]
    assert ("start", "cycle") in kinds and ("major", "cycle") in kinds, kinds
    assert kinds[-1] == ("full", "explicit")
    concurrent = [r for r in records if r.get("concurrent")]
    assert concurrent and all(r["phase"] == "mark-slice" and r["finished"] for r in concurrent)
    end = records[-1]
    assert end["start"] >= 1 and end["major"] >= 1 and end["full"] == 1


@pytest.mark.parametrize("option, message", [
    ("marker=fast", "concurrent: marker must be thread or lockstep, not 'fast'"),
    ("lockstep-seed=-3", "concurrent: lockstep-seed must be a whole number, not '-3'"),
    ("start=0", "concurrent: start must be a percentage from 1 to 100, not '0'"),
])
def test_bad_options_are_errors(run, tmp_path, option, message):
    path = write(tmp_path, "p.bg", 'println("hi")\n')
    result = run("run", "--gc=concurrent", "--gc-option", option, path)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
