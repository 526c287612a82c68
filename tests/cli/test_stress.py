"""Tests of the stress schedules (`--gc-every`, `--gc-every-bytes`,
`--gc-at-safepoints`, `--gc-random`, `--gc-always`), record and replay
(`--gc-record`, `--gc-replay`) and `beagle shrink` (docs/STRESS.md).

The expected numbers of collections come from the test programs themselves:
a loop that allocates one object (or makes one runtime call) per iteration,
run with two trip counts, must show exactly the difference the test computes
from the trip counts, whatever the prelude and the runtime allocate around it.

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli/test_stress.py
"""

import os
import re

import pytest

from conftest import registered_collectors, write

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY_TREES = os.path.join(REPO, "workloads", "binary-trees.bg")
COLLECTORS = registered_collectors()


def loop_program(trips, body="P { a: i, b: i }"):
    """A no-std program whose loop runs `body` `trips` times. The default body
    allocates exactly one 3-word struct (24 bytes); nothing else in the loop
    allocates or calls the runtime (Int arithmetic and comparisons are inline)."""
    return ("// no-std\n"
            "struct P { a, b }\n"
            "fn make(n) {\n"
            "  let mut i = 0\n"
            "  let mut x = 0.5\n"
            "  while i < n {\n"
            f"    {body}\n"
            "    i = i + 1\n"
            "  }\n"
            "  x\n"
            "}\n"
            f"fn main() {{ _println(make({trips})) }}\n")


FLOAT_ADD = "x = x + 1.5"  # one runtime call (rt_add: not two Ints) that allocates one Float


def read_schedule(path):
    """(header dict, list of collect indices, end or None) of a schedule file."""
    header, collections, end = {}, [], None
    with open(path) as f:
        lines = f.read().splitlines()
    assert lines[0] == "beagle-gc-schedule 1"
    for line in lines[1:]:
        key, _, value = line.partition(" ")
        if key == "collect":
            collections.append(int(value))
        elif key == "end":
            end = int(value)
        else:
            header[key] = value
    return header, collections, end


def stats(stderr):
    m = re.search(r"gc: collector (\S+), (\d+) collections \((\d+) minor, (\d+) major\)", stderr)
    assert m, stderr
    return {"collector": m.group(1), "collections": int(m.group(2)), "minor": int(m.group(3)),
            "major": int(m.group(4))}


def forced(run, tmp_path, gc, flags, trips, body="P { a: i, b: i }"):
    """Runs the loop program; returns the indices of the forced collections."""
    name = f"loop{trips}.bg"
    write(tmp_path, name, loop_program(trips, body))
    record = f"{name}.schedule"
    result = run("run", f"--gc={gc}", *flags, f"--gc-record={record}", name)
    assert result.returncode == 0, result.stderr
    header, collections, end = read_schedule(tmp_path / record)
    assert end is not None and header["collector"] == gc
    return collections


# ---------------------------------------------------------------- schedules


@pytest.mark.parametrize("gc", COLLECTORS)
@pytest.mark.parametrize("flags", [["--gc-always"], ["--gc-every=7"], ["--gc-every-bytes=2K"],
                                   ["--gc-at-safepoints"], ["--gc-random=11:0.3"]],
                         ids=["always", "every", "every-bytes", "safepoints", "random"])
def test_every_schedule_runs_binary_trees_correctly(run, gc, flags):
    result = run("run", f"--gc={gc}", *flags, "--stats", BINARY_TREES, "4")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "long lived tree of depth 4 check: 31"
    assert stats(result.stderr)["collections"] > 0


# FAILURE-MODES #13: under gc-always every allocation reaches the Heap and
# collects, the JIT's inline fast path included (the structs are allocated
# inline when the collector has a bump fast path).
@pytest.mark.parametrize("gc", COLLECTORS)
def test_gc_always_collects_at_every_allocation(run, tmp_path, gc):
    few = forced(run, tmp_path, gc, ["--gc-always"], 100)
    many = forced(run, tmp_path, gc, ["--gc-always"], 350)
    assert len(many) - len(few) == 250
    assert few == list(range(1, len(few) + 1))


