"""Crash reports: a native crash (segmentation fault, abort) writes the stack of every Python
thread to a file in the log folder, and the next start finds it once.

A crash of the C++ side of Qt or of FFmpeg kills the process before any Python ``except`` or
logging handler runs, so the log file shows nothing. ``faulthandler`` writes from its signal
handler straight to a file descriptor opened in advance: the file is opened at start and kept
open for the whole life of the process. A clean exit closes and removes it; a file left with
more than its header is the report of a crash.

On Python 3.14 and later faulthandler adds the C stack of the crashing thread; before, the
report has the Python stack of every thread and the list of loaded extension modules.
Core module: no Qt.
"""

from __future__ import annotations

import faulthandler
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

REPORT_PREFIX = "crash-"
REPORT_SUFFIX = ".txt"
SEEN_MARK = ".seen"  # crash-….seen.txt: offered once already
HEADER_END = "--- stack of every thread at the crash follows ---\n"
STALE_EMPTY_REPORT_S = 7 * 24 * 3600  # header-only files of processes killed outright


@dataclass
class ArmedCrashReport:
    """The open report file of this process; ``disarm`` at a clean exit removes it."""

    path: Path
    _file: TextIO | None = field(default=None, repr=False)
    _was_enabled: bool = False  # faulthandler on stderr before (pytest, python -X faulthandler)

    def disarm(self) -> None:
        if self._file is None:
            return
        faulthandler.disable()
        if self._was_enabled and sys.__stderr__ is not None:
            faulthandler.enable(file=sys.__stderr__, all_threads=True)
        self._file.close()
        self._file = None
        if not _has_stack(self.path):
            self.path.unlink(missing_ok=True)


def arm(folder: Path, app_version: str = "") -> ArmedCrashReport:
    """Have a native crash of this process write its stacks to a new file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{REPORT_PREFIX}{stamp}-{os.getpid()}{REPORT_SUFFIX}"
    # Kept open (and unbuffered below the header) until disarm(): the signal handler cannot
    # open a file, allocate or take a lock.
    report = path.open("w", encoding="utf-8")
    report.write(
        f"LiveShop Studio {app_version} crash report\n"
        f"started {time.strftime('%Y-%m-%d %H:%M:%S %z')}, pid {os.getpid()}\n"
        f"Python {sys.version.split()[0]} on {platform.platform()}\n"
        f"{HEADER_END}"
    )
    report.flush()
    was_enabled = faulthandler.is_enabled()
    options: dict[str, object] = {"all_threads": True}
    if sys.version_info >= (3, 14):
        options["c_stack"] = True
    faulthandler.enable(file=report, **options)  # type: ignore[arg-type]
    return ArmedCrashReport(path, report, was_enabled)


def _has_stack(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    _head, marker, stack = text.partition(HEADER_END)
    return bool(marker) and bool(stack.strip())


def take_unseen_report(folder: Path, armed: ArmedCrashReport | None = None) -> Path | None:
    """The newest crash report not offered yet (renamed ``….seen.txt``, so it is offered only
    once), or None. ``armed`` is this process's own open report, never taken."""
    if not folder.is_dir():
        return None
    own = armed.path if armed is not None else None
    found: list[Path] = []
    for path in folder.glob(f"{REPORT_PREFIX}*{REPORT_SUFFIX}"):
        if path == own or path.name.endswith(SEEN_MARK + REPORT_SUFFIX):
            continue
        if _has_stack(path):
            found.append(path)
        elif _older_than(path, STALE_EMPTY_REPORT_S):
            path.unlink(missing_ok=True)  # a process killed outright: nothing to report
    seen = [_mark_seen(path) for path in sorted(found, key=lambda p: p.stat().st_mtime_ns)]
    return seen[-1] if seen else None


def _mark_seen(path: Path) -> Path:
    target = path.with_name(path.name[: -len(REPORT_SUFFIX)] + SEEN_MARK + REPORT_SUFFIX)
    path.replace(target)
    return target


def _older_than(path: Path, age_s: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > age_s
    except OSError:
        return False
