"""Tests of run_lang_tests.py, using fake beagle executables (no real beagle needed).

The fake beagle finds the .bg file among its arguments and obeys directives
written in it (the runner treats them as ordinary code lines):
    #out TEXT      write TEXT and a newline to stdout
    #outn TEXT     write TEXT (no newline) to stdout
    #err TEXT      write TEXT and a newline to stderr
    #errlines N    write N numbered lines to stderr
    #sleep S       run `sleep S` as a child process (tests process-group kill)
    #signal NAME   kill itself with signal NAME
    #exit N        exit with status N
It appends its argument list as a JSON line to $FAKE_LOG when that is set.
`fake-beagle gcs` lists two collectors, alpha and beta; `fake-beagle gcs
NAME` describes one (beta moves, alpha does not).
"""

import json
import os
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_lang_tests as rlt  # noqa: E402

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run_lang_tests.py")

FAKE_BEAGLE = """\
#!{python}
import json, os, resource, signal, subprocess, sys
args = sys.argv[1:]
if args[:1] == ["gcs"]:
    if len(args) == 1:
        print("alpha        the first\\nbeta         the second: moving")
    else:
        print(args[1] + ": a collector: with colons\\nfast path: bump\\nmoving: " +
              ("yes" if args[1] == "beta" else "no") + "\\noptions: none")
    sys.exit(0)
path = next(a for a in args if a.endswith(".bg"))
if os.environ.get("FAKE_LOG"):
    with open(os.environ["FAKE_LOG"], "a") as f:
        f.write(json.dumps(args) + "\\n")
out, err = sys.stdout.buffer, sys.stderr.buffer
for line in open(path, "rb").read().split(b"\\n"):
    word, _, rest = line.partition(b" ")
    if word == b"#out":
        out.write(rest + b"\\n")
    elif word == b"#outn":
        out.write(rest)
    elif word == b"#err":
        err.write(rest + b"\\n")
    elif word == b"#errlines":
        err.write(b"".join(b"err line %d\\n" % i for i in range(int(rest))))
    elif word == b"#sleep":
        out.flush()
        subprocess.run(["sleep", rest.decode()])
    elif word == b"#signal":
        out.flush()
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.kill(os.getpid(), getattr(signal, rest.decode()))
    elif word == b"#exit":
        out.flush()
        err.flush()
        os._exit(int(rest))
"""


# --------------------------------------------------------------------------
# Helpers


@pytest.fixture
def fake(tmp_path):
    path = tmp_path / "fake-beagle"
    path.write_text(FAKE_BEAGLE.format(python=sys.executable))
    path.chmod(0o755)
    return str(path)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


def write_configs(tmp_path, text="default run\n"):
    return write(tmp_path / "configs.txt", text)


def run_main(capsys, fake, configs, paths, *options):
    """Run the runner in-process; return (exit status, stdout lines).

    stderr is kept in run_main.stderr."""
    status = rlt.main(["--beagle", fake, "--configs", configs, *options, *paths])
    captured = capsys.readouterr()
    run_main.stderr = captured.err
    return status, captured.out.splitlines()


def expected_of(text):
    test = rlt.parse_test("t.bg", text.encode() if isinstance(text, str) else text)
    return None if test is None else test.expected


PASSING = "#out hello\n// Expect\n// hello\n"


# --------------------------------------------------------------------------
# Expected-output block (LANGUAGE.md 8.1)


def test_basic_block():
    assert expected_of("fn main() {}\n// Expect\n// a\n// b\n") == b"a\nb\n"


def test_bare_slashes_give_empty_line():
    assert expected_of("// Expect\n// a\n//\n// b\n") == b"a\n\nb\n"


def test_only_one_space_is_stripped():
    assert expected_of("// Expect\n//  two\n//   three\n//x\n") == b" two\n  three\nx\n"


def test_trailing_whitespace_is_kept():
    assert expected_of("// Expect\n// a  \n// b\t\n// \n") == b"a  \nb\t\n\n"


def test_block_stops_at_blank_line():
    assert expected_of("// Expect\n// a\n\n// b\n") == b"a\n"


