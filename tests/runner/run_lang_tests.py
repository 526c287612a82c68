#!/usr/bin/python3
"""Run Beagle language tests (.bg files) under one or more configurations.

Usage:
    run_lang_tests.py --beagle PATH --configs FILE [--only NAME ...] [-j N]
                      [--timeout SECONDS] [--timeout-scale F] [--filter SUBSTRING]
                      [-v] PATH...

Each PATH is a .bg file or a directory searched recursively for .bg files.

Test files
    A test is a .bg file with an expected-output block, exactly as described in
    /work/shared/spec/LANGUAGE.md section 8: the marker is the first line whose
    text, with trailing spaces and tabs removed, is `// Expect`; the block is
    the run of following lines that start with `//` in column 0; each block
    line gives its text minus the `//` and minus one following space, and is
    followed by a newline.  A .bg file without a marker is not a test and is
    skipped silently (its count is shown with -v).

    Flags are lines *before* the marker (trailing spaces/tabs ignored):
        // exit: N              expected exit status (default 0)
        // args: A B C          program arguments, appended after the file path
                                (split on whitespace)
        // timeout: S           time limit in seconds for this test
        // skip: NAME [NAME..]  do not run under these configurations
                                (reported as skipped)
        // stderr: TEXT         stderr must contain TEXT, in which $FILE
                                stands for the test's path as passed to
                                beagle (repeatable: every TEXT must appear)
    `// gc-always` and `// no-std` need nothing from the runner: the
    implementation detects them in the source itself.

Configuration file
    One configuration per line: `NAME ARG ARG ...`.  One run is
        BEAGLE ARG... FILE PROGRAM_ARG...
    Lines are split like a shell would (shlex), so quotes work; `#` starts a
    comment and blank lines are ignored.  Example:
        # name        arguments before the file
        parse         parse
        mark-sweep    run --gc=mark-sweep
        ms-always     run --gc=mark-sweep --gc-always
    A line whose name holds `{gc}` stands for one configuration per
    collector that `BEAGLE gcs` lists, with `{gc}` replaced by the
    collector's name in the name and the arguments:
        {gc}          run --gc={gc}
    `{gc:COND,...}` keeps only the collectors that meet every COND,
    `KEY=VALUE` or `KEY!=VALUE`, where KEY is `name` or an attribute that
    `BEAGLE gcs NAME` prints as `key: value` (spaces in the key become `-`:
    fast-path, barrier, moving, generations):
        {gc:name!=nogc}-always       run --gc={gc} --gc-always
        {gc:generations=yes}-major   run --gc={gc} --gc-always=major

Running
    Every (test, configuration) pair runs in its own process (stdin is
    /dev/null, the working directory is the runner's, the path is passed as
    given) and passes iff its exit status is the expected one and its stdout
    equals the expected output byte for byte (and its stderr contains every
    `// stderr:` text).  Otherwise stderr is ignored, but shown in failure
    reports.  A run over its time limit has its whole process group
    killed and is reported as TIMEOUT; a run killed by a signal is reported
    as CRASH (SIGNAME).

Output
    `FAIL [config] path: reason` lines as failures happen (and `PASS ...`
    lines with -v), a progress line on stderr when it is a terminal, then a
    report per failure (exit status, unified diff of stdout, stderr tail).
    The last stdout line is exactly `N passed, M failed`; a `K skipped` line
    precedes it when K > 0, and a `K known failures` line when a
    --known-failures list matched failing tests (those are not counted as
    failed; a listed test that passes is, so the list can only shrink).

Exit status: 0 if every test that ran passed and at least one ran; 1 if any
failed; 2 on a usage error (missing beagle or configs file, no tests found).
"""

import argparse
import concurrent.futures
import dataclasses
import difflib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading

