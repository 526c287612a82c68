"""Tests of the `beagle` command line: help, version, usage errors and `parse`
(`beagle run` is in test_run.py).

The executable under test is taken from the environment variable BEAGLE, e.g.

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli
"""

import re

import pytest

from conftest import write


# ---------------------------------------------------------------- help and version


def test_help_prints_usage_to_stdout(run):
    result = run("--help")
    assert result.returncode == 0
    assert result.stderr == ""
    assert "Usage" in result.stdout
    assert "parse" in result.stdout
    assert "--version" in result.stdout


@pytest.mark.parametrize("flag", ["-h", "help"])
def test_help_aliases(run, flag):
    result = run(flag)
    assert result.returncode == 0
    assert result.stdout == run("--help").stdout


def test_version(run):
    result = run("--version")
    assert result.returncode == 0
    assert result.stderr == ""
    assert re.fullmatch(r"beagle \d+\.\d+\.\d+\n", result.stdout), result.stdout


def test_no_arguments_is_a_usage_error(run):
    result = run()
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Usage" in result.stderr
    assert "parse" in result.stderr


def test_unknown_command_is_named(run):
    result = run("frobnicate")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "unknown command 'frobnicate'" in result.stderr
    assert "Usage" in result.stderr


# ---------------------------------------------------------------- parse: usage


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_parse_help(run, flag):
    result = run("parse", flag)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.startswith("Usage: beagle parse")
    assert "--positions" in result.stdout


def test_parse_without_file(run):
    result = run("parse")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no file given" in result.stderr
    assert "Usage: beagle parse" in result.stderr


def test_parse_with_two_files(run, tmp_path):
    a = write(tmp_path, "a.bg", "1\n")
    b = write(tmp_path, "b.bg", "2\n")
    result = run("parse", a, b)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "'a.bg'" in result.stderr and "'b.bg'" in result.stderr


@pytest.mark.parametrize("option", ["--bogus", "-x"])
def test_parse_unknown_option(run, tmp_path, option):
    path = write(tmp_path, "a.bg", "1\n")
    result = run("parse", option, path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"unknown option '{option}'" in result.stderr


def test_parse_missing_file(run):
    result = run("parse", "no/such/file.bg")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no/such/file.bg" in result.stderr


def test_parse_directory_is_an_error(run, tmp_path):
    (tmp_path / "dir.bg").mkdir()
    result = run("parse", "dir.bg")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "dir.bg" in result.stderr


# ---------------------------------------------------------------- parse: syntax errors


def test_syntax_error_diagnostic(run, tmp_path):
    path = write(tmp_path, "bad.bg", "fn main() {\n    let p = Point { x: 1; y: 2 }\n}\n")
    result = run("parse", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: bad.bg:2:25: expected ',' or '}' after a field of the struct literal, found ';'\n"
        "      let p = Point { x: 1; y: 2 }\n"
        "                          ^\n"
    )


def test_syntax_error_keeps_the_path_as_given(run, tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/err.bg", "namespace demo\n\nfn f() {\n\tbreak\n}\n")
    result = run("parse", "./sub/err.bg")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: ./sub/err.bg:4:7: expected '(' after 'break' (write break() or break(value)), found end of line\n"
        "  \tbreak\n"
        "  \t     ^\n"
    )


def test_lexer_error_diagnostic(run, tmp_path):
    path = write(tmp_path, "num.bg", "let v = 1.2.3\n")
    result = run("parse", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: num.bg:1:9: malformed number: a number has at most one '.'\n"
        "  let v = 1.2.3\n"
        "          ^\n"
    )


def test_syntax_error_with_positions_flag(run, tmp_path):
    path = write(tmp_path, "bad.bg", "f(1, 2\n")
    result = run("parse", "--positions", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: bad.bg:2:1: expected ')' to close the argument list, found end of file\n")


# ---------------------------------------------------------------- parse: success

SOURCE = 'namespace demo\n\nfn main() {\n    println("sum", 1 + 2 * x)\n}\n'


def test_parse_prints_the_tree(run, tmp_path):
    path = write(tmp_path, "ok.bg", SOURCE)
    result = run("parse", path)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == '(program (namespace demo) (fn main () (call println "sum" (+ 1 (* 2 x)))))\n'


@pytest.mark.parametrize("order", ["flag-first", "flag-last"])
def test_parse_positions(run, tmp_path, order):
    path = write(tmp_path, "ok.bg", SOURCE)
    args = ["--positions", path] if order == "flag-first" else [path, "--positions"]
    result = run("parse", *args)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == (
        "(program@1:1\n"
        "  (namespace@1:1 demo)\n"
        '  (fn@3:1 main () (call@4:5 println "sum" (+@4:20 1 (*@4:24 2 x)))))\n'
    )


def test_parse_empty_file(run, tmp_path):
    path = write(tmp_path, "empty.bg", "")
    result = run("parse", path)
    assert result.returncode == 0
    assert result.stdout == "(program)\n"


def test_parse_absolute_path(run, tmp_path):
    path = tmp_path / "abs.bg"
    path.write_text("1 + 2\n")
    result = run("parse", str(path))
    assert result.returncode == 0
    assert result.stdout == "(program (+ 1 2))\n"