@pytest.mark.parametrize("gc", COLLECTORS)
def test_gc_every_collects_at_every_nth_allocation(run, tmp_path, gc):
    few = forced(run, tmp_path, gc, ["--gc-every=10"], 100)
    many = forced(run, tmp_path, gc, ["--gc-every=10"], 300)
    assert len(many) - len(few) == 20
    assert many == list(range(10, 10 * len(many) + 1, 10))


@pytest.mark.parametrize("gc", COLLECTORS)
def test_gc_every_bytes_collects_after_that_many_bytes(run, tmp_path, gc):
    # 24-byte structs, a collection every 240 bytes: every 10 structs.
    few = forced(run, tmp_path, gc, ["--gc-every-bytes=240"], 100)
    many = forced(run, tmp_path, gc, ["--gc-every-bytes=240"], 300)
    assert len(many) - len(few) == 20
    assert [b - a for a, b in zip(many[-20:], many[-19:])] == [10] * 19


@pytest.mark.parametrize("gc", COLLECTORS)
def test_gc_at_safepoints_collects_at_every_runtime_call(run, tmp_path, gc):
    few = forced(run, tmp_path, gc, ["--gc-at-safepoints"], 100, FLOAT_ADD)
    many = forced(run, tmp_path, gc, ["--gc-at-safepoints"], 300, FLOAT_ADD)
    assert len(many) - len(few) == 200
    # Struct allocations in the loop are no safepoints of their own under a
    # bump fast path; allocation is not what this schedule counts.
    header, _, _ = read_schedule(tmp_path / "loop300.bg.schedule")
    assert header["points"] == "safepoints"
    assert many == list(range(1, len(many) + 1))


@pytest.mark.parametrize("gc", COLLECTORS)
def test_same_seed_same_schedule_and_same_count(run, tmp_path, gc):
    write(tmp_path, "trees.bg", open(BINARY_TREES).read())
    counts, schedules = [], []
    for i, seed in enumerate(["5:0.2", "5:0.2", "6:0.2"]):
        result = run("run", f"--gc={gc}", f"--gc-random={seed}", f"--gc-record=r{i}", "--stats", "trees.bg", "4")
        assert result.returncode == 0, result.stderr
        counts.append(stats(result.stderr)["collections"])
        schedules.append(read_schedule(tmp_path / f"r{i}")[1])
    assert schedules[0] == schedules[1]
    assert counts[0] == counts[1]
    assert schedules[2] != schedules[0]  # another seed, another schedule
    # About one allocation in five collects (binary-trees 4 makes ~900).
    _, _, end = read_schedule(tmp_path / "r0")
    assert 0.1 * end < len(schedules[0]) < 0.3 * end


def test_random_probability_bounds(run, tmp_path):
    never = forced(run, tmp_path, "mark-sweep", ["--gc-random=3:0"], 100)
    always = forced(run, tmp_path, "mark-sweep", ["--gc-random=3:1"], 100)
    assert never == []
    assert always == list(range(1, len(always) + 1))


def test_a_flag_overrides_the_gc_always_marker(run, tmp_path):
    write(tmp_path, "m.bg", "// gc-always\n" + loop_program(100))
    result = run("run", "--gc-every=50", "--gc-record=m.schedule", "m.bg")
    assert result.returncode == 0, result.stderr
    header, collections, end = read_schedule(tmp_path / "m.schedule")
    assert header["recorded-by"] == "--gc-every=50"
    assert collections == list(range(50, end + 1, 50))
    result = run("run", "--gc-record=marker.schedule", "m.bg")
    header, collections, end = read_schedule(tmp_path / "marker.schedule")
    assert header["recorded-by"] == "// gc-always"
    assert len(collections) == end


# ---------------------------------------------------------------- bad flags


