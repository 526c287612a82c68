"""`beagle run --perf-map` and `--jitdump`: the files that let perf name
compiled Beagle code (docs/PROFILING.md). The expected names and positions
are read from the program's text here, and the addresses are checked against
the process's own memory map (/proc/PID/maps) and the code bytes."""

import glob
import os
import re
import shutil
import struct
import subprocess
import time

import pytest

from conftest import write

PROGRAM = """namespace prof.test

struct Square { side }

protocol Shape {
  fn area(self)
  fn describe(self) { "shape" }
}

extend Square with Shape {
  fn area(self) { self.side * self.side }
}

fn total {
  (a) => a
  (a, b) => a + b
}

fn make-adder(n) {
  fn (x) { x + n }
}

fn spin(n) {
  let mut i = 0
  let mut s = 0
  while i < n {
    s = s + i
    i = i + 1
  }
  s
}

fn main(args) {
  let add = make-adder(1)
  println(add(total(1, 2)), area(Square { side: 3 }), describe(Square { side: 1 }))
  spin(parse-int(args[0]))
  sleep(parse-int(args[1]))
}
"""


def closure_position(text, needle):
    """1-based line and column of `needle` in `text`."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


CLOSURE = "prof.test/make-adder/fn@%d:%d" % closure_position(PROGRAM, "fn (x)")

# Every function, case, dispatcher and method of PROGRAM, by the convention
# of docs/PROFILING.md, with the stubs and a builtin's adapter.
EXPECTED = {
    "prof.test/__top_level", "prof.test/total", "prof.test/total#1", "prof.test/total#2", "prof.test/make-adder",
    CLOSURE, "prof.test/spin", "prof.test/main", "prof.test/area", "prof.test/describe", "prof.test/area<Square>",
    "prof.test/describe<default>", "stub:entry", "stub:call_value", "stub:unwind", "stub:remember",
    "beagle.core/println",
}
# The ones compiled from a Beagle function body: each starts with a frame.
BODIES = {"prof.test/__top_level", "prof.test/total#1", "prof.test/total#2", "prof.test/make-adder", CLOSURE,
          "prof.test/spin", "prof.test/main", "prof.test/area<Square>", "prof.test/describe<default>"}
PROLOGUE = bytes([0x55, 0x48, 0x89, 0xE5])  # push rbp; mov rbp, rsp
# A function of parameters first checks its argument count (jit/function_compiler.cc):
# cmp rsi, imm8 (48 83 FE nn), then jne or jb rel32 (0F 85 or 0F 82, 4 bytes).
ARITY_CHECK_SIZE = 10


def starts_with_prologue(code):
    """Whether the code is a prologue, after the arity check if it has one."""
    if code[:3] == bytes([0x48, 0x83, 0xFE]) and code[4] == 0x0F and code[5] in (0x85, 0x82):
        code = code[ARITY_CHECK_SIZE:]
    return code.startswith(PROLOGUE)


def read_perf_map(path):
    """[(start, size, name)] of a perf map, every line checked."""
    entries = []
    with open(path) as f:
        for line in f:
            m = re.fullmatch(r"([0-9a-f]+) ([0-9a-f]+) (.+)\n", line)
            assert m, f"malformed perf map line: {line!r}"
            entries.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3)))
    return entries


def executable_mappings(pid):
    """[(start, end)] of the process's executable mappings."""
    ranges = []
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            addresses, permissions = line.split()[:2]
            if "x" in permissions:
                start, end = (int(a, 16) for a in addresses.split("-"))
                ranges.append((start, end))
    return ranges


def assert_disjoint(entries):
    ordered = sorted(entries)
    for (start, size, name), (next_start, _, next_name) in zip(ordered, ordered[1:]):
        assert start + size <= next_start, f"{name} overlaps {next_name}"
    assert all(size > 0 for _, size, _ in entries)


