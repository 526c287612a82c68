"""Minimum mutator utilisation (mmu.py): cases worked by hand, a comparison
with a brute-force scan of many window positions, and a real run, whose
whole-run utilisation the C++ side reports in the log's end record and
whose pause percentiles --stats prints."""

import re
import subprocess

import numpy as np
import pytest

from beagle_analysis import load, log_mmu, mmu, pauses, percentile_ns
from conftest import REPO

# Pauses [1, 2) and [3, 5) in a run of 10 (any unit).
STARTS, ENDS, SPAN = [1, 3], [2, 5], 10


@pytest.mark.parametrize("window, expected", [
    (1, 0.0),        # fits inside the pause [3, 5)
    (2, 0.0),        # is the pause [3, 5)
    (3, 1 / 3),      # [2, 5) holds 2 of pause: 1 of 3 for the mutator
    (4, 1 / 4),      # [1, 5) holds both pauses, 3
    (5, 2 / 5),      # [0, 5) or [1, 6): 3 paused of 5
    (10, 7 / 10),    # the whole run: 3 paused
])
def test_two_pauses_worked_by_hand(window, expected):
    assert mmu(STARTS, ENDS, SPAN, [window])[0] == pytest.approx(expected)


def test_a_pause_at_the_start_and_one_at_the_end():
    # [0, 2) and [9, 10): the worst 4-long window is [0, 4), 2 paused;
    # windows may not reach outside the run.
    assert mmu([0, 9], [2, 10], 10, [4, 3, 1.5])[:].tolist() == pytest.approx([0.5, 1 / 3, 0.0])


def test_no_pauses_is_full_utilisation():
    assert mmu([], [], 100, [1, 50, 100]).tolist() == [1.0, 1.0, 1.0]


def test_windows_outside_the_run_are_refused():
    with pytest.raises(ValueError):
        mmu(STARTS, ENDS, SPAN, [11])
    with pytest.raises(ValueError):
        mmu(STARTS, ENDS, SPAN, [0])


def brute_force(starts, ends, span, w, steps=20000):
    """The least utilisation over `steps` window positions, each pause's
    overlap with the window measured directly."""
    t = np.linspace(0, span - w, steps)[:, None]
    overlap = np.clip(np.minimum(t + w, ends) - np.maximum(t, starts), 0, None).sum(axis=1)
    return 1 - overlap.max() / w


def test_random_pauses_agree_with_a_brute_force_scan():
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = rng.integers(1, 15)
        gaps = rng.exponential(10, n)
        lengths = rng.exponential(3, n)
        starts = np.cumsum(gaps) + np.concatenate([[0], np.cumsum(lengths)[:-1]])
        ends = starts + lengths
        span = ends[-1] + rng.exponential(10)
        windows = rng.uniform(0.5, span, 5)
        exact = mmu(starts, ends, span, windows)
        # On a grid the scan can miss the worst position by at most a step
        # of pause on each side, so it is never below the exact minimum.
        scan = np.array([brute_force(starts, ends, span, w) for w in windows])
        assert np.all(exact <= scan + 1e-12)
        assert exact == pytest.approx(scan, abs=2 * span / 20000 / windows.min() + 1e-9)


def test_a_real_run_agrees_with_its_own_totals_and_stats(beagle, tmp_path):
    log_path = tmp_path / "ms.jsonl"
    done = subprocess.run([beagle, "run", "--gc=mark-sweep", "--stats", f"--gc-log={log_path}",
                           f"{REPO}/workloads/binary-trees.bg", "12"],
                          capture_output=True, text=True, check=True, timeout=120)
    log = load(str(log_path))
    p = pauses(log)
    assert len(p) == log.end["collections"] > 0
    # The whole run as one window: the mutator's share of the wall time.
    _, whole = log_mmu(log, [log.wall_ns])
    assert whole[0] == pytest.approx(log.end["mutator_ns"] / log.end["wall_ns"], abs=1e-9)
    # A window as long as the longest pause fits inside it: MMU 0.
    _, at_max = log_mmu(log, [p.duration_ns.max()])
    assert at_max[0] == 0.0
    # The percentiles --stats prints (ms, three decimals) are those of the pauses read here.
    line = next(l for l in done.stderr.splitlines() if l.startswith("gc: pauses"))
    printed = dict(re.findall(r"(p50|p95|p99|max) ([0-9.]+) ms", line))
    for name, q in [("p50", 50), ("p95", 95), ("p99", 99), ("max", 100)]:
        assert percentile_ns(p.duration_ns, q) / 1e6 == pytest.approx(float(printed[name]), abs=0.0006), name