@pytest.mark.parametrize("flag, message", [
    ("--gc-evry=3", "unknown stress flag '--gc-evry=3' (the stress flags: --gc-always"),
    ("--gc-always=minor", "--gc-always takes no value, or =major (got 'minor')"),
    ("--gc-every=0", "--gc-every wants a positive number of allocations, got '0'"),
    ("--gc-every=x", "--gc-every wants a positive number of allocations, got 'x'"),
    ("--gc-every-bytes=12Q", "--gc-every-bytes wants a positive size (e.g. 4096, 64K, 1M), got '12Q'"),
    ("--gc-random=1:1.5", "--gc-random: the probability must be a number within [0, 1], got '1.5'"),
    ("--gc-random=1:-0.1", "--gc-random: the probability must be a number within [0, 1], got '-0.1'"),
    ("--gc-random=1:nan", "--gc-random: the probability must be a number within [0, 1], got 'nan'"),
    ("--gc-random=x:0.5", "--gc-random wants SEED[:P], a non-negative integer seed, got 'x'"),
    ("--gc-record=r", "--gc-record records the collections a stress schedule forces; give one"),
], ids=lambda x: x if x.startswith("--") else "")
def test_bad_stress_flag_is_a_usage_error(run, tmp_path, flag, message):
    write(tmp_path, "p.bg", loop_program(1))
    result = run("run", flag, "p.bg")
    assert result.returncode == 2
    assert result.stderr.startswith(f"beagle run: {message}"), result.stderr
    assert result.stdout == ""


def test_two_schedules_are_refused(run, tmp_path):
    write(tmp_path, "p.bg", loop_program(1))
    result = run("run", "--gc-every=3", "--gc-random=1", "p.bg")
    assert result.returncode == 2
    assert result.stderr == "beagle run: one stress schedule at a time: --gc-every=3 and --gc-random=1\n"


# ---------------------------------------------------------------- record and replay


@pytest.mark.parametrize("gc", COLLECTORS)
@pytest.mark.parametrize("flag", ["--gc-random=9:0.3", "--gc-at-safepoints"])
def test_replay_forces_exactly_the_recorded_collections(run, tmp_path, gc, flag):
    write(tmp_path, "trees.bg", open(BINARY_TREES).read())
    first = run("run", f"--gc={gc}", flag, "--gc-record=a", "--stats", "trees.bg", "4")
    again = run("run", f"--gc={gc}", "--gc-replay=a", "--gc-record=b", "--stats", "trees.bg", "4")
    assert first.returncode == again.returncode == 0, again.stderr
    assert first.stdout == again.stdout
    a, b = read_schedule(tmp_path / "a"), read_schedule(tmp_path / "b")
    assert a[1] == b[1] and a[2] == b[2]
    assert b[0]["recorded-by"] == "--gc-replay=a"
    # This small heap needs no collection but the forced ones and those a
    # collector asks for itself (concurrent's remark once its lock-step
    # marking is done), and the replay asks for the same.
    assert stats(first.stderr)["collections"] == stats(again.stderr)["collections"] >= len(a[1])


def test_record_file_format(run, tmp_path):
    write(tmp_path, "p.bg", loop_program(20))
    result = run("run", "--gc=compacting", "--gc-every=5", "--gc-record=p.schedule", "p.bg")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "p.schedule").read_text().splitlines()
    end = int(lines[-1].split()[1])
    h = 0xcbf29ce484222325
    for byte in (tmp_path / "p.bg").read_bytes():
        h = ((h ^ byte) * 0x100000001b3) % 2 ** 64
    assert lines[:7] == ["beagle-gc-schedule 1", "program p.bg", f"program-fnv1a {h:016x}", "collector compacting",
                         "points allocations", "whole-heap no", "recorded-by --gc-every=5"]
    assert lines[7:-1] == [f"collect {i}" for i in range(5, end + 1, 5)]


def test_record_survives_a_crash(run, tmp_path):
    """Each index is written before its collection runs: a run that dies in
    a collection leaves a file that names it."""
    write(tmp_path, "trees.bg", open(BINARY_TREES).read())
    result = run("run", "--gc-always", "--test-drop-roots=frames", "--gc-record=crash", "trees.bg", "4")
    assert result.returncode == 1
    m = re.search(r"after collection number (\d+)", result.stderr)
    assert m, result.stderr
    _, collections, end = read_schedule(tmp_path / "crash")
    assert end is None  # the run did not finish
    assert len(collections) == int(m.group(1))


def record(run, tmp_path, *flags):
    write(tmp_path, "p.bg", loop_program(50))
    result = run("run", *flags, "--gc-record=p.schedule", "p.bg")
    assert result.returncode == 0, result.stderr
    return "p.schedule"