def start_program(beagle, tmp_path, flag, spin, sleep_ms):
    path = write(tmp_path, "prof.bg", PROGRAM)
    return subprocess.Popen([beagle, "run", flag, path, str(spin), str(sleep_ms)], cwd=tmp_path,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_line(path, name, process, timeout=30):
    """Waits until the file at `path` has a line ending with " name" (a
    block's names are written in one go)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path) and any(line.endswith(" " + name + "\n") for line in open(path)):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    pytest.fail(f"{path} never named {name}")


def test_perf_map_names_every_function_at_an_executable_address(beagle, tmp_path):
    process = start_program(beagle, tmp_path, "--perf-map", 0, 60000)
    map_path = f"/tmp/perf-{process.pid}.map"
    try:
        wait_for_line(map_path, "prof.test/__top_level", process)
        # main is asleep: the code is mapped as the map says.
        mappings = executable_mappings(process.pid)
        entries = read_perf_map(map_path)
    finally:
        process.kill()
        process.communicate()
        if os.path.exists(map_path):
            os.remove(map_path)
    names = [name for _, _, name in entries]
    assert EXPECTED <= set(names), sorted(EXPECTED - set(names))
    for name in EXPECTED:
        assert names.count(name) == 1, name
    assert_disjoint(entries)
    for start, size, name in entries:
        assert any(low <= start and start + size <= high for low, high in mappings), \
            f"{name} at {start:#x}+{size:#x} is not in an executable mapping"


def read_jitdump(path):
    """The header's fields and the JIT_CODE_LOAD records of a jitdump file."""
    data = open(path, "rb").read()
    magic, version, header_size, machine, _, pid, _, flags = struct.unpack_from("<IIIIIIQQ", data, 0)
    header = {"magic": magic, "version": version, "size": header_size, "machine": machine, "pid": pid,
              "flags": flags}
    records, offset = [], header_size
    while offset < len(data):
        kind, size, timestamp = struct.unpack_from("<IIQ", data, offset)
        assert size >= 16 and offset + size <= len(data), f"a record of {size} bytes at {offset}"
        if kind == 0:  # JIT_CODE_LOAD
            rpid, tid, vma, address, code_size, index = struct.unpack_from("<IIQQQQ", data, offset + 16)
            name_end = data.index(b"\0", offset + 56)
            name = data[offset + 56:name_end].decode()
            code = data[name_end + 1:offset + size]
            records.append({"timestamp": timestamp, "pid": rpid, "vma": vma, "address": address,
                            "size": code_size, "index": index, "name": name, "code": code})
        offset += size
    return header, records


def test_jitdump_has_a_code_load_record_per_function(beagle, tmp_path):
    process = start_program(beagle, tmp_path, "--jitdump", 0, 0)
    out, err = process.communicate(timeout=60)
    dump_path = f"/tmp/jit-{process.pid}.dump"
    try:
        assert process.returncode == 0, err
        assert out == "4 9 shape\n"
        header, records = read_jitdump(dump_path)
    finally:
        if os.path.exists(dump_path):
            os.remove(dump_path)
    assert header == {"magic": 0x4A695444, "version": 1, "size": 40, "machine": 62, "pid": process.pid, "flags": 0}
    names = [r["name"] for r in records]
    assert EXPECTED <= set(names), sorted(EXPECTED - set(names))
    for name in EXPECTED:
        assert names.count(name) == 1, name
    for r in records:
        assert r["pid"] == process.pid and r["vma"] == r["address"]
        assert len(r["code"]) == r["size"], r["name"]
    assert sorted(r["index"] for r in records) == list(range(len(records)))
    assert [r["timestamp"] for r in records] == sorted(r["timestamp"] for r in records)
    assert_disjoint([(r["address"], r["size"], r["name"]) for r in records])
    for r in records:
        if r["name"] in BODIES:
            assert starts_with_prologue(r["code"]), (r["name"], r["code"][:16].hex())


# perf itself, end to end (docs/PROFILING.md's commands): a program that spends
# its time in `spin` shows `prof.test/spin` in perf report.

def perf_works():
    if shutil.which("perf") is None:
        return False
    probe = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-o", "/dev/null", "true"],
                           capture_output=True)
    return probe.returncode == 0


needs_perf = pytest.mark.skipif(not perf_works(), reason="perf is not installed or may not record here")
SPIN = 30_000_000


@pytest.fixture
def perf(tmp_path):
    """Runs perf in tmp_path, with its build-id cache there too (not in
    ~/.debug); afterwards removes the files in /tmp of the processes it
    recorded."""

    def run_perf(*args):
        result = subprocess.run(["perf", "--buildid-dir", str(tmp_path / "buildid"), *args], cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    yield run_perf
    if (tmp_path / "perf.data").exists():
        for pid in set(run_perf("script", "-i", "perf.data", "-F", "pid").split()):
            for leftover in glob.glob(f"/tmp/perf-{pid}.map") + glob.glob(f"/tmp/jit-{pid}.dump") + \
                    glob.glob(f"/tmp/jitted-{pid}-*.so"):
                os.remove(leftover)


def hottest_symbol(report):
    m = re.search(r"^\s+[\d.]+%\s+\[\.\]\s+(\S+)\s*$", report, re.M)
    assert m, report
    return m.group(1)


@needs_perf
def test_perf_report_names_beagle_functions_through_the_perf_map(beagle, tmp_path, perf):
    path = write(tmp_path, "prof.bg", PROGRAM)
    perf("record", "-q", "-e", "cpu-clock", "-o", "perf.data", beagle, "run", "--perf-map", path, str(SPIN), "0")
    report = perf("report", "-i", "perf.data", "--stdio", "--sort", "sym")
    assert hottest_symbol(report) == "prof.test/spin"


@needs_perf
def test_perf_inject_names_beagle_functions_through_the_jitdump(beagle, tmp_path, perf):
    path = write(tmp_path, "prof.bg", PROGRAM)
    perf("record", "-q", "-k", "mono", "-e", "cpu-clock", "-o", "perf.data", beagle, "run", "--jitdump", path,
         str(SPIN), "0")
    perf("inject", "--jit", "-i", "perf.data", "-o", "perf.jit.data")
    report = perf("report", "-i", "perf.jit.data", "--stdio", "--sort", "sym")
    assert hottest_symbol(report) == "prof.test/spin"