MARKER = b"// Expect"
FLAG_RE = re.compile(rb"^// (exit|args|timeout|skip|stderr):(.*)$")
GC_PLACEHOLDER = re.compile(r"\{gc(?::([^}]*))?\}")
STDERR_LINES = 40
DIFF_LINES = 200
DIFF_INPUT_LINES = 5000

EPILOG = """\
configs file:  one configuration per line, 'NAME ARG ARG ...' ('#' comments);
               one run is: BEAGLE ARG... FILE PROGRAM_ARG...
test flags:    lines before the '// Expect' marker
  // exit: N              expected exit status (default 0)
  // args: A B C          program arguments appended after the file path
  // timeout: S           time limit for this test
  // skip: NAME [NAME..]  do not run under these configurations
  // stderr: TEXT         stderr must contain TEXT ($FILE: the test's path)
configs names: '{gc}' makes one configuration per collector `beagle gcs`
               lists; '{gc:KEY=VALUE,KEY!=VALUE}' only those that match
exit status:   0 all passed, 1 some failed, 2 usage error or no tests found
"""


class UsageError(Exception):
    """A problem with the command line or its inputs (exit status 2)."""


# --------------------------------------------------------------------------
# Test files


@dataclasses.dataclass
class TestFile:
    path: str
    expected: bytes
    exit_status: int = 0
    args: tuple = ()
    timeout: float = None
    skip: frozenset = frozenset()
    stderr_texts: tuple = ()  # each must appear in stderr ($FILE: the path)
    error: str = None  # a malformed flag; the test fails in every config


def split_lines(data):
    """Split file contents into lines (bytes, without their b'\\n')."""
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the file ended with a newline (or was empty)
    return lines


def find_marker(lines):
    """Index of the `// Expect` marker line, or None."""
    for index, line in enumerate(lines):
        if line.rstrip(b" \t") == MARKER:
            return index
    return None


def expected_output(lines, marker):
    """The expected stdout given by the block after the marker (LANGUAGE.md 8.1)."""
    out = []
    for line in lines[marker + 1:]:
        if not line.startswith(b"//"):
            break
        text = line[2:]
        if text.startswith(b" "):
            text = text[1:]
        out.append(text + b"\n")
    return b"".join(out)


def apply_flag(test, name, value):
    """Set one `// name: value` flag on test; raise ValueError if malformed."""
    value = value.decode("utf-8", "replace").strip()
    if name == "exit":
        if not re.fullmatch(r"\d+", value):
            raise ValueError(f"bad '// exit:' value {value!r}")
        test.exit_status = int(value)
    elif name == "args":
        test.args = tuple(value.split())
    elif name == "timeout":
        try:
            test.timeout = float(value)
        except ValueError:
            raise ValueError(f"bad '// timeout:' value {value!r}") from None
        if test.timeout <= 0:
            raise ValueError(f"bad '// timeout:' value {value!r}")
    elif name == "skip":
        test.skip = test.skip | frozenset(value.split())
    elif name == "stderr":
        if not value:
            raise ValueError("empty '// stderr:' text")
        test.stderr_texts += (value,)


def parse_test(path, data):
    """Build a TestFile from the contents of a .bg file, or None if not a test."""
    lines = split_lines(data)
    marker = find_marker(lines)
    if marker is None:
        return None
    test = TestFile(path=path, expected=expected_output(lines, marker))
    for line in lines[:marker]:
        match = FLAG_RE.match(line.rstrip(b" \t"))
        if match:
            try:
                apply_flag(test, match.group(1).decode(), match.group(2))
            except ValueError as exc:
                test.error = str(exc)
    return test


def load_test(path):
    with open(path, "rb") as f:
        return parse_test(path, f.read())


