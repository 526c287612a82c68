"""The modules of the repository that a sweep reuses, wherever it runs: the
event-log reader of analysis/ (beagle_analysis) and the child-process
measurement and Java references of scripts/bench_workloads.py. They are
found from this file's place in the checkout, so a Dask worker started in
a checkout needs only sweep/ on its PYTHONPATH."""

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

for _folder in ("analysis", "scripts"):
    _path = os.path.join(REPO, _folder)
    if _path not in sys.path:
        sys.path.append(_path)

import bench_workloads as bench  # noqa: E402  (scripts/bench_workloads.py)
import beagle_analysis as analysis  # noqa: E402

__all__ = ["REPO", "bench", "analysis"]
