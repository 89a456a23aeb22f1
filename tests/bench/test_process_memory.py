"""A measured process's memory is its own and its children's, never the benchmark's."""

from __future__ import annotations

import sys

import numpy as np

from studio.bench.processes import run_measured

# Holds N MB resident (every page written), optionally with a child holding M MB meanwhile.
CHILD = "import sys, time, numpy as np; b = np.ones(int(sys.argv[1]) * 131072); time.sleep(0.6)"
HOLD = f"""
import sys, time, subprocess
import numpy as np
block = np.ones(int(sys.argv[1]) * 131072)
child = subprocess.Popen([sys.executable, "-c", {CHILD!r}, sys.argv[2]]) if sys.argv[2:] else None
time.sleep(0.6)
if child:
    child.wait()
"""


def run_holding(megabytes: int, child_megabytes: int | None = None) -> float:
    args = [str(megabytes)] + ([str(child_megabytes)] if child_megabytes else [])
    run = run_measured([sys.executable, "-c", HOLD, *args])
    assert run.returncode == 0, run.stderr
    return run.peak_rss_mb


def test_a_small_child_of_a_large_benchmark_reports_its_own_memory() -> None:
    ballast = np.ones(400 * 1024 * 1024 // 8)  # this process: 400 MB resident at the fork
    try:
        small = run_holding(10)
    finally:
        del ballast
    assert 10 < small < 150  # Python, numpy and 10 MB, not this process's 400 MB


def test_a_process_tree_counts_every_process() -> None:
    alone = run_holding(120)
    with_child = run_holding(120, child_megabytes=200)
    assert alone > 120
    assert with_child > alone + 200