def find_test_files(paths):
    """All .bg files named by paths, in a stable order, without duplicates."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            in_dir = []
            for root, dirs, files in os.walk(path):
                in_dir += [os.path.join(root, f) for f in files if f.endswith(".bg")]
            found += sorted(in_dir)
        elif os.path.isfile(path):
            found.append(path)
        else:
            raise UsageError(f"no such file or directory: {path}")
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------
# Configurations


@dataclasses.dataclass(frozen=True)
class Config:
    name: str
    args: tuple


def query_collectors(beagle):
    """[(name, {attribute: value})] for every collector `beagle gcs` lists;
    the attributes are the `key: value` lines of `beagle gcs NAME` before its
    options, plus `name`."""
    def gcs(*args):
        try:
            result = subprocess.run([beagle, "gcs", *args], stdin=subprocess.DEVNULL, capture_output=True,
                                    text=True, timeout=60)
        except OSError as exc:
            raise UsageError(f"cannot run {beagle} gcs: {exc}") from None
        if result.returncode != 0:
            raise UsageError(f"{beagle} gcs {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout.splitlines()
    collectors = []
    for line in gcs():
        name = line.split()[0]
        attributes = {"name": name}
        for described in gcs(name)[1:]:
            if described.startswith("options"):
                break
            key, _, value = described.partition(":")
            attributes[key.strip().replace(" ", "-")] = value.strip()
        collectors.append((name, attributes))
    return collectors


def expand_collectors(name, args, conditions, collectors, where):
    """The configurations a `{gc...}` line stands for."""
    tests = []
    for condition in filter(None, (c.strip() for c in (conditions or "").split(","))):
        match = re.fullmatch(r"([\w-]+)(!?=)(.*)", condition)
        if not match:
            raise UsageError(f"{where}: bad condition {condition!r} (KEY=VALUE or KEY!=VALUE)")
        tests.append(match.groups())
    expanded = []
    for collector, attributes in collectors():
        keep = True
        for key, op, value in tests:
            if key not in attributes:
                raise UsageError(f"{where}: collector {collector} has no attribute {key!r} "
                                 f"(it has: {', '.join(sorted(attributes))})")
            keep = keep and (attributes[key] == value) == (op == "=")
        if keep:
            expanded.append(Config(GC_PLACEHOLDER.sub(collector, name),
                                   tuple(a.replace("{gc}", collector) for a in args)))
    return expanded


def parse_configs(text, source="configs", collectors=None):
    """Configurations of a configs file. `collectors` is called (once, and
    only if a line has a `{gc}` name) for what query_collectors returns."""
    configs = []
    cache = []

    def known_collectors():
        if collectors is None:
            raise UsageError(f"{source}: '{{gc}}' needs the beagle executable to list the collectors")
        if not cache:
            cache.append(collectors())
        return cache[0]

    for number, line in enumerate(text.splitlines(), 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise UsageError(f"{source}:{number}: {exc}") from None
        if not words:
            continue
        placeholder = GC_PLACEHOLDER.search(words[0])
        if placeholder:
            new = expand_collectors(words[0], words[1:], placeholder.group(1), known_collectors,
                                    f"{source}:{number}")
        else:
            new = [Config(words[0], tuple(words[1:]))]
        for config in new:
            if any(c.name == config.name for c in configs):
                raise UsageError(f"{source}:{number}: duplicate configuration {config.name!r}")
            configs.append(config)
    if not configs:
        raise UsageError(f"{source}: no configurations")
    return configs


def load_configs(path, only, beagle=None):
    if not os.path.isfile(path):
        raise UsageError(f"configs file not found: {path}")
    with open(path, encoding="utf-8") as f:
        configs = parse_configs(f.read(), path, beagle and (lambda: query_collectors(beagle)))
    if not only:
        return configs
    names = [c.name for c in configs]
    unknown = [n for n in only if n not in names]
    if unknown:
        raise UsageError(f"unknown configuration(s) {', '.join(unknown)}; "
                         f"{path} defines: {', '.join(names)}")
    return [c for c in configs if c.name in only]


# --------------------------------------------------------------------------
# Running one (test, configuration) pair


@dataclasses.dataclass
class Outcome:
    test: TestFile
    config: Config
    status: str  # "PASS", "FAIL", "SKIP" or "XFAIL" (a listed known failure)
    reason: str = ""
    command: tuple = ()
    returncode: int = None  # None when timed out or not started
    stdout: bytes = b""
    stderr: bytes = b""


class ProcessTracker:
    """Remembers running process groups so that Ctrl-C can kill them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pids = set()
        self.stopping = False

    def add(self, pid):
        with self.lock:
            self.pids.add(pid)
            return not self.stopping

    def remove(self, pid):
        with self.lock:
            self.pids.discard(pid)

    def kill_all(self):
        with self.lock:
            self.stopping = True
            for pid in self.pids:
                kill_group(pid)


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_process(command, timeout, tracker):
    """Run command; return (returncode or None on timeout, stdout, stderr)."""
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    if not tracker.add(proc.pid):
        kill_group(proc.pid)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
        return proc.returncode, stdout, stderr
    except subprocess.TimeoutExpired:
        kill_group(proc.pid)
        stdout, stderr = proc.communicate()
        return None, stdout, stderr
    finally:
        tracker.remove(proc.pid)


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def missing_stderr_texts(test, stderr):
    """The `// stderr:` texts (with $FILE replaced) that stderr lacks."""
    texts = (t.replace("$FILE", test.path) for t in test.stderr_texts)
    return [t for t in texts if t.encode() not in stderr]


