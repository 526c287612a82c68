#!/usr/bin/python3
"""Differential testing with random programs: every generated program runs
under every configuration, and all runs must agree.

Usage:
    run_progfuzz.py --beagle PATH [--configs FILE] [--seed S] [--count N]
                    [--size F] [-j N] [--timeout S] [--regressions DIR]
                    [--keep DIR] [--no-reduce] [--long]

Program i (0 <= i < N) is generate.py's program for seed S + i. Each runs
under every configuration of the configs file (default: the language
suite's, tests/lang/core/configurations, whose `{gc}` lines stand for every
collector `beagle gcs` lists; the expansion is tests/runner's). A program
fails when

  - its runs disagree: a different exit status, stdout, signal or time-out
    under some configurations than under the others; or
  - they agree on something other than a clean exit: every generated
    program is valid (LANGUAGE.md) and ends with status 0, so an error,
    a crash or a time-out under every configuration is a bug too (of the
    implementation, or of the generator).

A failing program is reduced (reduce.py: ddmin over its lines and blocks,
keeping the same configurations failing the same way) and written to
DIR/progfuzz_<seed>.bg (default DIR: tests/lang/core/regressions) as a
language test: a header saying what failed, the program, and its `// Expect`
block, the output most configurations agreed on (a configuration without a
stress mode wins a tie): check it against LANGUAGE.md before keeping it.

Long mode (--long): 3000 programs of size 2 unless --count or --size say
otherwise; a few hours on two cores.

Exit status: 0 if every program passed, 1 if some failed, 2 on a usage
error.
"""

import argparse
import collections
import concurrent.futures
import dataclasses
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "runner"))
sys.path.insert(0, HERE)

import generate  # noqa: E402
import reduce  # noqa: E402
import run_lang_tests as runner  # noqa: E402

DEFAULT_CONFIGS = os.path.join(REPO, "tests", "lang", "core", "configurations")
DEFAULT_REGRESSIONS = os.path.join(REPO, "tests", "lang", "core", "regressions")


@dataclasses.dataclass(frozen=True)
class Run:
    """What one configuration did with one program."""
    returncode: int  # None: timed out; negative: killed by that signal
    stdout: bytes
    stderr_line: str  # the first line of stderr

    def kind(self):
        if self.returncode is None:
            return "time-out"
        if self.returncode < 0:
            return runner.signal_name(-self.returncode)
        return f"exit status {self.returncode}"

    def key(self):
        """Two runs agree iff their keys are equal."""
        return (self.returncode, self.stdout)


def run_one(beagle, config, path, timeout, tracker):
    command = (beagle,) + config.args + (path,)
    returncode, stdout, stderr = runner.run_process(command, timeout, tracker)
    first = stderr.decode("utf-8", "replace").split("\n", 1)[0]
    return Run(returncode, stdout, first)


def masked(text):
    """A stderr line with addresses and numbers masked, so that the same
    failure at another place compares equal."""
    return re.sub(r"0x[0-9a-f]+|\d+", "N", text)


def verdict(runs, configs):
    """None if every run exited 0 with the same stdout; else (reference, the
    failure's signature). The reference is the output most configurations
    agree on (the first configuration's group wins a tie); the signature
    names each configuration that deviates from it and how, or says how all
    of them failed alike."""
    groups = collections.Counter(runs[c.name].key() for c in configs)
    first = runs[configs[0].name].key()
    reference = max(groups, key=lambda k: (groups[k], k == first))
    reference_run = next(runs[c.name] for c in configs if runs[c.name].key() == reference)
    if len(groups) == 1:
        if reference_run.returncode == 0:
            return None
        return reference_run, (("all", reference_run.kind(), masked(reference_run.stderr_line)),)
    deviating = []
    for c in configs:
        r = runs[c.name]
        if r.key() != reference:
            how = r.kind() if r.returncode != reference_run.returncode else "different stdout"
            deviating.append((c.name, how, masked(r.stderr_line) if r.returncode not in (0, None) else ""))
    return reference_run, tuple(deviating)