def test_block_stops_at_code():
    assert expected_of("// Expect\n// a\nfn main() {}\n// b\n") == b"a\n"


def test_block_lines_must_start_in_column_zero():
    assert expected_of("// Expect\n// a\n // b\n// c\n") == b"a\n"


def test_marker_with_trailing_spaces_and_tabs():
    assert expected_of("// Expect  \t \n// a\n") == b"a\n"


@pytest.mark.parametrize("marker", ["//Expect", "// expect", "// Expect:", " // Expect",
                                    "//  Expect", "// Expected"])
def test_not_a_marker(marker):
    assert expected_of(f"{marker}\n// a\n") is None


def test_file_without_marker_is_not_a_test():
    assert expected_of("fn main() { println(1) }\n// 1\n") is None
    assert expected_of("") is None


def test_empty_block_means_no_output():
    assert expected_of("// Expect\n") == b""
    assert expected_of("// Expect\nfn main() {}\n") == b""


def test_first_marker_wins():
    assert expected_of("// Expect\n// Expect\n// a\n") == b"Expect\na\n"


def test_flag_lines_after_marker_are_output():
    test = rlt.parse_test("t.bg", b"// Expect\n// exit: 3\n// skip: x\n")
    assert test.expected == b"exit: 3\nskip: x\n"
    assert test.exit_status == 0
    assert test.skip == frozenset()


def test_last_line_without_newline():
    assert expected_of("// Expect\n// a\n// last") == b"a\nlast\n"
    assert expected_of("// Expect") == b""


def test_non_ascii_survives():
    text = "// Expect\n// héllo → wörld ✓  \n"
    assert expected_of(text) == "héllo → wörld ✓  \n".encode()


def test_spec_example():
    text = ("namespace demo_test\n\n// gc-always\n\nfn main() {\n}\n\n"
            "// Expect\n// sum: 6\n//   indented, trailing space \n")
    assert expected_of(text) == b"sum: 6\n  indented, trailing space \n"


# --------------------------------------------------------------------------
# Flags (LANGUAGE.md 8.3 plus runner flags)


def test_flags_before_marker():
    test = rlt.parse_test("t.bg", b"// exit: 3\n// args: a  b\tc\n// timeout: 2.5\n"
                                  b"// skip: x y\n// skip: z\n// gc-always\n// no-std\n"
                                  b"// Expect\n")
    assert test.exit_status == 3
    assert test.args == ("a", "b", "c")
    assert test.timeout == 2.5
    assert test.skip == {"x", "y", "z"}
    assert test.error is None


def test_flag_with_trailing_whitespace():
    assert rlt.parse_test("t.bg", b"// exit: 4  \t\n// Expect\n").exit_status == 4


def test_flag_must_be_whole_line():
    test = rlt.parse_test("t.bg", b"x // exit: 4\n//exit: 5\n// Expect\n")
    assert test.exit_status == 0


def test_malformed_flag_is_an_error():
    assert rlt.parse_test("t.bg", b"// exit: many\n// Expect\n").error
    assert rlt.parse_test("t.bg", b"// timeout: soon\n// Expect\n").error


# --------------------------------------------------------------------------
# Configuration files


def test_parse_configs():
    configs = rlt.parse_configs("# comment\n\nparse  parse\n"
                                "ms  run --gc=mark-sweep   # trailing comment\n"
                                "q run '--x=a b'\n")
    assert configs == [rlt.Config("parse", ("parse",)),
                       rlt.Config("ms", ("run", "--gc=mark-sweep")),
                       rlt.Config("q", ("run", "--x=a b"))]


def test_duplicate_config_is_an_error():
    with pytest.raises(rlt.UsageError):
        rlt.parse_configs("a run\na run --gc=x\n")


COLLECTORS = [("alpha", {"name": "alpha", "moving": "no", "fast-path": "bump"}),
              ("beta", {"name": "beta", "moving": "yes", "fast-path": "bump"})]