def failure_reason(test, returncode, stdout, stderr=b""):
    """Why a finished run failed, or "" if it passed."""
    if returncode is None:
        return "TIMEOUT"
    if returncode < 0:
        return f"CRASH ({signal_name(-returncode)})"
    problems = []
    if returncode != test.exit_status:
        problems.append(f"exit status {returncode}, expected {test.exit_status}")
    if stdout != test.expected:
        problems.append("wrong output")
    for text in missing_stderr_texts(test, stderr):
        problems.append(f"stderr lacks {text!r}")
    return "; ".join(problems)


def run_pair(beagle, test, config, default_timeout, tracker, timeout_scale=1.0):
    command = (beagle,) + config.args + (test.path,) + test.args
    if config.name in test.skip:
        return Outcome(test, config, "SKIP", "skipped", command)
    if test.error:
        return Outcome(test, config, "FAIL", test.error, command)
    timeout = (test.timeout or default_timeout) * timeout_scale
    try:
        returncode, stdout, stderr = run_process(command, timeout, tracker)
    except OSError as exc:
        return Outcome(test, config, "FAIL", f"cannot run: {exc}", command)
    reason = failure_reason(test, returncode, stdout, stderr)
    if reason == "TIMEOUT":
        reason = f"TIMEOUT (after {timeout:g} s)"
    return Outcome(test, config, "FAIL" if reason else "PASS", reason, command,
                   returncode, stdout, stderr)


# --------------------------------------------------------------------------
# Reporting


def as_text(data):
    return data.decode("utf-8", "backslashreplace")


def diff_lines(data, mark_ends=False):
    """Lines for the diff; a missing final newline shows as its own line.

    With mark_ends, each line ends with '$' so trailing whitespace is visible."""
    lines = as_text(data).split("\n")
    newline_at_end = lines[-1] == ""
    if newline_at_end:
        lines.pop()
    if mark_ends:
        lines = [line + "$" for line in lines]
    if not newline_at_end:
        lines.append("\\ No newline at end of file")
    if len(lines) > DIFF_INPUT_LINES:
        extra = len(lines) - DIFF_INPUT_LINES
        lines = lines[:DIFF_INPUT_LINES] + [f"... ({extra} more lines not compared)"]
    return lines


def only_trailing_whitespace_differs(a, b):
    def normalize(data):
        return [line.rstrip() for line in data.rstrip().split(b"\n")]
    return normalize(a) == normalize(b)


