"""beagle.run: what a program prints, its arguments, paths and source text,
the options, and how each way of failing reaches Python.

    PYTHONPATH=build/python /usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests
"""

import os
import pathlib
import struct

import pytest

import beagle
from conftest import WORKLOADS, expected_output, registered_collectors

COLLECTORS = registered_collectors()
BINARY_TREES = os.path.join(WORKLOADS, "binary-trees.bg")


@pytest.mark.parametrize("gc", COLLECTORS)
def test_a_workload_prints_its_golden_output_under_every_collector(gc):
    result = beagle.run(BINARY_TREES, gc=gc, args=["6"])
    assert result.stdout == expected_output("binary-trees-6.txt")
    assert (result.exit_status, result.ending, result.collector) == (0, "returned", gc)
    assert result.stderr == ""


def test_a_path_object_and_a_string_path_run_the_same_file():
    by_string = beagle.run(BINARY_TREES, args=["6"], gc="compacting", heap="16M")
    by_path = beagle.run(pathlib.Path(BINARY_TREES), args=["6"], gc="compacting", heap=16 << 20)
    assert by_string.stdout == by_path.stdout == expected_output("binary-trees-6.txt")


def test_source_text_runs_with_its_arguments():
    result = beagle.run('fn main(args) { println(count(args), args[0] ++ args[1])\n print("no newline") }',
                        args=["ab", 7])
    assert result.stdout == "2 ab7\nno newline"


def test_top_level_code_runs_without_main():
    assert beagle.run('println("top")\nlet x = 1 + 2\nprintln(x)').stdout == "top\n3\n"


def test_no_std_runs_without_the_prelude():
    # `Format` is a prelude protocol: without the prelude the name is unknown.
    source = "extend Int with Format { fn format(self, depth) { \"int\" } }\nfn main() { println(1) }"
    assert beagle.run(source).stdout == "int\n"
    with pytest.raises(SyntaxError):
        beagle.run(source, no_std=True)


def test_a_syntax_error_is_a_python_syntax_error_with_its_place():
    with pytest.raises(SyntaxError) as caught:
        beagle.run("fn main() {\n  let x = [1, 2\n  println(x)\n}\n", filename="broken.bg")
    e = caught.value
    assert (e.filename, e.lineno) == ("broken.bg", 3)
    assert e.offset == 3 and e.text == "  println(x)"
    assert e.result.exit_status == 1 and e.result.stdout == ""
    assert e.result.stderr.startswith("Error: broken.bg:3:3: ")


def test_a_compile_error_in_a_used_file_names_that_file(program):
    helper = program("helper.bg", "namespace helper\nfn twice(x) { x * 2 }\nfn broken() { undefined_name }\n")
    main = program("main.bg", "namespace main\nuse helper as h\nfn main() { println(h/twice(2)) }\n")
    with pytest.raises(SyntaxError) as caught:
        beagle.run(main)
    assert caught.value.filename == helper
    assert (caught.value.lineno, caught.value.offset) == (3, 15)
    assert caught.value.text == "fn broken() { undefined_name }"


def test_an_uncaught_exception_raises_with_the_value_and_the_output_so_far():
    with pytest.raises(beagle.BeagleRuntimeError) as caught:
        beagle.run('fn main() { println("before")\n throw({:code 42, :why "no"})\n println("after") }')
    e = caught.value
    assert e.value == '{:code 42, :why "no"}'
    assert e.result.stdout == 'before\nUncaught exception:\n{:code 42, :why "no"}\n'
    assert e.result.exit_status == 1 and e.result.ending == "uncaught-exception"


def test_an_exception_thrown_through_builtins_is_caught_by_beagle_code():
    source = """fn main() {
  let r = try { map(fn(x) { if x == 3 { throw(x * 10) } else { x } }, [1, 2, 3]) } catch (e) { e }
  println(r)
}"""
    assert beagle.run(source).stdout == "30\n"