def test_gc_placeholder_makes_one_configuration_per_collector():
    configs = rlt.parse_configs("parse parse\n{gc} run --gc={gc}\n{gc}-always run --gc={gc} --gc-always\n",
                                collectors=lambda: COLLECTORS)
    assert configs == [rlt.Config("parse", ("parse",)),
                       rlt.Config("alpha", ("run", "--gc=alpha")), rlt.Config("beta", ("run", "--gc=beta")),
                       rlt.Config("alpha-always", ("run", "--gc=alpha", "--gc-always")),
                       rlt.Config("beta-always", ("run", "--gc=beta", "--gc-always"))]


def test_gc_placeholder_conditions():
    def names(line):
        return [c.name for c in rlt.parse_configs(line, collectors=lambda: COLLECTORS)]
    assert names("m-{gc:moving=yes} run --gc={gc}\n") == ["m-beta"]
    assert names("{gc:name!=alpha} run\n") == ["beta"]
    assert names("{gc:moving=no,fast-path=bump} run\n") == ["alpha"]
    with pytest.raises(rlt.UsageError, match="collector alpha has no attribute 'colour'"):
        names("{gc:colour=red} run\n")
    with pytest.raises(rlt.UsageError, match="bad condition 'moving'"):
        names("{gc:moving} run\n")


def test_gc_placeholder_needs_the_collectors():
    with pytest.raises(rlt.UsageError, match="needs the beagle executable"):
        rlt.parse_configs("{gc} run --gc={gc}\n")


def test_gc_placeholder_asks_beagle_gcs(tmp_path, fake, capsys):
    path = write(tmp_path / "t.bg", PASSING)
    configs = write_configs(tmp_path, "{gc:moving!=yes}-x run --gc={gc}\n{gc} run --gc={gc}\n")
    status, lines = run_main(capsys, fake, configs, [path], "-v")
    assert status == 0
    assert "configurations: alpha-x alpha beta" in lines[0]
    assert lines[-1] == "3 passed, 0 failed"


# --------------------------------------------------------------------------
# Running tests