def stdout_diff(expected, actual):
    """Unified diff of expected and actual stdout, as a list of lines."""
    whitespace_only = only_trailing_whitespace_differs(expected, actual)
    lines = list(difflib.unified_diff(diff_lines(expected, whitespace_only),
                                      diff_lines(actual, whitespace_only),
                                      "expected stdout", "actual stdout", lineterm=""))
    if len(lines) > DIFF_LINES:
        lines = lines[:DIFF_LINES] + [f"... ({len(lines) - DIFF_LINES} more diff lines)"]
    if whitespace_only:
        lines.append("note: stdout differs only in trailing whitespace / final newline "
                     "(line ends shown as '$')")
    return lines


def stderr_tail(stderr):
    lines = as_text(stderr).rstrip("\n").split("\n")
    if len(lines) <= STDERR_LINES:
        return lines
    return [f"... ({len(lines) - STDERR_LINES} earlier lines)"] + lines[-STDERR_LINES:]


def failure_report(outcome):
    test = outcome.test
    lines = [f"=== FAIL [{outcome.config.name}] {test.path}: {outcome.reason}",
             f"command: {shlex.join(outcome.command)}"]
    if outcome.returncode is None and not outcome.stdout and not outcome.stderr:
        return "\n".join(lines)
    actual = ("(timed out)" if outcome.returncode is None
              else f"killed by {signal_name(-outcome.returncode)}" if outcome.returncode < 0
              else str(outcome.returncode))
    lines.append(f"exit status: expected {test.exit_status}, actual {actual}")
    if outcome.stdout != test.expected:
        lines += stdout_diff(test.expected, outcome.stdout)
    else:
        lines.append("stdout: as expected")
    if outcome.stderr:
        lines.append("stderr:")
        lines += ["  " + line for line in stderr_tail(outcome.stderr)]
    return "\n".join(lines)


class Progress:
    """Prints result lines as they arrive, and a progress line on a terminal."""

    def __init__(self, total, verbose):
        self.total = total
        self.verbose = verbose
        self.done = 0
        self.failed = 0
        self.tty = sys.stderr.isatty()
        self.lock = threading.Lock()

    def report(self, outcome):
        with self.lock:
            self.done += 1
            self.failed += outcome.status == "FAIL"
            if outcome.status == "FAIL" or self.verbose:
                self.clear()
                print(f"{outcome.status} [{outcome.config.name}] {outcome.test.path}"
                      + (f": {outcome.reason}" if outcome.status == "FAIL" else ""),
                      flush=True)
            if self.tty:
                width = len(str(self.total))
                sys.stderr.write(f"\r[{self.done:{width}}/{self.total}] "
                                 f"{self.failed} failed  {outcome.test.path}"[:150])
                sys.stderr.write("\033[K")
                sys.stderr.flush()

    def clear(self):
        if self.tty:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


# --------------------------------------------------------------------------
# Main


def parse_args(argv):
    parser = argparse.ArgumentParser(
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run Beagle language tests (.bg files with a '// Expect' block,\n"
                    "see LANGUAGE.md section 8) under the configurations of a configs file.",
        epilog=EPILOG)
    parser.add_argument("--beagle", required=True, metavar="PATH",
                        help="the beagle executable")
    parser.add_argument("--configs", required=True, metavar="FILE",
                        help="configuration file: one 'NAME ARG...' per line")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only this configuration (repeatable)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="parallel runs (default: number of CPUs, %(default)s)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="time limit per run unless the test sets '// timeout:' "
                             "(default: %(default)g)")
    parser.add_argument("--timeout-scale", type=float, default=1.0, metavar="F",
                        help="multiply every time limit, the tests' own included, by F: for slow "
                             "builds such as the sanitizer build (default: %(default)g)")
    parser.add_argument("--filter", metavar="SUBSTRING",
                        help="run only tests whose path contains SUBSTRING")
    parser.add_argument("--known-failures", metavar="FILE",
                        help="a list of tests expected to fail for now (one path per line, optionally "
                             "followed by configuration names; '#' comments): they are run, a failure "
                             "is reported as XFAIL and not counted, and a pass fails the run so that "
                             "the list only shrinks")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also print PASS and SKIP lines, and file counts")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=".bg file, or directory searched recursively for .bg files")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.timeout <= 0 or args.timeout_scale <= 0:
        parser.error("-j, --timeout and --timeout-scale must be positive")
    return args


