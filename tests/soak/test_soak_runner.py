"""Tests of scripts/soak.py against a fake beagle (fake_beagle.py), whose
collectors are named after how their runs end: the runner must count a
FAIL line, a crash, a hang and a missing `passed` line as failures, pass
the flags it is given, cap the runs of a collector that does not reclaim,
and exit 1 when a run failed, 0 when none did, 2 on a usage error.

    /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/soak
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SOAK = os.path.join(REPO, "scripts", "soak.py")
FAKE_BEAGLE = os.path.join(HERE, "fake_beagle.py")


def soak(tmp_path, *args, timeout=60):
    calls = tmp_path / "calls"
    calls.touch()
    result = subprocess.run([sys.executable, SOAK, "--beagle", FAKE_BEAGLE, "--log-dir", str(tmp_path / "logs"),
                             *args], capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, "FAKE_BEAGLE_CALLS": str(calls)})
    return result, calls.read_text().splitlines()


def summary_row(stdout, collector):
    """The summary table's row of a collector: [name, runs, failures, ...]."""
    rows = [line.split() for line in stdout.splitlines() if line.split()[:1] == [collector]]
    assert rows, stdout
    return rows[-1]


def test_every_way_a_run_can_fail_is_a_failure(tmp_path):
    result, _ = soak(tmp_path, "--duration", "1", "--margin", "2")
    assert result.returncode == 1, result.stdout + result.stderr
    assert summary_row(result.stdout, "passes")[1:3] == ["1", "0"]
    assert summary_row(result.stdout, "never-reclaims")[1:3] == ["2", "0"]  # runs of 0.5 s at most
    for collector, reason in [("fails", "FAIL: the swap! counter holds 5"), ("crashes", "killed by SIGSEGV"),
                              ("hangs", "still running after 3 s: killed"),
                              ("no-passed-line", "the output does not end with `thread-soak: passed`")]:
        assert summary_row(result.stdout, collector)[1:3] == ["1", "1"], collector
        assert f"{collector}: first failure: {reason}" in result.stdout, (collector, result.stdout)
    assert "7 runs, 4 failed" in result.stdout
    # A failed run's output is kept.
    assert (tmp_path / "logs" / "fails-1.stdout").read_text().startswith("thread-soak:")


def test_runs_fill_the_duration_and_pass_the_flags(tmp_path):
    result, calls = soak(tmp_path, "--gc", "passes,never-reclaims", "--duration", "5", "--run-seconds", "2",
                         "--depth", "7", "--verify", "--beagle-arg=--heap=64M")
    assert result.returncode == 0, result.stdout + result.stderr
    workload = os.path.join(REPO, "workloads", "thread-soak.bg")
    passes = [c for c in calls if "--gc=passes" in c]
    assert passes == [f"run --gc=passes --verify --heap=64M {workload} {ms}ms 7 counts" for ms in (2000, 2000, 1000)]
    # never-reclaims does not reclaim: runs of 0.5 s at most.
    assert [c.split()[-3] for c in calls if "--gc=never-reclaims" in c] == ["500ms"] * 10
    row = summary_row(result.stdout, "passes")
    assert row[1:3] == ["3", "0"] and row[5:7] == ["360", "120"], row  # rounds and churn threads, summed
    assert "13 runs, 0 failed" in result.stdout


def test_usage_errors(tmp_path):
    result, calls = soak(tmp_path, "--gc", "passes,no-such-collector")
    assert result.returncode == 2 and "unknown collector no-such-collector" in result.stderr, result.stderr
    result, _ = soak(tmp_path, "--run-seconds", "0")
    assert result.returncode == 2 and "--run-seconds must be positive" in result.stderr, result.stderr
    assert calls == []