def describe(signature):
    if signature[0][0] == "all":
        _, kind, line = signature[0]
        return f"every configuration: {kind}" + (f" ({line})" if line else "")
    return "; ".join(f"{name}: {how}" + (f" ({line})" if line else "") for name, how, line in signature)


class Fuzzer:
    def __init__(self, args, configs):
        self.args = args
        self.configs = configs
        self.tracker = runner.ProcessTracker()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs)
        self.workdir = args.keep or tempfile.mkdtemp(prefix="progfuzz-")
        os.makedirs(self.workdir, exist_ok=True)
        self.lock = threading.Lock()
        self.done = 0
        self.failed = []
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()

    def program_path(self, seed, suffix=""):
        return os.path.join(self.workdir, f"p{seed}{suffix}.bg")

    def run_all(self, path, configs):
        futures = {c.name: self.pool.submit(run_one, self.args.beagle, c, path, self.args.timeout, self.tracker)
                   for c in configs}
        return {name: f.result() for name, f in futures.items()}

    def check(self, seed):
        text = generate.generate(seed, self.args.size)
        path = self.program_path(seed)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        runs = self.run_all(path, self.configs)
        if self.tracker.stopping:
            return  # interrupted: its runs were killed
        result = verdict(runs, self.configs)
        with self.lock:
            self.done += 1
            if result is not None:
                self.failed.append((seed, text, result))
                self.clear_progress()
                print(f"FAIL seed {seed}: {describe(result[1])}", flush=True)
            self.progress()
        if result is None and not self.args.keep:
            os.remove(path)

    def progress(self):
        elapsed = time.monotonic() - self.start
        line = (f"[{self.done}/{self.args.count}] programs, {len(self.failed)} failed, "
                f"{len(self.configs)} configurations, {elapsed:.0f} s")
        if self.tty:
            sys.stderr.write("\r" + line + "\033[K")
            sys.stderr.flush()
        elif self.done % max(1, self.args.count // 10) == 0 or self.done == self.args.count:
            print(line, flush=True)

    def clear_progress(self):
        if self.tty:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def run(self):
        seeds = range(self.args.seed, self.args.seed + self.args.count)
        # Programs are checked a few at a time; each spreads over the pool.
        programs = concurrent.futures.ThreadPoolExecutor(max_workers=self.args.jobs)
        try:
            for future in [programs.submit(self.check, s) for s in seeds]:
                future.result()
        except KeyboardInterrupt:
            self.tracker.kill_all()  # and every run started from now on
            programs.shutdown(wait=False, cancel_futures=True)
            self.pool.shutdown(wait=False, cancel_futures=True)
            raise
        programs.shutdown()
        self.clear_progress()
        for seed, text, (reference, signature) in sorted(self.failed):
            self.report(seed, text, reference, signature)
        print(f"{self.args.count} programs x {len(self.configs)} configurations "
              f"(seeds {self.args.seed}..{self.args.seed + self.args.count - 1}, size {self.args.size:g}): "
              f"{len(self.failed)} failed")
        return 1 if self.failed else 0

    # ------------------------------------------------------------------
    # A failure: reduce it and write a regression test

    def involved(self, signature):
        """The configurations a candidate is run under while reducing: the
        deviating ones and the first that agreed with the reference."""
        if signature[0][0] == "all":
            return self.configs[:1]
        names = {name for name, _, _ in signature}
        agreeing = next(c for c in self.configs if c.name not in names)
        return [agreeing] + [c for c in self.configs if c.name in names]

    def report(self, seed, text, reference, signature):
        print(f"=== seed {seed}: {describe(signature)}")
        if self.args.no_reduce:
            print(f"program: {self.program_path(seed)}")
            return
        configs = self.involved(signature)
        path = self.program_path(seed, "-candidate")
        tries = [0]

        def interesting(candidate):
            tries[0] += 1
            with open(path, "w", encoding="utf-8") as f:
                f.write(candidate)
            result = verdict(self.run_all(path, configs), configs)
            return result is not None and result[1] == signature

        def log(message):
            print(f"  seed {seed}: {message} ({tries[0]} runs)", flush=True)

        small = reduce.reduce_program(text, interesting, log)
        saved = self.save(seed, small, signature)
        print(f"reduced from {text.count(chr(10))} to {small.count(chr(10))} lines in {tries[0]} runs; "
              f"written to {saved}")
        print(small)

    def save(self, seed, program, signature):
        """Writes the reduced program as a language test; its expected output
        is what most configurations print when the suite runs it (from the
        repository, by its path there: error locations name that path)."""
        os.makedirs(self.args.regressions, exist_ok=True)
        path = os.path.join(self.args.regressions, f"progfuzz_{seed}.bg")
        relative = os.path.relpath(path, REPO)
        shown = path if relative.startswith("..") else relative
        header = [f"// Found by tests/progfuzz/run_progfuzz.py (seed {seed}, size {self.args.size:g}), reduced:",
                  f"// {describe(signature)}.",
                  "// The expected output is what most configurations printed: check it against LANGUAGE.md.",
                  ""]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(header) + program)
        runs = {c.name: run_at(REPO, (self.args.beagle,) + c.args + (shown,), self.args.timeout)
                for c in self.configs}
        result = verdict(runs, self.configs)
        expected = result[0] if result is not None else runs[self.configs[0].name]
        flags = [f"// exit: {expected.returncode}"] if expected.returncode not in (0, None) else []
        lines = expected.stdout.decode("utf-8", "replace").split("\n")[:-1]
        block = ["// Expect"] + ["//" if line == "" else "// " + line for line in lines]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(flags + header) + program + "\n" + "\n".join(block) + "\n")
        return path