def find_beagle(path):
    found = shutil.which(path) if os.sep not in path else path
    if not found or not os.path.isfile(found) or not os.access(found, os.X_OK):
        raise UsageError(f"beagle executable not found or not executable: {path}")
    return os.path.abspath(found)


def collect_tests(paths, substring):
    """Return (tests, number of .bg files that are not tests)."""
    files = [p for p in find_test_files(paths) if not substring or substring in p]
    tests = [t for t in map(load_test, files) if t is not None]
    return tests, len(files) - len(tests)


def run_all(beagle, tests, configs, args, known):
    pairs = [(t, c) for t in tests for c in configs]
    progress = Progress(len(pairs), args.verbose)
    tracker = ProcessTracker()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs)
    try:
        futures = [pool.submit(run_pair, beagle, t, c, args.timeout, tracker, args.timeout_scale)
                   for t, c in pairs]
        for future in concurrent.futures.as_completed(futures):
            outcome = future.result()
            apply_known_failure(outcome, known, args.known_failures)
            progress.report(outcome)
    except KeyboardInterrupt:
        tracker.kill_all()
        pool.shutdown(wait=True, cancel_futures=True)
        progress.clear()
        raise
    pool.shutdown()
    progress.clear()
    return [f.result() for f in futures]


def load_known_failures(path):
    """Return {test path: set of configuration names, empty for all}."""
    known = {}
    if not path:
        return known
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if words:
                known[os.path.normpath(words[0])] = set(words[1:])
    return known


def apply_known_failure(o, known, source):
    """A listed test that fails is XFAIL; one that passes is a failure."""
    configs = known.get(os.path.normpath(o.test.path))
    if configs is None or (configs and o.config.name not in configs):
        return
    if o.status == "FAIL":
        o.status = "XFAIL"
    elif o.status == "PASS":
        o.status = "FAIL"
        o.reason = f"passes now: remove it from {source}"


def summarize(outcomes):
    counts = {s: sum(o.status == s for o in outcomes) for s in ("PASS", "FAIL", "SKIP", "XFAIL")}
    failures = [o for o in outcomes if o.status == "FAIL"]
    if failures:
        print()
        for outcome in failures:
            print(failure_report(outcome))
            print()
    if counts["SKIP"]:
        print(f"{counts['SKIP']} skipped")
    if counts["XFAIL"]:
        print(f"{counts['XFAIL']} known failures (failed as listed)")
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed", flush=True)
    if counts["FAIL"]:
        return 1
    if not counts["PASS"]:
        print("error: no test ran (all skipped)", file=sys.stderr)
        return 2
    return 0


def main(argv=None):
    args = parse_args(argv)
    try:
        beagle = find_beagle(args.beagle)
        configs = load_configs(args.configs, args.only, beagle)
        known = load_known_failures(args.known_failures)
        tests, non_tests = collect_tests(args.paths, args.filter)
    except (UsageError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.verbose:
        print(f"{len(tests)} tests, {non_tests} .bg files without a '// Expect' marker, "
              f"configurations: {' '.join(c.name for c in configs)}")
    if not tests:
        print("error: no tests found (no .bg file with a '// Expect' marker in: "
              f"{' '.join(args.paths)})", file=sys.stderr)
        return 2
    try:
        outcomes = run_all(beagle, tests, configs, args, known)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return summarize(outcomes)


if __name__ == "__main__":
    sys.exit(main())
