"""Memory of a whole process tree while it runs (Linux /proc): our stream is a main process
plus one uplink child per destination, the ffmpeg CLI a single process; comparing like with
like means adding up the tree."""

from __future__ import annotations

import os
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


def rss_mb(pid: int) -> float:
    try:
        with open(_PROC / str(pid) / "statm") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


class TreeMemory:
    """Samples the summed RSS of ``root`` and its descendants every ``every_s`` on a thread;
    ``peak_mb`` is the largest sum seen."""

    def __init__(self, root: int, every_s: float = 0.1) -> None:
        self.root, self.every_s = root, every_s
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="tree-memory", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(self.every_s):
            total = sum(rss_mb(pid) for pid in tree_pids(self.root))
            self.peak_mb = max(self.peak_mb, total)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join(2.0)
        return self.peak_mb