def test_replay_of_another_program_is_refused(run, tmp_path):
    schedule = record(run, tmp_path, "--gc-every=4")
    write(tmp_path, "other.bg", loop_program(51))
    result = run("run", f"--gc-replay={schedule}", "other.bg")
    assert result.returncode == 2
    assert re.fullmatch(r"beagle run: --gc-replay: p.schedule was recorded for the program 'p.bg' \(fnv1a [0-9a-f]{16}\), "
                        r"not for 'other.bg' \(fnv1a [0-9a-f]{16}\)\n", result.stderr), result.stderr
    assert result.stdout == ""


def test_replay_with_another_collector_is_refused(run, tmp_path):
    schedule = record(run, tmp_path, "--gc=compacting", "--gc-every=4")
    result = run("run", "--gc=mark-sweep", f"--gc-replay={schedule}", "p.bg")
    assert result.returncode == 2
    assert result.stderr == "beagle run: --gc-replay: p.schedule was recorded with --gc=compacting, not --gc=mark-sweep\n"


def test_replay_that_runs_out_of_allocations_is_refused(run, tmp_path):
    schedule = record(run, tmp_path, "--gc-every=4")
    _, collections, end = read_schedule(tmp_path / schedule)
    with open(tmp_path / schedule, "a") as f:
        f.write(f"collect {end + 1}\ncollect {end + 7}\n")
    result = run("run", f"--gc-replay={schedule}", "p.bg")
    assert result.returncode == 2
    assert result.stdout == "0.5\n"  # the program ran
    assert result.stderr == (f"beagle run: --gc-replay: the program ended after {end} allocations, but p.schedule has "
                             f"2 more collection(s), from allocation {end + 1} on (recorded with other program "
                             f"arguments or options?)\n")


@pytest.mark.parametrize("text, message", [
    ("", "p.schedule: empty, not a schedule file"),
    ("collect 3\n", "p.schedule:1: not a schedule file (the first line must be 'beagle-gc-schedule 1')"),
    ("beagle-gc-schedule 1\nprogram p.bg\n", "p.schedule: no 'program-fnv1a' line"),
    ("beagle-gc-schedule 1\ncollect 9\ncollect 3\n", "p.schedule:3: index 3 is not above the one before it (9)"),
], ids=["empty", "no-signature", "no-hash", "descending"])
def test_malformed_replay_file_is_refused(run, tmp_path, text, message):
    write(tmp_path, "p.bg", loop_program(1))
    (tmp_path / "p.schedule").write_text(text)
    result = run("run", "--gc-replay=p.schedule", "p.bg")
    assert result.returncode == 2
    assert result.stderr == f"beagle run: --gc-replay: {message}\n"


def test_missing_replay_file(run, tmp_path):
    write(tmp_path, "p.bg", loop_program(1))
    result = run("run", "--gc-replay=nope", "p.bg")
    assert result.returncode == 2
    assert result.stderr == "beagle run: --gc-replay: cannot open the schedule file 'nope'\n"


# ---------------------------------------------------------------- a planted fault, shrunk


def test_dropped_root_class_is_caught_by_the_verifier(run, tmp_path):
    write(tmp_path, "trees.bg", open(BINARY_TREES).read())
    result = run("run", "--gc-always", "--test-drop-roots=frames", "trees.bg", "4")
    assert result.returncode == 1
    assert re.match(r"heap verification failed after collection number \d+ \(collector mark-sweep\): root \d+ at "
                    r"0x[0-9a-f]+ points at free memory", result.stderr), result.stderr
    # Without the fault the same run passes.
    assert run("run", "--gc-always", "trees.bg", "4").returncode == 0


def test_unknown_root_class_is_a_usage_error(run, tmp_path):
    write(tmp_path, "p.bg", loop_program(1))
    result = run("run", "--test-drop-roots=stack", "p.bg")
    assert result.returncode == 2
    assert result.stderr == ("beagle run: --test-drop-roots: no root class 'stack' "
                             "(the classes: frames, handles, globals)\n")


