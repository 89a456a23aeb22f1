"""Running one benchmark job in its own process, with its CPU time and peak memory.

Every job (ffmpeg, our pipeline, the encoder floor) runs in a fresh child and is reaped with
``os.wait4``, so the CPU seconds and peak RSS are that child's own, not the benchmark's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ProcessRun:
    wall_s: float
    cpu_s: float  # user + system of the child
    peak_rss_mb: float  # the process tree's peak memory (see process_tree.TreeMemory)
    returncode: int
    stdout: str
    stderr: str


def run_measured(
    command: list[str],
    timeout_s: float = 900.0,
    *,
    env: dict[str, str] | None = None,
) -> ProcessRun:
    """Run ``command`` to its exit: wall time from start to exit, the CPU of the process and
    every child it waited for from the operating system's accounting of the reaped child, and
    the peak memory of the process tree (the same boundaries for any program)."""
    from studio.bench.process_tree import TreeMemory

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        # A crash in a job prints its Python stack instead of vanishing silently.
        env = {**(os.environ if env is None else env), "PYTHONFAULTHANDLER": "1"}
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env)
        memory = TreeMemory(process.pid)
        deadline = started + timeout_s
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
            time.sleep(0.002)
        wall_s = time.perf_counter() - started
        # Sampled every 50 ms while it ran (a peak in its last moments may be missed).
        peak_mb = memory.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            wall_s=wall_s,
            cpu_s=usage.ru_utime + usage.ru_stime,
            peak_rss_mb=peak_mb,
            returncode=process.returncode,
            stdout=out.read(),
            stderr=err.read(),
        )


def run_child(task: str, args: dict[str, Any], timeout_s: float = 900.0) -> dict[str, Any]:
    """Run ``python -m studio.bench.child TASK ARGS``; return the JSON it prints last, with
    the child's peak RSS added."""
    command = [sys.executable, "-m", "studio.bench.child", task, json.dumps(args)]
    run = run_measured(command, timeout_s)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or not lines:
        tail = run.stderr.strip().splitlines()[-6:]
        raise RuntimeError(f"benchmark job {task} failed: " + " | ".join(tail))
    result: dict[str, Any] = json.loads(lines[-1])
    result["peak_rss_mb"] = run.peak_rss_mb
    result["process_cpu_s"] = run.cpu_s
    result["process_wall_s"] = run.wall_s
    return result


def current_rss_mb() -> float:
    """Resident memory of this process now (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def cpu_seconds() -> float:
    """CPU seconds (user + system) this process has used so far, all threads."""
    times = os.times()
    return times.user + times.system
