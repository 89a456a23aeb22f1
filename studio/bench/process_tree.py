"""Memory of a whole process tree while it runs (Linux /proc): our stream is a main process
plus one uplink child per destination, the ffmpeg CLI a single process; comparing like with
like means adding up the tree."""

from __future__ import annotations

import threading
from pathlib import Path

_PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list((_PROC / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def tree_pids(root: int) -> list[int]:
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        pending += _children(pid)
    return pids


def peak_rss_mb(pid: int) -> float:
    """The process's own peak resident memory so far (VmHWM), 0 once it is gone."""
    try:
        with open(_PROC / str(pid) / "status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


class TreeMemory:
    """The peak memory of ``root`` and every process it starts: each process's own peak
    (VmHWM, read every ``every_s`` while it runs), summed.

    Not wait4's ``ru_maxrss``: Linux carries the parent's resident size at fork into the
    child's figure across exec, so a child of a large benchmark process reported the
    benchmark's memory, not its own (ffmpeg and ours both read 228 MB)."""

    def __init__(self, root: int, every_s: float = 0.05) -> None:
        self.root, self.every_s = root, every_s
        self._peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="tree-memory", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while True:
            for pid in tree_pids(self.root):
                peak = peak_rss_mb(pid)
                if peak > self._peaks.get(pid, 0.0):
                    self._peaks[pid] = peak
            if self._stop.wait(self.every_s):
                return

    @property
    def peak_mb(self) -> float:
        return sum(self._peaks.values())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join(2.0)
        return self.peak_mb