def test_pass_and_fail_by_stdout(tmp_path, fake, capsys):
    good = write(tmp_path / "good.bg", PASSING)
    bad = write(tmp_path / "bad.bg", "#out hello\n// Expect\n// goodbye\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [good, bad])
    assert status == 1
    assert f"FAIL [default] {bad}: wrong output" in lines
    assert "-goodbye" in lines and "+hello" in lines
    assert lines[-1] == "1 passed, 1 failed"


def test_all_pass_exit_zero(tmp_path, fake, capsys):
    paths = [write(tmp_path / f"t{i}.bg", PASSING) for i in range(3)]
    status, lines = run_main(capsys, fake, write_configs(tmp_path), paths)
    assert status == 0
    assert lines == ["3 passed, 0 failed"]


def test_missing_final_newline_fails(tmp_path, fake, capsys):
    test = write(tmp_path / "t.bg", "#outn hello\n// Expect\n// hello\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [test])
    assert status == 1
    assert f"FAIL [default] {test}: wrong output" in lines
    assert "+\\ No newline at end of file" in lines
    assert " hello$" in lines
    assert any("only in trailing whitespace" in line for line in lines)
    assert lines[-1] == "0 passed, 1 failed"


def test_trailing_space_difference_fails(tmp_path, fake, capsys):
    test = write(tmp_path / "t.bg", "#out hello \n// Expect\n// hello\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [test])
    assert status == 1
    assert "-hello$" in lines and "+hello $" in lines
    assert any("only in trailing whitespace" in line for line in lines)


def test_no_output_expected(tmp_path, fake, capsys):
    quiet = write(tmp_path / "quiet.bg", "// Expect\n")
    noisy = write(tmp_path / "noisy.bg", "#out x\n// Expect\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [quiet, noisy])
    assert f"FAIL [default] {noisy}: wrong output" in lines
    assert lines[-1] == "1 passed, 1 failed"


def test_expected_exit_status(tmp_path, fake, capsys):
    right = write(tmp_path / "right.bg", "// exit: 3\n#out x\n#exit 3\n// Expect\n// x\n")
    zero = write(tmp_path / "zero.bg", "// exit: 3\n#out x\n// Expect\n// x\n")
    other = write(tmp_path / "other.bg", "#out x\n#exit 3\n// Expect\n// x\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [right, zero, other])
    assert status == 1
    assert f"FAIL [default] {zero}: exit status 0, expected 3" in lines
    assert f"FAIL [default] {other}: exit status 3, expected 0" in lines
    assert "exit status: expected 3, actual 0" in lines
    assert lines[-1] == "1 passed, 2 failed"


def test_stderr_flag(tmp_path, fake, capsys):
    flags = "// exit: 1\n// stderr: $FILE:2:5: bad\n// stderr: second\n"
    both = str(tmp_path / "both.bg")
    write(tmp_path / "both.bg", flags + f"#err {both}:2:5: bad word\n#err second\n#exit 1\n// Expect\n")
    one = write(tmp_path / "one.bg", flags + "#err second\n#exit 1\n// Expect\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [both, one])
    assert status == 1
    assert f"FAIL [default] {one}: stderr lacks '{one}:2:5: bad'" in lines
    assert lines[-1] == "1 passed, 1 failed"
    assert rlt.parse_test("t.bg", b"// stderr:\n// Expect\n").error


def test_timeout_kills_process_group(tmp_path, fake, capsys):
    slow = write(tmp_path / "slow.bg", "// timeout: 0.5\n#out partial\n#sleep 30\n"
                                       "// Expect\n// partial\n")
    fast = write(tmp_path / "fast.bg", PASSING)
    start = time.monotonic()
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [slow, fast])
    assert time.monotonic() - start < 10
    assert status == 1
    assert f"FAIL [default] {slow}: TIMEOUT (after 0.5 s)" in lines
    assert lines[-1] == "1 passed, 1 failed"


def test_timeout_option(tmp_path, fake, capsys):
    slow = write(tmp_path / "slow.bg", "#sleep 30\n// Expect\n")
    start = time.monotonic()
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [slow],
                             "--timeout", "0.5")
    assert time.monotonic() - start < 10
    assert any(line.startswith(f"FAIL [default] {slow}: TIMEOUT") for line in lines)


def test_timeout_scale_multiplies_the_tests_own_limit(tmp_path, fake, capsys):
    """A test's own 0.2 s limit, scaled by 10, lets a 1 s run pass; scaled
    by 2, it stops the run after 0.4 s."""
    slow = write(tmp_path / "slow.bg", "// timeout: 0.2\n#sleep 1\n#out done\n// Expect\n// done\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [slow], "--timeout-scale", "10")
    assert status == 0 and lines[-1] == "1 passed, 0 failed"
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [slow], "--timeout-scale", "2")
    assert f"FAIL [default] {slow}: TIMEOUT (after 0.4 s)" in lines


def test_crash_is_reported_and_others_still_pass(tmp_path, fake, capsys):
    paths = [write(tmp_path / "a.bg", PASSING),
             write(tmp_path / "crash.bg", "#out before\n#signal SIGSEGV\n// Expect\n// before\n"),
             write(tmp_path / "z.bg", PASSING)]
    status, lines = run_main(capsys, fake, write_configs(tmp_path), paths, "-j", "1")
    assert status == 1
    assert f"FAIL [default] {paths[1]}: CRASH (SIGSEGV)" in lines
    assert "exit status: expected 0, actual killed by SIGSEGV" in lines
    assert lines[-1] == "2 passed, 1 failed"


def test_expected_exit_does_not_excuse_a_crash(tmp_path, fake, capsys):
    test = write(tmp_path / "t.bg", "// exit: 139\n#signal SIGABRT\n// Expect\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [test])
    assert f"FAIL [default] {test}: CRASH (SIGABRT)" in lines


def test_stderr_shown_truncated_and_ignored_for_pass(tmp_path, fake, capsys):
    ok = write(tmp_path / "ok.bg", "#err warning\n" + PASSING)
    bad = write(tmp_path / "bad.bg", "#errlines 100\n#exit 1\n// Expect\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [ok, bad])
    assert lines[-1] == "1 passed, 1 failed"
    assert "  err line 99" in lines
    assert "  err line 10" not in lines
    assert "  ... (60 earlier lines)" in lines
    assert "  warning" not in lines


def test_malformed_flag_fails_every_config(tmp_path, fake, capsys):
    test = write(tmp_path / "t.bg", "// exit: x\n// Expect\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path, "a run\nb run\n"), [test])
    assert status == 1
    assert lines[-1] == "0 passed, 2 failed"


# --------------------------------------------------------------------------
# Configurations and arguments


def read_log(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_config_args_in_order_then_file_then_program_args(tmp_path, fake, capsys,
                                                          monkeypatch):
    log = tmp_path / "log"
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "t" / "a.bg", "// args: x  y\n" + PASSING)
    configs = write_configs(tmp_path, "# comment\nparse parse\n\n"
                                      "ms run --gc=mark-sweep --gc-always\n")
    status, lines = run_main(capsys, fake, configs, ["t"], "-j", "1")
    assert status == 0
    assert lines[-1] == "2 passed, 0 failed"
    assert sorted(read_log(log)) == sorted([
        ["parse", "t/a.bg", "x", "y"],
        ["run", "--gc=mark-sweep", "--gc-always", "t/a.bg", "x", "y"]])


def test_only_restricts_configs(tmp_path, fake, capsys, monkeypatch):
    log = tmp_path / "log"
    monkeypatch.setenv("FAKE_LOG", str(log))
    test = write(tmp_path / "a.bg", PASSING)
    configs = write_configs(tmp_path, "a run --a\nb run --b\nc run --c\n")
    status, lines = run_main(capsys, fake, configs, [test], "--only", "a", "--only", "c")
    assert status == 0
    assert lines[-1] == "2 passed, 0 failed"
    assert sorted(args[1] for args in read_log(log)) == ["--a", "--c"]


def test_only_unknown_config_is_usage_error(tmp_path, fake, capsys):
    test = write(tmp_path / "a.bg", PASSING)
    status, _ = run_main(capsys, fake, write_configs(tmp_path), [test], "--only", "nope")
    assert status == 2
    assert "unknown configuration(s) nope" in run_main.stderr


def test_skip_flag(tmp_path, fake, capsys, monkeypatch):
    log = tmp_path / "log"
    monkeypatch.setenv("FAKE_LOG", str(log))
    test = write(tmp_path / "a.bg", "// skip: b c\n" + PASSING)
    configs = write_configs(tmp_path, "a run --a\nb run --b\nc run --c\n")
    status, lines = run_main(capsys, fake, configs, [test], "-v")
    assert status == 0
    assert lines[-2:] == ["2 skipped", "1 passed, 0 failed"]
    assert f"SKIP [b] {test}" in lines
    assert [args[1] for args in read_log(log)] == ["--a"]


def test_all_skipped_is_not_success(tmp_path, fake, capsys):
    test = write(tmp_path / "a.bg", "// skip: default\n" + PASSING)
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [test])
    assert status == 2
    assert lines[-1] == "0 passed, 0 failed"


# --------------------------------------------------------------------------
# Finding tests, verbose output, exit status


def test_directory_search_is_recursive_and_sorted(tmp_path, fake, capsys):
    root = tmp_path / "suite"
    for name in ["b.bg", "a.bg", "sub/c.bg", "sub/deeper/d.bg"]:
        write(root / name, PASSING)
    write(root / "notes.bg", "fn helper() {}\n")
    write(root / "other.txt", PASSING)
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [str(root)],
                             "-v", "-j", "1")
    assert status == 0
    assert lines[0].startswith("4 tests, 1 .bg files without a '// Expect' marker")
    assert [line.split()[-1] for line in lines if line.startswith("PASS")] == \
        [str(root / n) for n in ["a.bg", "b.bg", "sub/c.bg", "sub/deeper/d.bg"]]
    assert lines[-1] == "4 passed, 0 failed"


def test_filter(tmp_path, fake, capsys):
    write(tmp_path / "s" / "gc_one.bg", PASSING)
    write(tmp_path / "s" / "other.bg", "// Expect\n// never\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path),
                             [str(tmp_path / "s")], "--filter", "gc_")
    assert status == 0
    assert lines[-1] == "1 passed, 0 failed"


def test_parallel_runs(tmp_path, fake, capsys):
    paths = [write(tmp_path / f"t{i}.bg", "#sleep 1\n// Expect\n") for i in range(4)]
    start = time.monotonic()
    status, lines = run_main(capsys, fake, write_configs(tmp_path), paths, "-j", "4")
    assert status == 0
    assert time.monotonic() - start < 3.5


def test_no_tests_found(tmp_path, fake, capsys):
    write(tmp_path / "s" / "helper.bg", "fn f() {}\n")
    status, lines = run_main(capsys, fake, write_configs(tmp_path), [str(tmp_path / "s")])
    assert status == 2
    assert lines == []
    assert "no tests found" in run_main.stderr


def test_missing_beagle_and_configs(tmp_path, fake, capsys):
    test = write(tmp_path / "a.bg", PASSING)
    assert rlt.main(["--beagle", str(tmp_path / "nope"), "--configs",
                     write_configs(tmp_path), test]) == 2
    assert "beagle executable not found" in capsys.readouterr().err
    assert rlt.main(["--beagle", fake, "--configs", str(tmp_path / "nope"), test]) == 2
    assert "configs file not found" in capsys.readouterr().err
    assert rlt.main(["--beagle", fake, "--configs", write_configs(tmp_path),
                     str(tmp_path / "missing.bg")]) == 2


def test_command_line(tmp_path, fake):
    """Run the script itself: exit statuses and the last line of stdout."""
    good = write(tmp_path / "good.bg", PASSING)
    bad = write(tmp_path / "bad.bg", "// Expect\n// x\n")
    configs = write_configs(tmp_path)

    def run(*args):
        return subprocess.run([sys.executable, RUNNER, *args], capture_output=True,
                              text=True, timeout=60)

    ok = run("--beagle", fake, "--configs", configs, good)
    assert ok.returncode == 0 and ok.stdout.splitlines()[-1] == "1 passed, 0 failed"
    failed = run("--beagle", fake, "--configs", configs, good, bad)
    assert failed.returncode == 1
    assert failed.stdout.splitlines()[-1] == "1 passed, 1 failed"
    none = run("--beagle", fake, "--configs", configs, str(tmp_path / "configs.txt"))
    assert none.returncode == 2 and "no tests found" in none.stderr
    help_ = run("--help")
    assert help_.returncode == 0 and "--configs FILE" in help_.stdout


# --------------------------------------------------------------------------
# Known failures


def test_known_failure_that_fails_is_not_counted(tmp_path, capsys, fake):
    good = write(tmp_path / "good.bg", PASSING)
    bad = write(tmp_path / "bad.bg", "#out nope\n// Expect\n// yes\n")
    known = write(tmp_path / "known.txt", f"# not there yet\n{bad}\n")
    status, out = run_main(capsys, fake, write_configs(tmp_path), [good, bad], "--known-failures", known)
    assert status == 0
    assert "1 known failures (failed as listed)" in out
    assert out[-1] == "1 passed, 0 failed"


def test_known_failure_that_passes_fails_the_run(tmp_path, capsys, fake):
    good = write(tmp_path / "good.bg", PASSING)
    known = write(tmp_path / "known.txt", f"{good}\n")
    status, out = run_main(capsys, fake, write_configs(tmp_path), [good], "--known-failures", known)
    assert status == 1
    assert any("passes now: remove it from" in line for line in out)
    assert out[-1] == "0 passed, 1 failed"


def test_known_failure_limited_to_named_configurations(tmp_path, capsys, fake):
    bad = write(tmp_path / "bad.bg", "#out nope\n// Expect\n// yes\n")
    known = write(tmp_path / "known.txt", f"{bad} one\n")
    configs = write_configs(tmp_path, "one run\ntwo run\n")
    status, out = run_main(capsys, fake, configs, [bad], "--known-failures", known)
    assert status == 1
    assert out[-1] == "0 passed, 1 failed"
    assert "1 known failures (failed as listed)" in out