def masked(line):
    """A line with its addresses and numbers masked (they differ from run to run)."""
    return re.sub(r"0x[0-9a-f]+|\d+", "N", line)


@pytest.mark.parametrize("schedule", ["--gc-always", "--gc-at-safepoints", "--gc-random=3:0.5"])
def test_shrink_reduces_a_failing_schedule_to_one_or_two_collections(run, tmp_path, schedule):
    write(tmp_path, "trees.bg", open(BINARY_TREES).read())
    failing = run("run", schedule, "--test-drop-roots=frames", "--gc-record=fail", "trees.bg", "4")
    assert failing.returncode == 1
    _, recorded, _ = read_schedule(tmp_path / "fail")
    result = run("shrink", "--gc-replay=fail", "--test-drop-roots=frames", "trees.bg", "4", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert masked(lines[0]) == masked(f"the full schedule ({len(recorded)} collections) fails with exit status 1: "
                                      + failing.stderr.splitlines()[0]), result.stdout
    m = re.match(r"minimal schedule: (\d+) collection\(s\) \((\d+) runs\)$", lines[1])
    assert m, result.stdout
    kept = int(m.group(1))
    assert 1 <= kept <= 2
    _, minimal, _ = read_schedule(tmp_path / "fail.min")
    assert len(minimal) == kept and set(minimal) <= set(recorded)
    assert lines[2:2 + kept] == [f"  collect at {'safepoint' if 'safepoints' in schedule else 'allocation'} {i}"
                                 for i in minimal]
    assert lines[-1] == "written to fail.min (replay it with beagle run --gc-replay=fail.min)"
    # The minimal schedule fails the same way; without the fault it passes.
    again = run("run", "--gc-replay=fail.min", "--test-drop-roots=frames", "trees.bg", "4")
    assert again.returncode == 1
    assert masked(again.stderr.splitlines()[0]) == masked(failing.stderr.splitlines()[0])
    assert run("run", "--gc-replay=fail.min", "trees.bg", "4").returncode == 0


def test_shrink_of_a_passing_schedule_says_so(run, tmp_path):
    write(tmp_path, "p.bg", loop_program(30))
    run("run", "--gc-every=3", "--gc-record=ok", "p.bg")
    result = run("shrink", "--gc-replay=ok", "p.bg")
    assert result.returncode == 1
    _, recorded, _ = read_schedule(tmp_path / "ok")
    assert result.stdout == f"the full schedule ({len(recorded)} collections) does not fail: nothing to shrink\n"


def test_shrink_refuses_a_schedule_of_another_program(run, tmp_path):
    write(tmp_path, "p.bg", loop_program(30))
    run("run", "--gc-every=3", "--gc-record=ok", "p.bg")
    write(tmp_path, "q.bg", loop_program(31))
    result = run("shrink", "--gc-replay=ok", "q.bg")
    assert result.returncode == 2
    assert result.stderr.startswith("beagle shrink: the run itself was refused: beagle run: --gc-replay: ok was "
                                    "recorded for the program 'p.bg'"), result.stderr


@pytest.mark.parametrize("args, message", [
    (["p.bg"], "no --gc-replay=FILE given"),
    (["--gc-replay=x"], "no program given"),
    (["--gc-replay=missing", "p.bg"], "cannot open the schedule file 'missing'"),
    (["--gc-replay=x", "--timeout=0", "p.bg"], "--timeout wants a positive number of seconds, got '0'"),
], ids=["no-replay", "no-program", "missing-file", "bad-timeout"])
def test_shrink_usage_errors(run, tmp_path, args, message):
    result = run("shrink", *args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"beagle shrink: {message}"), result.stderr


def test_help_names_every_stress_flag(run):
    text = run("run", "--help").stdout
    for flag in ["--gc-always", "--gc-always=major", "--gc-every=N", "--gc-every-bytes=SIZE", "--gc-at-safepoints",
                 "--gc-random=SEED[:P]", "--gc-record=FILE", "--gc-replay=FILE", "--test-drop-roots=CLASS"]:
        assert flag in text
    assert "beagle shrink" in run("--help").stdout
    shrink = run("shrink", "--help")
    assert shrink.returncode == 0 and "ddmin" in shrink.stdout