def run_at(cwd, command, timeout):
    """One run in another working directory (not tracked for Ctrl-C)."""
    try:
        proc = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        return Run(None, exc.stdout or b"", "")
    return Run(proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace").split("\n", 1)[0])


def parse_args(argv):
    parser = argparse.ArgumentParser(
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run random Beagle programs (generate.py) under every configuration and compare\n"
                    "stdout and exit status; reduce each failing program and save it as a test.",
        epilog="long mode: --long runs 3000 programs of size 2 (a few hours on two cores).\n"
               "exit status: 0 all agreed, 1 some program failed, 2 usage error")
    parser.add_argument("--beagle", required=True, metavar="PATH", help="the beagle executable")
    parser.add_argument("--configs", default=DEFAULT_CONFIGS, metavar="FILE",
                        help="configurations, as for tests/runner (default: the language suite's)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="only this configuration (repeatable)")
    parser.add_argument("--seed", type=int, default=1, help="the first program's seed (default 1)")
    parser.add_argument("--count", type=int, help="how many programs (default 100; 3000 with --long)")
    parser.add_argument("--size", type=float, help="program size factor (default 1; 2 with --long)")
    parser.add_argument("--long", action="store_true", help="the long mode: 3000 programs of size 2")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="parallel runs (default: the number of CPUs, %(default)s)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="time limit of one run (default %(default)g)")
    parser.add_argument("--regressions", default=DEFAULT_REGRESSIONS, metavar="DIR",
                        help="where reduced failing programs are written (default tests/lang/core/regressions)")
    parser.add_argument("--keep", metavar="DIR", help="write every program to DIR and keep it")
    parser.add_argument("--no-reduce", action="store_true", help="report failing programs without reducing them")
    args = parser.parse_args(argv)
    args.count = args.count if args.count is not None else (3000 if args.long else 100)
    args.size = args.size if args.size is not None else (2.0 if args.long else 1.0)
    if args.jobs < 1 or args.count < 1 or args.timeout <= 0 or args.size <= 0:
        parser.error("--jobs, --count, --size and --timeout must be positive")
    return args


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # kill runs as Ctrl-C does
    try:
        args.beagle = runner.find_beagle(args.beagle)
        configs = runner.load_configs(args.configs, args.only, args.beagle)
    except (runner.UsageError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    fuzzer = Fuzzer(args, configs)
    try:
        return fuzzer.run()
    except KeyboardInterrupt:
        fuzzer.clear_progress()
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
