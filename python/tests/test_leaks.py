"""A hundred runs in one process leak nothing, whatever way they end: after a
warm-up, no mapping of machine code is left behind (a run's code, the
prelude's included, is some 32 KiB in pages of its own), and the resident
set stays within a small bound (each run maps its own heap and 256 MiB
stack, so a leak of either is megabytes a run)."""

import beagle

PROGRAMS = [
    ('fn main() { let mut v = []\n for i in range(0, 3000) { v = push(v, [i, "x${i}"]) }\n println(count(v)) }', None),
    ('fn main() { map(fn(x) { if x == 50 { throw({:bad x}) } else { [x] } }, range(0, 100)) }',
     beagle.BeagleRuntimeError),
    ('fn main() { map(fn(x) { match x { 1 => [x] } }, [1, 1, 2]) }', beagle.BeagleFatalError),
    ('fn grow(acc, n) { if n == 0 { acc } else { grow(push(acc, [n, n]), n - 1) } }\n'
     'fn main() { println(count(grow([], 10000000))) }', beagle.BeagleOutOfMemory),
    ('fn main() { let x = }', SyntaxError),
]
COLLECTORS = [c.name for c in beagle.collectors()]


def resident_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


def code_mappings():
    """The anonymous executable mappings: the JIT's code memory."""
    with open("/proc/self/maps") as f:
        return [line for line in f if line.split()[1] == "r-xp" and len(line.split()) == 5]


def run_once(i):
    source, error = PROGRAMS[i % len(PROGRAMS)]
    gc = COLLECTORS[i // len(PROGRAMS) % len(COLLECTORS)]
    try:
        result = beagle.run(source, gc=gc, heap="8M")
        assert error is None and result.stdout == "3000\n"
    except (beagle.BeagleError, SyntaxError) as e:
        assert type(e) is error, (gc, source, e)


def test_a_hundred_runs_leak_nothing():
    for i in range(20):
        run_once(i)
    before, code_before = resident_kib(), len(code_mappings())
    for i in range(100):
        run_once(i)
    grown = resident_kib() - before
    assert len(code_mappings()) == code_before, "machine code left mapped"
    assert grown < 2048, f"the resident set grew by {grown} KiB over 100 runs"