@pytest.mark.parametrize("gc", [c for c in COLLECTORS if c != "nogc"])
def test_out_of_memory_raises_its_own_exception(gc):
    source = ("fn grow(acc, n) { if n == 0 { acc } else { grow(push(acc, [n, n]), n - 1) } }\n"
              'fn main() { println("start")\n println(count(grow([], 10000000))) }')
    with pytest.raises(beagle.BeagleOutOfMemory) as caught:
        beagle.run(source, gc=gc, heap="8M")
    assert str(caught.value).startswith("cannot allocate")
    assert caught.value.result.stdout == "start\n"
    assert caught.value.result.stderr.startswith("Out of memory: cannot allocate")


def test_a_heap_too_small_for_the_prelude_is_out_of_memory():
    with pytest.raises(beagle.BeagleOutOfMemory) as caught:
        beagle.run('fn main() { println("hi") }', heap="4K")  # the prelude needs more than 4 KiB of objects
    assert caught.value.result.stdout == ""
    assert caught.value.result.stderr.startswith("Out of memory: cannot allocate")


def test_out_of_memory_inside_a_builtin_callback_ends_the_run_past_every_try():
    # The abort crosses a `try`, JIT frames and the C++ frames of map().
    source = ("fn grow(acc, n) { if n == 0 { acc } else { grow(push(acc, [n, n]), n - 1) } }\n"
              "fn main() { try { map(fn(x) { grow([], 10000000) }, [1]) } catch (e) { println(\"caught\") } }")
    with pytest.raises(beagle.BeagleOutOfMemory) as caught:
        beagle.run(source, heap="8M")
    assert "caught" not in caught.value.result.stdout


def test_a_match_with_no_arm_is_a_fatal_error_that_no_try_catches():
    source = 'fn f(x) { match x { 1 => "one" } }\nfn main() { try { println(f(1))\n f(2) } catch (e) { println("caught") } }'
    with pytest.raises(beagle.BeagleFatalError) as caught:
        beagle.run(source)
    assert str(caught.value) == "No match arm matched the value 2"
    assert caught.value.result.stdout == "one\n"


def test_a_run_after_a_failed_one_is_unaffected():
    with pytest.raises(beagle.BeagleFatalError):
        beagle.run("fn main() { match 2 { 1 => 1 } }")
    assert beagle.run(BINARY_TREES, args=["6"]).stdout == expected_output("binary-trees-6.txt")


@pytest.mark.parametrize("options, message", [
    (dict(gc="no-such-gc"), "unknown collector 'no-such-gc'"),
    (dict(heap="12Q"), "bad heap size '12Q'"),
    (dict(stress="sometimes"), "unknown stress flag '--gc-sometimes'"),
    (dict(stress="every=0"), "--gc-every wants a positive number"),
    (dict(gc_always=True, stress="every=3"), "one stress schedule at a time"),
    (dict(gc="mark-sweep", gc_options={"nursery": "4M"}), "collector mark-sweep has no option 'nursery'"),
    (dict(gc="generational", gc_options={"nursery": "1K"}), "generational: a nursery of 1K is too small"),
    (dict(stress="record=x.schedule"), "--gc-record records the collections a stress schedule forces"),
])
def test_bad_options_raise_value_error_before_anything_runs(options, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        beagle.run('fn main() { println("ran") }', **options)


def test_a_file_that_cannot_be_read_raises_os_error(tmp_path):
    with pytest.raises(OSError, match="cannot open"):
        beagle.run(str(tmp_path / "missing.bg"))


def test_perf_map_and_jitdump_name_the_program_functions():
    """The files of `beagle run --perf-map` and `--jitdump` (docs/PROFILING.md),
    here for the Python process; tests/cli/test_profiling.py checks them fully."""
    beagle.run("fn twice(x) { x * 2 }\nfn main() { println(twice(2)) }", perf_map=True, jitdump=True)
    map_path, dump_path = f"/tmp/perf-{os.getpid()}.map", f"/tmp/jit-{os.getpid()}.dump"
    try:
        names = [line.rstrip("\n").split(" ", 2)[2] for line in open(map_path)]
        dump = open(dump_path, "rb").read()
    finally:
        for path in (map_path, dump_path):
            if os.path.exists(path):
                os.remove(path)
    assert "user/twice" in names and "user/main" in names and "stub:entry" in names
    assert dump[:4] == struct.pack("<I", 0x4A695444) and b"user/twice\0" in dump
